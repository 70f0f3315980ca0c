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

This module walks the body and recognises which kind each paragraph or table is;
the kind's reader (its "word.read" hook, word/importing/blocks.py) reads it.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from csa.blocks import BY_NAME
from csa.inline import plain_text
from csa.word.common.ids import LIVE_PART, REPORT_CLOSING, Anchor
from csa.word.importing.blocks import NOTE_STYLES, PARAGRAPH_STYLES, READ, heading_level
from csa.word.importing.reading import (
    NUMBERED_STYLE,
    BodyRead,
    BodySources,
    ChapterIn,
    ParagraphIn,
    Reading,
    TableIn,
    kind_of,
    quote,
)
from csa.word.importing.revisions import w
from csa.word.importing.tables import table_in

GENERATED_HEADINGS = ("contents", "table of contents", "version control")
PICTURE_KINDS = ("figure", "diagram", "chart")  # printed as pictures, their captions under them
DRAWN_KINDS = ("diagram", "chart")  # pictures the build draws, restored from the YAML recorded with them
# A whole paragraph in bold, short and not a sentence: "**Our aims**"
BOLD_LINE = re.compile(r"\*\*([^*\n]{1,80}[^*.\n:;,])\*\*")
REPORT_CLOSING_PART = "recommendations, attachments and contacts"  # a report's, printed from its header
RECORDED_TABLE_KINDS = ("actions", "indicators")  # tables restored from the YAML recorded with them


def walk_body(body: etree._Element, sources: BodySources) -> BodyRead:
    """Read the body in order; see the module's docstring."""
    reading = Reading(sources)
    for element in body:
        _element(reading, element)
    reading.end_list()
    reading.flush_caption()
    return reading.result


def read_as(kind: str, reading: Reading, part: ParagraphIn | TableIn) -> None:
    """Read `part` as a block of `kind`, through the kind's reader."""
    BY_NAME[kind].hook(READ)(reading, part)


def _element(reading: Reading, element: etree._Element) -> None:
    if element.tag == w("p"):
        _paragraph(reading, element)
    elif element.tag == w("tbl"):
        reading.end_list()
        _table(reading, element)
    elif element.tag == w("sdt"):
        if _is_contents(element):
            reading.result.skipped.extend(() if "contents" in reading.result.skipped else ("contents",))
            return
        content = element.find(w("sdtContent"))
        for child in content if content is not None else ():
            _element(reading, child)
    elif element.tag == w("customXml"):
        for child in element:
            _element(reading, child)


# -- paragraphs -----------------------------------------------------------------------


def _paragraph(reading: Reading, p: etree._Element) -> None:
    paragraph = reading.paragraph_in(p)
    style, text, noticed = paragraph.style, paragraph.text, paragraph.noticed
    if any(a.kind == REPORT_CLOSING for a in paragraph.anchors):
        reading.end_list()
        reading.flush_caption()
        reading.skip(REPORT_CLOSING_PART)  # printed from the version's header: read by report_header.py
        reading.result.closing.append((style, text))
        return
    if (style == "heading 1" and text.strip()) or any(a.kind == "chapter" for a in paragraph.anchors):
        reading.end_list()
        _chapter_heading(reading, paragraph)
        return
    if _generated(reading, style):
        reading.end_list()
        if reading.skipping == REPORT_CLOSING_PART:
            reading.result.closing.append((style, text))
        for comment in noticed.comments:
            reading.result.comment_places[comment] = (f"the {reading.skipping} (which the build writes)", text)
        return
    if not text.strip() and not noticed.drawings:
        return  # an empty paragraph holds nothing (spacing)
    reading.paragraph += 1
    typed = reading.typed_number(text, style)
    reading.number = typed.group(0).strip().rstrip(".") if typed else None
    if typed and style != NUMBERED_STYLE:
        reading.result.typed_numbers.append(typed.group(0).strip())
    reading.comments(noticed, text)
    if reading.chapter is not None and (heading := _bold_heading(paragraph)) is not None:
        _read_bold_heading(reading, paragraph, heading)
        return
    reading.note_not_kept(noticed, text)
    if reading.chapter is None:
        if (title := _bold_heading(paragraph)) is not None:
            reading.result.typed_titles.append(title)
        reading.unmapped(f"text before the first Heading 1 (not in any chapter): {quote(text)}")
        return
    _content(reading, paragraph)


