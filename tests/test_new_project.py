"""`csa new-project`: a partnership's repository of content alone, with csa pinned and installed from a package index."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from csa import __version__
from csa.cli import cli

from .conftest import ROOT

DOVER = ["--title", "Dover Community Safety Plan", "--partnership", "Dover CSP", "--date", "April 2025"]
TREE = [
    ".github/dependabot.yml",
    ".github/workflows/publish.yml",
    ".github/workflows/pull-request.yml",
    ".gitignore",
    "README.md",
    "content/dover-csp/document.yaml",
    "content/dover-csp/versions/1.0/01-introduction.yaml",
    "content/dover-csp/versions/1.0/version.yaml",
    "inbox/README.md",
    "requirements.txt",
    "setup.sh",
]


def csa(*args: str, cwd: Path) -> tuple[int, str]:
    here = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args), prog_name="csa")
    finally:
        os.chdir(here)
    return result.exit_code, result.output


def files_of(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_new_project_writes_the_repository_and_says_what_to_do_next(tmp_path: Path) -> None:
    assert csa("new-project", "dover-csp", *DOVER, cwd=tmp_path) == (
        0,
        f"created dover-csp (Dover CSP: Dover Community Safety Plan, draft 1.0 of April 2025; csa {__version__} pinned)\n"
        "next: cd dover-csp && ./setup.sh && .venv/bin/csa build  (see its README.md)\n",
    )
    project = tmp_path / "dover-csp"
    assert files_of(project) == TREE
    assert (project / "setup.sh").stat().st_mode & stat.S_IXUSR
    document = yaml.safe_load((project / "content/dover-csp/document.yaml").read_text())
    assert (document["title"], document["partnership"]) == ("Dover Community Safety Plan", "Dover CSP")
    version = yaml.safe_load((project / "content/dover-csp/versions/1.0/version.yaml").read_text())
    assert (version["version"], version["date"], version["status"]) == ("1.0", "April 2025", "draft")


def test_the_new_repository_validates_and_builds_at_once(tmp_path: Path) -> None:
    csa("new-project", "dover-csp", *DOVER, cwd=tmp_path)
    project = tmp_path / "dover-csp"
    assert csa("validate", cwd=project) == (0, "OK: 1 document(s), 1 version(s), no problems\n")
    code, output = csa("build", "--format", "html", cwd=project)
    assert code == 0, output
    assert "Dover Community Safety Plan" in (project / "output/dover-csp/1.0/dover-csp-1.0.html").read_text()


def test_csa_is_pinned_for_dependabot_and_installed_from_the_pin_never_from_source(tmp_path: Path) -> None:
    csa("new-project", "dover-csp", *DOVER, cwd=tmp_path)
    project = tmp_path / "dover-csp"
    pins = [line for line in (project / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    assert pins == [f"csa-publisher=={__version__}"]
    updates = yaml.safe_load((project / ".github/dependabot.yml").read_text())["updates"]
    assert {"package-ecosystem": "pip", "directory": "/", "schedule": {"interval": "weekly"}} in updates
    setup = (project / "setup.sh").read_text()
    assert "venv_pip_install -r requirements.txt" in setup and "-e ." not in setup
    for workflow in (project / ".github/workflows").glob("*.yml"):
        for job in yaml.safe_load(workflow.read_text())["jobs"].values():
            for step in job["steps"]:
                command = step.get("run", "")
                assert not command or command.startswith(("csa ", "./setup.sh", "mapfile")), command


def test_the_partnership_s_workflows_are_this_repository_s(tmp_path: Path) -> None:
    csa("new-project", "dover-csp", *DOVER, cwd=tmp_path)
    theirs = tmp_path / "dover-csp/.github/workflows"
    ours = ROOT / ".github/workflows"
    assert files_of(theirs) == files_of(ours)
    for name in files_of(ours):
        assert (theirs / name).read_text() == (ours / name).read_text(), name


def test_the_readme_speaks_to_the_partnership_of_its_own_document(tmp_path: Path) -> None:
    csa("new-project", "dover-csp", *DOVER, cwd=tmp_path)
    readme = (tmp_path / "dover-csp/README.md").read_text()
    assert readme.startswith("# Dover Community Safety Plan\n\nThe Dover CSP's documents")
    for heading in ("## The two commands", "### Editing in Word", "## Reviewing a change", "## Publishing"):
        assert f"\n{heading}\n" in readme
    assert "./setup.sh && .venv/bin/csa build" in readme
    assert "output/dover-csp/1.0/dover-csp-1.0.html" in readme and "{{" not in readme
    assert (
        "Kent" not in readme and "Kent" not in (tmp_path / "dover-csp/.github/workflows/pull-request.yml").read_text()
    )


def test_the_document_id_is_the_folder_s_name_unless_given(tmp_path: Path) -> None:
    assert csa("new-project", "dover", *DOVER, "--document", "dover-plan", cwd=tmp_path)[0] == 0
    assert (tmp_path / "dover/content/dover-plan/document.yaml").is_file()
    for given in (DOVER, ["--from", str(tmp_path / "dover/content/dover-plan/document.yaml")]):
        code, output = csa("new-project", "Dover CSP", *given, cwd=tmp_path)
        assert (code, output.splitlines()[-1]) == (
            2,
            "Error: the folder name 'Dover CSP' cannot be used as a document id (lower-case letters, digits and"
            " hyphens: it names the document's folder and every output file): give one with --document, e.g."
            " --document dover-csp",
        )
        assert "Invalid value" not in output
        assert not (tmp_path / "Dover CSP").exists()


def test_refusals_are_usage_mistakes_that_write_nothing(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    cases = {
        ("taken", *DOVER): "Invalid value for DIR: taken already exists (csa new-project makes the folder)",
        ("new", "--partnership", "Dover CSP"): "Missing option '--title'.",
        ("new", *DOVER, "--from", "plan.docx"): "File 'plan.docx' does not exist",
        ("new", *DOVER, "--version", "one"): "--version",
    }
    for args, message in cases.items():
        code, output = csa("new-project", *args, cwd=tmp_path)
        assert (code, message in output) == (2, True), output
        assert "Traceback" not in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]  # no half-written repository, no staging folder


needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")

PLAN = """---
title: Dover Community Safety Plan
subtitle: Dover Community Safety Partnership
{date}---

