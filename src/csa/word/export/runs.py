"""Inline Markdown as Word runs: bold, italic, superscript, code, links, line breaks, notes and references.

The text goes through the same sanitiser as the HTML page (csa.inline.render_inline),
so Word shows exactly the formatting the page does; its HTML is then read into runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from csa.inline import Citation, Reference, page_target, render_inline, split_citations
from csa.word.common.styles import HYPERLINK, set_run_style

MONOSPACE = "Consolas"


@dataclass(frozen=True)
class Format:
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    code: bool = False
    href: str | None = None


_TAG_FORMAT = {"strong": "bold", "em": "italic", "sup": "superscript", "code": "code"}

# How a footnote citation is written into the paragraph (by word/export/notes.py), given the run format around it.
CitationWriter = Callable[[DocxParagraph, Citation], None]


@dataclass(frozen=True)
class InlineContext:
    """What inline text needs from the version: the words references print, how citations are written."""

    references: Mapping[str, str]
    citation: CitationWriter
    # Each reference's run and the id it refers to, as written; `link_to_bookmarks` makes them
    # links once every bookmark is in. None: references stay words (the redline's).
    links: list[tuple[Run, str]] | None = None


def add_inline(paragraph: DocxParagraph, markdown: str, context: InlineContext, base: Format = Format()) -> None:
    """Append `markdown` (inline) to `paragraph` as runs."""
    _RunWriter(paragraph, context, base).feed(render_inline(markdown).html)


def add_lines(paragraph: DocxParagraph, lines: tuple[str, ...], context: InlineContext) -> None:
    """Lines of one paragraph (a table cell's), each after a line break."""
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        add_inline(paragraph, line, context)


class _RunWriter(HTMLParser):
    """Reads the sanitised inline HTML (em, strong, sup, code, a, br, p) into runs."""

    def __init__(self, paragraph: DocxParagraph, context: InlineContext, base: Format) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraph, self.context = paragraph, context
        self.formats = [base]
        self.paragraphs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        current = self.formats[-1]
        if tag == "br":
            self.paragraph.add_run().add_break()
        elif tag == "p":
            if self.paragraphs:  # two Markdown paragraphs in one Word paragraph: a blank line between
                run = self.paragraph.add_run()
                run.add_break()
                run.add_break()
            self.paragraphs += 1
        elif tag == "a":
            self.formats.append(replace(current, href=dict(attrs).get("href")))
        elif tag in _TAG_FORMAT:
            self.formats.append(replace(current, **{_TAG_FORMAT[tag]: True}))  # type: ignore[arg-type]

    def handle_endtag(self, tag: str) -> None:
        if (tag == "a" or tag in _TAG_FORMAT) and len(self.formats) > 1:
            self.formats.pop()

    def handle_data(self, data: str) -> None:
        for piece in split_citations(data):
            if isinstance(piece, Citation):
                self.context.citation(self.paragraph, piece)
            elif isinstance(piece, Reference):
                run = self._run(piece.printed(self.context.references))
                if self.context.links is not None:
                    # a page reference links to what it names: Word has no page number to print here
                    self.context.links.append((run, page_target(piece.target) or piece.target))
            elif piece:
                self._run(piece)

    def _run(self, text: str) -> Run:
        fmt = self.formats[-1]
        run = self.paragraph.add_run(text)
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if fmt.superscript:
            run.font.superscript = True
        if fmt.code:
            run.font.name = MONOSPACE
        if fmt.href and not fmt.href.startswith("#"):
            _link(self.paragraph, run, fmt.href)
        return run


def link_to_bookmarks(links: list[tuple[Run, str]], bookmarks: Mapping[str, str]) -> None:
    """Make each reference's run a link to the bookmark of what it refers to (`bookmarks`: by id).

    A reference to what has no bookmark (an indicator's figure, the contents) stays words.
    """
    for run, target in links:
        bookmark = bookmarks.get(target)
        if bookmark is None:
            continue
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        run._r.addprevious(link)
        link.append(run._r)
        set_run_style(run, HYPERLINK)


def _link(paragraph: DocxParagraph, run: Run, url: str) -> None:
    """Put `run` inside a hyperlink to `url` (python-docx can read hyperlinks but not add them)."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    previous = run._r.getprevious()
    link = previous if _same_link(previous, r_id) else None
    if link is None:
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), r_id)
        run._r.addprevious(link)
    link.append(run._r)
    set_run_style(run, HYPERLINK)


def _same_link(element: object, r_id: str) -> bool:
    return getattr(element, "tag", None) == qn("w:hyperlink") and element.get(qn("r:id")) == r_id  # type: ignore[attr-defined]
