"""The HTML pages pass axe-core (WCAG 2.2 AA and best practice) in a real Chromium, and the Nu HTML checker.

Both checkers run once for every page (one browser, one Java start). A copy of a
page with known faults goes along in the same run, so a checker that silently
checks nothing fails here too. `./setup.sh --test` installs them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from csa.build.pipeline import build
from csa.project import Project

from .conftest import DISTRICT, LEVELS, MINI, PLAN, ROOT, copy_project
from .helpers import FOOTNOTES, NODE, add_second_plan_version, with_revised_notes

A11Y = ROOT / "tests" / "node"
VNU_JAR = A11Y / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SETUP_HINT = "install the checkers with ./setup.sh --test"


@pytest.fixture(scope="session")
def pages(kent_site: Path, demo_html: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every Kent page and redline, the site index, plus the demos: mini (a draft, with a figure,
    note and nested list) and each feature's fixture (FEATURE_DEMOS)."""
    demos = sorted(demo_html.glob("*/*/*.html"))
    for fixture, prepare in FEATURE_DEMOS:
        project = copy_project(fixture, tmp_path_factory.mktemp(fixture.name) / "project")
        if prepare is not None:
            prepare(project)
        build(Project(project), project / "output", formats=["html"])
        demos += sorted((project / "output").glob("*/*/*.html"))
    kent = sorted(kent_site.glob("*/[0-9]*/*.html")) + [kent_site / "index.html"]
    return kent + demos


def as_cover_demo(project: Path) -> None:
    """The demo as "demo-cover": a cover with a logo, strapline, period and refresh note, its table at the back."""
    demo = project / "content" / "demo-cover"
    (project / "content" / "demo").rename(demo)
    (demo / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80"><rect width="240" height="80" fill="#5b2c83"/></svg>',
        encoding="utf-8",
    )
    cover = "cover:\n  strapline: Delivering Safer Communities\n  period: 2013-2018\n"
    logo = "  logo: {src: logo.svg, alt: Demo Community Safety Partnership}\nsettings: {version_control: back}\n"
    with (demo / "document.yaml").open("a", encoding="utf-8") as document:
        document.write(cover + logo)
    with (demo / "versions/1.0/version.yaml").open("a", encoding="utf-8") as version:
        version.write("cover: {refreshed: Refreshed March 2017}\n")


# Fixture projects of features the Kent content does not use, each with how to prepare it:
# levels (headings at three levels, in the contents), footnotes (markers, notes and back
# links; a 2.0 with a revised and an added note, so its redline is checked too), the cover,
# the district plan (every feature at once, in a document that is not Kent's), and an action
# plan beside its agreement (actions with statuses and collapsed earlier updates, indicators, charts;
# a second plan year, so its redline is checked too).
FEATURE_DEMOS: tuple[tuple[Path, Callable[[Path], None] | None], ...] = (
    (LEVELS, None),
    (FOOTNOTES, with_revised_notes),
    (MINI, as_cover_demo),
    (DISTRICT, None),
    (PLAN, add_second_plan_version),  # both plan years: pages, reports (one with changes) and the redline
)


@pytest.fixture(scope="session")
def broken(pages: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of a real page with faults both checkers must report: no alt, no lang, a duplicate id."""
    html = next(text for text in (p.read_text(encoding="utf-8") for p in pages) if "<img " in text)
    html = html.replace(' lang="en-GB"', "", 1)
    html = re.sub(r'(<img src="[^"]*") alt="[^"]*"', r"\1", html, count=1)
    html = html.replace('<main id="main">', '<main id="main"><p id="contents">duplicate</p>', 1)
    path = tmp_path_factory.mktemp("broken") / "broken.html"
    path.write_text(html, encoding="utf-8")
    return path


def axe_command(files: list[str]) -> list[str]:
    if not (A11Y / "node_modules" / "axe-core").is_dir() or not shutil.which(NODE):
        pytest.fail(f"axe-core is not installed: {SETUP_HINT}")
    return [NODE, str(A11Y / "axe.mjs"), *files]


def nu_command(files: list[str]) -> list[str]:
    if not VNU_JAR.is_file() or not shutil.which("java"):
        pytest.fail(f"the Nu HTML checker (vnu-jar) or Java is missing: {SETUP_HINT}")
    return ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", *files]


@pytest.fixture(scope="session")
def checked(pages: list[Path], broken: Path) -> tuple[str, str]:
    """Run axe and the Nu checker side by side (one core each); their JSON reports."""
    files = [str(p) for p in [*pages, broken]]
    axe = subprocess.Popen(axe_command(files), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    nu = subprocess.Popen(nu_command(files), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    axe_out, axe_err = axe.communicate(timeout=180)
    nu_out, nu_err = nu.communicate(timeout=180)
    assert axe.returncode in (0, 1), f"axe could not run ({SETUP_HINT}):\n{axe_err}"
    assert nu.returncode == 0, f"the Nu checker could not run:\n{nu_err}"
    return axe_out, nu_out


@pytest.fixture(scope="session")
def axe_report(checked: tuple[str, str], pages: list[Path], broken: Path) -> dict[str, list[dict[str, Any]]]:
    """axe violations by file name."""
    report = {Path(f).name: violations for f, violations in json.loads(checked[0]).items()}
    assert sorted(report) == sorted(p.name for p in [*pages, broken]), "axe did not check every page"
    return report


@pytest.fixture(scope="session")
def nu_errors(checked: tuple[str, str], pages: list[Path], broken: Path) -> dict[str, list[str]]:
    """Nu HTML checker errors and warnings by file name (plain info messages are left out)."""
    errors: dict[str, list[str]] = {p.name: [] for p in [*pages, broken]}
    for message in json.loads(checked[1])["messages"]:
        if message["type"] in ("error", "non-document-error") or message.get("subType") == "warning":
            page = Path(urlsplit(message.get("url", "?")).path).name
            errors.setdefault(page, []).append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors


def test_no_axe_violations_on_any_page(axe_report: dict[str, list[dict[str, Any]]], broken: Path) -> None:
    found = [
        f"{page}: {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'][:3])}"
        for page, violations in axe_report.items()
        if page != broken.name
        for v in violations
    ]
    assert found == []


def test_axe_reports_a_page_with_faults(axe_report: dict[str, list[dict[str, Any]]], broken: Path) -> None:
    rules = {v["id"] for v in axe_report[broken.name]}
    assert {"image-alt", "html-has-lang"} <= rules


def test_no_nu_checker_errors_or_warnings_on_any_page(nu_errors: dict[str, list[str]], broken: Path) -> None:
    found = [f"{page}: {e}" for page, errs in nu_errors.items() if page != broken.name for e in errs]
    assert found == []


def test_nu_checker_reports_a_page_with_faults(nu_errors: dict[str, list[str]], broken: Path) -> None:
    errors = " ".join(nu_errors[broken.name])
    assert "Duplicate ID" in errors
    # (the image without alt sits in a <figure> with a caption, which HTML allows: axe reports it, Nu need not)
    assert "lang" in errors
