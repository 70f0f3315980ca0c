"""What every kind's reader shares, reading YAML nodes (already checked against the schema).

`BlockReader` is what a reader is handed: the chapter being read, with its paragraph
numbering, inline-Markdown checks, footnotes and the problems found (content/chapter_reader.py
implements it, so the registry does not import the stage above it). Each kind's own reader is
in its module (csa/blocks/<kind>.py); the helpers here read what several kinds hold.
"""

from __future__ import annotations

import re
from typing import Protocol

from csa.errors import Mark, Problem
from csa.model import Cell, ListBlock, Ref
from csa.nodes import Map, Node, Scalar, Seq, to_plain


class BlockReader(Protocol):
    """What a kind's reader asks of the chapter being read (content/chapter_reader.py implements it):
    checked texts with their footnotes numbered, paragraph numbers, lists and cells, the version's
    figure files, and where to report problems."""

    problems: list[Problem]
    heading_level: int  # of the last heading read: the chapter's title is level 1

    def next_number(self) -> str | None: ...
    def text(self, node: Node) -> str: ...
    def optional_text(self, node: Node | None) -> str | None: ...
    def list(self, block_id: str, node: Node, ordered: bool) -> ListBlock: ...
    def cell(self, node: Node, list_id: str) -> Cell: ...
    def cite(self, label: str, node: Scalar) -> str: ...
    def figure(self, src: str, mark: Mark) -> str: ...


def value(node: Map, key: str) -> Node:
    return node.entries[key]


def items(node: Node) -> tuple[Node, ...]:
    assert isinstance(node, Seq)
    return node.items


def ref(node: Node) -> Ref:
    return Ref(str(to_plain(node)), node.mark)


# -- each kind's reader: (reader, YAML key, block id, the block's node) -> model ---------


def cell_form_problems(cell: Map) -> list[Problem]:
    """What the schema cannot say in words: what a cell mapping must hold, and what not together."""
    keys = set(cell.entries)
    if "priority" in keys:
        extra = sorted(keys - {"priority", "text", "span", "rows"})
        if not extra:
            return []
        return [
            Problem(
                cell.entries[extra[0]].mark,
                f"a table cell naming a priority cannot have {extra[0]}: (it prints the priority's name, or its text:)",
                "remove it, or drop priority: and write the cell out",
            )
        ]
    if not keys & {"text", "paragraphs", "bullets", "numbers"}:
        return [Problem(cell.mark, "table cell has nothing to show", "give it text, paragraphs, bullets or numbers")]
    problems = []
    if {"text", "paragraphs"} <= keys:
        problems.append(
            Problem(cell.mark, "table cell has both text and paragraphs", "make the text the first of the paragraphs")
        )
    if {"bullets", "numbers"} <= keys:
        problems.append(Problem(cell.mark, "table cell has both bullets and numbers", "a cell holds one list"))
    return problems


def cell_text_nodes(cell: Map) -> tuple[Node, ...]:
    if "text" in cell.entries:
        return (cell.entries["text"],)
    paragraphs = cell.entries.get("paragraphs")
    return items(paragraphs) if paragraphs is not None else ()


def slug(text: str) -> str:
    """Lower-case letters and digits joined by hyphens: "Road Safety" -> "road-safety"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
