"""`csa import` of an action plan's Word export: actions tables back as actions, indicators from their record.

The plans are exported with `csa build --format docx` and edited with python-docx as a
partner's Word would save them: the Kent plan 2018/19 (no statuses or dates) and the
Vale fixture plan (leads, due dates, statuses, dated progress).
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row

from .conftest import PLAN, copy_project
from .test_word_import import copy_kent, exported, imported, run, same_data

KENT_PLAN = "kent-csa-action-plan"
VALE_PLAN = "vale-csa-action-plan"


@pytest.fixture(scope="module")
def kent_plan_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Kent plan 2018/19 exported to Word once for the module (read only)."""
    project = copy_kent(tmp_path_factory.mktemp("kent-plan-export") / "project")
    return exported(project, KENT_PLAN, "2018-19")


@pytest.fixture(scope="module")
def vale_plan_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(PLAN, tmp_path_factory.mktemp("vale-plan-export") / "project")
    return exported(project, VALE_PLAN, "2023-24")


def chapter(project: Path, document: str, number: str, name: str) -> dict[str, object]:
    data = yaml.safe_load((project / "content" / document / "versions" / number / name).read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def set_text(cell: _Cell, text: str, paragraph: int = 0) -> None:
    """Type over a cell's paragraph, as a partner does: its runs change, its bookmark stays."""
    runs = cell.paragraphs[paragraph].runs
    runs[0].text = text
    for run_ in runs[1:]:
        run_.text = ""


def table_with(d: docx.document.Document, words: str) -> Table:
    return next(t for t in d.tables if any(words in c.text for row in t.rows for c in row.cells))


def row_with(table: Table, words: str) -> _Row:
    return next(r for r in table.rows if words in r.cells[0].text)


def test_an_untouched_export_of_the_kent_plan_imports_as_the_same_plan(tmp_path: Path, kent_plan_docx: Path) -> None:
    kent = copy_kent(tmp_path / "kent")
    result = imported(
        kent, str(kent_plan_docx), "--version", "2019-20", "--date", "March 2019", "--effective", "2019-03-31"
    )
    assert "skipped (the build writes them): cover, contents, indicator charts, back page" in result.output
    assert same_data(kent, KENT_PLAN, "2018-19", "2019-20") == []
    assert run(kent, "diff", "2018-19", "2019-20", "--exit-code").exit_code == 0
    assert run(kent, "validate").exit_code == 0
    version = yaml.safe_load((kent / f"content/{KENT_PLAN}/versions/2019-20/version.yaml").read_text("utf-8"))
    assert (version["delivers"], version["as_at"], version["status"]) == ("2.0", dt.date(2019, 3, 31), "draft")
    # no figures from the charts, and no "Status ..." or "Progress Date" style reported
    assert not (kent / f"content/{KENT_PLAN}/versions/2019-20/figures").exists()
    assert not (kent / f"content/{KENT_PLAN}/versions/2019-20/review.md").exists()


def test_an_edit_to_an_actions_progress_comes_back_and_the_change_log_names_it(
    tmp_path: Path, kent_plan_docx: Path
) -> None:
    kent = copy_kent(tmp_path / "kent")
    d = docx.Document(str(kent_plan_docx))
    row = row_with(table_with(d, "Domestic Abuse Strategy"), "Support the development of the Kent and Medway")
    set_text(row.cells[1], "The strategy was agreed by the Executive Group in May 2019.")
    d.save(str(tmp_path / "edited.docx"))
    imported(
        kent, str(tmp_path / "edited.docx"), "--version", "2019-20", "--date", "March 2019", "--effective", "2019-03-31"
    )
    assert run(kent, "validate").exit_code == 0
    assert same_data(kent, KENT_PLAN, "2018-19", "2019-20") == ["03-domestic-abuse.yaml"]
    actions = chapter(kent, KENT_PLAN, "2019-20", "03-domestic-abuse.yaml")["blocks"][-1]["actions"]  # type: ignore[index]
    strategy = next(a for a in actions if a["id"] == "da-strategy")
    assert strategy["progress"] == [{"text": "The strategy was agreed by the Executive Group in May 2019."}]
    log = run(kent, "changelog", "2019-20", "-d", KENT_PLAN)
    assert log.exit_code == 0, log.output
    assert log.output.splitlines() == [
        "2019-20  March 2019  (generated)",
        "  - Refreshed Kent Community Safety Agreement Action Plan",
        "  - Domestic Abuse - progress on action 'Support the development of the Kent and Medway Domestic…' updated",
    ]


def vale_edits(path: Path, to: Path) -> Path:
    """A partner's edits to the Vale plan's road safety table and a figure of its indicators table."""
    d = docx.Document(str(path))
    roads = table_with(d, "speed awareness")
    speed = row_with(roads, "speed awareness")
    set_text(speed.cells[2], "31 July 2024")  # due: Ongoing -> a date
    set_text(speed.cells[3], "At risk")  # status
    set_text(speed.cells[5], "Checks were held at eight more schools.", paragraph=1)  # below its date line
    set_text(row_with(roads, "crossings").cells[2], "soon")  # no date: kept as it was, and said
    campaign = row_with(roads, "winter driving")._tr
    added = copy.deepcopy(campaign)
    campaign.getparent().remove(campaign)  # deleted
    for mark in added.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
        mark.getparent().remove(mark)
    roads._tbl.append(added)
    new = roads.rows[-1]
    for cell, words in zip(
        new.cells, ["Run a summer cycling campaign.", "", "1 July 2024", "Not started"], strict=False
    ):
        set_text(cell, words) if cell.paragraphs[0].runs else cell.paragraphs[0].add_run(words)
    set_text(new.cells[5], "Planning has begun.", paragraph=1)
    set_text(new.cells[5], "1 April 2024")
    set_text(table_with(d, "Domestic abuse incidents").rows[1].cells[1], "40,000")  # a figure: edited in YAML
    d.save(str(to))
    return to


def test_a_partners_edits_to_actions_come_back_parsed_and_figures_are_kept(
    tmp_path: Path, vale_plan_docx: Path
) -> None:
    vale = copy_project(PLAN, tmp_path / "vale")
    edited = vale_edits(vale_plan_docx, tmp_path / "edited.docx")
    result = imported(vale, str(edited), "--version", "2024-25", "--date", "March 2024", "--effective", "2024-03-20")
    assert run(vale, "validate").exit_code == 0
    actions = chapter(vale, VALE_PLAN, "2024-25", "03-road-safety.yaml")["blocks"][-1]["actions"]  # type: ignore[index]
    assert actions == [
        {
            "id": "vale-rs-speed",
            "action": "Run speed awareness checks with residents near schools.",
            "lead": "Vale Police Roads Policing Unit",
            "due": dt.date(2024, 7, 31),
            "status": "at risk",
            "measure": "Checks held each term",
            "progress": [
                {"date": dt.date(2023, 10, 1), "text": "Checks were held at four schools."},  # earlier: kept
                {"date": dt.date(2024, 3, 1), "text": "Checks were held at eight more schools."},
            ],
        },
        {
            "id": "vale-rs-crossings",
            "action": "Review the crossings on the A1 through Millbrook.",
            "due": dt.date(2024, 6, 30),
            "status": "at risk",
            "progress": [{"date": dt.date(2024, 2, 15), "text": "The review is waiting for traffic counts."}],
        },
        {
            "id": "run-a-summer-cycling-campaign",
            "action": "Run a summer cycling campaign.",
            "due": dt.date(2024, 7, 1),
            "status": "not started",
            "progress": [{"date": dt.date(2024, 4, 1), "text": "Planning has begun."}],
        },
    ]
    review = (vale / f"content/{VALE_PLAN}/versions/2024-25/review.md").read_text("utf-8")
    assert 'action vale-rs-crossings: due "soon" is no date' in review
    assert "indicator vale-da-incidents: figures edited in Word are not kept" in review
    assert "Status" not in review and "Progress Date" not in review
    assert same_data(vale, VALE_PLAN, "2023-24", "2024-25") == ["03-road-safety.yaml"]  # the figure is as it was
    assert "to check: " in result.output
