"""What the body reader needs from the rest of a .docx: styles, numbering, images, links, notes and comments."""

from __future__ import annotations

import posixpath
import weakref
from copy import deepcopy
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from lxml import etree

from csa.word.common.ids import DocxIds
from csa.word.importing.read_inline import FONT_ATTRIBUTES, Noticed, RunReader, Style
from csa.word.importing.revisions import w

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


_PARSED: weakref.WeakKeyDictionary[Part, etree._Element] = weakref.WeakKeyDictionary()


def part_xml(docx: DocxDocument, reltype: str) -> etree._Element | None:
    """The XML of the part the main document relates to by `reltype` (None: it has none).

    Parsed once, so a change made to it (tracked changes resolved) is what later readers see.
    """
    for rel in docx.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            part: Part = rel.target_part
            element = getattr(part, "element", None)
            if element is not None:
                return element  # python-docx has parsed it already
            if part not in _PARSED:
                _PARSED[part] = etree.fromstring(part.blob, parser=_SAFE_XML)
            return _PARSED[part]
    return None


def stories(docx: DocxDocument) -> list[etree._Element]:
    """The parts holding the document's text: the body, its footnotes and endnotes."""
    notes = (part_xml(docx, RT.FOOTNOTES), part_xml(docx, RT.ENDNOTES))
    return [docx.element, *(n for n in notes if n is not None)]


class StyleSheet:
    """Style names by id (as Word writes them, lower case: "heading 1", "list bullet") and numbering formats."""

    def __init__(self, docx: DocxDocument) -> None:
        self.names: dict[str, str] = {}
        self.character: dict[str, Style] = {}
        self.default = "normal"
        self.default_id = ""
        elements = {s.get(w("styleId"), ""): s for s in docx.styles.element.findall(w("style"))}
        for style_id, style in elements.items():
            name_el = style.find(w("name"))
            name = (name_el.get(w("val"), style_id) if name_el is not None else style_id).lower()
            self.names[style_id] = name
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                self.default, self.default_id = name, style_id
            if style.get(w("type")) == "character":
                self.character[style_id] = _character_style(style)
        self.paragraph_formats = {
            i: _inherited(i, elements) for i, s in elements.items() if s.get(w("type")) == "paragraph"
        }
        self.numbering = part_xml(docx, RT.NUMBERING)
        self.docx = docx
        self.fonts = frozenset(
            font for el in docx.styles.element.iter(w("rFonts")) for a in FONT_ATTRIBUTES if (font := el.get(a))
        )

    def paragraph_style(self, p: etree._Element) -> str:
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        return self.names.get(style.get(w("val"), ""), "unknown") if style is not None else self.default

    def paragraph_format(self, p: etree._Element) -> Style:
        """The bold and italic a paragraph's style gives its text."""
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        style_id = style.get(w("val"), "") if style is not None else self.default_id
        return self.paragraph_formats.get(style_id, Style())

    def char_style(self, style_id: str) -> Style:
        return self.character.get(style_id, Style())

    def list_format(self, p: etree._Element) -> tuple[int, bool] | None:
        """(level from 1, ordered) of a paragraph Word numbers itself (w:numPr); None if it is not in a list."""
        num_pr = p.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is None or self.numbering is None:
            return None
        num_id = _val(num_pr.find(w("numId")))
        level = int(_val(num_pr.find(w("ilvl"))) or 0)
        if not num_id or num_id == "0":
            return None
        num = next((n for n in self.numbering.findall(w("num")) if n.get(w("numId")) == num_id), None)
        abstract_id = _val(num.find(w("abstractNumId"))) if num is not None else None
        abstract = next(
            (a for a in self.numbering.findall(w("abstractNum")) if a.get(w("abstractNumId")) == abstract_id), None
        )
        lvl = (
            next((x for x in abstract.findall(w("lvl")) if x.get(w("ilvl")) == str(level)), None)
            if abstract is not None
            else None
        )
        fmt = _val(lvl.find(w("numFmt"))) if lvl is not None else "bullet"
        return level + 1, fmt not in ("bullet", "none", None)

    def link_target(self, rid: str) -> str | None:
        rel = self.docx.part.rels.get(rid)
        return rel.target_ref if rel is not None and rel.is_external else None

    def image(self, rid: str) -> tuple[str, bytes] | None:
        rel = self.docx.part.rels.get(rid)
        if rel is None or rel.is_external:
            return None
        part = rel.target_part
        return posixpath.basename(str(part.partname)), part.blob


def _character_style(style: etree._Element) -> Style:
    props = style.find(w("rPr"))
    if props is None:
        return Style()

    def on(tag: str) -> bool:
        el = props.find(w(tag))
        return el is not None and el.get(w("val"), "true") not in ("0", "false", "off")

    vert = props.find(w("vertAlign"))
    return Style(on("b"), on("i"), vert is not None and vert.get(w("val")) == "superscript")


