"""The body of a Word document as chapters of content blocks (plain data, as chapter files hold them).

Chapters and appendices start at each Heading 1; within a chapter each paragraph
is read by its style and structure: headings (Heading 2-4), numbered paragraphs
(the export's "Numbered Paragraph" style, or a typed "3.2 " number, which is
stripped: numbers come from order), lists (List Bullet/List Number and their
levels, or Word numbering), tables (header rows, merged cells as spans), notes,
captions, figures, and the diagram and charts of a document we exported
(restored from the data recorded with them). The parts a build generates
(cover, contents, version-control table, back page) are recognised and skipped.
Anything else is kept as a paragraph or listed in `unmapped`, with where it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from csa.content.load import FIGURE_SUFFIXES
from csa.content.writer import Word, flow_row
from csa.inline import plain_text
from csa.word.common.ids import BOOKMARK_PREFIX, Anchor, DocxIds, PriorityCell, priority_cells
from csa.word.importing.plan_tables import PlanRow, indicators_edited, read_actions, restored_indicators
from csa.word.importing.read_inline import Found, RunReader
from csa.word.importing.revisions import w

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

GENERATED_HEADINGS = ("contents", "table of contents", "version control")
PARAGRAPH_STYLES = ("normal", "body text", "no spacing", "table text", "table heading", "list paragraph", "default")
NOTE_STYLES = {"note": "text", "note title": "title", "note bullet": "bullets"}
NUMBERED_STYLE = "numbered paragraph"
# A number typed before a paragraph: "3.2 ", "3.2.\t", "B.4 " (an appendix's).
TYPED_NUMBER = re.compile(r"^(?P<label>\d+|[A-Z]{1,2})\.\d+\.?\s+")
# The number the export prints before a numbered paragraph: "3.2.\t" ("1.\t" in a foreword).
EXPORTED_NUMBER = re.compile(r"^(?:\d+|[A-Z]{1,2})(?:\.\d+)*\.\s+")


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


@dataclass(frozen=True)
class Styles:
    """What the reader needs from the document's style sheet and numbering."""

    paragraph_style: Callable[[etree._Element], str]  # a w:p -> its style's name, lower case
    list_format: Callable[[etree._Element], tuple[int, bool] | None]  # w:p with Word numbering -> (level, ordered)
    image: Callable[[str], tuple[str, bytes] | None]  # relationship id -> (file name, bytes)


@dataclass
class _ListBuilder:
    ordered: bool
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


