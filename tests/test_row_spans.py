"""Cells that span rows (`rows: N`) and table captions, through every stage (issue 25, points 3 and 4).

The fixture tests/fixtures/rowspans is a two-version plan whose action table has a lead
cell ("Gangs & CSE subgroup") spanning four rows and a timescale spanning two; version
2.0 rewords the lead cell and nothing else.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import lxml.html
import pdfplumber
import pytest
import yaml
from click.testing import CliRunner, Result

from csa.build.pipeline import Project, build
from csa.cli import cli

from .conftest import MINI, ROOT, copy_project
from .helpers import libreoffice_convert, needs_libreoffice, replace_once

ROWSPANS = Path(__file__).resolve().parent / "fixtures" / "rowspans"
CHAPTER = "content/plan/versions/{}/01-actions.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(project), *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(ROWSPANS, tmp_path / "project")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture built once in every format (read only)."""
    project = tmp_path_factory.mktemp("rowspans") / "project"
    shutil.copytree(ROWSPANS, project)
    shutil.copytree(ROOT / "templates", project / "templates")
    build(Project(project), project / "output")
    return project / "output" / "plan"


def action_rows(page: Path) -> list[list[tuple[str, str, str]]]:
    """(tag, rowspan, words) of each cell of each body row of the action table in an HTML page."""
    table = next(t for t in lxml.html.fromstring(page.read_bytes()).xpath("//table") if "Map the" in t.text_content())
    return [
        [(c.tag, c.get("rowspan", ""), " ".join(c.text_content().split())) for c in row]
        for row in table.xpath("tbody/tr")
    ]


def test_a_cell_spanning_rows_is_written_once_with_rowspan(built: Path) -> None:
    assert action_rows(built / "1.0/plan-1.0.html") == [
        [
            ("th", "", "Map the county lines that reach the district"),
            ("td", "4", "Gangs & CSE subgroup"),
            ("td", "2", "Ongoing"),
        ],
        [("th", "", "Train taxi drivers to spot exploitation")],
        [("th", "", "Share intelligence with schools"), ("td", "", "March 2021")],
        [("th", "", "Review the subgroup's plan"), ("td", "", "Every year")],
        [("th", "", "Fund youth outreach"), ("td", "", "Community Safety Unit"), ("td", "", "Quarterly")],
    ]


def test_the_caption_prints_in_html_pdf_and_word(built: Path) -> None:
    page = lxml.html.fromstring((built / "1.0/plan-1.0.html").read_bytes())
    assert page.xpath("//table[@id='action-plan']/caption/text()") == ["Gangs and child sexual exploitation"]
    assert "Gangs and child sexual exploitation\nAction Lead Timescale" in pdf_text(built / "1.0/plan-1.0.pdf")
    document = docx.Document(str(built / "1.0/plan-1.0.docx"))
    captions = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Caption"]
    assert captions == ["Gangs and child sexual exploitation"]


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_the_pdf_prints_a_spanning_cell_once_beside_its_first_row(built: Path) -> None:
    text = pdf_text(built / "1.0/plan-1.0.pdf")
    assert text.count("Gangs & CSE subgroup") == 1
    assert text.count("Ongoing") == 1
    assert "Map the county lines that reach the district Gangs & CSE subgroup Ongoing" in text
    assert "\nTrain taxi drivers to spot exploitation\n" in text  # the covered columns stay empty
    assert "\nShare intelligence with schools March 2021\n" in text


def test_the_pdf_draws_no_rule_across_a_spanning_cell(built: Path) -> None:
    """The lead cell's box runs down four rows: no horizontal rule crosses the Lead column between them."""
    with pdfplumber.open(built / "1.0/plan-1.0.pdf") as pdf:
        page = next(p for p in pdf.pages if "Gangs & CSE" in (p.extract_text() or ""))
        words = page.extract_words()
        top = next(w for w in words if w["text"] == "Map")["top"]
        lead = next(w for w in words if w["text"] == "Gangs" and abs(w["top"] - top) < 1)  # not the caption's
        bottom = next(w for w in words if w["text"] == "Review")["bottom"]  # the last row it spans
        ruled = [e for e in page.edges if e["orientation"] == "h" and top < e["top"] < bottom]
        rules = [e for e in ruled if e["x0"] <= lead["x0"] <= e["x1"]]
        assert rules == []
        assert len({round(e["top"]) for e in ruled}) == 3  # the first column's four rows are still ruled apart


