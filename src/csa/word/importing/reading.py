"""Where a read of a Word document's body is, and what it has read so far.

The walk (word/importing/body.py) meets the body's paragraphs and tables in order and
hands each block it recognises to its kind's reader (word/importing/blocks.py, the
kinds' "word.read" hooks). Both keep their state here, in one `Reading`: the chapter
being filled, where in it the walk is (for the places `review.md` names), the list
being gathered item by item, and a caption waiting for the table or picture it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from csa.content.writer import Word
from csa.word.common.ids import BOOKMARK_PREFIX, Anchor, DocxIds
from csa.word.importing.read_inline import Noticed, RunReader

NUMBERED_STYLE = "numbered paragraph"
BEFORE_CHAPTERS = "before the first chapter"  # the place of what comes before the first Heading 1
# A number typed before a paragraph: "3.2 ", "3.2.\t", "B.4 " (an appendix's).
TYPED_NUMBER = re.compile(r"^(?P<label>\d+|[A-Z]{1,2})\.\d+\.?\s+")
# The number the export prints before a numbered paragraph: "3.2.\t" ("1.\t" in a foreword), or
# without the stop where sections are numbered as a committee report prints them ("1.1\t").
EXPORTED_NUMBER = re.compile(r"^(?:\d+|[A-Z]{1,2})(?:(?:\.\d+)*\.|(?:\.\d+)+)\s+")


@dataclass(frozen=True)
class Place:
    """Where something was in the Word document, as its reader can find it."""

    chapter: str  # the chapter's heading as the document prints it
    paragraph: int  # counted from 1 after the heading; a table counts as one
    number: str | None = None  # the paragraph number printed before it, if any

    def __str__(self) -> str:
        tail = f" (numbered {self.number})" if self.number else ""
        return f"{self.chapter}, paragraph {self.paragraph}{tail}"


@dataclass(frozen=True)
class Unmapped:
    place: Place | str
    what: str

    def __str__(self) -> str:
        return f"{self.place}: {self.what}"


@dataclass
class ChapterIn:
    heading: str  # as printed: "3. Governance"
    title: str  # without its number: "Governance"
    kind: str
    id: str | None  # from the export's ids, else derived from the title later
    source_file: str | None = None
    label: str | None = None  # the number or letter typed before the title ("3", "B"), if any
    blocks: list[dict[str, Any]] = field(default_factory=list)
    origins: list[str | None] = field(default_factory=list)  # each block's id in the exported version, if known
    footnotes: dict[str, str] = field(default_factory=dict)
    priority: str | None = None  # an action plan's section: the agreement's priority it delivers (from the export)


@dataclass
class BodyRead:
    chapters: list[ChapterIn] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    comment_places: dict[str, tuple[Place | str, str]] = field(default_factory=dict)  # comment id -> place, its text
    figures: dict[str, bytes] = field(default_factory=dict)  # figures/<name> -> image
    skipped: list[str] = field(default_factory=list)  # generated parts recognised
    typed_numbers: list[str] = field(default_factory=list)  # paragraph numbers as typed ("1.1", "1.1."), in order
    heading_levels: set[int] = field(default_factory=set)  # the heading levels read (1: chapter titles)
    typed_titles: list[str] = field(default_factory=list)  # bold lines before any Heading 1: chapter titles typed?
    # a committee report's parts printed from its header: the header table's rows (label, text cells as
    # Markdown) and the closing's paragraphs (style, Markdown): word/importing/report_header.py reads them
    header_rows: list[list[Any]] = field(default_factory=list)
    closing: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Styles:
    """What the reader needs from the document's style sheet and numbering."""

    paragraph_style: Callable[[etree._Element], str]  # a w:p -> its style's name, lower case
    list_format: Callable[[etree._Element], tuple[int, bool] | None]  # w:p with Word numbering -> (level, ordered)
    image: Callable[[str], tuple[str, bytes] | None]  # relationship id -> (file name, bytes)


