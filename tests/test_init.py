"""`csa init`: a new document that validates and builds at once; every refusal a usage mistake that writes nothing."""

from __future__ import annotations

import datetime as dt
import os
import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from csa import atomic
from csa.atomic import write_new_folder
from csa.cli import cli
from csa.content.schema import load_schema
from csa.publish.init import GUIDANCE

from .conftest import PdfText
from .helpers import snapshot

DOVER = ["init", "dover-csp", "--title", "Dover Community Safety Plan", "--partnership", "Dover CSP"]


def csa(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["--root", str(root), *args], prog_name="csa")
    return result.exit_code, result.output


def test_init_writes_a_document_that_validates_and_builds(tmp_path: Path, runner: CliRunner) -> None:
    assert csa(runner, tmp_path, *DOVER, "--date", "April 2024") == (
        0,
        "created content/dover-csp (Dover Community Safety Plan, draft 1.0 of April 2024)\n"
        "next: edit content/dover-csp/versions/1.0/01-introduction.yaml, then run csa validate and csa build\n",
    )
    assert csa(runner, tmp_path, "validate") == (0, "OK: 1 document(s), 1 version(s), no problems\n")
    out = tmp_path / "output"
    code, output = csa(runner, tmp_path, "build")
    *rendered, written = output.splitlines()
    assert (code, written) == (0, f"3 file(s) written to {out}")
    assert sorted(rendered) == [
        f"rendered dover-csp/1.0/dover-csp-1.0.{f}" for f in ("docx", "html", "pdf")
    ]  # any order
    assert "Replace this paragraph with the introduction" in PdfText(out / "dover-csp/1.0/dover-csp-1.0.pdf").text


def test_init_writes_title_partnership_a_draft_version_and_one_chapter(tmp_path: Path, runner: CliRunner) -> None:
    csa(runner, tmp_path, *DOVER, "--version", "2.0", "--date", "June 2024")
    folder = tmp_path / "content/dover-csp"
    files = {p.relative_to(folder).as_posix(): yaml.safe_load(p.read_text()) for p in folder.rglob("*.yaml")}
    document = files.pop("document.yaml")
    still_required = set(load_schema("document")["required"]) - {"title", "partnership"}  # until they are optional
    written = ["format", "title", "partnership"]
    assert (list(document)[:3], set(document) - set(written)) == (written, still_required)
    assert (document["format"], document["title"], document["partnership"]) == (
        1,
        "Dover Community Safety Plan",
        "Dover CSP",
    )
    assert files == {
        "versions/2.0/version.yaml": {
            "version": "2.0",
            "date": "June 2024",
            "effective": dt.date(2024, 6, 1),
            "status": "draft",
        },
        "versions/2.0/01-introduction.yaml": {
            "kind": "chapter",
            "title": "Introduction",
            "blocks": [{"paragraph": GUIDANCE}],
        },
    }


def test_the_date_defaults_to_this_month_and_effective_may_be_given(tmp_path: Path, runner: CliRunner) -> None:
    code, output = csa(runner, tmp_path, *DOVER, "--effective", "2024-04-15")
    assert (code, output.splitlines()[0]) == (
        0,
        f"created content/dover-csp (Dover Community Safety Plan, draft 1.0 of {dt.date.today():%B %Y})",
    )
    meta = yaml.safe_load((tmp_path / "content/dover-csp/versions/1.0/version.yaml").read_text())
    assert meta["effective"] == dt.date(2024, 4, 15)


def usage(message: str) -> tuple[int, str]:
    return 2, f"Usage: csa init [OPTIONS] ID\nTry 'csa init --help' for help.\n\nError: {message}\n"


NOT_AN_ID = "is not a document id (use lower-case letters, digits and hyphens, e.g. dover-csp: it names the folder and every output file)"


@pytest.mark.parametrize(
    "args,message",
    [
        ("init Dover --title T --partnership P", f"Invalid value for ID: 'Dover' {NOT_AN_ID}"),
        ("init dover_csp --title T --partnership P", f"Invalid value for ID: 'dover_csp' {NOT_AN_ID}"),
        ("init --title T --partnership P -- -dover", f"Invalid value for ID: '-dover' {NOT_AN_ID}"),
        ("init ../dover --title T --partnership P", f"Invalid value for ID: '../dover' {NOT_AN_ID}"),
        ("init dover- --title T --partnership P", f"Invalid value for ID: 'dover-' {NOT_AN_ID}"),
        ("init dover --partnership P", "Missing option '--title'."),
        ("init dover --title T", "Missing option '--partnership'."),
        ("init dover --title ' ' --partnership P", "Invalid value for --title: must not be empty"),
        ("init dover --title T --partnership ''", "Invalid value for --partnership: must not be empty"),
        (
            "init dover --title T --partnership P --version one",
            "Invalid value for --version: 'one' is not a version number (expected a form like 5.0, or a plan year like 2019-20)",
        ),
        (
            "init dover --title T --partnership P --date Spring",
            "Invalid value for --date: cannot tell the effective date from 'Spring'"
            " (expected a form like 'April 2021', or give --effective YYYY-MM-DD)",
        ),
    ],
)
def test_a_refusal_is_a_usage_mistake_that_writes_nothing(
    tmp_path: Path, runner: CliRunner, args: str, message: str
) -> None:
    assert csa(runner, tmp_path, *shlex.split(args)) == usage(message)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_document_is_refused_and_left_alone(mini: Path, runner: CliRunner) -> None:
    before = snapshot(mini / "content")
    assert csa(runner, mini, "init", "demo", "--title", "T", "--partnership", "P") == usage(
        "Invalid value for ID: content/demo already exists"
        " (choose another id; to start a new version of it: csa new-version --document demo)"
    )
    assert snapshot(mini / "content") == before


def test_a_second_document_goes_beside_the_first(mini: Path, runner: CliRunner) -> None:
    assert csa(runner, mini, *DOVER, "--date", "April 2024")[0] == 0
    assert csa(runner, mini, "validate") == (0, "OK: 2 document(s), 2 version(s), no problems\n")


def test_a_folder_that_fails_halfway_is_not_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "rename", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_new_folder(tmp_path / "content/new", {"document.yaml": b"title: T\n", "versions/1.0/version.yaml": b""})
    assert os.listdir(tmp_path / "content") == []