def test_word_merges_a_spanning_cell_down_and_reading_it_back_gives_the_same_yaml(project: Path) -> None:
    shutil.rmtree(project / "content/plan/versions/2.0")
    out = project.parent / "exported"
    assert run(project, "build", "--version", "1.0", "--format", "docx", "--out", str(out)).exit_code == 0
    exported = out / "plan/1.0/plan-1.0.docx"
    body = zipfile.ZipFile(exported).read("word/document.xml").decode()
    assert body.count('<w:vMerge w:val="restart"/>') == 2
    assert body.count("<w:vMerge/>") == 3 + 1  # the lead cell continues in 3 rows, the timescale in 1

    result = run(project, "import", str(exported), "--version", "2.0", "--date", "May 2021")
    assert result.exit_code == 0, result.output
    assert "merged" not in result.output
    before, after = (yaml.safe_load((project / CHAPTER.format(v)).read_text()) for v in ("1.0", "2.0"))
    assert after == before
    assert run(project, "validate").exit_code == 0


def test_bad_row_spans_are_errors_with_their_places(project: Path) -> None:
    chapter = project / CHAPTER.format("1.0")
    replace_once(chapter, "{text: Ongoing, rows: 2}", "{text: Ongoing, rows: 6}")
    replace_once(chapter, "          - Every year\n", "          - Every year\n          - Annually\n")
    result = run(project, "validate")
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if "01-actions.yaml" in line and "1.0" in line]
    assert problems[0] == (
        "content/plan/versions/1.0/01-actions.yaml:12:13: table cell spans 6 rows but only 4 rows follow it"
        " in the table (expected rows: 5 at most)"
    )
    assert any(
        p.startswith("content/plan/versions/1.0/01-actions.yaml:16:11: table row's cells cover 3 columns, but a cell")
        and "leave out the cells a cell above covers with rows:, or make its rows: smaller" in p
        for p in problems
    )


def test_a_cell_overlapping_one_spanning_down_is_an_error_at_the_cell(project: Path) -> None:
    chapter = project / CHAPTER.format("1.0")
    replace_once(
        chapter, "        - - Train taxi drivers to spot exploitation\n", "        - - {text: Train, span: 2}\n"
    )
    result = run(project, "validate")
    assert result.exit_code == 1
    assert (
        "content/plan/versions/1.0/01-actions.yaml:13:13: table cell overlaps the cell above it at line 11,"
        " which spans down into this row (rows: 4) (leave the covered cell out of this row, or make rows: smaller)"
    ) in result.output
    assert "problem(s) found" in result.output.splitlines()[-1]
    assert len([line for line in result.output.splitlines() if ":13:" in line]) == 1  # said once


def test_a_header_cell_cannot_span_into_the_body(project: Path) -> None:
    replace_once(
        project / CHAPTER.format("1.0"),
        "header: [Action, Lead, Timescale]",
        "header: [Action, {text: Lead, rows: 2}, Timescale]",
    )
    result = run(project, "validate")
    assert (
        "table cell spans 2 rows but no row follows it in the header rows (expected rows: 1 at most)" in result.output
    )


def test_the_change_log_and_redline_name_a_changed_spanning_cell_once(built: Path, project: Path) -> None:
    result = run(project, "changelog", "2.0")
    assert result.exit_code == 0, result.output
    assert "Ch.1 - 1 table row revised" in result.output
    rows = action_rows(built / "2.0/plan-2.0-changes-since-1.0.html")
    assert rows[0][1][:2] == ("td", "4")
    assert rows[0][1][2] == "Gangs [deleted: & ][inserted: and ]CSE subgroup"
    assert sum("deleted" in cell[2] for row in rows for cell in row) == 1


