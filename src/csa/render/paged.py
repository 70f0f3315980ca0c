"""The PDF laid out chapter by chapter, so an edit lays out one chapter again, not the book.

Each part (front matter, each chapter, the back page) is its own WeasyPrint
document whose page numbers carry on from the parts before it; the contents
gets each chapter's first page once the chapters are laid out. The pages are
joined with WeasyPrint's own Document.copy and written once: tags, links and
bookmarks are built from the pages at write time, as for one document.

Laid-out parts cannot be pickled, so reuse lives in one process: keep a
ChapterLayouts (csa serve does) and only parts whose HTML or first page number
changed are laid out again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

PLACEHOLDER = "csa-first-page-of-{}"


def page_placeholder(chapter_id: str) -> str:
    return PLACEHOLDER.format(chapter_id)


@dataclass(frozen=True)
class Part:
    key: str  # "front", a chapter id, or "back"
    html: str
    # Anchors in later parts whose page numbers this part prints (the contents' headings),
    # besides each chapter's first page.
    numbers_of: tuple[str, ...] = ()


@dataclass
class _LaidOut:
    html: str
    start: int
    document: Any  # weasyprint.Document


Layout = Callable[[str, int], Any]  # (html, first page number) -> weasyprint.Document


@dataclass
class ChapterLayouts:
    """Parts laid out so far, by key; `relaid` names those laid out by the last join."""

    parts: dict[str, _LaidOut] = field(default_factory=dict)
    relaid: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # the page numbers the last join settled
    shared: Any = None  # fonts and parsed stylesheets the layouts share (render/pdf.py), kept with them

    def join(self, parts: Sequence[Part], layout: Layout) -> Any:
        """One document of every part's pages, laying out only what changed."""
        self.relaid = []
        front, rest = parts[0], parts[1:]  # the rest: the chapters, then the back part if there is one
        wanted = [*(p.key for p in rest), *front.numbers_of]
        numbers = {key: self.numbers.get(key, 0) for key in wanted}  # last join's: usually nothing moved
        for _ in range(3):  # the front matter's length rarely depends on its numbers; settle it
            front_doc = self._part(front.key, _with_numbers(front.html, numbers), 1, layout)
            start = 1 + len(front_doc.pages)
            docs = [front_doc]
            found: dict[str, int] = {}
            for part in rest:
                doc = self._part(part.key, part.html, start, layout)
                found.update(_anchor_pages(doc, start))
                found[part.key] = start
                docs.append(doc)
                start += len(doc.pages)
            settled = {key: found.get(key, 0) for key in wanted}
            if settled == numbers:
                break
            numbers = settled
        self.numbers = settled
        for stale in set(self.parts) - {p.key for p in parts}:
            del self.parts[stale]
        return docs[0].copy([page for doc in docs for page in doc.pages])

    def _part(self, key: str, html: str, start: int, layout: Layout) -> Any:
        laid = self.parts.get(key)
        if laid is None or laid.html != html or laid.start != start:
            laid = _LaidOut(html, start, layout(html, start))
            self.parts[key] = laid
            self.relaid.append(key)
        return laid.document


def _anchor_pages(document: Any, start: int) -> dict[str, int]:
    """The page number each anchor of a laid-out part is on (the first, if it spans pages)."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=start):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def _with_numbers(html: str, numbers: dict[str, int]) -> str:
    for key, number in numbers.items():
        html = html.replace(f'data-page="{page_placeholder(key)}"', f'data-page="{number}"')
    return html
