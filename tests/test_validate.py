"""Validation as a whole: all problems in one run, clean content, output formats.

Single mistakes and their exact messages are the corpus in tests/cases/ (test_cases.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from csa.build.pipeline import load_documents
from csa.cli import cli
from csa.project import Project
from csa.publish.new_version import new_version

from .helpers import DEMO_1, DEMO_2, replace_once


def test_all_problems_of_all_files_in_one_run(mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    (mini / DEMO_1 / "03-plans.yaml").write_text("kind: apendix\ntitle: Plans\nblocks: []\n")
    (mini / DEMO_1 / "version.yaml").write_text(
        'version: "1.0"\ndate: April 2020\neffective: 2020-04-01\nstatus: final\n'
    )
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.output.count(" problem(s) found") == 1
    assert "2 problem(s) found" in result.output


def test_clean_content_exits_zero(mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate"])
    assert (result.exit_code, result.output) == (
        0,
        "OK: 1 document(s), 1 version(s), no problems\n",
    )


def test_github_format(mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    (mini / DEMO_1 / "03-plans.yaml").write_text("kind: apendix\ntitle: Plans\nblocks: []\n")
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate", "--format", "github"])
    assert result.exit_code == 1
    assert result.output == (
        f"::error file={DEMO_1}/03-plans.yaml,line=1,col=7::'kind' must be one of foreword, chapter, appendix, priority "
        "(found 'apendix') (did you mean 'appendix'?)\n"
    )


@pytest.fixture
def error_and_warning(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Version 2.0 with an error (raw HTML in the appendix) and a warning (a hand-typed number whose chapter is gone)."""
    new_version(load_documents(Project(mini))[0], mini / "content/demo", "2.0", "April 2021")
    (mini / DEMO_2 / "02-leads.yaml").unlink()
    replace_once(mini / DEMO_2 / "01-introduction.yaml", "see [the leads](#leads)", "leads were in section 2")
    replace_once(mini / DEMO_2 / "03-plans.yaml", "Fight crime", "Fight <b>crime</b>")
    monkeypatch.chdir(mini)
    return mini


WARNING = "'section 2' pointed to 'Leads' in 1.0, which is no longer in this version"
ERROR = "raw HTML '<b>' is not allowed (use Markdown: *italic*, **bold**, ^sup^)"


def test_warnings_are_shown_with_the_errors(error_and_warning: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert (result.exit_code, result.output) == (
        1,
        f"warning: {DEMO_2}/01-introduction.yaml:4:55: {WARNING}\n"
        f"{DEMO_2}/03-plans.yaml:4:40: {ERROR}\n"
        f"{DEMO_2}/03-plans.yaml:4:48: raw HTML '</b>' is not allowed (use Markdown: *italic*, **bold**, ^sup^)\n"
        "2 problem(s) found, and 1 warning(s)\n",
    )


def test_warnings_are_shown_with_the_errors_in_json(error_and_warning: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--format", "json"])
    assert result.exit_code == 1
    found = [(p["severity"], p["file"], p["message"]) for p in json.loads(result.output)["problems"]]
    assert found[:2] == [
        ("warning", f"{DEMO_2}/01-introduction.yaml", WARNING),
        ("error", f"{DEMO_2}/03-plans.yaml", "raw HTML '<b>' is not allowed"),
    ]


def test_warnings_are_shown_with_the_errors_for_github(error_and_warning: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--format", "github"])
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        f"::warning file={DEMO_2}/01-introduction.yaml,line=4,col=55::{WARNING}",
        f"::error file={DEMO_2}/03-plans.yaml,line=4,col=40::{ERROR}",
    ]


def test_usage_mistake_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", "--format", "odt"])
    assert result.exit_code == 2


def test_an_unclosed_marker_is_a_warning_where_it_is_written(
    mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`**bold`, `*em` and `[link](` never closed print as typed: each is named where it is written."""
    chapter = mini / DEMO_1 / "01-introduction.yaml"
    replace_once(chapter, "  - paragraph: An unnumbered paragraph.", "  - paragraph: An **unnumbered paragraph.")
    replace_once(chapter, "with *emphasis*.", "with *emphasis. See [the plan](https://example.org/plan too.")
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate"])
    assert (result.exit_code, result.output) == (
        0,
        f"warning: {DEMO_1}/01-introduction.yaml:5:19: unclosed '**' in '**unnumbered': the bold text is never"
        " closed, so it prints as typed (put ** after the last bold word, or write \\*\\* to print asterisks)\n"
        f"warning: {DEMO_1}/01-introduction.yaml:7:46: unclosed '*' in '*emphasis.': the italic text is never"
        " closed, so it prints as typed (put * after the last italic word, or write \\* to print asterisks)\n"
        f"warning: {DEMO_1}/01-introduction.yaml:7:61: unclosed link '[the plan](https://example.org/plan': its"
        " address has no closing ')', so it prints as typed (end the address with ')')\n"
        "OK: 1 document(s), 1 version(s), no errors, 3 warning(s)\n",
    )


@pytest.mark.parametrize(
    "text",
    [
        "**bold** and *italic*",
        "***both***",
        "5 * 3 = 15",
        "\\*not italic",
        "`**code`",
        "*[a note's mark]",
        "[a](https://example.org/a_(b))",
    ],
)
def test_closed_or_literal_markers_are_not_warned(
    text: str, mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    chapter = mini / DEMO_1 / "01-introduction.yaml"
    replace_once(chapter, "  - paragraph: An unnumbered paragraph.", f"  - paragraph: {json.dumps(text)}")
    monkeypatch.chdir(mini)
    assert runner.invoke(cli, ["validate"]).output == "OK: 1 document(s), 1 version(s), no problems\n"
