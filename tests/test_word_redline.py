"""The redline as a Word document: tracked changes read by clients nobody here wrote (pandoc, LibreOffice)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from lxml import etree

from csa.build.pipeline import load_documents
from csa.cli import cli
from csa.diff.changelog import version_control_rows
from csa.project import Project
from csa.render.env import make_env
from csa.textdiff.words import word_spans
from csa.word.export import export_docx
from csa.word.redline.tracked import Tracker

from .conftest import ROOT, copy_project, normalise
from .helpers import (
    FOOTNOTES,
    blocks,
    edit_chapter,
    libreoffice_convert,
    needs_libreoffice,
    replace_once,
    with_revised_notes,
)

PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(PANDOC is None, reason="pandoc is installed by ./setup.sh --test")
DATE = dt.date(2020, 4, 1)
TABLE_RULE = re.compile(r"[-=+|:]+")  # how pandoc draws tables and bullets in plain text


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


# -- the redline of two versions ----------------------------------------------------


CHANGES = (qn("w:ins"), qn("w:del"))


def every_text(element: Any) -> str:
    """All the text in an element, deleted text too."""
    return "".join(t.text or "" for t in element.iter(qn("w:t"), qn("w:delText")))


def chapters_text(data: bytes, changes: str) -> dict[str, list[str]]:
    """Each chapter's words (by its Heading 1), as pandoc reads the document; the back page left out.

    A list item or table row whose words are all deleted stays behind in pandoc as an
    empty bullet or row (Word and LibreOffice remove it): bullets are not compared.
    Footnotes come at the end of the last chapter, as pandoc's plain text puts them.
    """
    assert PANDOC is not None
    done = subprocess.run(
        [PANDOC, f"--track-changes={changes}", "-f", "docx+styles", "-t", "json"],
        input=data,
        capture_output=True,
        check=True,
    )
    read = json.loads(done.stdout)
    blocks: list[Any] = []
    for block in read["blocks"]:
        if block["t"] == "Header" and block["c"][0] == 1:
            blocks += [_marker(CHAPTER), block, _marker(BODY)]
        elif not (block["t"] == "Div" and _custom_style(block).startswith("Back Page")):
            blocks.append(block)
    words = plain_words(blocks, read["pandoc-api-version"])
    chapters: dict[str, list[str]] = {}
    for section in " ".join(words).split(CHAPTER)[1:]:
        title, body = section.split(BODY)
        chapters[" ".join(title.split())] = body.split()
    return chapters


CHAPTER, BODY = "⁣chapter⁣", "⁣body⁣"  # invisible separators no text has


def _marker(text: str) -> dict[str, Any]:
    return {"t": "Para", "c": [{"t": "Str", "c": text}]}


def _custom_style(div: dict[str, Any]) -> str:
    attributes = dict(div["c"][0][2])
    return str(attributes.get("custom-style", ""))


def plain_words(blocks: list[Any], api: list[int]) -> list[str]:
    """The words of pandoc blocks (JSON of pandoc API version `api`) as plain text."""
    assert PANDOC is not None
    document = {"pandoc-api-version": api, "meta": {}, "blocks": blocks}
    done = subprocess.run(
        [PANDOC, "-f", "json", "-t", "plain", "--wrap=none"],
        input=json.dumps(document).encode(),
        capture_output=True,
        check=True,
    )
    return [w for w in done.stdout.decode("utf-8").split() if not TABLE_RULE.fullmatch(w)]


def exported(root: Path, number: str) -> bytes:
    """Version `number` as the plain Word export writes it: what the redline is checked against."""
    project = Project(root)
    document = load_documents(project)[0]
    version = document.version(number)
    assert version is not None
    rows = version_control_rows(document, version)
    return export_docx(
        make_env(project.templates), document, version, rows, project.version_dir(document.id, version.folder)
    )


def redline_of(root: Path, old: str, new: str, out: Path, *options: str) -> bytes:
    result = CliRunner().invoke(
        cli, ["--root", str(root), "diff", old, new, "--format", "docx", "-o", str(out), *options]
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def assert_same_chapters(redline: dict[str, list[str]], version: dict[str, list[str]]) -> None:
    chapters = {title: words for title, words in version.items() if title in redline}
    assert list(chapters) == [t for t in redline if t in version], "chapters in another order"
    assert len(chapters) == len(redline) - 2, f"chapters missing: {set(redline) ^ set(version)}"  # the summary's two
    for title, words in chapters.items():
        assert " ".join(redline[title]) == " ".join(words), title


@pytest.fixture(scope="session")
def kent_redline(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return redline_of(ROOT, "2.0", "4.0", tmp_path_factory.mktemp("redline") / "kent.docx")


@needs_pandoc
def test_kent_redline_accepted_is_4_0_and_rejected_is_2_0(kent_redline: bytes) -> None:
    assert_same_chapters(chapters_text(kent_redline, "accept"), chapters_text(exported(ROOT, "4.0"), "accept"))
    assert_same_chapters(chapters_text(kent_redline, "reject"), chapters_text(exported(ROOT, "2.0"), "accept"))


def test_kent_changes_are_by_the_partnership_on_the_date_of_4_0(kent_redline: bytes) -> None:
    body = docx.Document(io.BytesIO(kent_redline)).element.body
    changes = list(body.iter(qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")))
    assert len(changes) > 200
    assert {c.get(qn("w:author")) for c in changes} == {"Kent Community Safety Partnership"}
    assert {c.get(qn("w:date")) for c in changes} == {"2020-04-01T00:00:00Z"}
    ids = [c.get(qn("w:id")) for c in changes]
    assert len(set(ids)) == len(ids)
    bookmarks = {b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))}
    assert not bookmarks & set(ids)
    # words deleted and inserted where 4.0 reworded 2.0 (Appendix A's introduction)
    deleted = "".join(t.text or "" for t in body.iter(qn("w:delText")))
    inserted = "".join(t.text or "" for i in body.iter(qn("w:ins")) for t in i.iter(qn("w:t")))
    assert "in late 2017 - early 2018, " in deleted and "to date (February 2020), " in inserted


def test_kent_summary_comes_first_untracked(kent_redline: bytes) -> None:
    document = docx.Document(io.BytesIO(kent_redline))
    paragraphs = document.paragraphs
    first_chapter = next(i for i, p in enumerate(paragraphs) if p.text == "Foreword")
    summary = paragraphs[:first_chapter]
    assert [p.text for p in summary if p.style.name == "Title"] == ["Changes to the Kent Community Safety Agreement"]
    assert [p.text for p in summary if p.style.name == "Heading 1"] == ["Version-control row", "Changes per chapter"]
    bullets = [p.text for p in summary if p.style.name == "List Bullet"]
    assert bullets[0] == "Refreshed Kent Community Safety Agreement (CSA)"
    assert "Ch.5 - 1 paragraph revised; 3 list items revised; 4 list items added; 4 list items removed" in bullets
    counts = document.tables[0]
    assert [c.text for c in counts.rows[0].cells] == ["Chapter", "Changes", "Words inserted", "Words deleted"]
    assert len(counts.rows) == 1 + 14
    assert not any(p._p.xpath(".//w:ins | .//w:del") for p in summary)
    assert (
        paragraphs[first_chapter].paragraph_format.page_break_before
        or paragraphs[first_chapter].style.paragraph_format.page_break_before
    )


def test_kent_redline_is_the_same_bytes_each_time(kent_redline: bytes, tmp_path: Path) -> None:
    assert redline_of(ROOT, "2.0", "4.0", tmp_path / "again.docx") == kent_redline


# -- small edits made here ------------------------------------------------------------


def _edit_introduction(data: dict[str, Any]) -> None:
    body = blocks(data)
    body.insert(2, body.pop(1))  # "An unnumbered paragraph." now after the sub-heading
    body[3]["numbered"] = "Second numbered paragraph with plain words."
    body[4]["bullets"][0] = "One and a half"
    body[4]["bullets"].append("Three")


def _edit_leads(data: dict[str, Any]) -> None:
    rows = blocks(data)[1]["table"]["rows"]
    rows.pop(1)  # Road Safety
    rows.append(["Hate Crime", "Chair of the Prevent Board"])
    rows[0][1] = "Chair of the DASV Group"


@pytest.fixture
def edited(pair: Path) -> Path:
    """The demo with 2.0 edited: a paragraph moved, words replaced, list items and table rows added and removed."""
    edit_chapter(pair, "01-introduction.yaml", _edit_introduction)
    edit_chapter(pair, "02-leads.yaml", _edit_leads)
    edit_chapter(pair, "03-plans.yaml", lambda d: blocks(d).append({"paragraph": "Plans are reviewed yearly."}))
    return pair


@needs_pandoc
def test_small_edits_accept_to_the_new_version_and_reject_to_the_old(edited: Path) -> None:
    data = redline_of(edited, "1.0", "2.0", edited / "redline.docx")
    assert_same_chapters(chapters_text(data, "accept"), chapters_text(exported(edited, "2.0"), "accept"))
    assert_same_chapters(chapters_text(data, "reject"), chapters_text(exported(edited, "1.0"), "accept"))


def test_moved_paragraph_is_a_word_move(edited: Path) -> None:
    body = docx.Document(io.BytesIO(redline_of(edited, "1.0", "2.0", edited / "r.docx"))).element.body
    moved = {}
    for end in ("moveFrom", "moveTo"):
        (start,) = body.iter(qn(f"w:{end}RangeStart"))
        paragraph = start.getparent()
        moved[end] = (start.get(qn("w:name")), "".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
        assert paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn(f'w:{end}')}") is not None  # its mark moves too
        (range_end,) = body.iter(qn(f"w:{end}RangeEnd"))
        assert range_end.get(qn("w:id")) == start.get(qn("w:id"))
    assert moved["moveFrom"] == moved["moveTo"]
    assert moved["moveTo"][1] in ("An unnumbered paragraph.", "A sub-heading")


def test_words_rows_and_items_are_tracked_where_they_changed(edited: Path) -> None:
    document = docx.Document(io.BytesIO(redline_of(edited, "1.0", "2.0", edited / "r.docx", "--author", "Jo Reviewer")))
    body = document.element.body

    def texts(tag: str, text_tag: str) -> list[str]:
        return ["".join(t.text or "" for t in mark.iter(qn(text_tag))) for mark in body.iter(qn(tag))]

    assert {m.get(qn("w:author")) for m in body.iter(qn("w:ins"), qn("w:del"))} == {"Jo Reviewer"}
    assert {m.get(qn("w:date")) for m in body.iter(qn("w:ins"))} == {"2021-04-01T00:00:00Z"}
    deleted, inserted = texts("w:del", "w:delText"), texts("w:ins", "w:t")
    assert "emphasis. " in deleted and "plain words." in inserted
    assert "Executive " in deleted and "DASV " in inserted
    assert "Three" in inserted and "Plans are reviewed yearly." in inserted
    leads = next(t for t in document.tables if every_text(t.rows[0].cells[0]._tc) == "Priority")
    row_marks = {
        every_text(row.cells[0]._tc): [m.tag for m in row._tr.iterfind(f"{qn('w:trPr')}/*") if m.tag in CHANGES]
        for row in leads.rows
    }
    assert row_marks == {
        "Priority": [],
        "Domestic Abuse": [],
        "Road Safety": [qn("w:del")],
        "Hate Crime": [qn("w:ins")],
    }


def test_author_defaults_to_the_partnership_and_the_file_name_to_the_redlines(
    edited: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(edited)
    result = CliRunner().invoke(cli, ["diff", "1.0", "2.0", "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert "wrote demo-2.0-changes-since-1.0.docx" in result.output
    body = docx.Document(str(edited / "demo-2.0-changes-since-1.0.docx")).element.body
    assert {m.get(qn("w:author")) for m in body.iter(qn("w:ins"))} == {"Demo Community Safety Partnership"}


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["diff", "1.0", "2.1", "--format", "docx"],
            "B: unknown version '2.1' (expected one of: 1.0, 2.0; did you mean",
        ),
        (["diff", "1.0", "2.0", "--format", "html", "--author", "Jo"], "--author signs Word's tracked changes"),
    ],
)
def test_usage_mistakes_exit_2(pair: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(pair)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and message in result.output
    assert not list(pair.glob("*.docx"))


# -- LibreOffice opens it and shows the changes ----------------------------------------


@needs_libreoffice
def test_libreoffice_opens_the_kent_redline_and_shows_both_texts(kent_redline: bytes, tmp_path: Path) -> None:
    source = tmp_path / "kent.docx"
    source.write_bytes(kent_redline)
    converted = libreoffice_convert(source, tmp_path, "pdf", timeout=240)
    pages = [normalise(p.extract_text()) for p in pypdf.PdfReader(converted).pages]
    assert 20 <= len(pages) <= 40
    assert pages[0].startswith("Kent Community Safety Partnership Changes to the Kent Community Safety Agreement")
    # shown as Word shows tracked changes: deleted and inserted words side by side
    text = " ".join(pages)
    assert "in late 2017 - early 2018, to date (February 2020)," in text


@needs_pandoc
def test_revised_footnote_text_is_tracked_in_the_note(tmp_path: Path) -> None:
    root = copy_project(FOOTNOTES, tmp_path / "sources")
    with_revised_notes(root)  # note 2 reworded; a new paragraph citing a new note
    edit = root / "content/sources/versions/2.0/02-reoffending.yaml"
    replace_once(edit, "  - numbered: Proven reoffending fell to 25%.[^moj]\n", "")  # its note's first citation removed
    data = redline_of(root, "1.0", "2.0", tmp_path / "r.docx")
    assert_same_chapters(chapters_text(data, "accept"), chapters_text(exported(root, "2.0"), "accept"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert [n for n in package.namelist() if n.endswith("footnotes.xml")] == ["word/footnotes.xml"]
        notes = etree.fromstring(package.read("word/footnotes.xml"))
        body = etree.fromstring(package.read("word/document.xml"))
    ids = [m.get(qn("w:id")) for root in (body, notes) for m in root.iter(*CHANGES)]
    assert len(ids) == len(set(ids)), "a change id used twice across the text and its notes"
    deleted = [every_text(d) for d in notes.iter(qn("w:del"))]
    inserted = [every_text(i) for i in notes.iter(qn("w:ins"))]
    assert "2018/19 " in deleted and "2019/20" in inserted
    assert "Office for National Statistics, Crime in England and Wales" in "".join(inserted)


def test_a_heading_moved_down_a_level_is_a_tracked_style_change(pair: Path) -> None:
    def demote(data: dict[str, Any]) -> None:
        blocks(data)[2] = {"heading": {"text": "A sub-heading", "level": 3}}
        blocks(data).insert(2, {"heading": "Background and context"})

    edit_chapter(pair, "01-introduction.yaml", demote)
    document = docx.Document(io.BytesIO(redline_of(pair, "1.0", "2.0", pair / "r.docx")))
    (heading,) = [p for p in document.paragraphs if p.text == "A sub-heading"]
    assert heading.style.name == "Heading 3"
    (change,) = heading._p.pPr.findall(qn("w:pPrChange"))
    assert change.get(qn("w:author")) == "Demo Community Safety Partnership"
    assert change.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == document.styles["Heading 2"].style_id


def test_kent_moves_are_word_moves_within_and_between_chapters(kent_redline: bytes) -> None:
    body = docx.Document(io.BytesIO(kent_redline)).element.body
    ends: dict[str, dict[str, str]] = {"moveFrom": {}, "moveTo": {}}
    for end, found in ends.items():
        for start in body.iter(qn(f"w:{end}RangeStart")):
            found[start.get(qn("w:name"))] = "".join(t.text or "" for t in start.getparent().iter(qn("w:t")))
    assert set(ends["moveFrom"]) == set(ends["moveTo"]) and len(ends["moveFrom"]) >= 3
    # 2.0's paragraph 3.1 is 4.0's 2.5 (the differ: "former paragraph 3.1 moved to Ch.2")
    (name,) = [n for n, text in ends["moveFrom"].items() if text.startswith("3.1.Domestic Homicide Reviews")]
    assert ends["moveTo"][name].startswith("2.5.The requirement for Community Safety Partnerships")


def test_the_build_writes_the_same_word_redline_beside_the_others(kent_output: Path, kent_redline: bytes) -> None:
    built = kent_output / "kent-csa/4.0/kent-csa-4.0-changes-since-2.0.docx"
    assert built.read_bytes() == kent_redline