class BodyReader:
    """Reads the body in order; see the module's docstring."""

    def __init__(
        self,
        runs: RunReader,
        styles: Styles,
        ids: DocxIds | None,
        chapter_words: tuple[tuple[re.Pattern[str], str], ...],
    ) -> None:
        self.runs, self.styles, self.ids = runs, styles, ids
        self.prefixes = chapter_words  # typed chapter prefixes: "3. ", "Appendix B: "
        self.out = BodyRead()
        self.chapter: ChapterIn | None = None
        self.paragraph = 0
        self.number: str | None = None  # the number typed before the paragraph being read
        self.heading_level = 1  # of the last heading read in the chapter: its title is level 1
        self.list: _ListBuilder | None = None
        self.skipping: str | None = None  # the generated part being skipped, until the next chapter
        self.caption: str | None = None  # a caption waiting for the table after it
        self.captioned = False  # the last block (a picture) has had its caption
        self.on_chapter: Callable[[ChapterIn], None] = lambda chapter: None  # footnotes are numbered per chapter
        self.list_anchors: list[Anchor] = []
        # an action plan's action ids (new actions get others), and what each indicator row printed, by its key
        self.action_ids = {a.id for a in ids.anchors if a.kind == "row"} if ids is not None else set()
        self.indicator_words: Callable[[str], list[str] | None] = lambda key: None
        self.chart_caption = False  # an indicator chart was skipped: its caption is too

    # -- the walk ---------------------------------------------------------------------

    def read(self, body: etree._Element) -> BodyRead:
        for element in body:
            self._element(element)
        self._end_list()
        self._flush_caption()
        return self.out

    def _element(self, element: etree._Element) -> None:
        if element.tag == w("p"):
            self._paragraph(element)
        elif element.tag == w("tbl"):
            self._end_list()
            self._table(element)
        elif element.tag == w("sdt"):
            if _is_contents(element):
                self.out.skipped.extend(() if "contents" in self.out.skipped else ("contents",))
                return
            content = element.find(w("sdtContent"))
            for child in content if content is not None else ():
                self._element(child)
        elif element.tag == w("customXml"):
            for child in element:
                self._element(child)

    def place(self) -> Place:
        return Place(self.chapter.heading if self.chapter else "before the first chapter", self.paragraph, self.number)

    def _unmapped(self, what: str) -> None:
        self.out.unmapped.append(Unmapped(self.place(), what))

    def _anchors(self, found: Found) -> list[Anchor]:
        if self.ids is None:
            return []
        return [a for b in found.bookmarks if b.startswith(BOOKMARK_PREFIX) and (a := self.ids.anchor(b))]

    # -- paragraphs -------------------------------------------------------------------

    def _paragraph(self, p: etree._Element) -> None:
        style = self.styles.paragraph_style(p)
        found = Found()
        text = self.runs.markdown(p, found)
        anchors = self._anchors(found)
        if (style == "heading 1" and text.strip()) or any(a.kind == "chapter" for a in anchors):
            self._end_list()
            self._heading_1(text, anchors, found)
            return
        if self._generated(style):
            self._end_list()
            for comment in found.comments:
                self.out.comment_places[comment] = (f"the {self.skipping} (which the build writes)", text)
            return
        if not text.strip() and not found.drawings:
            return  # an empty paragraph holds nothing (spacing)
        self.paragraph += 1
        typed = self._typed_number(text, style)
        self.number = typed.group(0).strip().rstrip(".") if typed else None
        self._note_found(found, text)
        self._comments(found, text)
        if self.chapter is None:
            self._unmapped(f"text before the first Heading 1 (not in any chapter): {_quote(text)}")
            return
        self._content(p, style, text, anchors, found)

    def _content(self, p: etree._Element, style: str, text: str, anchors: list[Anchor], found: Found) -> None:
        level = _heading_level(style)
        listed = self._list_format(p, style)
        if listed is not None and style not in NOTE_STYLES:
            new_list = any(a.kind == "list" for a in anchors)
            self._list_item(listed, text, new_list, anchors)
            return
        self._end_list()
        chart_caption, self.chart_caption = self.chart_caption, False  # only the paragraph right after a chart
        if any(a.kind == "indicator-chart" for a in anchors):
            self._generated_chart()
        elif style == "caption" and chart_caption:
            return
        elif found.drawings:
            self._drawings(found, text, anchors)
        elif level is not None:
            self._heading(level, text, style, anchors)
        elif style == "caption":
            self._caption(text)
        elif style in NOTE_STYLES:
            self._note(NOTE_STYLES[style], text, anchors)
        elif any(a.kind == "signature" for a in anchors):
            lines = text.split("\n")
            self._add({"signature": {"name": _unbold(lines[0]), "roles": lines[1:]}}, anchors)
        else:
            self._plain(style, text, anchors)

    def _plain(self, style: str, text: str, anchors: list[Anchor]) -> None:
        typed = self._typed_number(text, style)
        numbered = style == NUMBERED_STYLE or typed is not None
        if typed is not None:
            text = text[typed.end() :]
        if style not in PARAGRAPH_STYLES and style != NUMBERED_STYLE:
            self._unmapped(f"style '{style}' is not one the content has: read as a paragraph")
        self._add({"numbered" if numbered else "paragraph": text}, anchors)

    def _typed_number(self, text: str, style: str) -> re.Match[str] | None:
        """The paragraph number typed (or exported) before the text; one of another chapter is just words."""
        if style == NUMBERED_STYLE:
            return EXPORTED_NUMBER.match(text)
        typed = TYPED_NUMBER.match(text)
        label = self.chapter.label if self.chapter else None
        return typed if typed and label in (None, typed.group("label")) else None

    def _heading_1(self, text: str, anchors: list[Anchor], found: Found) -> None:
        self._flush_caption()
        plain = text.replace("\\", "").strip()
        if plain.lower() in GENERATED_HEADINGS:
            self._skip("contents" if "contents" in plain.lower() else plain.lower())
            return
        self.skipping = None
        anchor = next((a for a in anchors if a.kind == "chapter"), None)
        source = anchor.source if anchor is not None and isinstance(anchor.source, dict) else {}
        title, kind, label = self._title_and_kind(text)
        self.chapter = ChapterIn(
            text, title, str(source.get("kind", kind)), anchor.id if anchor else None, source.get("file"), label
        )
        self.chapter.priority = source.get("priority")
        self.out.chapters.append(self.chapter)
        self.on_chapter(self.chapter)
        self.paragraph, self.number, self.heading_level = 0, None, 1
        self._comments(found, text)

    def _title_and_kind(self, text: str) -> tuple[str, str, str | None]:
        """The title without its typed prefix, the kind the prefix says, and the number or letter in it."""
        for pattern, kind in self.prefixes:
            match = pattern.match(text)
            if match and text[match.end() :].strip():
                return text[match.end() :].strip(), kind, match.group("label")
        if text.strip().lower() == "foreword":
            return text.strip(), "foreword", None
        return text.strip(), "chapter", None

    def _generated(self, style: str) -> bool:
        """A paragraph of a part the build writes (cover, contents, version control, back page): skipped."""
        if style == "toc heading" or style.startswith("toc "):
            self._skip("contents")
        elif style.startswith("back page"):
            self._skip("back page")
        elif (style in ("title", "subtitle") or style.startswith("cover")) and self.chapter is None:
            self._skip("cover")
        elif self.chapter is None and self.ids is not None:
            self._skip("cover")  # all before the first chapter of a document we exported is its cover
        return self.skipping is not None

    def _skip(self, part: str) -> None:
        if part not in self.out.skipped:
            self.out.skipped.append(part)
        self.skipping = part

    def _heading(self, level: int, text: str, style: str, anchors: list[Anchor]) -> None:
        if level > 4:
            self._unmapped(f"{style} is deeper than the content's headings (2 to 4): read as a level-4 heading")
            level = 4
        if level > self.heading_level + 1:  # readers moving by headings would find one missing
            self._unmapped(
                f"{style} right under a level-{self.heading_level} heading: read as level {self.heading_level + 1}"
            )
            level = self.heading_level + 1
        self.heading_level = level
        self._add({"heading": text if level == 2 else {"text": text, "level": level}}, anchors)

    def _caption(self, text: str) -> None:
        """A picture's caption is printed under it, a table's above it."""
        last = self.chapter.blocks[-1] if self.chapter and self.chapter.blocks else None
        kind = _kind_of(last) if last else None
        if last is not None and kind in ("figure", "diagram", "chart") and not self.captioned:
            if plain_text(str(last[kind].get("caption", ""))) != plain_text(text):
                last[kind] = {**last[kind], "caption": text}  # a restored drawing's source is not changed in place
            self.captioned = True
            return
        self._flush_caption()
        self.caption = text

    def _flush_caption(self) -> None:
        """A caption with no table after it is kept as a paragraph (and said)."""
        if self.caption is not None and self.chapter is not None:
            self._unmapped(
                f"a caption with no table or picture next to it, read as a paragraph: {_quote(self.caption)}"
            )
            self.chapter.blocks.append({"paragraph": self.caption})
            self.chapter.origins.append(None)
        self.caption = None

    def _note(self, part: str, text: str, anchors: list[Anchor]) -> None:
        assert self.chapter is not None
        last = self.chapter.blocks[-1] if self.chapter.blocks else None
        starts = any(a.kind == "note" for a in anchors)
        note = last.get("note") if last is not None and not starts else None
        if not isinstance(note, dict) or _note_full(note, part):
            note = {}
            self._add({"note": note}, anchors)
        if part == "bullets":
            note.setdefault("bullets", []).append(text)
        else:
            note[part] = text

    def _list_format(self, p: etree._Element, style: str) -> tuple[int, bool] | None:
        match = re.fullmatch(r"list (bullet|number)(?: (\d))?", style)
        if match:
            return int(match.group(2) or 1), match.group(1) == "number"
        if style == "note bullet":
            return None
        return self.styles.list_format(p)

    def _list_item(self, listed: tuple[int, bool], text: str, new_list: bool, anchors: list[Anchor]) -> None:
        level, ordered = listed
        if self.list is not None and (new_list or (level == 1 and ordered != self.list.ordered)):
            self._end_list()
        if self.list is None:
            self.list = _ListBuilder(ordered)
            self.list_anchors = anchors
        self.list.add(level, text, ordered)

    def _end_list(self) -> None:
        if self.list is not None and self.chapter is not None:
            self._add(self.list.block(), self.list_anchors)
        self.list = None

    def _add(self, block: dict[str, Any], anchors: list[Anchor]) -> None:
        assert self.chapter is not None
        if _kind_of(block) != "table":
            self._flush_caption()
        self.captioned = False
        anchor = next((a for a in anchors if a.kind not in ("chapter", "item", "row", "footnote")), None)
        # An id the model derived from the block's place ("introduction-3") is not written: the
        # block gets the id of its new place. An id an author gave ("csp-priorities") is kept.
        if anchor is not None and not re.fullmatch(rf"{re.escape(anchor.chapter)}-\d+", anchor.id):
            block = {"id": Word(anchor.id), **block}
        self.chapter.blocks.append(block)
        self.chapter.origins.append(anchor.id if anchor is not None else None)

    def _comments(self, found: Found, text: str) -> None:
        for comment in found.comments:
            self.out.comment_places[comment] = (self.place(), text)

    def _note_found(self, found: Found, text: str) -> None:
        if found.direct:
            kinds = ", ".join(sorted(found.direct))
            self._unmapped(f"direct formatting ({kinds}) is not kept; the house style applies: {_quote(text)}")
        for other in found.other:
            self._unmapped(f"{other} cannot be held by the content" + ("" if "kept" in other else " and is left out"))

    # -- drawings ---------------------------------------------------------------------

    def _drawings(self, found: Found, text: str, anchors: list[Anchor]) -> None:
        restored = next((a for a in anchors if a.kind in ("diagram", "chart") and isinstance(a.source, dict)), None)
        if restored is not None:
            self._add(_restored(restored.source), [restored])
            return
        for drawing in found.drawings:
            self._drawing(drawing, anchors)
        if text.strip():
            self._add({"paragraph": text}, anchors)

    def _generated_chart(self) -> None:
        """An indicator's chart, drawn from its block's figures: skipped, and its caption after it."""
        if "indicator charts" not in self.out.skipped:
            self.out.skipped.append("indicator charts")
        self.chart_caption = True

    def _drawing(self, drawing: etree._Element, anchors: list[Anchor]) -> None:
        if any(el.tag.endswith("}txbx") or el.tag == w("txbxContent") for el in drawing.iter()):
            words = " ".join(t.text or "" for t in drawing.iter(w("t")))
            self._unmapped(f"a text box is not kept (its text: {_quote(words)}); move its text into the body")
            return
        if drawing.tag != w("drawing") or drawing.find(f"{{{WP}}}inline") is None:
            self._unmapped("a floating image (or an image in an old format) is not kept; insert it in line with text")
            return
        inline = drawing.find(f"{{{WP}}}inline")
        assert inline is not None
        blip = next(inline.iter(f"{{{A}}}blip"), None)
        image = self.styles.image(blip.get(f"{{{R}}}embed", "")) if blip is not None else None
        if image is None:
            self._unmapped("a picture whose image is missing from the file is not kept")
            return
        name, data = image
        if "." + name.rsplit(".", 1)[-1].lower() not in FIGURE_SUFFIXES:
            self._unmapped(f"picture {name} is not PNG, JPEG or SVG and is not kept; save it as PNG and insert that")
            return
        doc_pr = inline.find(f"{{{WP}}}docPr")
        alt = (doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None else ""
        if not alt.strip():
            self._unmapped(f"picture {name} has no alt text: describe it (alt:) in the figure block")
            alt = "TODO: describe this picture for readers who cannot see it"
        src = f"figures/{name}"
        self.out.figures[src] = data
        self._add({"figure": {"src": src, "alt": alt}}, anchors)

    # -- tables -----------------------------------------------------------------------

    def _table(self, tbl: etree._Element) -> None:
        if self.skipping is not None or (self.chapter is None and self.ids is not None):
            return  # a table of a generated part (the version-control table)
        self.paragraph += 1
        self.number = None
        if self.chapter is None:
            self._unmapped("a table before the first Heading 1 (not in any chapter) is not kept")
            return
        columns = len(tbl.findall(f"{w('tblGrid')}/{w('gridCol')}"))
        rows = tbl.findall(w("tr"))
        header_rows = sum(1 for r in rows if _is_header_row(r))
        read_rows: list[Any] = []
        anchors: list[Anchor] = []
        row_anchors: list[Anchor | None] = []
        direct: set[str] = set()
        for number, row in enumerate(rows, start=1):
            cells, found = self._row(row, number, columns)
            anchors.extend(self._anchors(found))
            row_anchors.append(next((a for a in self._anchors(found) if a.kind == "row"), None))
            direct |= found.direct
            read_rows.append(flow_row(cells))
        plan = next((a for a in anchors if a.kind in ("actions", "indicators") and isinstance(a.source, dict)), None)
        if plan is not None:
            self._plan_table(plan, read_rows, row_anchors)
            return
        if direct:
            self._unmapped(f"direct formatting ({', '.join(sorted(direct))}) in the table is not kept")
        table: dict[str, Any] = {}
        if self.caption:
            table["caption"] = self.caption
            self.caption = None
        if header_rows and read_rows:
            table["header"] = read_rows[0]
            if header_rows > 1:
                table["header_rows"] = header_rows
            read_rows = read_rows[1:]
        else:
            table["header_rows"] = 0
        table["rows"] = read_rows
        self._add({"table": table}, anchors)

    def _plan_table(self, plan: Anchor, read_rows: list[Any], row_anchors: list[Anchor | None]) -> None:
        """An action plan's actions or indicators table (word/importing/plan_tables.py)."""
        assert isinstance(plan.source, dict)
        headings = [plain_text(" ".join(_cell_paragraphs(c))).lower() for c in read_rows[0]] if read_rows else []
        rows = [
            PlanRow(anchor.id if anchor else None, dict(zip(headings, map(_cell_paragraphs, cells), strict=False)))
            for anchor, cells in zip(row_anchors[1:], read_rows[1:], strict=True)
        ]
        if plan.kind == "actions":
            block = read_actions(plan.source, rows, self.action_ids, self._unmapped)
        else:
            printed = self.indicator_words
            indicators_edited(plan.source, rows, lambda i: printed(f"{plan.key}/{i}"), self._unmapped)
            block = restored_indicators(plan.source)
        self._add(block, [plan])

    def _row(self, row: etree._Element, number: int, columns: int) -> tuple[list[Any], Found]:
        cells: list[Any] = []
        row_found = Found()
        width = 0
        for tc in row.findall(w("tc")):
            span = _grid_span(tc)
            cell, found = self._cell(tc, number)
            row_found.bookmarks.extend(found.bookmarks)
            row_found.direct |= found.direct
            if _continues_merge_down(tc):
                self._unmapped(
                    f"table row {number}: a cell merged down from the row above is empty here (the content has no row spans)"
                )
                cell = ""
            cells.append({**(cell if isinstance(cell, dict) else {"text": cell}), "span": span} if span > 1 else cell)
            width += span
        named = {c.cell: c for a in self._anchors(row_found) for c in priority_cells(a)}
        cells = [self._priority_cell(named[n], cell, number) if n in named else cell for n, cell in enumerate(cells, 1)]
        if row.find(w("tblPrEx")) is not None or _grid_before_after(row) or width < columns:
            self._unmapped(f"table row {number} has fewer cells than the table has columns: empty cells added")
            cells.extend("" for _ in range(columns - width))
        return cells, row_found

    def _priority_cell(self, named: PriorityCell, cell: Any, row: int) -> Any:
        """A cell that named a priority when exported names it again, with the words Word shows (word/common/ids.py)."""
        words = cell if isinstance(cell, str) else cell.get("text") if set(cell) <= {"text", "span"} else None
        if not isinstance(words, str):
            self._unmapped(
                f"table row {row}: cell {named.cell} named priority {named.priority!r}; it now holds more than"
                " words, so it is kept as written and no longer names the priority"
            )
            return cell
        if not words.strip():
            return cell  # emptied: nothing left to print the priority's name
        written = named.as_written(words)
        return {**written, "span": cell["span"]} if isinstance(cell, dict) and "span" in cell else written

    def _cell(self, tc: etree._Element, row: int) -> tuple[Any, Found]:
        paragraphs: list[str] = []
        items: _ListBuilder | None = None
        all_found = Found()
        for child in tc:
            if child.tag == w("tbl"):
                self._unmapped(f"table row {row}: a table inside a cell is not kept")
                continue
            if child.tag != w("p"):
                continue
            found = Found()
            text = self.runs.markdown(child, found)
            all_found.bookmarks.extend(found.bookmarks)
            all_found.direct |= found.direct  # said once for the table
            self._comments(found, text)
            self._note_found(Found(other=found.other), text)
            for drawing in found.drawings:
                self._unmapped(f"table row {row}: a picture in a table cell is not kept")
                del drawing
            style = self.styles.paragraph_style(child)
            listed = self._list_format(child, style)
            if listed is not None and text.strip():
                items = items or _ListBuilder(listed[1])
                items.add(listed[0], text, listed[1])
            elif text.strip() or not paragraphs:
                paragraphs.append(text)
        paragraphs = [p for p in paragraphs if p.strip()] or ([""] if items is None else [])
        if items is None:
            return (paragraphs[0] if len(paragraphs) == 1 else {"paragraphs": paragraphs}), all_found
        cell: dict[str, Any] = {"text": paragraphs[0]} if len(paragraphs) == 1 else {"paragraphs": paragraphs}
        if not paragraphs:
            cell = {}
        cell.update(items.block())
        return cell, all_found


# -- helpers ------------------------------------------------------------------------------


def _cell_paragraphs(cell: Any) -> list[str]:
    """A cell's paragraphs and list items, in order, as Markdown."""
    if not isinstance(cell, dict):
        return [str(cell)]
    paragraphs = [cell["text"]] if "text" in cell else list(cell.get("paragraphs", []))
    listed = cell.get("bullets") or cell.get("numbers") or []
    return [str(p) for p in paragraphs] + [str(i.get("text", "") if isinstance(i, dict) else i) for i in listed]


def _kind_of(block: dict[str, Any]) -> str | None:
    return next((k for k in block if k != "id"), None)


def _heading_level(style: str) -> int | None:
    match = re.fullmatch(r"heading ([2-9])", style)
    return int(match.group(1)) if match else None


def _note_full(note: dict[str, Any], part: str) -> bool:
    """A note title after the note's text, or text after its bullets, starts another note."""
    order = ["title", "text", "bullets"]
    present = [order.index(k) for k in note if k in order]
    return bool(present) and (order.index(part) < max(present) or (part != "bullets" and part in note))


def _restored(source: dict[str, Any]) -> dict[str, Any]:
    """The block as its chapter file held it, its id written by `_add`."""
    return {k: v for k, v in source.items() if k != "id"}


def _unbold(text: str) -> str:
    return text[2:-2] if text.startswith("**") and text.endswith("**") else text


def _quote(text: str) -> str:
    words = " ".join(text.split())
    return f'"{words[:60]}..."' if len(words) > 60 else f'"{words}"'


def _is_contents(sdt: etree._Element) -> bool:
    gallery = sdt.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
    return gallery is not None and "contents" in (gallery.get(w("val")) or "").lower()


def _is_header_row(row: etree._Element) -> bool:
    header = row.find(f"{w('trPr')}/{w('tblHeader')}")
    return header is not None and header.get(w("val"), "true") not in ("0", "false", "off")


def _grid_span(tc: etree._Element) -> int:
    span = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
    return int(span.get(w("val"), "1")) if span is not None else 1


def _continues_merge_down(tc: etree._Element) -> bool:
    merge = tc.find(f"{w('tcPr')}/{w('vMerge')}")
    return merge is not None and merge.get(w("val"), "continue") == "continue"


def _grid_before_after(row: etree._Element) -> bool:
    props = row.find(w("trPr"))
    return props is not None and (props.find(w("gridBefore")) is not None or props.find(w("gridAfter")) is not None)
