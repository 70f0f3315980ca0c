"""Several documents in one project: --document/-d chooses, and is needed only when a version is in several."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from csa.cli import cli

from .conftest import MINI, copy_project
from .helpers import replace_once


@pytest.fixture
def two(tmp_path: Path) -> Path:
    """The demo project twice, as documents `demo` and `other`, each with a draft 1.0."""
    root = copy_project(MINI, tmp_path / "two")
    shutil.copytree(root / "content/demo", root / "content/other")
    return root


@pytest.fixture
def other_has_1_1(two: Path) -> Path:
    """`other` also has a draft 1.1, which `demo` has not."""
    versions = two / "content/other/versions"
    shutil.copytree(versions / "1.0", versions / "1.1")
    replace_once(versions / "1.1/version.yaml", 'version: "1.0"', 'version: "1.1"\nsupersedes: "1.0"')
    replace_once(versions / "1.1/01-introduction.yaml", "An unnumbered paragraph.", "An unnumbered paragraph, revised.")
    return two


def csa(runner: CliRunner, root: Path, command: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["--root", str(root), *shlex.split(command)], prog_name="csa")
    return result.exit_code, result.output


def usage_mistake(command: str, arguments: str, message: str) -> tuple[int, str]:
    usage = f"csa {command} [OPTIONS] {arguments}".rstrip()
    return 2, f"Usage: {usage}\nTry 'csa {command} --help' for help.\n\nError: {message}\n"


ROW_1_0 = "1.0  April 2020  (recorded)\n  - New Demo Safety Agreement\n"


def test_build_document_builds_only_that_documents_outputs(two: Path, runner: CliRunner) -> None:
    out = two / "output"
    assert csa(runner, two, "build -d other --format html") == (
        0,
        f"rendered other/1.0/other-1.0.html\n1 file(s) written to {out}\n",
    )
    assert sorted(p.name for p in out.rglob("*.html")) == ["other-1.0.html"]
    assert csa(runner, two, "build --document other --format html") == (0, f"{out} is up to date\n")


def test_build_without_document_builds_every_document(two: Path, runner: CliRunner) -> None:
    assert csa(runner, two, "build --format html --version 1.0")[0] == 0
    assert sorted(p.name for p in (two / "output").rglob("*.html")) == ["demo-1.0.html", "other-1.0.html"]


def test_build_checks_the_version_against_the_chosen_document(other_has_1_1: Path, runner: CliRunner) -> None:
    assert csa(runner, other_has_1_1, "build -d demo --version 1.1") == usage_mistake(
        "build", "", "Invalid value for --version: unknown version '1.1' (expected one of: 1.0; did you mean '1.0'?)"
    )
    assert not (other_has_1_1 / "output").exists()


def test_a_version_in_several_documents_needs_document(two: Path, runner: CliRunner) -> None:
    assert csa(runner, two, "changelog 1.0") == usage_mistake(
        "changelog", "[VERSION]", "version 1.0 is in several documents (demo, other): choose one with --document"
    )
    assert csa(runner, two, "changelog 1.0 --document other") == (0, ROW_1_0)
    assert csa(runner, two, "changelog 1.0 -d demo") == (0, ROW_1_0)


@pytest.mark.parametrize(
    "command,arguments,message",
    [
        ("changelog", "[VERSION]", "several documents (demo, other): choose one with --document"),
        (
            "new-version 2.0 --date 'April 2021'",
            "VERSION",
            "several documents (demo, other): choose one with --document",
        ),
        ("publish 1.0", "VERSION", "version 1.0 is in several documents (demo, other): choose one with --document"),
        (
            "diff 1.0 1.0",
            "A B",
            "version 1.0 is in several documents (demo, other): choose one with --document",
        ),
        (
            "changelog 1.0 -d othr",
            "[VERSION]",
            "Invalid value for --document: unknown document 'othr' (expected one of: demo, other; did you mean 'other'?)",
        ),
        (
            "summary -d dem",
            "",
            "Invalid value for --document: unknown document 'dem' (expected one of: demo, other; did you mean 'demo'?)",
        ),
        ("changelog 9.9", "[VERSION]", "Invalid value for VERSION: unknown version '9.9' (expected one of: 1.0)"),
    ],
)
def test_what_names_no_one_document_is_a_usage_mistake_listing_the_ids(
    two: Path, runner: CliRunner, command: str, arguments: str, message: str
) -> None:
    name = shlex.split(command)[0]
    assert csa(runner, two, command) == usage_mistake(name, arguments, message)
    assert sorted(p.name for p in (two / "content").iterdir()) == ["demo", "other"]
    assert not (two / "content/demo/versions/2.0").exists() and not (two / "content/other/versions/2.0").exists()


def test_versions_no_one_document_has_need_document(other_has_1_1: Path, runner: CliRunner) -> None:
    shutil.copytree(other_has_1_1 / "content/demo/versions/1.0", other_has_1_1 / "content/demo/versions/1.2")
    replace_once(other_has_1_1 / "content/demo/versions/1.2/version.yaml", 'version: "1.0"', 'version: "1.2"')
    assert csa(runner, other_has_1_1, "diff 1.1 1.2") == usage_mistake(
        "diff", "A B", "no one document has versions 1.1 and 1.2 (demo, other): choose one with --document"
    )


def test_a_version_in_one_document_chooses_it(other_has_1_1: Path, runner: CliRunner) -> None:
    code, output = csa(runner, other_has_1_1, "changelog 1.1")
    assert (code, output.splitlines()[0]) == (0, "1.1  April 2020  (generated)")
    code, output = csa(runner, other_has_1_1, "diff 1.0 1.1")
    assert (code, "revised" in output) == (0, True)


def test_new_version_with_document_starts_it_in_that_document(two: Path, runner: CliRunner) -> None:
    folder = two / "content/other/versions/2.0"
    assert csa(runner, two, "new-version 2.0 --date 'April 2021' -d other") == (
        0,
        f"created {folder} (draft, supersedes 1.0)\n",
    )


def test_summary_says_a_lone_draft_has_nothing_to_compare(two: Path, runner: CliRunner) -> None:
    lone = "{} 1.0 is a draft with no earlier version in the repository: nothing to compare yet" + (
        " (the version-control table starts with this version).\n"
    )
    assert csa(runner, two, "summary") == (0, lone.format("demo") + lone.format("other"))
    assert csa(runner, two, "summary -d other") == (0, lone.format("other"))


def test_summary_compares_a_draft_with_the_version_before(other_has_1_1: Path, runner: CliRunner) -> None:
    code, output = csa(runner, other_has_1_1, "summary --document other")
    assert (code, output.splitlines()[0]) == (
        0,
        "other 1.0 is a draft with no earlier version in the repository: nothing to compare yet"
        " (the version-control table starts with this version).",
    )
    assert "1.1" in output.splitlines()[1] and "revised" in output


def test_summary_with_no_drafts_says_so(mini: Path, runner: CliRunner) -> None:
    assert csa(runner, mini, "publish 1.0")[0] == 0
    assert csa(runner, mini, "summary") == (0, "No draft versions: nothing proposed for publication.\n")
