"""Both versions' block writers on one document, for the redline: what each writes, and moves in waiting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as Element

from csa.textdiff.pair import Pair
from csa.textdiff.words import Span
from csa.word.export.blocks import write_block
from csa.word.export.writer import WordWriter
from csa.word.redline.moves import Place
from csa.word.redline.tracked import Tracker


@dataclass
class Writers:
    """The newer version's writer and the older one's, on one document, and the change marks."""

    new: WordWriter  # version B's: its bookmarks and ids are the document's
    old: WordWriter  # version A's: what it writes is deleted text, its bookmarks are dropped
    tracker: Tracker
    # A block moved between chapters: id of each end's pair -> id of the removed end's (both ends' key).
    between_chapters: dict[int, int] = field(default_factory=dict)
    _moves: dict[int, list[Element]] = field(default_factory=dict)  # a move's key -> the end written first

    @property
    def docx(self) -> DocxDocument:
        result: DocxDocument = self.new.docx
        return result

    def written(self, write: Callable[[], object]) -> list[Element]:
        """The body elements (paragraphs, tables) that `write` adds at the end of the document."""
        body = self.docx.element.body
        start = _end(body)
        write()
        return list(body[start : _end(body)])

    def write_new(self, block: Any) -> list[Element]:
        return self.written(lambda: write_block(self.new, block))

    def write_old(self, block: Any) -> list[Element]:
        """A block in the older version's words, without the older version's bookmarks."""
        elements = self.written(lambda: write_block(self.old, block))
        drop_bookmarks(elements)
        return elements

    def move_end(self, pair: Pair[Any], elements: list[Element], place: Place) -> None:
        """One end of a move written ("moved-from" or "moved-to"); once both are, mark them."""
        key = self.between_chapters.get(id(pair), id(pair))
        other = self._moves.pop(key, None)
        if other is None:
            self._moves[key] = elements
            return
        older, newer = (elements, other) if place == "moved-from" else (other, elements)
        self.tracker.move(older, newer)


def prefix_spans(old: str, new: str) -> list[Span]:
    """A number or label printed before a text ("3.6. ", "Appendix B: "): the same, or replaced."""
    if old == new:
        return [Span("equal", new)] if new else []
    return [*([Span("delete", old)] if old else []), *([Span("insert", new)] if new else [])]


def drop_bookmarks(elements: list[Element]) -> None:
    """Remove the bookmarks written with the older version's text (they name its parts, not the document's)."""
    for element in elements:
        for mark in list(element.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
            mark.getparent().remove(mark)


def _end(body: Element) -> int:
    """Where a writer's next element goes: before the body's closing section properties."""
    return len(body) - (1 if len(body) and body[-1].tag == qn("w:sectPr") else 0)
