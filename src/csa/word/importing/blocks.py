"""The Word reader of each block kind: its "word.read" hook on the kind's registry entry.

The walk (word/importing/body.py) recognises which kind a paragraph or table is and
calls that kind's reader with the walk's state (a `Reading`) and what it met: a
`ParagraphIn` for the kinds written as paragraphs or pictures, a `TableIn` for those
written as tables. A reader adds its block to the chapter as a chapter file writes it
(`Reading.add`), and says in `review.md` what the content cannot hold. A list is read
item by item: each item joins the list being gathered, which is added when it ends.
The diagram, charts and an action plan's tables are restored from the YAML the export
recorded with them (word/common/ids.py), since Word shows only their pictures and words.
tests/test_word_structure.py fails while a kind has no reader.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from csa.blocks import implements
from csa.content.load import FIGURE_SUFFIXES
from csa.inline import plain_text
from csa.model import LIVE_TYPES
from csa.word.common.ids import Anchor
from csa.word.importing.plan_tables import PlanRow, indicators_edited, read_actions, restored_indicators
from csa.word.importing.reading import NUMBERED_STYLE, ListGatherer, ParagraphIn, Reading, TableIn, quote
from csa.word.importing.revisions import w
from csa.word.importing.tables import cell_paragraphs

READ = "word.read"
PARAGRAPH_STYLES = ("normal", "body text", "no spacing", "table text", "table heading", "list paragraph", "default")
MEANT_MORE = re.compile(r"heading|title|quote|caption")  # styles whose loss changes what a reader sees
NOTE_STYLES = {"note": "text", "note title": "title", "note bullet": "bullets"}  # style -> the note's part
WORDPROCESSING_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@implements(READ, "paragraph")
def read_paragraph(reading: Reading, paragraph: ParagraphIn) -> None:
    """Numbered by its style or by a number typed before it (stripped: numbers come from order)."""
    style, text = paragraph.style, paragraph.text
    typed = reading.typed_number(text, style)
    numbered = style == NUMBERED_STYLE or typed is not None
    if typed is not None:
        text = text[typed.end() :]
    # A paragraph in a style of its own ("First Paragraph", "Body Text 2") arrives whole as a
    # paragraph: only a style that meant more than a paragraph (a title, a quote) is a loss to report.
    if style not in PARAGRAPH_STYLES and style != NUMBERED_STYLE and MEANT_MORE.search(style):
        reading.unmapped(
            f"style '{style}' has no match in the content: read as a paragraph"
            " (if it is a heading, style it Heading 2 in Word and import again)"
        )
    reading.add({"numbered" if numbered else "paragraph": text}, paragraph.anchors)


@implements(READ, "heading")
def read_heading(reading: Reading, paragraph: ParagraphIn) -> None:
    """Heading 2 to 4; a deeper one, or one that skips a level, is read a level the content has."""
    style = paragraph.style
    level = heading_level(style)
    assert level is not None
    if level > 4:
        reading.unmapped(f"{style} is deeper than the content's headings (2 to 4): read as a level-4 heading")
        level = 4
    if level > reading.heading_level + 1:  # readers moving by headings would find one missing
        reading.unmapped(
            f"{style} right under a level-{reading.heading_level} heading: read as level {reading.heading_level + 1}"
        )
        level = reading.heading_level + 1
    reading.heading_level = level
    reading.result.heading_levels.add(level)
    text = paragraph.text
    reading.add({"heading": text if level == 2 else {"text": text, "level": level}}, paragraph.anchors)


@implements(READ, "list")
def read_list_item(reading: Reading, paragraph: ParagraphIn) -> None:
    """One item joins the list being gathered; a list the export bookmarked, or another list type, starts anew."""
    listed = reading.list_format(paragraph.element, paragraph.style)
    assert listed is not None
    level, ordered = listed
    new_list = any(a.kind == "list" for a in paragraph.anchors)
    gathering = reading.open_list
    if gathering is not None and (new_list or (level == 1 and ordered != gathering.ordered)):
        reading.end_list()
    if reading.open_list is None:
        reading.open_list = ListGatherer(ordered, paragraph.anchors)
    reading.open_list.add(level, paragraph.text, ordered)


@implements(READ, "note")
def read_note_part(reading: Reading, paragraph: ParagraphIn) -> None:
    """A note's title, text or bullet joins the note before it, unless it starts another one."""
    assert reading.chapter is not None
    part = NOTE_STYLES[paragraph.style]
    last = reading.chapter.blocks[-1] if reading.chapter.blocks else None
    starts = any(a.kind == "note" for a in paragraph.anchors)
    note = last.get("note") if last is not None and not starts else None
    if not isinstance(note, dict) or _note_full(note, part):
        note = {}
        reading.add({"note": note}, paragraph.anchors)
    if part == "bullets":
        note.setdefault("bullets", []).append(paragraph.text)
    else:
        note[part] = paragraph.text


@implements(READ, "signature")
def read_signature(reading: Reading, paragraph: ParagraphIn) -> None:
    lines = paragraph.text.split("\n")
    reading.add({"signature": {"name": _unbold(lines[0]), "roles": lines[1:]}}, paragraph.anchors)


@implements(READ, "figure")
def read_figures(reading: Reading, paragraph: ParagraphIn) -> None:
    """Each picture in line with the text is a figure (its image saved under figures/); words beside it a paragraph."""
    for drawing in paragraph.noticed.drawings:
        _read_picture(reading, drawing, paragraph.anchors)
    if paragraph.text.strip():
        reading.add({"paragraph": paragraph.text}, paragraph.anchors)


