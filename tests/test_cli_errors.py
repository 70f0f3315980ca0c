"""How the `csa` command ends: exit codes, and a traceback only when asked for."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

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


@pytest.fixture
def two_versions(mini: Path) -> Path:
    """The demo project with a draft 1.1 after its 1.0."""
    versions = mini / "content/demo/versions"
    shutil.copytree(versions / "1.0", versions / "1.1")
    meta = versions / "1.1/version.yaml"
    meta.write_text(meta.read_text().replace('version: "1.0"', 'version: "1.1"\nsupersedes: "1.0"'))
    return mini


USAGE = {
    "build": "[OPTIONS]",
    "changelog": "[OPTIONS] [VERSION]",
    "diff": "[OPTIONS] A B",
    "publish": "[OPTIONS] VERSION",
    "new-version": "[OPTIONS] VERSION",
}


def usage_mistake(command: str, message: str) -> tuple[int, str]:
    """Exit code and output of a usage mistake, as click words them."""
    usage = f"Usage: csa {command} {USAGE[command]}\nTry 'csa {command} --help' for help.\n"
    return 2, f"{usage}\nError: Invalid value for {message}\n"


@pytest.mark.parametrize(
    "command,message",
    [
        ("build --version 1.2", "--version: unknown version '1.2' (expected one of: 1.0, 1.1; did you mean '1.1'?)"),
        ("build --version 1.0 --version 9.9", "--version: unknown version '9.9' (expected one of: 1.0, 1.1)"),
        ("changelog 4.1", "VERSION: unknown version '4.1' (expected one of: 1.0, 1.1; did you mean '1.1'?)"),
        ("changelog 1.1 --against 0.9", "--against: unknown version '0.9' (expected one of: 1.0, 1.1)"),
        ("diff 1.0 2.0", "B: unknown version '2.0' (expected one of: 1.0, 1.1; did you mean '1.0'?)"),
        ("diff 9.9 1.1", "A: unknown version '9.9' (expected one of: 1.0, 1.1)"),
        ("publish 1.2", "VERSION: unknown version '1.2' (expected one of: 1.0, 1.1; did you mean '1.1'?)"),
        (
            "publish 1.1 --document dmeo",
            "--document: unknown document 'dmeo' (expected one of: demo; did you mean 'demo'?)",
        ),
        ("changelog --document kent-csa", "--document: unknown document 'kent-csa' (expected one of: demo)"),
        (
            "new-version five --date 'April 2021'",
            "VERSION: 'five' is not a version number (expected a form like 5.0, or a plan year like 2019-20)",
        ),
        (
            "new-version 2.0 --date 'Spring 2021'",
            "--date: cannot tell the effective date from 'Spring 2021'"
            " (expected a form like 'April 2021', or give --effective YYYY-MM-DD)",
        ),
    ],
)
def test_a_value_that_names_nothing_is_a_usage_mistake(
    two_versions: Path, runner: CliRunner, command: str, message: str
) -> None:
    args = shlex.split(command)
    result = runner.invoke(cli.cli, ["--root", str(two_versions), *args], prog_name="csa")
    assert (result.exit_code, result.output) == usage_mistake(args[0], message)
    assert not (two_versions / "output").exists() and not (two_versions / "content/demo/versions/2.0").exists()


def test_an_unknown_version_is_a_usage_mistake_from_the_real_process(two_versions: Path) -> None:
    """Exit 2 through `main`, which is not click's standalone mode."""
    result = subprocess.run(
        [sys.executable, "-m", "csa", "build", "--version", "9.9"],
        cwd=two_versions,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    code, message = usage_mistake("build", "--version: unknown version '9.9' (expected one of: 1.0, 1.1)")
    assert (result.returncode, result.stdout, result.stderr) == (code, "", message)


def test_validate_in_a_folder_with_no_content_says_what_to_do(tmp_path: Path) -> None:
    """An officer who runs csa in the wrong folder, or before starting a document, is told both ways out."""
    result = CliRunner().invoke(cli.cli, ["--root", str(tmp_path), "validate"])
    assert result.exit_code == 1
    assert result.output == (
        f"{tmp_path / 'content'}: no documents found (expected content/<document>/versions/)"
        " (run csa in the project's folder, or give --root; start a document with csa init)\n"
        "1 problem(s) found\n"
    )


def test_schema_into_a_folder_that_cannot_be_made_names_it_and_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "a-file" / "schema"
    with pytest.raises(SystemExit) as stopped:
        main(["schema", "--out", str(out)])
    err = capsys.readouterr().err
    assert (stopped.value.code, err.splitlines()[-1]) == (
        2,
        f"Error: Invalid value for --out: cannot write the schema files into {out} (Not a directory): give a folder"
        " you may write to",
    )
    assert "Error]" not in err and "NotADirectoryError" not in err


def test_a_file_the_machine_refuses_is_named_in_a_sentence(
    mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "a-file" / "output"
    with pytest.raises(SystemExit) as stopped:
        main(["--root", str(mini), "build", "--format", "html", "--out", str(out)])
    last = capsys.readouterr().err.splitlines()[-1]
    assert stopped.value.code == 1
    assert last == (
        f"error: cannot use {out}: Not a directory (check that the folder exists and that you may write there,"
        " or choose another path)"
    )
