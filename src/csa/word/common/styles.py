"""The house styles of an exported .docx: Word's own styles, adjusted, and a few of ours.

Word's built-in styles (Title, Heading 1-4, List Bullet, List Number, Caption,
Table Grid, TOC 1-3) carry the structure, so Word's navigation pane, contents and
restyling work. Ours are named for what they hold: "Numbered Paragraph", "Note",
"Note Title", "Note Bullet", "Table Heading", "Back Page", "Progress Date", and a
character style per action status ("Status On Track"). Spacing comes from the
styles, never from empty paragraphs.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

FONT = "Atkinson Hyperlegible"  # the document's font, as in the HTML page and the PDF (templates/fonts/)
# Where that is not installed (the font table's altName) and for the scripts it lacks (w:rFonts cs, eastAsia):
# on every Word install; LibreOffice uses the metric-compatible Liberation Sans.
FALLBACK_FONT = "Arial"
LANGUAGE = "en-GB"
INK = RGBColor(0x1A, 0x1A, 0x1A)
ACCENT = RGBColor(0x5B, 0x2C, 0x83)  # the diagrams' purple
NOTE_FILL = "EFE8F5"
NUMBER_INDENT = Cm(1.27)  # where a numbered paragraph's text starts after "3.6."

NUMBERED = "Numbered Paragraph"
NOTE, NOTE_TITLE, NOTE_BULLET = "Note", "Note Title", "Note Bullet"
TABLE_HEADING, TABLE_TEXT = "Table Heading", "Table Text"
BACK_PAGE, BACK_PAGE_TITLE = "Back Page", "Back Page Title"
COVER_PARTNERSHIP = "Cover Partnership"
HYPERLINK = "Hyperlink"
FOOTNOTE_TEXT, FOOTNOTE_REFERENCE = "Footnote Text", "Footnote Reference"
TABLE_STYLE = "Table Grid"
PROGRESS_DATE = "Progress Date"
# An action's status is printed in words; its colour (templates/csa.css .status-*) is a second cue only.
STATUS_COLOURS = {
    "not started": RGBColor(0x59, 0x59, 0x59),
    "on track": RGBColor(0x1E, 0x6B, 0x34),
    "at risk": RGBColor(0x9A, 0x4A, 0x00),
    "off track": RGBColor(0xA4, 0x23, 0x1C),
    "complete": ACCENT,
}


def status_style(status: str) -> str:
    """The character style of an action's status: "Status On Track"."""
    return f"Status {status.title()}"