def _bold_heading(paragraph: ParagraphIn) -> str | None:
    """The words of a short all-bold line in a plain style: a heading typed by hand, with no Heading style."""
    if paragraph.style not in PARAGRAPH_STYLES or paragraph.noticed.drawings:
        return None
    match = BOLD_LINE.fullmatch(paragraph.text.strip())
    return match.group(1).strip() if match else None


def _read_bold_heading(reading: Reading, paragraph: ParagraphIn, words: str) -> None:
    """Read as a level-2 heading, and said: the reader should confirm it, and Word should say it too."""
    reading.end_list()
    reading.unmapped(
        f"a bold line with no Heading style, read as a heading: {quote(words)}"
        " (check it is one; style it Heading 2 in Word so the next import agrees)"
    )
    reading.heading_level = 2
    reading.result.heading_levels.add(2)
    reading.add({"heading": words}, paragraph.anchors)


def _content(reading: Reading, paragraph: ParagraphIn) -> None:
    """A paragraph within a chapter: recognise its kind (or a caption) and read it as one."""
    style, anchors = paragraph.style, paragraph.anchors
    printed = next((a for a in anchors if a.kind == LIVE_PART), None)
    if printed is not None:
        _printed_from_plan(reading, paragraph, printed)
    if (live := _read_from_plan(anchors)) is not None:
        reading.end_list()
        read_as(live.kind, reading, paragraph)
    if printed is not None or live is not None:
        return  # printed by a live block from its plan: the block is restored from its first paragraph
    listed = reading.list_format(paragraph.element, style)
    if listed is not None and style not in NOTE_STYLES:
        read_as("list", reading, paragraph)
        return
    reading.end_list()
    after_chart, reading.after_indicator_chart = reading.after_indicator_chart, False  # only the next paragraph
    if any(a.kind == "indicator-chart" for a in anchors):
        _skip_indicator_chart(reading)
    elif style == "caption" and after_chart:
        return
    elif paragraph.noticed.drawings:
        drawn = next((a for a in anchors if a.kind in DRAWN_KINDS and isinstance(a.source, dict)), None)
        read_as(drawn.kind if drawn is not None else "figure", reading, paragraph)
    elif heading_level(style) is not None:
        read_as("heading", reading, paragraph)
    elif style == "caption":
        _caption(reading, paragraph.text)
    elif style in NOTE_STYLES:
        read_as("note", reading, paragraph)
    elif any(a.kind == "signature" for a in anchors):
        read_as("signature", reading, paragraph)
    else:
        read_as("paragraph", reading, paragraph)


def _read_from_plan(anchors: list[Anchor]) -> Anchor | None:
    """The anchor of a report's live block (a kind that reads a plan), with the block as its chapter file holds it."""
    for anchor in anchors:
        kind = BY_NAME.get(anchor.kind)
        if kind is not None and kind.read_plan is not None and isinstance(anchor.source, dict):
            return anchor
    return None


def _printed_from_plan(reading: Reading, paragraph: ParagraphIn, anchor: Anchor) -> None:
    """Words a live block printed from its plan are not read from Word: said when they were edited there."""
    shown = _shown_words(paragraph.element)
    recorded = anchor.source.get("printed") if isinstance(anchor.source, dict) else None
    if isinstance(recorded, str) and " ".join(shown.split()) != " ".join(recorded.split()):
        reading.unmapped(
            f"words the report reads from its plan were edited in Word and are not kept: {quote(shown)}"
            " (the build prints them from the plan; write what you want to add in a paragraph of your own)"
        )


def _shown_words(p: etree._Element) -> str:
    """The words Word shows in a paragraph, tabs and line breaks as spaces."""
    pieces = ((el.text or "") if el.tag == w("t") else " " for el in p.iter(w("t"), w("tab"), w("br"), w("cr")))
    return " ".join("".join(pieces).split())


