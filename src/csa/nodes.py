"""The YAML nodes every stage reads: scalars, sequences and mappings that remember where they
were written (file:line:col), so a problem found in any stage points at the source.

Below the block registry and the stages: content/load.py builds them from YAML; the block
readers, validation and the Word import read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from csa.errors import Mark

ScalarValue = str | int | float | bool | None | dt.date


@dataclass(frozen=True)
class Scalar:
    value: ScalarValue
    mark: Mark
    # The scalar as written in the file (quotes, escapes and line breaks included),
    # so a problem inside a long text can point at the exact words.
    source: str = field(default="", compare=False, repr=False)

    def mark_of(self, needle: str, start: int = 0) -> tuple[Mark, int]:
        """Where `needle` appears in the written text at or after `start`, and the index after it.

        Falls back to the start of the value when the text was written differently
        (escapes, folded lines), so a mark is always given.
        """
        index = self.source.find(needle, start) if needle else -1
        if index < 0:
            return self.mark, start
        before = self.source[:index]
        lines = before.count("\n")
        col = self.mark.col + index if not lines else index - before.rfind("\n")
        return Mark(self.mark.file, self.mark.line + lines, col), index + len(needle)


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    mark: Mark


@dataclass(frozen=True)
class Map:
    entries: dict[str, Node]  # the keys whose value could be read
    # Where each key is written, also for a key whose value was refused (and
    # reported) while loading: it is in the file, so "missing key" would be wrong.
    key_marks: dict[str, Mark]
    mark: Mark

    def get(self, key: str) -> Node | None:
        return self.entries.get(key)


Node = Scalar | Seq | Map


def marks_in(node: Scalar, needles: tuple[str, ...]) -> list[Mark]:
    """A mark for each needle, in order; a repeated needle is looked for after the last one."""
    after: dict[str, int] = {}
    marks = []
    for needle in needles:
        mark, after[needle] = node.mark_of(needle, after.get(needle, 0))
        marks.append(mark)
    return marks


def to_plain(node: Node | None) -> Any:
    """Plain Python data (for JSON Schema checks); dates become ISO strings."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value.isoformat() if isinstance(node.value, dt.date) else node.value
    if isinstance(node, Seq):
        return [to_plain(i) for i in node.items]
    return {k: to_plain(v) for k, v in node.entries.items()}


def locate(root: Node | None, path: Iterator[Any] | tuple[Any, ...]) -> Node | None:
    """The node at a JSON-style path such as ('blocks', 3, 'table')."""
    node = root
    for step in path:
        if isinstance(node, Map) and isinstance(step, str):
            node = node.entries.get(step)
        elif isinstance(node, Seq) and isinstance(step, int) and step < len(node.items):
            node = node.items[step]
        else:
            return node
    return node
