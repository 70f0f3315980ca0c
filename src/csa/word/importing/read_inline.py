"""A Word paragraph's runs as the content's inline Markdown (content/README.md's inline syntax).

Bold, italic and superscript runs become `**bold**`, `*italic*` and `^sup^`,
hyperlinks `[words](address)`, footnote references `[^label]` and line breaks
"\n"; characters Markdown would read as markup are escaped, so text typed in
Word comes back as the same words. What the content model cannot hold (a font,
a colour, an underline) is reported through `Noticed.direct`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from lxml import etree

from csa.inline import PAGE_SUFFIX, Reference
from csa.word.importing.revisions import w

RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TOGGLES = {"b": "bold", "i": "italic"}
# Direct formatting the content cannot hold; bold, italic and superscript it can.
_DIRECT = {
    w("rFonts"): "font",
    w("color"): "colour",
    w("highlight"): "highlight",
    w("shd"): "shading",
    w("sz"): "font size",
    w("u"): "underline",
    w("strike"): "strike-through",
    w("dstrike"): "strike-through",
    w("caps"): "capitals",
    w("smallCaps"): "small capitals",
}
_SKIPPED_IN_RUNS = {
    w("rPr"),
    w("lastRenderedPageBreak"),
    w("commentReference"),
    w("annotationRef"),
    w("softHyphen"),
    w("fldChar"),
    w("instrText"),
    w("delInstrText"),
    w("separator"),
    w("continuationSeparator"),
    w("footnoteRef"),
    w("endnoteRef"),
}


@dataclass(frozen=True)
class Style:
    bold: bool = False
    italic: bool = False
    superscript: bool = False


@dataclass
class Noticed:
    """What reading one paragraph met besides its text."""

    direct: set[str] = field(default_factory=set)  # kinds of direct formatting not kept
    other: list[str] = field(default_factory=list)  # things not kept at all (text boxes, equations...)
    drawings: list[etree._Element] = field(default_factory=list)  # w:drawing and w:pict elements, for the caller
    bookmarks: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # ids of comments whose range starts here


@dataclass(frozen=True)
class _Piece:
    text: str
    style: Style
    link: str | None


@dataclass(frozen=True)
class RunReader:
    """Reads runs into Markdown; `char_style(id)` gives a character style's bold/italic/superscript."""

    char_style: Callable[[str], Style]
    link_target: Callable[[str], str | None]  # relationship id -> address
    footnote_label: Callable[[str, str, str], str]  # ("footnote" | "endnote", id, the mark printed) -> label
    anchor: Callable[[str], str | None] = lambda name: None  # a bookmark linked to -> the content's anchor
    # (character style id, text) -> the label of a note cited again (its number printed as a mark), or None
    note_mark: Callable[[str, str], str | None] = lambda style, text: None
    references: Mapping[str, str] = field(default_factory=dict)  # anchor id -> the words a reference to it prints
    house_fonts: frozenset[str] = frozenset()  # fonts the style sheet uses: naming one directly changes nothing
    # a w:p -> the bold and italic its paragraph style gives (a heading's bold is no emphasis)
    paragraph_format: Callable[[etree._Element], Style] = lambda p: Style()

    def markdown(self, paragraph: etree._Element, noticed: Noticed) -> str:
        """The paragraph's text as inline Markdown (without leading or trailing spaces)."""
        pieces = list(self._pieces(paragraph, None, noticed))
        base = self.paragraph_format(paragraph)
        if base != Style():  # runs that repeat their paragraph style's bold or italic (as LibreOffice writes them)
            pieces = [replace(p, style=_beyond(p.style, base)) for p in pieces]
        return _as_markdown(pieces, self.references).strip(" ")

    def _pieces(self, parent: etree._Element, link: str | None, noticed: Noticed) -> Iterator[_Piece]:
        for child in parent:
            tag = child.tag
            if tag == w("r"):  # a field's code is w:instrText, skipped; its result is ordinary runs
                yield from self._run(child, link, noticed)
            elif tag == w("hyperlink"):
                yield from self._pieces(child, self._hyperlink(child, noticed) or link, noticed)
            elif tag in (w("smartTag"), w("customXml"), w("fldSimple"), w("ins"), w("moveTo")):
                yield from self._pieces(child, link, noticed)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    yield from self._pieces(content, link, noticed)
            elif tag == w("bookmarkStart"):
                noticed.bookmarks.append(child.get(w("name"), ""))
            elif tag == w("commentRangeStart"):
                noticed.comments.append(child.get(w("id"), ""))
            elif tag.endswith("}oMath") or tag.endswith("}oMathPara"):
                noticed.other.append("an equation")

    def _hyperlink(self, link: etree._Element, noticed: Noticed) -> str | None:
        rid = link.get(f"{{{RELATIONSHIPS}}}id")
        if rid:
            return self.link_target(rid)
        bookmark = link.get(w("anchor"))
        target = self.anchor(bookmark) if bookmark else None
        if bookmark and target is None:
            noticed.other.append(f"a link to Word's bookmark '{bookmark}' (kept as words)")
        return f"#{target}" if target else None

    def _run(self, run: etree._Element, link: str | None, noticed: Noticed) -> Iterator[_Piece]:
        style = self._style(run, link, noticed)
        reference = next((c for c in run if c.tag in (w("footnoteReference"), w("endnoteReference"))), None)
        words = "".join(t.text or "" for t in run.iter(w("t")))
        # A note's own mark printed after its reference (w:customMarkFollows) is not text.
        custom_mark = reference is not None and reference.get(w("customMarkFollows")) in ("1", "true", "on")
        if reference is None:
            char = run.find(f"{w('rPr')}/{w('rStyle')}")
            label = self.note_mark(char.get(w("val"), ""), words) if char is not None and words.strip() else None
            if label is not None:
                yield _Piece(f"[^{label}]", Style(), None)  # a note cited again: its number, no second note
                return
        for child in run:
            tag = child.tag
            if tag == w("t"):
                if not custom_mark:
                    yield _Piece(child.text or "", style, link)
            elif tag == w("tab"):
                yield _Piece("\t", style, link)
            elif tag in (w("br"), w("cr")):
                if child.get(w("type")) not in ("page", "column"):
                    yield _Piece("\n", Style(), link)
            elif tag == w("noBreakHyphen"):
                yield _Piece("\u2011", style, link)
            elif tag == w("sym"):
                yield _Piece(chr(int(child.get(w("char"), "20"), 16)), style, link)
            elif tag in (w("footnoteReference"), w("endnoteReference")):
                kind = "footnote" if tag == w("footnoteReference") else "endnote"
                label = self.footnote_label(kind, child.get(w("id"), ""), words if custom_mark else "")
                yield _Piece(f"[^{label}]", Style(), None)
            elif tag in (w("drawing"), w("pict"), w("object")):
                noticed.drawings.append(child)
            elif tag not in _SKIPPED_IN_RUNS:
                noticed.other.append(f"<w:{etree.QName(child).localname}>")

    def _style(self, run: etree._Element, link: str | None, noticed: Noticed) -> Style:
        props = run.find(w("rPr"))
        base = Style()
        if props is None:
            return base
        char = props.find(w("rStyle"))
        if char is not None:
            base = self.char_style(char.get(w("val"), ""))
        values = {"bold": base.bold, "italic": base.italic}
        for tag, name in _TOGGLES.items():
            el = props.find(w(tag))
            if el is not None:
                values[name] = el.get(w("val"), "true") not in ("0", "false", "off")
        vert = props.find(w("vertAlign"))
        superscript = base.superscript if vert is None else vert.get(w("val")) == "superscript"
        for el in props:
            kind = _DIRECT.get(el.tag)
            if kind is None or _harmless(el, link is not None, self.house_fonts):
                continue
            noticed.direct.add(kind)
        return Style(values["bold"], values["italic"], superscript)


