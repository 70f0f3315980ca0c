"""Version -> .docx: the whole version as a Word document, in Word's own styles.

Cover (Title and Subtitle paragraphs), the version-control table where the
document's settings put it, a contents field Word updates, the chapters (each
block through its writer in word/export/blocks.py), the back page, and a footer with
the title, date and page number. Ids go in as hidden bookmarks and a custom XML
part (word/common/ids.py). The bytes depend on the content alone (word/common/package.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Mm
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from jinja2 import Environment

from csa.content.plans import figure_words
from csa.content.references import reference_words
from csa.inline import Citation
from csa.model import Chapter, Document, HistoryRow, Version
from csa.render.html import has_back_page, version_control_place
from csa.word.common import styles
from csa.word.common.ids import IdRecorder, write_ids
from csa.word.common.package import docx_bytes, set_properties, without_template_extras
from csa.word.export.blocks import write_block
from csa.word.export.images import add_image, picture_bytes
from csa.word.export.notes import Footnotes
from csa.word.export.report import report_closing, report_header
from csa.word.export.runs import InlineContext, add_inline, link_to_bookmarks
from csa.word.export.tables import new_table, repeat_as_header
from csa.word.export.writer import WordWriter

VERSION_CONTROL = "Version Control"
CONTENTS = "Contents"
VERSION_CONTROL_WIDTHS = (Cm(2.2), Cm(3), Cm(10.8))  # version, date, changes


def export_docx(
    env: Environment, document: Document, version: Version, history: Sequence[HistoryRow], version_dir: Path
) -> bytes:
    """The version as a .docx; `history` is its version-control table (csa.diff.changelog.version_control_rows)."""
    word = new_word(document)
    writer = version_writer(word, env, document, version, version_dir, links=True)
    place = version_control_place(document, history)
    if version.header is not None:  # a report: its header table instead of the cover and contents
        report_header(writer, version.header, version)
    else:
        _cover(writer, document, version)
    if place == "front":
        _version_control(writer, history)
    if version.header is None:
        _contents(word, document, version)
    for chapter in version.chapters:
        _chapter(writer, chapter)
    if version.header is not None:
        report_closing(writer, document, version, version.header)
    if place == "back":
        _version_control(writer, history)
    if has_back_page(document, version):
        _back_page(writer, document, version)
    footer(word, document, version)
    set_properties(word, document, version)
    write_ids(word, writer.ids.ids)
    _link_references(writer)
    return docx_bytes(word, version.effective)


def new_word(document: Document) -> DocxDocument:
    """An empty Word document in the house styles, A4, without what python-docx's template brings."""
    word = docx.Document()
    without_template_extras(word)
    _page_setup(word)
    styles.apply_house_styles(word, document.settings.chapter_page_breaks)
    return word


def version_writer(
    word: DocxDocument, env: Environment, document: Document, version: Version, folder: Path, *, links: bool = False
) -> WordWriter:
    """The writer of one version's blocks into `word` (the redline has one for each of its two versions).

    `links`: references are recorded to become links to their targets' bookmarks (`_link_references`).
    """
    ids = IdRecorder(document.id, version.number)
    notes = Footnotes(word, {(c.id, n.label): n for c in version.chapters for n in c.footnotes}, ids)
    # what each [](#id) prints, as on the page: a target's words, an indicator's computed field
    references = reference_words(version.chapters, document.settings.words) | figure_words(version)

    def cite(paragraph: DocxParagraph, citation: Citation) -> None:
        notes.cite(paragraph, citation, note_text)

    def note_text(paragraph: DocxParagraph, text: str) -> None:
        add_inline(paragraph, text, inline)

    inline = InlineContext(references, cite, [] if links else None)
    writer = WordWriter(word, env, ids, inline, folder, {p.id: p.name for p in version.priorities()})
    writer.after_number = document.settings.numbering.after_paragraph_number
    return writer


def _link_references(writer: WordWriter) -> None:
    """Each reference a link to the bookmark of the chapter, block or row it names (its heading's, for a chapter).

    A paragraph's number ([](#para-3.6)) stays words: it names whichever paragraph has that
    number, which a link to one paragraph's bookmark would not bring back from Word.
    """
    bookmarks: dict[str, str] = {}
    for anchor in writer.ids.ids.anchors:
        if anchor.kind != "footnote":  # a note's id is its label, no reference's target
            bookmarks.setdefault(anchor.id, anchor.bookmark)
    link_to_bookmarks(writer.inline.links or [], bookmarks)


def _page_setup(word: DocxDocument) -> None:
    """A4 with 2.5 cm margins (the template is US Letter); the first page (the cover) has no footer."""
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.different_first_page_header_footer = True


def _cover(w: WordWriter, document: Document, version: Version) -> None:
    cover = version.cover
    if cover.logo is not None:
        add_image(w.docx, picture_bytes(cover.logo.data_uri, w.env), cover.logo.alt)
    styles.add_paragraph(w.docx, styles.COVER_PARTNERSHIP, document.partnership)
    styles.add_paragraph(w.docx, "Title", document.title)
    lines = [cover.strapline, cover.period]
    if cover.version:
        lines.append(f"Version {version.number}" + (" (draft)" if version.status == "draft" else ""))
    elif version.status == "draft":
        lines.append("Draft")
    lines += [cover.refreshed, version.date]
    for line in lines:
        if line:
            styles.add_paragraph(w.docx, "Subtitle", line)