def _chapter_heading(reading: Reading, paragraph: ParagraphIn) -> None:
    """A Heading 1 starts a chapter (or a part the build writes, skipped until the next chapter)."""
    reading.flush_caption()
    text = paragraph.text
    plain = text.replace("\\", "").strip()
    if plain.lower() in GENERATED_HEADINGS:
        reading.skip("contents" if "contents" in plain.lower() else plain.lower())
        return
    reading.skipping = None
    anchor = next((a for a in paragraph.anchors if a.kind == "chapter"), None)
    source = anchor.source if anchor is not None and isinstance(anchor.source, dict) else {}
    title, kind, label = _title_and_kind(reading, text)
    chapter = ChapterIn(
        text, title, str(source.get("kind", kind)), anchor.id if anchor else None, source.get("file"), label
    )
    chapter.priority = source.get("priority")
    reading.chapter = chapter
    reading.result.chapters.append(chapter)
    reading.result.heading_levels.add(1)
    reading.sources.start_chapter(chapter)
    reading.paragraph, reading.number, reading.heading_level = 0, None, 1
    reading.comments(paragraph.noticed, text)


def _title_and_kind(reading: Reading, text: str) -> tuple[str, str, str | None]:
    """The title without its typed prefix, the kind the prefix says, and the number or letter in it."""
    for pattern, kind in reading.sources.chapter_prefixes:
        match = pattern.match(text)
        if match and text[match.end() :].strip():
            return text[match.end() :].strip(), kind, match.group("label")
    if text.strip().lower() == "foreword":
        return text.strip(), "foreword", None
    return text.strip(), "chapter", None


def _generated(reading: Reading, style: str) -> bool:
    """A paragraph of a part the build writes (cover, contents, version control, back page): skipped."""
    if style == "toc heading" or style.startswith("toc "):
        reading.skip("contents")
    elif style.startswith("back page"):
        reading.skip("back page")
    elif (style in ("title", "subtitle") or style.startswith("cover")) and reading.chapter is None:
        reading.skip("cover")
    elif reading.chapter is None and reading.sources.ids is not None:
        reading.skip("cover")  # all before the first chapter of a document we exported is its cover
    return reading.skipping is not None


def _caption(reading: Reading, text: str) -> None:
    """A picture's caption is printed under it, a table's above it."""
    chapter = reading.chapter
    last: dict[str, Any] | None = chapter.blocks[-1] if chapter and chapter.blocks else None
    kind = kind_of(last) if last else None
    if last is not None and kind in PICTURE_KINDS and not reading.picture_captioned:
        if plain_text(str(last[kind].get("caption", ""))) != plain_text(text):
            last[kind] = {**last[kind], "caption": text}  # a restored drawing's source is not changed in place
        reading.picture_captioned = True
        return
    reading.flush_caption()
    reading.waiting_caption = text


def _skip_indicator_chart(reading: Reading) -> None:
    """An indicator's chart, drawn from its block's figures: skipped, and its caption after it."""
    if "indicator charts" not in reading.result.skipped:
        reading.result.skipped.append("indicator charts")
    reading.after_indicator_chart = True


# -- tables -----------------------------------------------------------------------------


def _table(reading: Reading, tbl: etree._Element) -> None:
    if reading.skipping is not None or (reading.chapter is None and reading.sources.ids is not None):
        if reading.sources.committee_report and reading.chapter is None and not reading.result.header_rows:
            reading.result.header_rows = table_in(reading, tbl).rows  # a report's header table, if it is one
        return  # a table of a generated part (the version-control table)
    reading.paragraph += 1
    reading.number = None
    if reading.chapter is None:
        reading.unmapped("a table before the first Heading 1 (not in any chapter) is not kept")
        return
    table = table_in(reading, tbl)
    recorded = next((a for a in table.anchors if a.kind in RECORDED_TABLE_KINDS and isinstance(a.source, dict)), None)
    read_as(recorded.kind if recorded is not None else "table", reading, table)


def _is_contents(sdt: etree._Element) -> bool:
    gallery = sdt.find(f"{w('sdtPr')}/{w('docPartObj')}/{w('docPartGallery')}")
    return gallery is not None and "contents" in (gallery.get(w("val")) or "").lower()