def tracked_cells(path: Path, row_start: str) -> list[tuple[str, str, str]]:
    """(vMerge, deleted, inserted) words of each cell of the row whose first cell starts with `row_start`."""
    document = docx.Document(str(path))
    body = document.element.body
    row = next(tr for tr in body.iter(f"{W}tr") if "".join(tr.itertext()).startswith(row_start))
    cells = []
    for tc in row.iter(f"{W}tc"):
        merge = tc.find(f"{W}tcPr/{W}vMerge")
        state = "" if merge is None else merge.get(f"{W}val", "continue")
        deleted = "".join(t.text or "" for t in tc.iter(f"{W}delText"))
        inserted = "".join(t.text or "" for ins in tc.iter(f"{W}ins") for t in ins.iter(f"{W}t"))
        cells.append((state, deleted, inserted))
    return cells


def test_word_tracked_changes_mark_a_spanning_cell_once_and_a_cell_beside_a_covered_one(project: Path) -> None:
    replace_once(project / CHAPTER.format("2.0"), "March 2021", "April 2021")
    out = project / "output"
    assert run(project, "build", "--version", "2.0", "--format", "docx", "--out", str(out)).exit_code == 0
    redline = out / "plan/2.0/plan-2.0-changes-since-1.0.docx"
    assert tracked_cells(redline, "Map the county") == [("", "", ""), ("restart", "& ", "and "), ("restart", "", "")]
    assert tracked_cells(redline, "Train taxi") == [("", "", ""), ("continue", "", ""), ("continue", "", "")]
    assert tracked_cells(redline, "Share intelligence") == [
        ("", "", ""),
        ("continue", "", ""),
        ("", "March ", "April "),
    ]


def merged_down_plan(document: docx.document.Document) -> None:
    """A plan as a council writes it in Word: a caption above a table whose lead and date are merged down."""
    document.add_heading("1. Actions", 1)
    document.add_paragraph("What the partnership will do.")
    document.add_paragraph("Priorities & cross cutting themes", style="Caption")
    table = document.add_table(rows=6, cols=3)
    for column, words in enumerate(["Action", "Lead", "Timescale"]):
        table.cell(0, column).text = words
    actions = ["Map the county lines", "Train taxi drivers", "Share intelligence", "Review the plan"]
    for row, words in enumerate(actions, start=1):
        table.cell(row, 0).text = words
    table.cell(1, 1).text, table.cell(1, 2).text = "Gangs & CSE subgroup", "Ongoing"
    table.cell(1, 1).merge(table.cell(4, 1))
    table.cell(1, 2).merge(table.cell(4, 2))
    for column, words in enumerate(["Fund youth outreach", "Community Safety Unit", "Quarterly"]):
        table.cell(5, column).text = words
    table.rows[0]._tr.get_or_add_trPr().append(docx.oxml.OxmlElement("w:tblHeader"))
    document.add_paragraph("Under the table.")


MERGED_DOWN_TABLE = {
    "caption": "Priorities & cross cutting themes",
    "header": ["Action", "Lead", "Timescale"],
    "rows": [
        ["Map the county lines", {"text": "Gangs & CSE subgroup", "rows": 4}, {"text": "Ongoing", "rows": 4}],
        ["Train taxi drivers"],
        ["Share intelligence"],
        ["Review the plan"],
        ["Fund youth outreach", "Community Safety Unit", "Quarterly"],
    ],
}


def import_into_demo(tmp_path: Path, path: Path) -> tuple[Result, dict[str, object]]:
    demo = copy_project(MINI, tmp_path / "demo")
    result = run(demo, "import", str(path), "--version", "2.0", "--date", "May 2021")
    assert result.exit_code == 0, result.output
    chapter = yaml.safe_load((demo / "content/demo/versions/2.0/01-actions.yaml").read_text())
    assert run(demo, "validate").exit_code == 0
    return result, chapter