FONT_ATTRIBUTES = tuple(w(a) for a in ("ascii", "hAnsi", "eastAsia", "cs"))


def _beyond(style: Style, base: Style) -> Style:
    """The formatting a run has beyond its paragraph style's."""
    return Style(style.bold and not base.bold, style.italic and not base.italic, style.superscript)


def _harmless(el: etree._Element, in_link: bool, house_fonts: frozenset[str]) -> bool:
    """Formatting that changes nothing a reader sees, or that Word adds to every link."""
    value = str(el.get(w("val"), ""))
    if el.tag == w("rFonts"):  # a hint names no font; LibreOffice writes the house font out on each run
        return all(el.get(a) in house_fonts for a in FONT_ATTRIBUTES if el.get(a))
    if el.tag == w("color"):
        return value in ("auto", "000000") or in_link
    if el.tag == w("u"):
        return value == "none" or in_link
    if el.tag in (w("strike"), w("dstrike"), w("caps"), w("smallCaps")):
        return value in ("0", "false", "off")
    if el.tag == w("highlight"):
        return value == "none"
    if el.tag == w("shd"):
        return str(el.get(w("fill"), "auto")) in ("auto", "FFFFFF")
    return False


# -- Markdown ------------------------------------------------------------------------


def _as_markdown(pieces: list[_Piece], references: Mapping[str, str]) -> str:
    """Pieces as Markdown; a link inside the document whose words are what a reference prints is that reference."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        link = pieces[i].link
        j = i
        while j < len(pieces) and pieces[j].link == link:
            j += 1
        words = _styled(pieces[i:j])
        if link and words.strip():
            lead, core, trail = _split_space(words)
            shown = "".join(p.text for p in pieces[i:j]).strip()
            target = link[1:] if link.startswith("#") else ""
            if not _prints(target, shown, references) and _prints(f"{target}{PAGE_SUFFIX}", shown, references):
                target = f"{target}{PAGE_SUFFIX}"  # a page reference: Word prints its target's name
                link = f"#{target}"
            is_reference = _prints(target, shown, references)
            out.append(f"{lead}[{'' if is_reference else core}]({_address(link)}){trail}")
        else:
            out.append(words)
        i = j
    return "".join(out)


def _prints(target: str, shown: str, references: Mapping[str, str]) -> bool:
    """Whether a reference to `target` prints `shown` (at a sentence's start it prints capitalised)."""
    return target in references and shown in (
        Reference(target, starts_sentence).printed(references) for starts_sentence in (False, True)
    )


def _styled(pieces: list[_Piece]) -> str:
    """Consecutive pieces of one style joined and marked once: "**two runs**", not "**two** **runs**"."""
    out: list[str] = []
    for style, text in _by_style(pieces):
        if text.startswith("[^") and text.endswith("]"):
            out.append(text)  # a footnote reference, written as is
            continue
        out.append(_marked(_escape(text.replace("\t", " ")), style))
    return "".join(out)


def _by_style(pieces: list[_Piece]) -> Iterator[tuple[Style, str]]:
    current: Style | None = None
    text = ""
    for piece in pieces:
        note = piece.text.startswith("[^") and piece.text.endswith("]") and piece.link is None
        if note or piece.style != current or piece.text == "\n":
            if text:
                yield current or Style(), text
            if note or piece.text == "\n":
                yield Style(), piece.text
                current, text = None, ""
                continue
            current, text = piece.style, ""
        text += piece.text
    if text:
        yield current or Style(), text


def _marked(text: str, style: Style) -> str:
    if not text.strip() or style == Style():
        return text
    lead, core, trail = _split_space(text)
    if style.superscript:
        core = "^" + core.replace(" ", "\\ ") + "^"
    if style.bold and style.italic:
        core = f"***{core}***"
    elif style.bold:
        core = f"**{core}**"
    elif style.italic:
        core = f"*{core}*"
    return lead + core + trail


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip(" ")
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")) :]
    return lead, core, trail


_ESCAPED = re.compile(r"([\\`*\[\]^])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])|&(?=#?\w+;)")


def _escape(text: str) -> str:
    """Plain words as Markdown that prints them: markup characters escaped, "<b>" and "&amp;" kept as typed."""

    def one(m: re.Match[str]) -> str:
        char = m.group(0)
        if char == "<":
            return "&lt;"
        if char == "&":
            return "&amp;"
        return "\\" + char

    return _ESCAPED.sub(
        one, text.replace("\ue000", "").replace("\ue001", "").replace("\ue002", "").replace("\ue003", "")
    )


def _address(link: str) -> str:
    return link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
