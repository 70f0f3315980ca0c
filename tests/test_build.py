"""Building: outputs appear, rebuilds change nothing, failures damage nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from csa.build.pipeline import build
from csa.cli import cli
from csa.errors import CsaError
from csa.project import Project
from csa.render import pdf as pdf_module

from .conftest import ROOT
from .helpers import snapshot


def test_build_py_writes_html_pdf_and_docx_of_every_version(kent_output: Path) -> None:
    assert sorted(snapshot(kent_output)) == [
        "kent-csa-action-plan-update/2019-03/kent-csa-action-plan-update-2019-03.docx",
        "kent-csa-action-plan-update/2019-03/kent-csa-action-plan-update-2019-03.html",
        "kent-csa-action-plan-update/2019-03/kent-csa-action-plan-update-2019-03.pdf",
        "kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19.docx",
        "kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19.html",
        "kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19.pdf",
        "kent-csa-update/2017-07/kent-csa-update-2017-07.docx",
        "kent-csa-update/2017-07/kent-csa-update-2017-07.html",
        "kent-csa-update/2017-07/kent-csa-update-2017-07.pdf",
        "kent-csa/2.0/kent-csa-2.0.docx",
        "kent-csa/2.0/kent-csa-2.0.html",
        "kent-csa/2.0/kent-csa-2.0.pdf",
        "kent-csa/4.0/kent-csa-4.0-changes-since-2.0.docx",
        "kent-csa/4.0/kent-csa-4.0-changes-since-2.0.html",
        "kent-csa/4.0/kent-csa-4.0-changes-since-2.0.pdf",
        "kent-csa/4.0/kent-csa-4.0.docx",
        "kent-csa/4.0/kent-csa-4.0.html",
        "kent-csa/4.0/kent-csa-4.0.pdf",
    ]


def test_building_twice_changes_nothing(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(Project(mini), out)
    before = snapshot(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    second = build(Project(mini), out)
    assert len(first) == 3 and second == []  # html, pdf, docx
    assert snapshot(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == mtimes


def test_build_py_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--version",
            "2.0",
            "--format",
            "html",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "rendered kent-csa/2.0/kent-csa-2.0.html",
        f"1 file(s) written to {out}",
    ]


def test_a_failed_build_leaves_published_output_intact(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(Project(mini), out)
    before = snapshot(out)
    monkeypatch.chdir(mini)
    assert CliRunner().invoke(cli, ["new-version", "2.0", "--date", "April 2021"]).exit_code == 0
    (mini / "content/demo/versions/1.0/03-plans.yaml").write_text(
        "kind: appendix\ntitle: Plans changed\nblocks:\n  - numbers: [Changed]\n"
    )
    real_write = pdf_module.write  # every PDF, laid out whole or chapter by chapter, is written by it
    calls = []

    def failing_write(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise CsaError([])
        return real_write(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "write", failing_write)
    with pytest.raises(CsaError):
        build(Project(mini), out, jobs=1)  # in this process, where the failure is patched in
    assert snapshot(out) == before
    assert not list(out.glob(".building-*"))


def test_new_version_then_build(mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["new-version", "5.0", "--date", "April 2021"])
    assert result.exit_code == 0, result.output
    assert result.output == "created content/demo/versions/5.0 (draft, supersedes 1.0)\n"
    meta = (mini / "content/demo/versions/5.0/version.yaml").read_text()
    assert meta == "version: '5.0'\ndate: April 2021\neffective: 2021-04-01\nstatus: draft\nsupersedes: '1.0'\n"
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    html = (mini / "output/demo/5.0/demo-5.0.html").read_text()
    assert 'Version 5.0 <strong class="draft">(draft)</strong>' in html
    assert (mini / "output/demo/5.0/demo-5.0.pdf").read_bytes().startswith(b"%PDF")


def test_new_version_refuses_an_existing_version(
    mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["new-version", "1.0", "--date", "April 2021"])
    assert (result.exit_code, result.output) == (
        1,
        "content/demo/versions/1.0: version 1.0 already exists\n1 problem(s) found\n",
    )


def test_schema_command_writes_the_schemas(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chapter.schema.json",
        "document.schema.json",
        "version.schema.json",
    ]


def test_a_failed_build_says_nothing_was_written(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The outputs listed as rendered before the failure were not written either: the user is told so."""
    out = tmp_path / "out"

    def failing_write(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise CsaError([])

    monkeypatch.setattr(pdf_module, "write", failing_write)
    result = CliRunner().invoke(cli, ["--root", str(mini), "build", "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    assert "rendered demo/1.0/demo-1.0.html" in result.output
    assert result.output.endswith(
        f"nothing was written to {out}: a build writes its outputs only when all of them render\n"
    )
    assert not (out / "demo").exists()