@needs_libreoffice
def test_a_libreoffice_table_with_cells_merged_down_imports_as_row_spans_with_its_caption(tmp_path: Path) -> None:
    source = tmp_path / "plan.docx"
    document = docx.Document()
    merged_down_plan(document)
    document.save(str(source))
    resaved = libreoffice_convert(source, tmp_path / "libreoffice", "docx:MS Word 2007 XML")
    assert re.search(r'w:vMerge w:val="restart"', zipfile.ZipFile(resaved).read("word/document.xml").decode())
    result, chapter = import_into_demo(tmp_path, resaved)
    assert "merged" not in result.output
    assert "caption" not in result.output
    assert chapter["blocks"][1] == {"table": MERGED_DOWN_TABLE}  # type: ignore[index]


def test_a_caption_right_under_a_table_is_its_caption(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("1. Actions", 1)
    table = document.add_table(rows=2, cols=2)
    for (row, column), words in zip([(0, 0), (0, 1), (1, 0), (1, 1)], ["Area", "Lead", "Roads", "Police"], strict=True):
        table.cell(row, column).text = words
    table.rows[0]._tr.get_or_add_trPr().append(docx.oxml.OxmlElement("w:tblHeader"))
    document.add_paragraph("Table 1: Leads", style="Caption")
    document.add_paragraph("Text.")
    document.add_paragraph("Table 2: no table next to it", style="Caption")
    path = tmp_path / "below.docx"
    document.save(str(path))
    result, chapter = import_into_demo(tmp_path, path)
    assert chapter["blocks"] == [  # type: ignore[index]
        {"table": {"caption": "Table 1: Leads", "header": ["Area", "Lead"], "rows": [["Roads", "Police"]]}},
        {"paragraph": "Text."},
        {"paragraph": "Table 2: no table next to it"},
    ]
    assert 'a caption with no table or picture next to it, read as a paragraph: "Table 2' in result.output


def test_a_redline_with_a_row_removed_from_under_a_span_keeps_every_cell_in_its_column(project: Path) -> None:
    chapter = project / CHAPTER.format("2.0")
    replace_once(chapter, "        - - Train taxi drivers to spot exploitation\n", "")
    replace_once(chapter, "{text: Gangs and CSE subgroup, rows: 4}", "{text: Gangs and CSE subgroup, rows: 3}")
    replace_once(chapter, "{text: Ongoing, rows: 2}", "Ongoing")
    out = project / "output"
    assert run(project, "build", "--version", "2.0", "--format", "html", "--out", str(out)).exit_code == 0
    rows = action_rows(out / "plan/2.0/plan-2.0-changes-since-1.0.html")
    assert [[words for _, _, words in row] for row in rows] == [
        ["Map the county lines that reach the district", "Gangs [deleted: & ][inserted: and ]CSE subgroup", "Ongoing"],
        ["[deleted row: Train taxi drivers to spot exploitation] Deleted", "", ""],
        ["Share intelligence with schools", "", "March 2021"],
        ["Review the subgroup's plan", "", "Every year"],
        ["Fund youth outreach", "Community Safety Unit", "Quarterly"],
    ]
    assert {span for row in rows for _, span, _ in row} == {""}  # no span is whole across the removed row


def broken_merges(path: Path) -> list[str]:
    """Each cell Word would show merged into the one above though that one is not part of a merge (Word's rule)."""
    broken = []
    for tbl in docx.Document(str(path)).element.body.iter(f"{W}tbl"):
        above: dict[int, str] = {}
        for tr in tbl.iter(f"{W}tr"):
            column = 0
            for tc in tr.findall(f"{W}tc"):
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                state = "" if merge is None else merge.get(f"{W}val", "continue")
                if state == "continue" and above.get(column, "") == "":
                    broken.append(f"{''.join(tr.itertext())[:30]!r}, column {column + 1}")
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                width = 1 if span is None else int(span.get(f"{W}val"))
                for covered in range(column, column + width):
                    above[covered] = state
                column += width
    return broken


def tracked_redline(project: Path, *edits: tuple[str, str]) -> Path:
    """The 2.0 redline .docx after `edits` (old, new) to 2.0's chapter."""
    for old, new in edits:
        replace_once(project / CHAPTER.format("2.0"), old, new)
    out = project / "output"
    result = run(project, "build", "--version", "2.0", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "plan/2.0/plan-2.0-changes-since-1.0.docx"


def deleted_row(path: Path, row_start: str) -> bool:
    document = docx.Document(str(path))
    row = next(tr for tr in document.element.body.iter(f"{W}tr") if "".join(tr.itertext()).startswith(row_start))
    return row.find(f"{W}trPr/{W}del") is not None


def test_word_tracked_changes_keep_a_span_whole_over_a_row_deleted_inside_it(project: Path) -> None:
    redline = tracked_redline(
        project,
        ("        - - Train taxi drivers to spot exploitation\n", ""),
        ("{text: Gangs and CSE subgroup, rows: 4}", "{text: Gangs and CSE subgroup, rows: 3}"),
        ("{text: Ongoing, rows: 2}", "Ongoing"),  # its span ended with the deleted row
    )
    assert broken_merges(redline) == []
    assert deleted_row(redline, "Train taxi")
    assert tracked_cells(redline, "Map the county") == [("", "", ""), ("restart", "& ", "and "), ("", "", "")]
    # the lead's merge runs on over the deleted row; the timescale's covered cell there is a cell of its own
    assert tracked_cells(redline, "Train taxi") == [
        ("", "Train taxi drivers to spot exploitation", ""),
        ("continue", "", ""),
        ("", "", ""),
    ]
    assert tracked_cells(redline, "Share intelligence")[1] == ("continue", "", "")


def test_word_tracked_changes_start_a_span_again_under_a_deleted_row_that_started_it(project: Path) -> None:
    redline = tracked_redline(
        project,
        (
            "        - - Map the county lines that reach the district\n"
            "          - {text: Gangs and CSE subgroup, rows: 4}\n"
            "          - {text: Ongoing, rows: 2}\n"
            "        - - Train taxi drivers to spot exploitation\n",
            "        - - Train taxi drivers to spot exploitation\n"
            "          - {text: Gangs and CSE subgroup, rows: 3}\n"
            "          - Ongoing\n",
        ),
    )
    assert broken_merges(redline) == []
    assert deleted_row(redline, "Map the county")
    assert tracked_cells(redline, "Map the county")[1:] == [
        ("restart", "Gangs & CSE subgroup", ""),
        ("restart", "Ongoing", ""),
    ]
    assert tracked_cells(redline, "Train taxi")[1] == ("restart", "", "Gangs and CSE subgroup")
    assert [cells[1][0] for cells in map(lambda r: tracked_cells(redline, r), ["Share", "Review"])] == [
        "continue",
        "continue",
    ]


def test_word_tracked_changes_take_a_deleted_rows_cell_into_a_span_grown_over_it(project: Path) -> None:
    redline = tracked_redline(
        project,
        ("        - - Share intelligence with schools\n          - March 2021\n", ""),
        ("{text: Gangs and CSE subgroup, rows: 4}", "{text: Gangs and CSE subgroup, rows: 3}"),
        ("{text: Ongoing, rows: 2}", "{text: Ongoing, rows: 3}"),
        ("          - Every year\n", ""),
    )
    assert broken_merges(redline) == []
    assert deleted_row(redline, "Share intelligence")
    assert tracked_cells(redline, "Share intelligence")[2] == ("continue", "", "")
    # the deleted words are still shown, in the merged cell
    assert tracked_cells(redline, "Map the county")[2] == ("restart", "March 2021", "")
    assert tracked_cells(redline, "Review the")[2][0] == "continue"


def test_word_tracked_changes_name_a_spanning_cell_s_new_words_once(project: Path) -> None:
    redline = tracked_redline(project)  # 2.0 rewords the lead cell that spans four rows
    assert broken_merges(redline) == []
    document = zipfile.ZipFile(redline).read("word/document.xml").decode()
    # one change in the whole document, in the cell the span starts at
    assert re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", document) == ["&amp; "]
    assert re.findall(r"<w:ins [^>]*><w:r><w:t[^>]*>([^<]*)</w:t>", document) == ["and "]
    assert tracked_cells(redline, "Map the county")[1] == ("restart", "& ", "and ")