def _version_control(w: WordWriter, history: Sequence[HistoryRow]) -> None:
    styles.add_paragraph(w.docx, "TOC Heading", VERSION_CONTROL)
    table = new_table(w.docx, 1 + len(history), 3)
    repeat_as_header(table, 0)
    for column, width in zip(table.columns, VERSION_CONTROL_WIDTHS, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    for cell, text in zip(table.rows[0].cells, ("Version", "Date", "Changes"), strict=True):
        _cell_text(cell, text, styles.TABLE_HEADING)
    for row, entry in zip(table.rows[1:], history, strict=True):
        version, date, changes = row.cells
        _cell_text(version, entry.version, styles.TABLE_HEADING)
        _cell_text(date, entry.date, styles.TABLE_TEXT)
        _cell_text(changes, entry.changes[0] if entry.changes else "", styles.TABLE_TEXT)
        for change in entry.changes[1:]:
            styles.add_paragraph(changes, "List Bullet", change)


def _cell_text(cell: _Cell, text: str, style: str) -> None:
    paragraph = cell.paragraphs[0]
    styles.set_style(paragraph, style)
    paragraph.add_run(text)


def _contents(word: DocxDocument, document: Document, version: Version) -> None:
    """A TOC field over the headings, its result filled with their titles (Word adds page numbers on update, F9)."""
    styles.add_paragraph(word, "TOC Heading", CONTENTS)
    depth = max(1, min(document.settings.contents_depth, 3))
    entries = [
        (level, text)
        for chapter in version.chapters
        for level, text in [(1, chapter.heading), *((h.level, h.text) for h in chapter.outline_headings(depth))]
    ]
    paragraphs = []
    for level, text in entries:
        paragraph = styles.add_paragraph(word, f"TOC {level}")
        add_inline(paragraph, text, InlineContext({}, lambda p, c: None))
        paragraphs.append(paragraph)
    if not paragraphs:
        paragraphs.append(styles.add_paragraph(word, "TOC 1"))
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    start = [_field_char("begin"), _instruction(f' TOC \\o "1-{depth}" \\h \\z \\u '), _field_char("separate")]
    properties = first.find(qn("w:pPr"))
    for offset, run in enumerate(start):
        first.insert(offset + (1 if properties is not None else 0), run)
    last.append(_field_char("end"))


def _field_char(kind: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word offers to update it (page numbers) when the document opens
    run.append(char)
    return run


def _instruction(text: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = text
    run.append(instruction)
    return run


def _chapter(w: WordWriter, chapter: Chapter) -> None:
    chapter_heading(w, chapter)
    w.chapter = chapter
    for block in chapter.blocks:
        write_block(w, block)
    w.chapter = None


def chapter_heading(w: WordWriter, chapter: Chapter) -> DocxParagraph:
    """The chapter's title as a Heading 1, bookmarked as the chapter."""
    heading = styles.add_paragraph(w.docx, "Heading 1", chapter.heading)
    source = {"file": Path(chapter.source).name, "kind": chapter.kind, "title": chapter.title}
    if chapter.priority is not None:  # an action plan's section names the agreement's priority it delivers
        source["priority"] = chapter.priority.id
    w.ids.mark(heading, "chapter", chapter.id, chapter.id, chapter.id, source)
    return heading


def _back_page(w: WordWriter, document: Document, version: Version) -> None:
    words = document.settings.words
    lines: list[DocxParagraph] = []

    def line(text: str, style: str = styles.BACK_PAGE) -> DocxParagraph:
        paragraph = styles.add_paragraph(w.docx, style, text)
        lines.append(paragraph)
        return paragraph

    if document.partners:
        line(words.partners, styles.BACK_PAGE_TITLE)
        for partner in document.partners:
            line(partner)
    contact = version.contact
    if contact is not None:
        if contact.intro:
            line(contact.intro)
        if contact.address:
            address = line("")
            for index, part in enumerate(contact.address):
                if index:
                    address.add_run().add_break()
                address.add_run(part)
        if contact.email:
            add_inline(line(f"{words.email} "), f"[{contact.email}](mailto:{contact.email})", w.inline)
        if contact.phone:
            line(f"{words.phone} {contact.phone}")
        if contact.other_formats:
            line(contact.other_formats)
    if document.licence:
        line(document.licence)
    if lines:
        lines[0].paragraph_format.page_break_before = True


def footer(word: DocxDocument, document: Document, version: Version) -> None:
    """The title and date, and the page number at the right margin (a PAGE field)."""
    footer = word.sections[0].footer
    paragraph = footer.paragraphs[0]
    styles.set_style(paragraph, "Footer")
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"{document.title} – {version.date}\t")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    paragraph._p.append(field)