@dataclass(frozen=True)
class BodySources:
    """What the walk reads the body with: the document's parts, and what the exported version printed."""

    runs: RunReader
    styles: Styles
    ids: DocxIds | None  # the ids of a document we exported; None for any other
    chapter_prefixes: tuple[tuple[re.Pattern[str], str], ...]  # typed chapter prefixes: "3. ", "Appendix B: "
    start_chapter: Callable[[ChapterIn], None] = lambda chapter: None  # footnotes are numbered per chapter
    # what each indicator row of the exported version printed, by its key (<chapter>/<block>/<indicator>)
    printed_indicator: Callable[[str], list[str] | None] = lambda key: None
    committee_report: bool = False  # a report's: the table before its first chapter is its header (kept to read)

    @property
    def action_ids(self) -> set[str]:
        """An action plan's action ids, as exported (new actions get others)."""
        return {a.id for a in self.ids.anchors if a.kind == "row"} if self.ids is not None else set()


@dataclass(frozen=True)
class ParagraphIn:
    """One body paragraph, read: its style, its Markdown, the ids bookmarked in it, what else it held."""

    element: etree._Element
    style: str  # its style's name, lower case
    text: str
    anchors: list[Anchor]
    noticed: Noticed


@dataclass(frozen=True)
class TableIn:
    """One body table, read: its rows' cells as chapter files write them, and the ids bookmarked in them."""

    rows: list[Any]  # each row's cells, flowed as a chapter file writes a row
    header_rows: int  # the rows Word repeats as headers
    anchors: list[Anchor]  # every block anchor bookmarked in it
    row_anchors: list[Anchor | None]  # each row's own anchor, if it has one
    direct: set[str]  # kinds of direct formatting met in it (not kept)


@dataclass
class ListGatherer:
    """A list gathered item by item, its levels nested as a chapter file writes them."""

    ordered: bool
    anchors: list[Anchor] = field(default_factory=list)  # those of its first item: the list's own
    items: list[Any] = field(default_factory=list)
    stack: list[tuple[int, list[Any]]] = field(default_factory=list)  # (level, items at that level)

    def add(self, level: int, text: str, ordered: bool) -> None:
        if not self.stack:
            self.stack = [(level, self.items)]
        while len(self.stack) > 1 and level < self.stack[-1][0]:
            self.stack.pop()
        top_level, items = self.stack[-1]
        if level > top_level and items:
            parent = items[-1]
            if not isinstance(parent, dict):
                parent = {"text": parent}
                items[-1] = parent
            children: list[Any] = []
            parent["numbers" if ordered else "bullets"] = children
            self.stack.append((level, children))
            items = children
        items.append(text)

    def block(self) -> dict[str, Any]:
        return {"numbers" if self.ordered else "bullets": self.items}


