"""Validation as a whole: all problems in one run, clean content, output formats.

Single mistakes and their exact messages are the corpus in tests/cases/ (test_cases.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from csa.cli import cli

from .helpers import DEMO_1


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


def test_usage_mistake_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", "--format", "odt"])
    assert result.exit_code == 2