def apply_house_styles(docx: DocxDocument, chapter_page_breaks: bool) -> None:
    """Fonts, language, spacing and our own styles, on the document's style sheet."""
    _defaults(docx)
    styles = docx.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 28), ("Subtitle", 16), ("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
        _theme_fonts_off(style)
    styles["Heading 4"].font.color.rgb = ACCENT
    _theme_fonts_off(styles["Heading 4"])
    styles["Heading 1"].paragraph_format.page_break_before = chapter_page_breaks
    styles["TOC Heading"].paragraph_format.page_break_before = True
    numbered = _paragraph_style(docx, NUMBERED, "Normal")
    numbered.paragraph_format.left_indent = NUMBER_INDENT
    numbered.paragraph_format.first_line_indent = -NUMBER_INDENT
    numbered.paragraph_format.tab_stops.add_tab_stop(NUMBER_INDENT)
    note = _paragraph_style(docx, NOTE, "Normal")
    _box(note)
    note_title = _paragraph_style(docx, NOTE_TITLE, NOTE)
    note_title.font.bold = True
    note_title.paragraph_format.keep_with_next = True
    _box(_paragraph_style(docx, NOTE_BULLET, "List Bullet"))
    heading = _paragraph_style(docx, TABLE_HEADING, "Normal")
    heading.font.bold = True
    heading.paragraph_format.space_after = Pt(2)
    _paragraph_style(docx, TABLE_TEXT, "Normal").paragraph_format.space_after = Pt(2)
    _paragraph_style(docx, PROGRESS_DATE, TABLE_TEXT).font.bold = True
    for status, colour in STATUS_COLOURS.items():
        _character_style(docx, status_style(status)).font.color.rgb = colour
    _paragraph_style(docx, BACK_PAGE, "Normal").paragraph_format.space_after = Pt(4)
    back_title = _paragraph_style(docx, BACK_PAGE_TITLE, BACK_PAGE)
    back_title.font.bold = True
    back_title.paragraph_format.space_after = Pt(8)
    partnership = _paragraph_style(docx, COVER_PARTNERSHIP, "Subtitle")
    partnership.paragraph_format.space_before = Pt(96)
    caption: ParagraphStyle = styles["Caption"]
    caption.font.color.rgb = INK
    caption.font.size = Pt(10)
    link = _character_style(docx, HYPERLINK)
    link.font.underline = True
    link.font.color.rgb = RGBColor(0x0B, 0x4F, 0xA8)
    _paragraph_style(docx, FOOTNOTE_TEXT, "Normal").font.size = Pt(9)
    _character_style(docx, FOOTNOTE_REFERENCE).font.superscript = True
    for level in (1, 2, 3):
        toc = _paragraph_style(docx, f"TOC {level}", "Normal")
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(4)
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


# python-docx looks a style name up by scanning every style (twice) each time one is set,
# most of an export's time: the ids are looked up once per document instead.
_STYLE_IDS: WeakKeyDictionary[Any, dict[str, str]] = WeakKeyDictionary()


def style_id(part: Any, name: str) -> str:
    """The id of the style named `name` in the document that `part` (the document's or a footnotes part) belongs to."""
    document_part = part.package.main_document_part
    ids = _STYLE_IDS.get(document_part)
    if ids is None:
        ids = _STYLE_IDS[document_part] = {s.name: s.style_id for s in document_part.styles}
    return ids[name]


def add_paragraph(container: Any, style: str = "Normal", text: str = "") -> DocxParagraph:
    """A new paragraph at the end of `container` (the document, a table cell) in `style`."""
    paragraph: DocxParagraph = container.add_paragraph(text)
    set_style(paragraph, style)
    return paragraph


def set_style(paragraph: DocxParagraph, style: str) -> None:
    if style != "Normal":
        paragraph._p.get_or_add_pPr().style = style_id(paragraph.part, style)


def set_run_style(run: Run, style: str) -> None:
    run._r.get_or_add_rPr().style = style_id(run.part, style)


def _defaults(docx: DocxDocument) -> None:
    """The house font and en-GB for every run that says nothing else (w:docDefaults), and the theme's language."""
    r_pr = docx.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in r_pr.findall(qn("w:rFonts")) + r_pr.findall(qn("w:lang")):
        r_pr.remove(old)
    fonts = OxmlElement("w:rFonts")
    _name_fonts(fonts)
    fonts.set(qn("w:eastAsia"), FALLBACK_FONT)
    r_pr.insert(0, fonts)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)
    r_pr.append(lang)
    _font_table(docx)
    theme_lang = docx.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
        theme_lang.attrib.pop(qn("w:eastAsia"), None)


def _theme_fonts_off(style: BaseStyle) -> None:
    """Headings in the template name theme fonts (Calibri Light); use the house font instead."""
    fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
    if fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        _name_fonts(fonts)


def _name_fonts(fonts: Any) -> None:
    """The house font for Latin text in a w:rFonts, the fallback for complex scripts."""
    for attribute in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), FONT)
    fonts.set(qn("w:cs"), FALLBACK_FONT)


def _font_table(docx: DocxDocument) -> None:
    """The house font in the font table, with its fallback: Word shows Arial where it is not installed."""
    part = docx.part.part_related_by(RT.FONT_TABLE)
    table = etree.fromstring(part.blob)
    for old in table.findall(qn("w:font")):
        if old.get(qn("w:name")) == FONT:
            table.remove(old)
    font = etree.SubElement(table, qn("w:font"), {qn("w:name"): FONT})
    etree.SubElement(font, qn("w:altName"), {qn("w:val"): FALLBACK_FONT})
    etree.SubElement(font, qn("w:charset"), {qn("w:val"): "00"})
    etree.SubElement(font, qn("w:family"), {qn("w:val"): "swiss"})
    etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _paragraph_style(docx: DocxDocument, name: str, based_on: str) -> ParagraphStyle:
    styles = docx.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = styles[based_on]
    style.quick_style = True
    return style


def _character_style(docx: DocxDocument, name: str) -> CharacterStyle:
    styles = docx.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    assert isinstance(style, CharacterStyle)
    return style


def _box(style: ParagraphStyle) -> None:
    """A border and a pale fill: consecutive paragraphs in boxed styles share one box in Word."""
    p_pr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        for attribute, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "6"), ("w:color", "5B2C83")):
            border.set(qn(attribute), value)
        borders.append(border)
    shading = OxmlElement("w:shd")
    for attribute, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", NOTE_FILL)):
        shading.set(qn(attribute), value)
    # schema order inside w:pPr: ... pBdr, shd, tabs, ... ind ...; python-docx inserts its own in order
    p_pr.insert_element_before(borders, *_AFTER_BORDERS)
    p_pr.insert_element_before(shading, *_AFTER_BORDERS[1:])


_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
