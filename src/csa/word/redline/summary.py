"""The first pages of the Word redline, untracked: what the HTML redline's summary says.

The two versions compared, how many changes and words, how Word shows them, the
proposed version-control row and the changes in each chapter (templates/redline/
redline.html.j2 says the same on the page).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from csa.diff.redline import Redline
from csa.word.common import styles

ROW_TITLE = "Version-control row"
COUNTS_TITLE = "Changes per chapter"
COUNTS_HEADER = ("Chapter", "Changes", "Words inserted", "Words deleted")


def title(redline: Redline) -> str:
    return f"Changes to the {redline.document.title}"


def write_summary(word: DocxDocument, redline: Redline, author: str) -> None:
    """The summary, ending where the first chapter starts a new page."""
    diff, document = redline.diff, redline.document
    old, new = diff.old, diff.new
    word.add_paragraph(document.partnership, style=styles.COVER_PARTNERSHIP)
    word.add_paragraph(title(redline), style="Title")
    word.add_paragraph(f"From version {old.number} ({old.date}) to version {new.number} ({new.date})", style="Subtitle")
    changed = sum(1 for view in redline.chapters if view.changes)
    inserted, deleted = redline.words
    total = redline.total
    word.add_paragraph(
        f"{total} change{'' if total == 1 else 's'} in {changed} of {len(redline.chapters)} chapters and "
        f"appendices; {inserted} words inserted, {deleted} words deleted."
    )
    word.add_paragraph(
        f"The text after these pages is version {new.number} with every change from version {old.number} "
        f"tracked, by {author} on {new.effective.isoformat()}. In Word, Review > Next steps through the changes; "
        f"accepting all of them gives version {new.number}, rejecting all of them gives version {old.number}."
    )
    _heading(word, ROW_TITLE)
    changes = [redline.row.changes[0], *(c for c in redline.row.changes[1:] if not _names_a_chapter(c))]
    changes += [f"{v.diff.chapter.short_name} - {v.entry}" for v in redline.chapters if v.entry]
    for change in changes:
        word.add_paragraph(change, style="List Bullet")
    _heading(word, COUNTS_TITLE)
    _counts(word, redline)


def _heading(word: DocxDocument, text: str) -> None:
    """A heading of the summary: it stays on the summary's page even where chapters start new pages."""
    word.add_paragraph(text, style="Heading 1").paragraph_format.page_break_before = False


def _names_a_chapter(change: str) -> bool:
    """A chapter's entry in the row: the summary lists each chapter's entry from its own view instead."""
    return change.startswith(("Ch.", "Appendix", "Foreword"))


def _counts(word: DocxDocument, redline: Redline) -> None:
    table = word.add_table(rows=1 + len(redline.chapters), cols=len(COUNTS_HEADER))
    table.style = styles.TABLE_STYLE
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header.cells, COUNTS_HEADER, strict=True):
        cell.paragraphs[0].style = styles.TABLE_HEADING
        cell.paragraphs[0].add_run(text)
    for row, view in zip(table.rows[1:], redline.chapters, strict=True):
        texts = (view.diff.chapter.heading, str(view.changes), *(str(n) for n in view.diff.words))
        for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.paragraphs[0].style = styles.TABLE_HEADING if index == 0 else styles.TABLE_TEXT
            cell.paragraphs[0].add_run(text)