def _inherited(style_id: str, styles: dict[str, etree._Element]) -> Style:
    """A paragraph style's bold and italic, through the styles it is based on (the nearest says)."""
    found: dict[str, bool] = {}
    seen: set[str] = set()
    while style_id in styles and style_id not in seen:
        seen.add(style_id)
        props = styles[style_id].find(w("rPr"))
        for tag in ("b", "i"):
            el = props.find(w(tag)) if props is not None else None
            if el is not None and tag not in found:
                found[tag] = el.get(w("val"), "true") not in ("0", "false", "off")
        based = styles[style_id].find(w("basedOn"))
        style_id = based.get(w("val"), "") if based is not None else ""
    return Style(found.get("b", False), found.get("i", False))


def _val(el: etree._Element | None) -> str | None:
    return el.get(w("val")) if el is not None else None


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    date: str  # as Word records it, "2026-11-20T10:15:00Z", or ""
    text: str


def comments(docx: DocxDocument, runs: RunReader) -> dict[str, Comment]:
    """Reviewers' comments (word/comments.xml) by id, their text as Markdown paragraphs."""
    root = part_xml(docx, RT.COMMENTS)
    found: dict[str, Comment] = {}
    for comment in root.findall(w("comment")) if root is not None else ():
        paragraphs = [runs.markdown(p, Noticed()) for p in comment.iter(w("p"))]
        found[comment.get(w("id"), "")] = Comment(
            comment.get(w("id"), ""),
            comment.get(w("author"), "unknown"),
            comment.get(w("date"), ""),
            "\n".join(p for p in paragraphs if p.strip()),
        )
    return found


class Notes:
    """Footnotes and endnotes: each gets a label in its chapter, its text kept in the chapter's footnotes.

    The label is the one the export recorded (word/common/ids.py) or the next number; a note
    cited again is a run in the note reference style printing the note's mark.
    """

    REFERENCE_STYLES = ("footnote reference", "endnote reference")

    def __init__(self, docx: DocxDocument, sheet: StyleSheet, ids: DocxIds | None) -> None:
        self.parts = {"footnote": part_xml(docx, RT.FOOTNOTES), "endnote": part_xml(docx, RT.ENDNOTES)}
        self.sheet, self.ids = sheet, ids
        self.runs: RunReader | None = None
        self.chapter_notes: dict[str, str] | None = None  # the chapter being read: label -> text
        self.labels: dict[tuple[str, str], str] = {}
        self.marks: dict[str, str] = {}  # mark printed -> label, in the chapter being read

    def start_chapter(self, notes: dict[str, str]) -> None:
        self.chapter_notes = notes
        self.labels, self.marks = {}, {}

    def label(self, kind: str, note_id: str, mark: str) -> str:
        if (kind, note_id) not in self.labels:
            note = self._note(kind, note_id)
            label = self._recorded_label(note) or str(len(self.labels) + 1)
            self.labels[(kind, note_id)] = label
            if self.chapter_notes is not None:
                self.chapter_notes[label] = self._text(note)
        label = self.labels[(kind, note_id)]
        if mark.strip():
            self.marks[mark.strip()] = label
        return label

    def again(self, style_id: str, text: str) -> str | None:
        if self.sheet.names.get(style_id) not in self.REFERENCE_STYLES:
            return None
        return self.marks.get(text.strip())

    def _note(self, kind: str, note_id: str) -> etree._Element | None:
        root = self.parts.get(kind)
        if root is None:
            return None
        return next((n for n in root.findall(w(kind)) if n.get(w("id")) == note_id), None)

    def _recorded_label(self, note: etree._Element | None) -> str | None:
        if note is None or self.ids is None:
            return None
        for start in note.iter(w("bookmarkStart")):
            anchor = self.ids.anchor(start.get(w("name"), ""))
            if anchor is not None and anchor.kind == "footnote":
                return anchor.id
        return None

    def _text(self, note: etree._Element | None) -> str:
        if note is None or self.runs is None:
            return ""
        texts = []
        for paragraph in note.iter(w("p")):
            copy = deepcopy(paragraph)
            for run in list(copy.iter(w("r"))):
                style = run.find(f"{w('rPr')}/{w('rStyle')}")
                own_mark = style is not None and self.sheet.names.get(style.get(w("val"), "")) in self.REFERENCE_STYLES
                if own_mark or run.find(w("footnoteRef")) is not None or run.find(w("endnoteRef")) is not None:
                    run.getparent().remove(run)
            text = self.runs.markdown(copy, Noticed()).strip()
            if text:
                texts.append(text)
        return " ".join(texts)
