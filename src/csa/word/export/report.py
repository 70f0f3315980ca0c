"""A report document's own parts in Word: the committee-report header table where another document
has its cover, and after its sections the recommendations (numbered on from the sections, as the
page prints them), the attachments and the contacts. Same house styles as every document.
"""

from __future__ import annotations

from docx.shared import Cm

from csa.model import CommitteeHeader, Document, Version
from csa.word.common import styles
from csa.word.common.ids import REPORT_CLOSING
from csa.word.common.report import ATTACHMENTS_HEADING, CONTACTS_HEADING, contact_lines, header_rows
from csa.word.export.runs import add_inline
from csa.word.export.tables import new_table
from csa.word.export.writer import WordWriter

LABEL_WIDTH, TEXT_WIDTH = Cm(3.2), Cm(12.8)


def report_header(w: WordWriter, header: CommitteeHeader, version: Version) -> None:
    """The subject as the title, then By / To / Classification / Subject / Summary as a two-column table."""
    draft = " (draft)" if version.status == "draft" else ""
    styles.add_paragraph(w.docx, "Title", header.subject + draft)
    rows = header_rows(header)
    table = new_table(w.docx, len(rows), 2)
    for row, (label, lines) in zip(table.rows, rows, strict=True):
        heading, text = row.cells
        heading.width, text.width = LABEL_WIDTH, TEXT_WIDTH
        styles.set_style(heading.paragraphs[0], styles.TABLE_HEADING)
        heading.paragraphs[0].add_run(label)
        paragraph = text.paragraphs[0]
        styles.set_style(paragraph, styles.TABLE_TEXT)
        for index, line in enumerate(lines):
            if index:
                paragraph.add_run().add_break()
            add_inline(paragraph, line, w.inline)


def report_closing(w: WordWriter, document: Document, version: Version, header: CommitteeHeader) -> None:
    """Recommendations as the last numbered section, then attachments, contacts and the licence."""
    sections = document.settings.numbering.sections
    number = sum(1 for c in version.chapters if c.label) + 1
    before = len(w.docx.paragraphs)  # where the closing starts, to mark its first paragraph for the import
    if header.recommendations:
        styles.add_paragraph(w.docx, "Heading 1", f"{number}.0 Recommendations" if sections else "Recommendations")
        for index, text in enumerate(header.recommendations, start=1):
            paragraph = styles.add_paragraph(w.docx, styles.NUMBERED)
            if sections:
                paragraph.add_run(f"{number}.{index}\t")
            add_inline(paragraph, text, w.inline)
    if header.attachments:
        styles.add_paragraph(w.docx, "Heading 2", ATTACHMENTS_HEADING)
        for attachment in header.attachments:
            add_inline(styles.add_paragraph(w.docx), attachment, w.inline)
    if header.contacts:
        styles.add_paragraph(w.docx, "Heading 2", CONTACTS_HEADING)
        for officer in header.contacts:
            paragraph = styles.add_paragraph(w.docx)
            for index, line in enumerate(contact_lines(document, officer)):
                if index:
                    paragraph.add_run().add_break()
                add_inline(paragraph, line, w.inline)
    written = w.docx.paragraphs[before:]
    if written:
        w.ids.mark(written[0], REPORT_CLOSING, "", REPORT_CLOSING, REPORT_CLOSING)
    if document.licence:
        styles.add_paragraph(w.docx, styles.BACK_PAGE, document.licence)