@implements(READ, "diagram")
@implements(READ, "chart")
@implements(READ, "plan_progress")
@implements(READ, "focus_indicators")
@implements(READ, "agreement_priorities")
@implements(READ, "plan_link")
def read_drawn(reading: Reading, paragraph: ParagraphIn) -> None:
    """A part the build draws or reads (the priorities diagram, a chart, a report's live block): its block
    as recorded, its id by `Reading.add`."""
    drawn = ("diagram", "chart", *LIVE_TYPES)
    recorded = next(a for a in paragraph.anchors if a.kind in drawn and isinstance(a.source, dict))
    reading.add({k: v for k, v in recorded.source.items() if k != "id"}, [recorded])


@implements(READ, "table")
def read_table(reading: Reading, table: TableIn) -> None:
    """Header rows as the header (counted when more than one), the caption waiting above it as its
    caption; without one, a caption directly under it is its caption (Reading.flush_caption)."""
    if table.direct:
        reading.unmapped(f"direct formatting ({', '.join(sorted(table.direct))}) in the table is not kept")
    block: dict[str, Any] = {}
    caption = reading.take_caption()
    if caption:
        block["caption"] = caption
    rows = table.rows
    if table.header_rows and rows:
        block["header"] = rows[0]
        if table.header_rows > 1:
            block["header_rows"] = table.header_rows
        rows = rows[1:]
    else:
        block["header_rows"] = 0
    block["rows"] = rows
    reading.add({"table": block}, table.anchors)
    if not caption:
        reading.caption_under = block


@implements(READ, "actions")
def read_actions_table(reading: Reading, table: TableIn) -> None:
    """An action plan's actions: the recorded YAML, with what Word edited in it (word/importing/plan_tables.py)."""
    recorded = _recorded(table, "actions")
    block = read_actions(recorded.source, _plan_rows(table), reading.sources.action_ids, reading.unmapped)
    reading.add(block, [recorded])


@implements(READ, "indicators")
def read_indicators_table(reading: Reading, table: TableIn) -> None:
    """An indicators table: restored as recorded; edits to its figures are said, not kept (plan_tables.py)."""
    recorded = _recorded(table, "indicators")
    printed = reading.sources.printed_indicator
    indicators_edited(recorded.source, _plan_rows(table), lambda i: printed(f"{recorded.key}/{i}"), reading.unmapped)
    reading.add(restored_indicators(recorded.source), [recorded])


def heading_level(style: str) -> int | None:
    """2 to 9 for Heading 2 to Heading 9; None for any other style."""
    match = re.fullmatch(r"heading ([2-9])", style)
    return int(match.group(1)) if match else None


def _recorded(table: TableIn, kind: str) -> Anchor:
    return next(a for a in table.anchors if a.kind == kind and isinstance(a.source, dict))


def _plan_rows(table: TableIn) -> list[PlanRow]:
    """Each row after the header, with its anchor's id and its cells by their column's heading."""
    rows = table.rows
    headings = [plain_text(" ".join(cell_paragraphs(c))).lower() for c in rows[0]] if rows else []
    return [
        PlanRow(anchor.id if anchor else None, dict(zip(headings, map(cell_paragraphs, cells), strict=False)))
        for anchor, cells in zip(table.row_anchors[1:], rows[1:], strict=True)
    ]


def _read_picture(reading: Reading, drawing: etree._Element, anchors: list[Anchor]) -> None:
    if any(el.tag.endswith("}txbx") or el.tag == w("txbxContent") for el in drawing.iter()):
        words = " ".join(t.text or "" for t in drawing.iter(w("t")))
        reading.unmapped(f"a text box is not kept (its text: {quote(words)}); move its text into the body")
        return
    inline = drawing.find(f"{{{WORDPROCESSING_DRAWING}}}inline") if drawing.tag == w("drawing") else None
    if inline is None:
        reading.unmapped("a floating image (or an image in an old format) is not kept; insert it in line with text")
        return
    blip = next(inline.iter(f"{{{DRAWING}}}blip"), None)
    image = reading.sources.styles.image(blip.get(f"{{{RELATIONSHIPS}}}embed", "")) if blip is not None else None
    if image is None:
        reading.unmapped("a picture whose image is missing from the file is not kept")
        return
    name, data = image
    if "." + name.rsplit(".", 1)[-1].lower() not in FIGURE_SUFFIXES:
        reading.unmapped(f"picture {name} is not PNG, JPEG or SVG and is not kept; save it as PNG and insert that")
        return
    doc_pr = inline.find(f"{{{WORDPROCESSING_DRAWING}}}docPr")
    alt = (doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None else ""
    if not alt.strip():
        reading.unmapped(f"picture {name} has no alt text: describe it (alt:) in the figure block")
        alt = "TODO: describe this picture for readers who cannot see it"
    src = f"figures/{name}"
    reading.result.figures[src] = data
    reading.add({"figure": {"src": src, "alt": alt}}, anchors)


def _note_full(note: dict[str, Any], part: str) -> bool:
    """A note title after the note's text, or text after its bullets, starts another note."""
    order = ["title", "text", "bullets"]
    present = [order.index(k) for k in note if k in order]
    return bool(present) and (order.index(part) < max(present) or (part != "bullets" and part in note))


def _unbold(text: str) -> str:
    return text[2:-2] if text.startswith("**") and text.endswith("**") else text
