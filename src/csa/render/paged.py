"""The PDF laid out and written part by part, so an edit lays out and writes one chapter again, not the book.

Each part (front matter, each chapter, the back page) is its own WeasyPrint
document whose page numbers carry on from the parts before it, written to a
tagged PDF of its own (render/pdf.py); render/join.py joins the parts' PDFs
into one. The contents gets each chapter's first page once the chapters are
laid out.

Written parts are kept by a ChapterLayouts: in memory between joins (csa serve
keeps one per PDF) and, given a PartStore, on disk (the build's cache), so a
fresh process too lays out and writes only the parts whose HTML or first page
number changed. A laid-out WeasyPrint document cannot be pickled; its written
PDF and what the join needs to know of it (WrittenPart) can.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

PLACEHOLDER = "csa-first-page-of-{}"


def page_placeholder(chapter_id: str) -> str:
    return PLACEHOLDER.format(chapter_id)


@dataclass(frozen=True)
class Part:
    key: str  # "front", a chapter id, or "back"
    html: str
    # Anchors in other parts whose page numbers this part prints (the contents' headings, a page
    # reference's target), besides each chapter's first page.
    numbers_of: tuple[str, ...] = ()


# A bookmark as the join places it: its page (counted from the part's first, 0), its CSS
# bookmark-level, its label, its point on the page in PDF units, and "open" or "closed".
Bookmark = tuple[int, int, str, float, float, str]


@dataclass(frozen=True)
class WrittenPart:
    """One part's PDF, and what joining it to the others needs to know of its pages."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]  # each anchor's page, counted from the part's first (0)
    links: tuple[str, ...]  # the anchors its internal links lead to, in this part or another
    bookmarks: tuple[Bookmark, ...]
    files: tuple[tuple[str, str], ...] = ()  # the files its layout read (path, sha256), to check a stored part

    def dump(self) -> bytes:
        """One line of JSON describing the part, then its PDF."""
        about = {
            "pages": self.pages,
            "anchors": self.anchors,
            "links": self.links,
            "bookmarks": self.bookmarks,
            "files": self.files,
        }
        return json.dumps(about, sort_keys=True).encode("utf-8") + b"\n" + self.pdf

    @classmethod
    def load(cls, data: bytes) -> WrittenPart | None:
        """A part dumped before; None if the bytes are not one (a damaged store costs a layout, no more)."""
        try:
            head, pdf = data.split(b"\n", 1)
            about = json.loads(head)
            return cls(
                pdf,
                int(about["pages"]),
                {str(k): int(v) for k, v in about["anchors"].items()},
                tuple(map(str, about["links"])),
                tuple(
                    (int(p), int(level), str(label), float(x), float(y), str(state))
                    for p, level, label, x, y, state in about["bookmarks"]
                ),
                tuple((str(path), str(digest)) for path, digest in about["files"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def anchor_pages(self, start: int) -> dict[str, int]:
        return {anchor: start + page for anchor, page in self.anchors.items()}


class PartWriter(Protocol):
    """Lays a part out and writes it (render/pdf.py, with WeasyPrint)."""

    def lay_out(self, html: str, start: int) -> Any:
        """A laid-out document (its `pages`) of `html` whose first page is numbered `start`."""

    def write(self, document: Any, html: str, known: Collection[str]) -> WrittenPart:
        """The laid-out part written; `known` are the anchors of every part, which its links may lead to."""

    def reads_the_same(self, files: Collection[tuple[str, str]]) -> bool:
        """Whether the files a stored part's layout read (WrittenPart.files) still hold the same bytes."""


class PartStore(Protocol):
    """Written parts kept between processes (build/cache.py keeps them in the output's cache folder)."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, data: bytes) -> None: ...

    def keep_only(self, keys: Collection[str]) -> None:
        """Forget every part but these (the parts of the PDF just joined)."""


@dataclass
class _Kept:
    """A part as the last join had it: laid out (and not yet written) or written."""

    html: str
    start: int
    css: str  # the stylesheets it was laid out with
    written: WrittenPart | None = None
    document: Any = None  # weasyprint.Document, until written

    @property
    def pages(self) -> int:
        return self.written.pages if self.written is not None else len(self.document.pages)

    def anchor_pages(self) -> dict[str, int]:
        if self.written is not None:
            return self.written.anchor_pages(self.start)
        pages: dict[str, int] = {}
        for number, page in enumerate(self.document.pages, start=self.start):
            for anchor in page.anchors:
                pages.setdefault(anchor, number)
        return pages


@dataclass
class ChapterLayouts:
    """Parts written so far, by key; `relaid` names those laid out by the last join."""

    parts: dict[str, _Kept] = field(default_factory=dict)
    relaid: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # the page numbers the last join settled
    shared: Any = None  # fonts and parsed stylesheets the layouts share (render/pdf.py), kept with them
    store: PartStore | None = None  # written parts kept on disk, for the next process

    def join(self, parts: Sequence[Part], writer: PartWriter, settings: str = "") -> list[WrittenPart]:
        """Every part written, in order, laying out only what changed.

        `settings` is all else a part's PDF is made from (stylesheets, date): a stored part made with
        other settings is not used.
        """
        css = settings
        self.relaid = []
        front, rest = parts[0], parts[1:]  # the rest: the chapters, then the back part if there is one
        wanted = list(dict.fromkeys([*(p.key for p in rest), *(key for p in parts for key in p.numbers_of)]))
        if not self.numbers and self.store is not None:
            self.numbers = _numbers(self.store.get(_NUMBERS))  # a fresh process: those of the last join stored
        numbers = {key: self.numbers.get(key, 0) for key in wanted}  # last join's: usually nothing moved
        for _ in range(3):  # a part's length rarely depends on the numbers it prints; settle them
            kept = [self._part(front.key, _with_numbers(front.html, numbers), 1, css, writer)]
            start = 1 + kept[0].pages
            found: dict[str, int] = dict(kept[0].anchor_pages())
            for part in rest:
                laid = self._part(part.key, _with_numbers(part.html, numbers), start, css, writer)
                found.update(laid.anchor_pages())
                found[part.key] = start
                kept.append(laid)
                start += laid.pages
            settled = {key: found.get(key, 0) for key in wanted}
            if settled == numbers:
                break
            numbers = settled
        self.numbers = settled
        for stale in set(self.parts) - {p.key for p in parts}:
            del self.parts[stale]
        known = set(found)
        written = [self._written(laid, writer, known) for laid in kept]
        if self.store is not None:
            self.store.put(_NUMBERS, json.dumps(settled, sort_keys=True).encode("utf-8"))
            self.store.keep_only({_NUMBERS, *(_store_key(laid.html, laid.start, laid.css) for laid in kept)})
        return written

    def _part(self, key: str, html: str, start: int, css: str, writer: PartWriter) -> _Kept:
        laid = self.parts.get(key)
        if laid is not None and (laid.html, laid.start, laid.css) == (html, start, css):
            return laid
        stored = self._stored(html, start, css, writer)
        if stored is not None:
            laid = _Kept(html, start, css, written=stored)
        else:
            laid = _Kept(html, start, css, document=writer.lay_out(html, start))
            self.relaid.append(key)
        self.parts[key] = laid
        return laid

    def _stored(self, html: str, start: int, css: str, writer: PartWriter) -> WrittenPart | None:
        if self.store is None:
            return None
        data = self.store.get(_store_key(html, start, css))
        written = WrittenPart.load(data) if data is not None else None
        if written is None or not writer.reads_the_same(written.files):
            return None
        return written

    def _written(self, laid: _Kept, writer: PartWriter, known: Collection[str]) -> WrittenPart:
        if laid.written is None:
            laid.written = writer.write(laid.document, laid.html, known)
            laid.document = None  # the pages are written: let them go
            if self.store is not None:
                self.store.put(_store_key(laid.html, laid.start, laid.css), laid.written.dump())
        return laid.written


_NUMBERS = "numbers"  # the store's key for the page numbers the last join settled


def _numbers(data: bytes | None) -> dict[str, int]:
    try:
        saved = json.loads(data or b"{}")
        return {str(key): int(number) for key, number in saved.items()}
    except (ValueError, TypeError, AttributeError):
        return {}


def _store_key(html: str, start: int, css: str) -> str:
    return hashlib.sha256(json.dumps([html, start, css]).encode("utf-8")).hexdigest()


def numbers_printed(html: str) -> tuple[str, ...]:
    """The anchors whose page numbers a part's HTML leaves to the join, by their placeholders."""
    return tuple(dict.fromkeys(_PLACEHOLDERS.findall(html)))


_PLACEHOLDERS = re.compile('data-page="' + re.escape(PLACEHOLDER).replace(re.escape("{}"), '([^"]+)') + '"')


def _with_numbers(html: str, numbers: dict[str, int]) -> str:
    if "data-page" not in html:
        return html
    for key, number in numbers.items():
        html = html.replace(f'data-page="{page_placeholder(key)}"', f'data-page="{number}"')
    return html