# Introduction

This plan sets out the partnership's priorities for the year.

# Priorities

- Domestic abuse
- Road safety
"""


def word_plan(folder: Path, date: str) -> Path:
    (folder / "plan.md").write_text(PLAN.format(date=date), encoding="utf-8")
    subprocess.run(["pandoc", "plan.md", "-o", "plan.docx"], cwd=folder, check=True, timeout=60)
    return folder / "plan.docx"


@needs_pandoc
def test_new_project_from_word_starts_with_the_word_document_as_its_first_version(tmp_path: Path) -> None:
    word_plan(tmp_path, "date: April 2025\n")
    code, output = csa("new-project", "dover-csp", "--from", "plan.docx", cwd=tmp_path)
    assert (code, output.splitlines()[0]) == (
        0,
        "created dover-csp from plan.docx (Dover Community Safety Partnership: Dover Community Safety Plan,"
        f" draft 1.0 of April 2025; 2 chapter(s); csa {__version__} pinned)",
    )
    project = tmp_path / "dover-csp"
    assert [p for p in files_of(project) if p.startswith("content/")] == [
        "content/dover-csp/document.yaml",
        "content/dover-csp/versions/1.0/01-introduction.yaml",
        "content/dover-csp/versions/1.0/02-priorities.yaml",
        "content/dover-csp/versions/1.0/version.yaml",
    ]
    document = yaml.safe_load((project / "content/dover-csp/document.yaml").read_text("utf-8"))
    assert (document["title"], document["partnership"]) == (
        "Dover Community Safety Plan",
        "Dover Community Safety Partnership",
    )
    assert [row["version"] for row in document["history"]] == ["1.0"]  # the single first row, no edits described
    assert csa("validate", cwd=project) == (0, "OK: 1 document(s), 1 version(s), no problems\n")
    assert {p for p in files_of(project) if not p.startswith("content/")} >= {"README.md", "requirements.txt"}


@needs_pandoc
def test_new_project_from_word_without_a_date_names_the_flag_and_leaves_nothing(tmp_path: Path) -> None:
    word_plan(tmp_path, "")
    code, output = csa("new-project", "dover-csp", "--from", "plan.docx", cwd=tmp_path)
    assert code == 2
    assert "--date" in output
    assert not (tmp_path / "dover-csp").exists()