@dataclass
class Reading:
    """The state of one walk through a body."""

    sources: BodySources
    result: BodyRead = field(default_factory=BodyRead)
    chapter: ChapterIn | None = None  # the chapter being filled; None before the first
    paragraph: int = 0  # the paragraph being read, counted from 1 after the chapter's heading
    number: str | None = None  # the number typed before it, if any
    heading_level: int = 1  # of the last heading read in the chapter: its title is level 1
    open_list: ListGatherer | None = None  # the list being gathered, until a paragraph that is no item
    skipping: str | None = None  # the generated part being skipped, until the next chapter
    waiting_caption: str | None = None  # a caption waiting for the table after it
    # The fields of the block just added if it takes a caption printed directly under it (a
    # table with none above it): a waiting caption goes there when no table follows it.
    caption_under: dict[str, Any] | None = None
    picture_captioned: bool = False  # the last block (a picture) has had its caption
    after_indicator_chart: bool = False  # an indicator chart was skipped: its caption is too

    def place(self) -> Place:
        return Place(self.chapter.heading if self.chapter else BEFORE_CHAPTERS, self.paragraph, self.number)

    def unmapped(self, what: str) -> None:
        self.result.unmapped.append(Unmapped(self.place(), what))

    def anchors(self, noticed: Noticed) -> list[Anchor]:
        """What the bookmarks met name: the export's ids (none in a document we did not export)."""
        ids = self.sources.ids
        if ids is None:
            return []
        return [a for b in noticed.bookmarks if b.startswith(BOOKMARK_PREFIX) and (a := ids.anchor(b))]

    def paragraph_in(self, p: etree._Element) -> ParagraphIn:
        noticed = Noticed()
        text = self.sources.runs.markdown(p, noticed)
        return ParagraphIn(p, self.sources.styles.paragraph_style(p), text, self.anchors(noticed), noticed)

    def typed_number(self, text: str, style: str) -> re.Match[str] | None:
        """The paragraph number typed (or exported) before the text; one of another chapter is just words."""
        if style == NUMBERED_STYLE:
            return EXPORTED_NUMBER.match(text)
        typed = TYPED_NUMBER.match(text)
        label = self.chapter.label if self.chapter else None
        return typed if typed and label in (None, typed.group("label")) else None

    def list_format(self, p: etree._Element, style: str) -> tuple[int, bool] | None:
        """(level, ordered) of a list item: by its list style, else by Word numbering; None: no item."""
        match = re.fullmatch(r"list (bullet|number)(?: (\d))?", style)
        if match:
            return int(match.group(2) or 1), match.group(1) == "number"
        if style == "note bullet":
            return None
        return self.sources.styles.list_format(p)

    def add(self, block: dict[str, Any], anchors: list[Anchor]) -> None:
        """Append a block to the chapter, with the id of the block its anchors name, if they name one."""
        assert self.chapter is not None
        self.flush_caption()  # a table has taken the caption above it by now (read_table)
        self.picture_captioned = False
        self.caption_under = None
        anchor = next((a for a in anchors if a.kind not in ("chapter", "item", "row", "footnote")), None)
        # An id the model derived from the block's place ("introduction-3") is not written: the
        # block gets the id of its new place. An id an author gave ("csp-priorities") is kept.
        if anchor is not None and not re.fullmatch(rf"{re.escape(anchor.chapter)}-\d+", anchor.id):
            block = {"id": Word(anchor.id), **block}
        self.chapter.blocks.append(block)
        self.chapter.origins.append(anchor.id if anchor is not None else None)

    def end_list(self) -> None:
        if self.open_list is not None and self.chapter is not None:
            self.add(self.open_list.block(), self.open_list.anchors)
        self.open_list = None

    def flush_caption(self) -> None:
        """A caption with no table after it: the caption of an uncaptioned table right above it
        (captioned below), else kept as a paragraph (and said)."""
        under = self.caption_under
        above = self.chapter.blocks[-1] if self.chapter is not None and self.chapter.blocks else {}
        if self.waiting_caption is not None and under is not None and any(v is under for v in above.values()):
            fields = dict(under)
            under.clear()
            under.update({"caption": self.waiting_caption, **fields})  # written first, as when above
        elif self.waiting_caption is not None and self.chapter is not None:
            self.unmapped(
                f"a caption with no table or picture next to it, read as a paragraph: {quote(self.waiting_caption)}"
            )
            self.chapter.blocks.append({"paragraph": self.waiting_caption})
            self.chapter.origins.append(None)
        if self.waiting_caption is not None:
            self.caption_under = None
        self.waiting_caption = None

    def take_caption(self) -> str | None:
        """The caption waiting for the table being read (it is the table's now)."""
        caption, self.waiting_caption = self.waiting_caption, None
        return caption

    def comments(self, noticed: Noticed, text: str) -> None:
        for comment in noticed.comments:
            self.result.comment_places[comment] = (self.place(), text)

    def note_not_kept(self, noticed: Noticed, text: str) -> None:
        """Say what the paragraph held that the content cannot: direct formatting, text boxes, equations."""
        if noticed.direct:
            kinds = ", ".join(sorted(noticed.direct))
            self.unmapped(f"direct formatting ({kinds}) is not kept; the house style applies: {quote(text)}")
        for other in noticed.other:
            self.unmapped(f"{other} cannot be held by the content" + ("" if "kept" in other else " and is left out"))

    def skip(self, part: str) -> None:
        """Skip a part the build writes (cover, contents, ...) until the next chapter."""
        if part not in self.result.skipped:
            self.result.skipped.append(part)
        self.skipping = part


def kind_of(block: dict[str, Any]) -> str | None:
    """The kind key of a block as a chapter file writes it ("paragraph", "table", ...)."""
    return next((k for k in block if k != "id"), None)


def quote(text: str) -> str:
    words = " ".join(text.split())
    return f'"{words[:60]}..."' if len(words) > 60 else f'"{words}"'
