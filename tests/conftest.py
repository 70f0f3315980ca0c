"""Shared fixtures: the real project, a small demo project (alone or with a draft 2.0), built outputs, a CLI runner."""

from __future__ import annotations

import os
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from hypothesis import settings

from csa.build.pipeline import build, load_documents
from csa.project import Project
from csa.publish.new_version import new_version

from .helpers import copy_repository, made_once, start_build

ROOT = Path(__file__).resolve().parents[1]
# Published texts the PDFs are checked against, kept with the tests (see reference/README.md).
REFERENCE = Path(__file__).resolve().parent / "reference"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
LEVELS = MINI.parent / "levels"  # headings at three levels, listed in the contents
DISTRICT = MINI.parent / "district"  # an invented district plan using every document feature (not Kent's)
PLAN = MINI.parent / "plan"  # an invented agreement and the action plan delivering it (issue 17)

# Property tests: enough examples to find crashes, few enough for CI on 2 cores.
# A deadline turns a hang (catastrophic regex, runaway recursion) into a failure.
settings.register_profile("default", max_examples=200, deadline=timedelta(seconds=2))
settings.register_profile("ci", max_examples=200, deadline=timedelta(seconds=2), derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))

# Case folders and fixtures are content, not tests (as Sphinx does with tests/roots/).
collect_ignore = ["cases", "fixtures"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite expected outputs (tests/cases/*/output.txt) from what the code does now",
    )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def copy_project(fixture: Path, folder: Path) -> Path:
    """A copy of a fixture project's content, with the real templates, in `folder`, to edit freely."""
    shutil.copytree(fixture, folder)
    shutil.copytree(ROOT / "templates", folder / "templates")
    return folder


def copy_demo(to: Path) -> Path:
    """A copy of the demo project (content + the real templates) at `to`."""
    return copy_project(MINI, to)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the demo project to edit freely."""
    return copy_demo(tmp_path / "mini")


@pytest.fixture(scope="session")
def demo_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's HTML pages (a draft, with a figure, a note and a nested list), built once per session; read only."""

    def make(folder: Path) -> None:
        project = copy_demo(folder / "project")
        build(Project(project), project / "output", formats=["html"])

    return made_once(tmp_path_factory, "demo-html", make) / "project" / "output"


@pytest.fixture
def pair(mini: Path) -> Path:
    """The demo project with version 2.0 started as a copy of 1.0."""
    document = load_documents(Project(mini))[0]
    new_version(document, mini / "content/demo", "2.0", "April 2021")
    return mini


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """A copy of the Kent CSA with 5.0 started from 4.0."""
    root = tmp_path / "kent"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "templates", root / "templates")
    document = next(d for d in load_documents(Project(root)) if d.id == "kent-csa")
    new_version(document, root / "content/kent-csa", "5.0", "April 2021")
    return root


@pytest.fixture(scope="session")
def kent_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository built by `python build.py` in a process of its own (hash seed 1, UTC, run in
    the copy's folder), once per test run; read only. test_reproducible compares another build with it."""

    def make(folder: Path) -> None:
        project = copy_repository(folder / "a")
        process = start_build(project, cwd=project, PYTHONHASHSEED="1", TZ="UTC")
        log, _ = process.communicate(timeout=600)
        assert process.returncode == 0, log

    return made_once(tmp_path_factory, "kent-built", make) / "a"


@pytest.fixture(scope="session")
def kent_output(kent_built: Path) -> Path:
    """The real Kent CSA built once per test session."""
    return kent_built / "output"


class PdfText:
    """Text of each page of a PDF, whitespace-normalised."""

    def __init__(self, path: Path) -> None:
        self.reader = pypdf.PdfReader(path)
        self.pages = [normalise(p.extract_text()) for p in self.reader.pages]

    @property
    def text(self) -> str:
        return " ".join(self.pages)


def normalise(text: str) -> str:
    """One space between words; words broken after a hyphen or slash at a line end are rejoined."""
    text = re.sub(r"(\S[-/])\n", r"\1", text.replace("\u2022", " "))
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="session")
def pdf_4(kent_output: Path) -> PdfText:
    return PdfText(kent_output / "kent-csa/4.0/kent-csa-4.0.pdf")


@pytest.fixture(scope="session")
def pdf_2(kent_output: Path) -> PdfText:
    return PdfText(kent_output / "kent-csa/2.0/kent-csa-2.0.pdf")


@pytest.fixture(scope="session")
def plan_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The action-plan fixture (an agreement and its plan) built once per session, HTML, PDF and .docx; read only."""

    def make(folder: Path) -> None:
        project = copy_project(PLAN, folder / "project")
        build(Project(project), project / "output")

    return made_once(tmp_path_factory, "plan-output", make) / "project" / "output"


@pytest.fixture(scope="session")
def plan_two_versions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The action-plan fixture with a second version (helpers.add_second_plan_version), built; read only."""
    from .helpers import add_second_plan_version

    def make(folder: Path) -> None:
        project = copy_project(PLAN, folder / "project")
        add_second_plan_version(project)
        build(Project(project), project / "output")

    return made_once(tmp_path_factory, "plan-two-versions", make) / "project"


@pytest.fixture(scope="session")
def plan_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan fixture's two years (helpers.add_second_plan_version) and the report document on them
    (helpers.add_plan_reports: 2024-04 published, 2025-04 a draft), the report built; read only."""
    from csa.cli import cli

    from .helpers import PLAN_UPDATE, add_plan_reports, add_second_plan_version

    def make(folder: Path) -> None:
        project = copy_project(PLAN, folder / "project")
        add_second_plan_version(project)
        add_plan_reports(project)
        published = CliRunner().invoke(cli, ["--root", str(project), "publish", "2024-04", "-d", PLAN_UPDATE])
        assert published.exit_code == 0, published.output
        build(Project(project), project / "output", document=PLAN_UPDATE)

    return made_once(tmp_path_factory, "plan-reports", make) / "project"


@pytest.fixture(scope="session")
def kent_site(kent_output: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built Kent CSA with the site's index pages added, as `csa site` publishes it."""
    from csa.build.site import render_site
    from csa.render.env import make_env

    def make(site: Path) -> None:
        shutil.copytree(kent_output, site, dirs_exist_ok=True)
        for name, data in render_site(make_env(ROOT / "templates"), load_documents(Project(ROOT))).items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(data)

    return made_once(tmp_path_factory, "kent-site", make)
