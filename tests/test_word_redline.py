"""The redline as a Word document: tracked changes read by clients nobody here wrote (pandoc, LibreOffice)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from csa.diff.words import word_spans
from csa.word.tracked import Tracker

PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="pandoc is installed by ./setup.sh --test")
DATE = dt.date(2020, 4, 1)
TABLE_RULE = re.compile(r"[-=+|:]{3,}")  # how pandoc's plain text draws a table's lines


def pandoc_text(data: bytes, changes: str) -> str:
    """The document's words as pandoc reads them with tracked changes accepted, rejected or all shown."""
    assert PANDOC is not None
    done = subprocess.run(
        [PANDOC, f"--track-changes={changes}", "-f", "docx", "-t", "plain", "--wrap=none"],
        input=data,
        capture_output=True,
        check=True,
    )
    return " ".join(w for w in done.stdout.decode("utf-8").split() if not TABLE_RULE.fullmatch(w))


def saved(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- the low-level writer on a document made here ----------------------------------


@needs_pandoc
def test_words_inside_a_formatted_paragraph_accept_to_new_and_reject_to_old() -> None:
    document = docx.Document()
    p = document.add_paragraph()
    p.add_run("The ")
    p.add_run("quick brown").bold = True
    p.add_run(" fox jumps over the dog.")
    tracker = Tracker("Kent CSP", DATE)
    old, new = "The slow brown fox jumped over the lazy dog.", "The quick brown fox jumps over the dog."
    tracker.words([p._p], word_spans(old, new))
    data = saved(document)
    assert pandoc_text(data, "accept") == new
    assert pandoc_text(data, "reject") == old
    runs = docx.Document(io.BytesIO(data)).paragraphs[0]._p
    inserted = runs.findall(qn("w:ins"))
    assert [i.get(qn("w:author")) for i in inserted] == ["Kent CSP", "Kent CSP"]
    assert {i.get(qn("w:date")) for i in inserted} == {"2020-04-01T00:00:00Z"}
    # the inserted word keeps the bold of the run it was written in
    assert inserted[0].find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:b')}") is not None
    deleted = "".join(t.text or "" for t in runs.iter(qn("w:delText")))
    assert deleted == "slow jumped lazy "


@needs_pandoc
def test_words_across_paragraphs_of_one_cell_and_a_deletion_at_the_start() -> None:
    document = docx.Document()
    first, second = document.add_paragraph("Kent Police"), document.add_paragraph("and partners")
    old, new = "The Kent Police and all partners", "Kent Police and partners"
    Tracker("A", DATE).words([first._p, second._p], word_spans(old, new))
    data = saved(document)
    assert pandoc_text(data, "accept") == new
    assert pandoc_text(data, "reject") == old


@needs_pandoc
def test_whole_paragraphs_rows_and_moves() -> None:
    document = docx.Document()
    tracker = Tracker("Kent CSP", DATE, first_id=500)
    document.add_paragraph("Kept.")
    tracker.paragraph(document.add_paragraph("Added paragraph.")._p, "ins")
    tracker.paragraph(document.add_paragraph("Removed paragraph.")._p, "del")
    moved_from = document.add_paragraph("Moved words.")
    document.add_paragraph("Between.")
    moved_to = document.add_paragraph("Moved words.")
    tracker.move([moved_from._p], [moved_to._p])
    table = document.add_table(rows=3, cols=2)
    for n, row in enumerate(table.rows):
        row.cells[0].text, row.cells[1].text = f"name{n}", f"value{n}"
    tracker.row(table.rows[1]._tr, "del")
    tracker.row(table.rows[2]._tr, "ins")
    data = saved(document)
    assert pandoc_text(data, "accept") == "Kept. Added paragraph. Between. Moved words. name0 value0 name2 value2"
    assert pandoc_text(data, "reject") == "Kept. Removed paragraph. Moved words. Between. name0 value0 name1 value1"
    body = docx.Document(io.BytesIO(data)).element.body
    ids = [int(e.get(qn("w:id"))) for e in body.iter() if e.get(qn("w:author"))]
    assert len(set(ids)) == len(ids) and min(ids) == 500
    # both ends of the move are named alike, and the deleted row is marked on the row itself
    starts = [e.get(qn("w:name")) for e in body.iter(qn("w:moveFromRangeStart"), qn("w:moveToRangeStart"))]
    assert starts == ["csa-move-1", "csa-move-1"]
    rows = body.findall(f"{qn('w:tbl')}/{qn('w:tr')}")
    assert rows[1].find(f"{qn('w:trPr')}/{qn('w:del')}") is not None
    assert rows[2].find(f"{qn('w:trPr')}/{qn('w:ins')}") is not None
