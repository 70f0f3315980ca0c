"""Footnotes as real Word footnotes (python-docx has no API for them: the part is built with lxml).

Each label's first citation in a chapter gets a Word footnote whose mark is the
number the PDF prints (w:customMarkFollows), so a document numbered chapter by
chapter keeps its numbers; a later citation of the same label prints that number
as a footnote reference would, without a second note. Each note's text is
bookmarked as the part "<chapter>/footnote-<label>" (word/common/ids.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.story import StoryPart
from docx.text.paragraph import Paragraph as DocxParagraph

from csa.inline import Citation
from csa.model import Footnote
from csa.word.common import styles
from csa.word.common.ids import IdRecorder

_EMPTY = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)

# Writes a note's text into its paragraph (runs.add_inline, given by the export to avoid a cycle).
TextWriter = Callable[[DocxParagraph, str], None]


class _Parent:
    """What a python-docx Paragraph needs of its parent: the part it lives in (for links and styles)."""

    def __init__(self, part: StoryPart) -> None:
        self.part = part


class Footnotes:
    """The document's footnotes part, made when the first note is cited."""

    def __init__(self, docx: DocxDocument, notes: Mapping[tuple[str, str], Footnote], ids: IdRecorder) -> None:
        self.docx, self.notes, self.ids = docx, notes, ids
        self.part: StoryPart | None = None
        self.count = 0

    def cite(self, paragraph: DocxParagraph, citation: Citation, write_text: TextWriter) -> None:
        """The citation's mark in `paragraph`; at a label's first citation, the note itself."""
        note = self.notes.get((citation.chapter, citation.label))
        run = paragraph.add_run()
        styles.set_run_style(run, styles.FOOTNOTE_REFERENCE)
        if citation.occurrence == 1 and note is not None:
            self.count += 1
            reference = OxmlElement("w:footnoteReference")
            reference.set(qn("w:customMarkFollows"), "1")
            reference.set(qn("w:id"), str(self.count))
            run._r.append(reference)
            self._add_note(self.count, citation, note, write_text)
        run.add_text(str(citation.number))

    def _add_note(self, number: int, citation: Citation, note: Footnote, write_text: TextWriter) -> None:
        footnote = OxmlElement("w:footnote")
        footnote.set(qn("w:id"), str(number))
        p = OxmlElement("w:p")
        footnote.append(p)
        self._part().element.append(footnote)
        paragraph = DocxParagraph(p, _Parent(self._part()))
        styles.set_style(paragraph, styles.FOOTNOTE_TEXT)
        styles.set_run_style(paragraph.add_run(str(citation.number)), styles.FOOTNOTE_REFERENCE)
        paragraph.add_run(" ")
        write_text(paragraph, note.text)
        self.ids.mark(paragraph, "footnote", citation.chapter, f"{citation.chapter}/footnote-{note.label}", note.label)

    def _part(self) -> StoryPart:
        if self.part is None:
            package = self.docx.part.package
            self.part = StoryPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(_EMPTY), package)
            self.docx.part.relate_to(self.part, RT.FOOTNOTES)
            settings = self.docx.settings.element
            properties = parse_xml(
                f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
            )
            # schema order: footnotePr comes after w:characterSpacingControl and before w:compat
            anchor = settings.find(qn("w:compat"))
            if anchor is not None:
                anchor.addprevious(properties)
            else:
                settings.append(properties)
        return self.part
