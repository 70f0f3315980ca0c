"""The action plan in Word (issues 17 and 18): actions and indicators as Word tables, the same words as the page.

The fixture (tests/fixtures/plan) is the invented vale-csa and its 2023-24 action plan: a
Domestic Abuse section with two indicators and Action | Progress actions, Road Safety with
every column (lead, due, status, measure), Anti-social Behaviour without a measure.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import lxml.html
import pytest
from click.testing import CliRunner
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table as DocxTable

from csa.build.pipeline import load_documents
from csa.cli import cli
from csa.inline import plain_text
from csa.model import ActionsBlock, Chapter, Document, Indicators, Paragraph, Version
from csa.project import Project
from csa.render.diagrams import indicator_chart_title
from csa.word.common.ids import DocxIds, bookmarks, read_ids

from .conftest import PLAN, ROOT, copy_project
from .helpers import replace_once

WORD_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
PLAN_DOC = "vale-csa-action-plan"
YEAR = f"content/{PLAN_DOC}/versions/2023-24"
DOCX = f"{PLAN_DOC}/2023-24/{PLAN_DOC}-2023-24.docx"
HTML = f"{PLAN_DOC}/2023-24/{PLAN_DOC}-2023-24.html"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture plan, with a paragraph referring to an action and to an indicator, built as HTML and .docx."""
    root = copy_project(PLAN, tmp_path_factory.mktemp("word-plan") / "project")
    replace_once(
        root / YEAR / "03-road-safety.yaml",
        "  - paragraph: Casualties on the Vale's roads fell again this year.\n",
        "  - paragraph: Casualties on the Vale's roads fell again this year.\n"
        "  - paragraph: See [](#vale-rs-speed) and [](#vale-da-incidents), [](#vale-da-referrals.down) "
        "by [](#vale-da-referrals.percent) to [](#vale-da-referrals.latest).\n",
    )
    result = CliRunner().invoke(
        cli, ["--root", str(root), "build", "-d", PLAN_DOC, "--format", "docx", "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def plan(project: Path) -> Version:
    document: Document = next(d for d in load_documents(Project(project)) if d.type == "action-plan")
    return document.versions[-1]


@pytest.fixture(scope="module")
def word(project: Path) -> DocxDocument:
    return docx.Document(str(project / "output" / DOCX))


@pytest.fixture(scope="module")
def ids(word: DocxDocument) -> DocxIds:
    found = read_ids(word)
    assert found is not None
    return found


def blocks_of(version: Version, kind: type) -> list[tuple[Chapter, object]]:
    return [(c, b) for c in version.chapters for b in c.blocks if isinstance(b, kind)]


def table_marked(word: DocxDocument, ids: DocxIds, key: str) -> DocxTable:
    """The Word table whose first cell carries the bookmark of the block `key`."""
    for table in word.tables:
        names = bookmarks(table.cell(0, 0).paragraphs[0])
        if any((a := ids.anchor(n)) is not None and a.key == key for n in names):
            return table
    raise AssertionError(f"no table is bookmarked as {key}")


def is_header_row(table: DocxTable, index: int) -> bool:
    return table.rows[index]._tr.find("w:trPr/w:tblHeader", WORD_NS) is not None


def cell_texts(table: DocxTable, index: int) -> list[str]:
    return [cell.text for cell in table.rows[index].cells]


def test_each_actions_block_is_a_table_with_the_columns_the_page_prints(
    word: DocxDocument, ids: DocxIds, plan: Version, project: Path
) -> None:
    page = lxml.html.parse(str(project / "output" / HTML)).getroot()
    found = blocks_of(plan, ActionsBlock)
    assert len(found) == 3
    headers = []
    for chapter, block in found:
        table = table_marked(word, ids, f"{chapter.id}/{block.id}")  # type: ignore[attr-defined]
        html_header = [th.text_content() for th in page.get_element_by_id(block.id).xpath("thead/tr/th")]  # type: ignore[attr-defined]
        assert cell_texts(table, 0) == html_header
        assert is_header_row(table, 0) and not is_header_row(table, 1)
        headers.append(cell_texts(table, 0))
    assert headers == [
        ["Action", "Progress"],
        ["Action", "Lead", "Due", "Status", "Measure", "Progress"],
        ["Action", "Lead", "Due", "Status", "Progress"],
    ]


def test_action_rows_print_the_action_lead_due_status_and_latest_progress(
    word: DocxDocument, ids: DocxIds, plan: Version
) -> None:
    chapter, block = next((c, b) for c, b in blocks_of(plan, ActionsBlock) if c.id == "road-safety")
    table = table_marked(word, ids, f"{chapter.id}/{block.id}")  # type: ignore[attr-defined]
    assert cell_texts(table, 1) == [
        "Run speed awareness checks with residents near schools.",
        "Vale Police Roads Policing Unit",
        "Ongoing",
        "On track",
        "Checks held each term",
        "1 March 2024\nChecks were held at six more schools.",
    ]
    assert cell_texts(table, 2)[1:4] == ["Road Safety Manager, Vale County Council", "30 June 2024", "At risk"]
    progress = table.cell(1, 5).paragraphs
    assert [p.style.name for p in progress] == ["Progress Date", "Table Text"]  # type: ignore[union-attr]
    status = table.cell(1, 3).paragraphs[0].runs[0]
    assert status.style is not None and status.style.name == "Status On Track"  # colour a second cue, by style
    text = "\n".join(p.text for t in word.tables for r in t.rows for c in r.cells for p in c.paragraphs)
    assert "Checks were held at four schools." not in text  # an earlier update: kept in the YAML, not printed


def test_a_multi_paragraph_update_is_paragraphs_in_the_cell(word: DocxDocument, ids: DocxIds, plan: Version) -> None:
    chapter, block = next((c, b) for c, b in blocks_of(plan, ActionsBlock) if c.id == "domestic-abuse")
    table = table_marked(word, ids, f"{chapter.id}/{block.id}")  # type: ignore[attr-defined]
    assert [p.text for p in table.cell(1, 1).paragraphs] == [
        "Two reviews were commissioned in 2023/24.",
        "Learning events were held in the autumn.",
    ]


def test_every_action_row_carries_its_id(word: DocxDocument, ids: DocxIds, plan: Version) -> None:
    for chapter, block in blocks_of(plan, ActionsBlock):
        assert isinstance(block, ActionsBlock)
        table = table_marked(word, ids, f"{chapter.id}/{block.id}")
        block_anchor = next(a for a in ids.anchors if a.key == f"{chapter.id}/{block.id}")
        assert block_anchor.kind == "actions" and [a["id"] for a in block_anchor.source["actions"]] == [
            a.id for a in block.actions
        ]  # the YAML, earlier updates and all, for an import
        for row, action in zip(table.rows[1:], block.actions, strict=True):
            anchors = [ids.anchor(n) for n in bookmarks(row.cells[0].paragraphs[0])]
            assert [(a.kind, a.key, a.id) for a in anchors if a is not None] == [
                ("row", f"{chapter.id}/{block.id}/{action.id}", action.id)
            ]
            assert row.cells[0].text == plain_text(action.action)


def test_indicators_are_a_table_then_a_chart_each_with_the_pages_alt_text(
    word: DocxDocument, ids: DocxIds, plan: Version
) -> None:
    [(chapter, block)] = blocks_of(plan, Indicators)
    assert isinstance(block, Indicators)
    table = table_marked(word, ids, f"{chapter.id}/{block.id}")
    assert cell_texts(table, 0) == ["Indicator", "Baseline", "Latest", "Change"] and is_header_row(table, 0)
    assert cell_texts(table, 1) == [
        "Domestic abuse incidents reported to Vale Police3",
        "39,355\n2022 (Jan-Dec)",
        "31,204\n2023 (Jan-Dec)",
        "20.7% decrease",
    ]
    assert cell_texts(table, 2)[2:] == ["79,315\n2023/24\n(unvalidated data)", "25.9% increase\n(better)"]
    rows = [ids.anchor(n) for r in table.rows[1:] for n in bookmarks(r.cells[0].paragraphs[0])]
    assert [a.id for a in rows if a is not None] == ["vale-da-incidents", "vale-da-referrals"]
    pictures = [p.get("descr") for p in word.element.body.iter(qn("wp:docPr"))]
    assert pictures == [indicator_chart_title(i) for i in block.indicators]
    assert pictures[0].startswith("Bar chart of Domestic abuse incidents reported to Vale Police: 39,355 in 2022")
    captions = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Caption"]
    assert captions == [
        "Domestic abuse incidents reported to Vale Police: 2022 (Jan-Dec) and 2023 (Jan-Dec)",
        "Referrals to the Vale outreach service: 2022/23 and 2023/24",
    ]


def test_paragraphs_print_the_same_words_as_the_page(
    word: DocxDocument, ids: DocxIds, plan: Version, project: Path
) -> None:
    """Indicator fields and references to actions and indicators: the words the HTML prints, not ids."""
    page = lxml.html.parse(str(project / "output" / HTML)).getroot()
    in_word = {
        anchor.key: "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in word.element.body.iter(qn("w:p"))
        for name in bookmarks(p)
        if (anchor := ids.anchor(name)) is not None and anchor.kind == "paragraph"
    }
    paragraphs = blocks_of(plan, Paragraph)
    assert len(paragraphs) >= 3
    for chapter, block in paragraphs:
        html = " ".join(page.get_element_by_id(block.id).text_content().split())  # type: ignore[attr-defined]
        assert in_word[f"{chapter.id}/{block.id}"] == html
    assert (
        "See Run speed awareness checks with residents near schools. and Domestic abuse incidents reported to "
        "Vale Police, up by 25.9% to 79,315." in in_word.values()
    )
    assert any("8,151 fewer than in 2022 (Jan-Dec), a 20.7% decrease." in t for t in in_word.values())


def words(text: str) -> str:
    return " ".join(text.split())


def pandoc_text(path: Path) -> str:
    """The .docx as pandoc reads it, its grid tables' rules and superscript marks taken out."""
    text = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return words(re.sub(r"\^\(([^)]*)\)", r"\1", re.sub(r"[|+=-]{3,}|\|", " ", text)))


def assert_every_action_in_word(version: Version, path: Path) -> int:
    """python-docx finds each actions table (header row marked) with every action and its latest update; pandoc too."""
    word = docx.Document(str(path))
    ids = read_ids(word)
    assert ids is not None
    flat = pandoc_text(path) if shutil.which("pandoc") else None
    count = 0
    for chapter, block in blocks_of(version, ActionsBlock):
        assert isinstance(block, ActionsBlock)
        table = table_marked(word, ids, f"{chapter.id}/{block.id}")
        assert is_header_row(table, 0) and cell_texts(table, 0)[0] == "Action"
        for row, action in zip(table.rows[1:], block.actions, strict=True):
            latest = [plain_text(p) for p in action.latest.paragraphs] if action.latest else [""]
            assert row.cells[0].text == plain_text(action.action)
            assert [p.text for p in row.cells[-1].paragraphs if p.style.name != "Progress Date"] == latest  # type: ignore[union-attr]
            if flat is not None:
                assert all(words(text) in flat for text in [plain_text(action.action), *latest])
            count += 1
    return count


def test_python_docx_and_pandoc_read_every_action_back(project: Path, plan: Version) -> None:
    assert assert_every_action_in_word(plan, project / "output" / DOCX) == 7


KENT_PLAN = ROOT / "content/kent-csa-action-plan"


@pytest.mark.skipif(not KENT_PLAN.exists(), reason="the Kent action plan is not transcribed on this branch")
def test_kents_2018_19_plan_prints_its_30_actions_in_word(kent_output: Path) -> None:
    plan = next(d for d in load_documents(Project(ROOT)) if d.type == "action-plan")
    version = plan.version("2018-19")
    assert version is not None
    path = kent_output / "kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19.docx"
    assert assert_every_action_in_word(version, path) == 30
