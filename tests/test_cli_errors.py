"""How the `csa` command ends: exit codes, and a traceback only when asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from csa import cli
from csa.cli import main

from .conftest import ROOT


def boom(*args: object) -> None:
    raise RuntimeError("boom")


def test_an_unexpected_error_is_one_line_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "load_documents", boom)
    with pytest.raises(SystemExit) as stopped:
        main(["validate"])
    assert (stopped.value.code, capsys.readouterr().err) == (
        1,
        "error: RuntimeError: boom (run with --debug for the traceback)\n",
    )


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "load_documents", boom)
    with pytest.raises(RuntimeError, match="boom"):
        main(["--debug", "validate"])


def test_the_real_process_exits_1_on_content_problems(mini: Path) -> None:
    """Through a real process: `csa build` once exited 0 here (click returns, not raises, ctx.exit codes)."""
    (mini / "content/demo/versions/1.0/03-plans.yaml").write_text("kind: appendix\ntitle: [Plans\nblocks: []\n")
    result = subprocess.run(
        [sys.executable, "-c", "from csa.cli import main; main()", "build"],
        cwd=mini,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "content/demo/versions/1.0/03-plans.yaml:2:8: this '[' is not closed"
        " (expected ',' or ']' before line 3 column 7) (close it, or put the whole value in quotes)\n"
        "1 problem(s) found\n",
    )
    assert not (mini / "output").exists()
