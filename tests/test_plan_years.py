"""A new plan year of the Kent action plan, made as an officer would (issue 24.5): `csa new-version`
in a copied project, one figure changed (road fatalities 47 -> 49) and one action marked complete.
The change log and report say from what to what, the redline counts the few words that changed,
and validation notices progress dated after the plan's as_at."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from csa.cli import cli

from .conftest import ROOT
from .helpers import replace_once

DOC = "kent-csa-action-plan"
OLD, NEW = "2018-19", "2019-20"
NEW_DIR = f"content/{DOC}/versions/{NEW}"


def run(project: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--root", str(project), *args])
    assert result.exit_code == 0, result.output
    return result.output


def copied_kent(folder: Path) -> Path:
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copytree(ROOT / "templates", folder / "templates")
    return folder


@pytest.fixture
def next_year(tmp_path: Path) -> Path:
    """2019-20 started with new-version; road fatalities 47 -> 49 and the website action complete."""
    project = copied_kent(tmp_path / "kent")
    run(project, "new-version", NEW, "--date", "March 2020", "--as-at", "2020-03-31", "-d", DOC)
    replace_once(
        project / NEW_DIR / "04-road-safety.yaml",
        'latest: {value: 47, period: "2018"}',
        'latest: {value: 49, period: "2018"}',
    )
    replace_once(
        project / NEW_DIR / "03-domestic-abuse.yaml",
        '        action: "Refresh and develop the Domestic Abuse Services website."\n',
        '        action: "Refresh and develop the Domestic Abuse Services website."\n        status: complete\n',
    )
    return project


def test_the_change_log_names_the_old_and_new_figure_and_the_completed_action(next_year: Path) -> None:
    lines = run(next_year, "changelog", NEW, "-d", DOC).splitlines()
    assert (
        "  - Road Safety - indicator 'People killed in road traffic collisions in Kent' updated from 47 to 49" in lines
    )
    assert "  - Domestic Abuse - action 'Refresh and develop the Domestic Abuse Services website' completed" in lines


def test_the_report_gives_the_figures_old_and_new(next_year: Path) -> None:
    """The report document on the plan (kent-csa-action-plan-update), its progress read from the new year."""
    update = "kent-csa-action-plan-update"
    replace_once(next_year / f"content/{update}/versions/2019-03/02-changes.yaml", f'"{OLD}"', f'"{NEW}"')
    run(next_year, "build", "-d", update, "--format", "html")
    report = (next_year / f"output/{update}/2019-03/{update}-2019-03.html").read_text(encoding="utf-8")
    assert "People killed in road traffic collisions in Kent (updated from 47 to 49)" in report
    assert "figures updated" not in report


def test_a_completed_action_is_a_status_change_of_a_handful_of_words(next_year: Path) -> None:
    out = next_year / "redline.md"
    run(next_year, "diff", OLD, NEW, "-d", DOC, "--format", "markdown", "-o", str(out))
    summary = out.read_text(encoding="utf-8")
    assert "**+2** words, **−1** words" in summary  # "complete" added, 47 -> 49
    assert "| Priority: Domestic Abuse | 1 | 1 | 0 |" in summary
    # the progress text is neither struck through nor inserted again
    assert "A project task and finish group" not in summary


def test_the_html_redline_flags_the_action_completed_without_marking_its_progress(next_year: Path) -> None:
    out = next_year / "redline.html"
    run(next_year, "diff", OLD, NEW, "-d", DOC, "--format", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert "rl-completed" in page
    website = page[page.index("A project task and finish group") - 200 :][:1200]
    assert "<del" not in website and "<ins" not in website


def test_the_word_redline_tracks_the_status_change_in_the_status_cell_alone(next_year: Path) -> None:
    """Not the whole actions table deleted and inserted again: the status tracked in its own cell."""
    out = next_year / "redline.docx"
    run(next_year, "diff", OLD, NEW, "-d", DOC, "--format", "docx", "-o", str(out))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def text(element: Any, tag: str = "t") -> str:
        return "".join(t.text or "" for t in element.iter(f"{w}{tag}"))

    website = "Refresh and develop the Domestic Abuse Services website."
    # the Domestic Abuse actions table, written once (an older copy deleted whole would be a second)
    tables = [t for t in docx.Document(str(out)).element.body.iter(f"{w}tbl") if website in text(t)]
    assert len(tables) == 1
    rows = [row.findall(f"{w}tc") for row in tables[0].findall(f"{w}tr")]
    headings = [text(cell) for cell in rows[0]]
    at = headings.index("Status")
    (cells,) = [cells for cells in rows if website in text(cells[0])]
    marked = [*tables[0].iter(f"{w}ins"), *tables[0].iter(f"{w}del")]
    # no action had a status in 2018-19: the Status column is new, its heading inserted with the one status
    assert {next(a for a in m.iterancestors() if a.tag == f"{w}tc") for m in marked} == {rows[0][at], cells[at]}
    assert [text(m) for m in cells[at].iter(f"{w}ins")] == ["Complete"]
    assert [text(m, "delText") for m in cells[at].iter(f"{w}del")] == []


def test_new_version_sets_as_at_or_says_it_kept_the_old_one(tmp_path: Path) -> None:
    project = copied_kent(tmp_path / "kent")
    said = run(project, "new-version", NEW, "--date", "March 2020", "-d", DOC)
    assert "progress as at 2019-03-31, kept from 2018-19: give --as-at to change it" in said
    said = run(project, "new-version", "2020-21", "--date", "March 2021", "--as-at", "2021-03-31", "-d", DOC)
    assert "progress as at 2021-03-31" in said
    version = (project / f"content/{DOC}/versions/2020-21/version.yaml").read_text(encoding="utf-8")
    assert "as_at: 2021-03-31" in version


def test_an_agreement_has_no_as_at_to_set(tmp_path: Path) -> None:
    project = copied_kent(tmp_path / "kent")
    result = CliRunner().invoke(
        cli,
        [
            "--root",
            str(project),
            "new-version",
            "5.0",
            "--date",
            "April 2021",
            "--as-at",
            "2021-04-01",
            "-d",
            "kent-csa",
        ],
    )
    assert result.exit_code == 1
    assert "kent-csa is not an action plan" in result.output
    assert "Traceback" not in result.output


def test_progress_dated_after_as_at_is_warned_with_its_place(tmp_path: Path) -> None:
    project = copied_kent(tmp_path / "kent")
    run(project, "new-version", NEW, "--date", "March 2020", "-d", DOC)  # as_at kept: 2019-03-31
    chapter = project / NEW_DIR / "03-domestic-abuse.yaml"
    replace_once(
        chapter,
        "A draft is expected to be shared with the subgroups of the Domestic Abuse and Sexual Violence Executive "
        "in March for further discussion.",
        "The strategy was agreed by the Executive on 12th September 2019.",
    )
    out = run(project, "validate")
    line = next(n for n, text in enumerate(chapter.read_text().splitlines(), 1) if "12th September 2019" in text)
    assert (
        f"warning: content/{DOC}/versions/{NEW}/03-domestic-abuse.yaml:{line}:13: progress on action "
        "'da-strategy' names '12th September 2019', after the plan's as_at 2019-03-31"
    ) in out


def test_progress_about_what_is_still_to_come_is_not_warned(tmp_path: Path) -> None:
    project = copied_kent(tmp_path / "kent")
    run(project, "new-version", NEW, "--date", "March 2020", "-d", DOC)
    replace_once(
        project / NEW_DIR / "03-domestic-abuse.yaml",
        "A draft is expected to be shared with the subgroups of the Domestic Abuse and Sexual Violence Executive "
        "in March for further discussion.",
        "A draft will go to the Executive in September 2019.",
    )
    assert "no problems" in run(project, "validate")


def test_an_action_naming_its_lead_does_not_give_it_to_the_others(tmp_path: Path) -> None:
    project = copied_kent(tmp_path / "kent")
    replace_once(
        project / f"content/{DOC}/versions/{OLD}/06-substance-misuse.yaml",
        "      - id: sm-cap\n",
        "      - id: sm-cap\n        lead: Trading Standards, KCC\n",
    )
    run(project, "build", "--version", OLD, "-d", DOC, "--format", "html", "--format", "docx")
    word = docx.Document(str(project / f"output/{DOC}/{OLD}/{DOC}-{OLD}.docx"))
    [table] = [t for t in word.tables if [c.text for c in t.rows[0].cells][:2] == ["Action", "Lead"]]
    leads = [row.cells[1].text for row in table.rows[1:]]
    assert leads.count("Trading Standards, KCC") == 1
    # the others print the priority's lead from the agreement (Kent CSA 2.0's leads table)
    assert set(leads) - {"Trading Standards, KCC"} == {"Consultant in Public Health, Kent County Council"}
    page = (project / f"output/{DOC}/{OLD}/{DOC}-{OLD}.html").read_text(encoding="utf-8")
    assert page.count("Trading Standards, KCC") == 1
