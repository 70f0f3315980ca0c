"""Diagram and chart blocks filled in from the blocks they name (each kind's `resolve` in csa.blocks).

A drawing repeats no content: the priorities diagram takes its grey boxes from
a list block (Appendix D's Chief Constable's priorities) and a chart takes its
bars from a table block, both named by block id. Those blocks may be in a later
chapter, so references are resolved once every chapter has been read; each
unknown id, wrong kind of block or non-numeric cell is a Problem at the place
the author has to fix.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TypeVar

from csa.blocks import kind_of
from csa.errors import Problem, did_you_mean
from csa.model import (
    Block,
    Chapter,
    DiagramWords,
    Ref,
)


def resolve(chapters: Iterable[Chapter], problems: list[Problem], words: DiagramWords) -> tuple[Chapter, ...]:
    """Chapters with every diagram, chart and includes-note filled in from the blocks it names.

    Diagrams also get the document's words for their headings and key.
    """
    chapters = tuple(chapters)
    blocks = {b.id: b for c in chapters for b in c.blocks}
    resolver = _Resolver(blocks, problems, words)
    resolved = tuple(dataclasses.replace(c, blocks=tuple(resolver.block(b, False) for b in c.blocks)) for c in chapters)
    # Notes name diagrams, whose own references are now resolved.
    resolver.blocks = {b.id: b for c in resolved for b in c.blocks}
    return tuple(dataclasses.replace(c, blocks=tuple(resolver.block(b, True) for b in c.blocks)) for c in resolved)


T = TypeVar("T")


class _Resolver:
    """What a kind's `resolve` asks for: the version's blocks by id, where to report, the document's words."""

    def __init__(self, blocks: dict[str, Block], problems: list[Problem], diagram_words: DiagramWords) -> None:
        self.blocks = blocks
        self.problems = problems
        self.diagram_words = diagram_words

    def block(self, block: Block, late: bool) -> Block:
        kind = kind_of(block)
        if kind.resolve is None or kind.resolves_late != late:
            return block
        resolved: Block = kind.resolve(self, block)
        return resolved

    def find(self, target: Ref, kind: type[T], described: str) -> T | None:
        """The block `target` names if it is of `kind`; otherwise a problem, with a did-you-mean."""
        block = self.blocks.get(target.id)
        if isinstance(block, kind):
            return block
        if block is not None:
            message = f"block {target.id!r} is a {block.type}, not {described}"
        else:
            message = f"no block has the id {target.id!r} in this version (expected the id of {described})"
        self.problems.append(Problem(target.mark, message, did_you_mean(target.id, self._ids(kind))))
        return None

    def _ids(self, kind: type) -> list[str]:
        return [block_id for block_id, block in self.blocks.items() if isinstance(block, kind)]
