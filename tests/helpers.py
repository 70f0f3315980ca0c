"""Plain helpers shared by several test modules (fixtures are in conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from filelock import FileLock

from csa.build.pipeline import load_documents
from csa.project import Project
from csa.publish.new_version import new_version

REPOSITORY = Path(__file__).resolve().parents[1]

# The Node.js that runs the checkers in tests/node/: Debian 12's is 18, too old for them, and
# then setup.sh --test installs Node.js 22 from npm's binary package here.
NODE_FROM_NPM = next((REPOSITORY / "tests/node/runtime/node_modules").glob("node-linux-*/bin/node"), None)
NODE = str(NODE_FROM_NPM) if NODE_FROM_NPM else "node"

# The demo project's versions (tests/fixtures/mini), relative to its root;
# 2.0 exists only once the `pair` fixture has started it.
DEMO_1 = "content/demo/versions/1.0"
DEMO_2 = "content/demo/versions/2.0"


# What `python build.py` needs, copied by `copy_repository`
NEEDED = ("build.py", "src", "templates", "content")
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def copy_repository(to: Path) -> Path:
    to.mkdir(parents=True)
    for name in NEEDED:
        source = REPOSITORY / name
        if source.is_dir():
            shutil.copytree(source, to / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, to / name)
    return to


def start_build(project: Path, cwd: Path, **env: str) -> subprocess.Popen[str]:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env
    cmd = [sys.executable, str(project / "build.py"), "--out", str(project / "output")]
    return subprocess.Popen(cmd, cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    """The published files (the build cache in .cache/ is not one of them)."""
    files = (p for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.relative_to(folder).parts)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder `make(folder)` fills, made once per test run and shared by every test (and every xdist
    worker) that asks for `name`; read only: tests that change it work on a `copy_of` it.

    Builds dominate the suite's time, and a built folder copied keeps its build cache valid (the cache
    records contents, not places), so a test that edits and rebuilds starts from a copy, not a build.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker has base/../popen-gwN: share the run's folder
        base = base.parent
    shared = base / "made-once"
    shared.mkdir(exist_ok=True)
    folder = shared / name
    with FileLock(shared / f"{name}.lock"):
        if not folder.is_dir():
            partial = shared / f"{name}.partial"
            shutil.rmtree(partial, ignore_errors=True)  # a worker that failed half way
            partial.mkdir()
            make(partial)
            partial.rename(folder)  # only a finished folder is ever seen under its name
    return folder


def copy_of(folder: Path, to: Path) -> Path:
    """A copy of `folder` at `to` to change freely (times kept, as a build cache expects)."""
    shutil.copytree(folder, to, symlinks=True)
    return to


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a file as an author would; `old` must occur exactly once, so the edit lands where the test means."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_chapter(root: Path, name: str, change: Callable[[dict[str, Any]], object]) -> None:
    """Apply `change` to the data of one chapter file of the demo's draft 2.0 and save it."""
    path = root / DEMO_2 / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def blocks(data: dict[str, Any]) -> list[Any]:
    """The blocks of a chapter's data, for `edit_chapter` changes."""
    result: list[Any] = data["blocks"]
    return result


FOOTNOTES = Path(__file__).resolve().parent / "fixtures" / "footnotes"  # a document citing its sources
DOC = "content/sources"


def with_revised_notes(root: Path) -> None:
    """Version 2.0: chapter 1's note 2 reworded, a new paragraph citing a new note."""
    document = load_documents(Project(root))[0]
    new_version(document, root / DOC, "2.0", "April 2021")
    path = root / DOC / "versions/2.0/01-violence.yaml"
    data = yaml.safe_load(path.read_text())
    data["footnotes"][2] = "*Kent MARAC data*, 2019/20"
    data["footnotes"]["ons"] = "Office for National Statistics, Crime in England and Wales"
    data["blocks"].insert(1, {"numbered": "Recorded crime rose too.[^ons]"})
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


# The plan fixture's second version (tests/fixtures/plan), made by `add_second_plan_version`.
PLAN_1 = "content/vale-csa-action-plan/versions/2023-24"
PLAN_2 = "content/vale-csa-action-plan/versions/2024-25"


def add_second_plan_version(root: Path) -> None:
    """The plan fixture's 2024-25: a copy of 2023-24 in which one action is completed, one added,
    one removed and one re-worded, and one indicator's latest figure changes; nothing else."""
    shutil.copytree(root / PLAN_1, root / PLAN_2)
    plan = root / PLAN_2
    meta = plan / "version.yaml"
    replace_once(meta, 'version: "2023-24"', 'version: "2024-25"\nsupersedes: "2023-24"')
    replace_once(meta, "stage: for information", "stage: draft")
    replace_once(plan / "03-road-safety.yaml", "status: at risk", "status: complete")
    asb = plan / "04-anti-social-behaviour.yaml"
    replace_once(
        asb,
        "      - id: vale-asb-mediation\n        action: Offer mediation to neighbours in dispute.\n"
        "        due: 2024-09-30\n        status: not started\n",
        "",
    )
    da = plan / "02-domestic-abuse.yaml"
    replace_once(
        da,
        "          - text: A campaign ran in November.\n",
        "          - text: A campaign ran in November.\n"
        "      - id: vale-da-website\n        action: Refresh the outreach service's website.\n"
        "        progress:\n          - text: A new website went live in January.\n",
    )
    replace_once(da, "among GPs and schools.", "among GPs, schools and pharmacies.")
    replace_once(da, "latest: {value: 31204,", "latest: {value: 30118,")


PLAN_DOC = "content/vale-csa-action-plan"  # the action plan of tests/fixtures/plan


def with_next_plan_year(root: Path) -> None:
    """The action plan's 2024-25, started from 2023-24: an action added, one completed, one re-worded, a figure updated."""
    plan = next(d for d in load_documents(Project(root)) if d.type == "action-plan")
    new_version(plan, root / PLAN_DOC, "2024-25", "March 2025")
    road = root / PLAN_DOC / "versions/2024-25/03-road-safety.yaml"
    replace_once(road, "status: at risk", "status: complete")
    replace_once(road, "Run a winter driving campaign.", "Run a winter and spring driving campaign.")
    replace_once(
        road,
        "      - id: vale-rs-speed\n",
        "      - id: vale-rs-cycling\n        action: Train cyclists.\n      - id: vale-rs-speed\n",
    )
    domestic = root / PLAN_DOC / "versions/2024-25/02-domestic-abuse.yaml"
    replace_once(domestic, "latest: {value: 31204", "latest: {value: 30100")


# LibreOffice (Debian's libreoffice-writer-nogui, installed by ./setup.sh --test): a Word client nobody here wrote.
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice not installed (./setup.sh --test)"
)


def libreoffice_convert(source: Path, out: Path, to: str, timeout: int = 180) -> Path:
    """`source` converted by LibreOffice headless into the folder `out` (`to`: "pdf", "docx:MS Word 2007 XML");
    with a profile of its own in `out`, so no lock is shared with a desktop or another test. The file written."""
    profile = out / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=timeout,
    )
    return out / f"{source.stem}.{to.split(':')[0]}"


PLAN_ID = "vale-csa-action-plan"
PLAN_UPDATE = "vale-csa-action-plan-update"  # tests/fixtures/plan's report document (add_plan_reports)
# One report per meeting: 2024-04 on the first plan year, 2025-04 (a draft) on the second.
REPORTS_ON_PLAN = {"2024-04": "2023-24", "2025-04": "2024-25"}
REPORT_HEADER = """header:
  by:
    - {name: Pat Example, role: "Head of Community Safety, Vale County Council"}
  to: {body: Vale Community Safety Partnership, meeting: 2024-04-10}
  classification: For Information
  subject: Vale Community Safety Agreement Action Plan 2023-24
  summary: The action plan for 2023/24, with progress as at March 2024.
  recommendations:
    - Note the progress made against the action plan.
    - Members are asked to give feedback on the action plan at the meeting or by email to Pat Example
      (safer@vale.example.org) by 1 May 2024.
  attachments: ["Appendix 1: Vale Community Safety Agreement Action Plan 2023-24"]
  contacts:
    - {name: Pat Example, role: Head of Community Safety, email: safer@vale.example.org}
"""
REPORT_CHAPTERS = {
    "01-background.yaml": ("Background", "agreement_priorities"),
    "02-changes.yaml": ("Changes to the Action Plan", "plan_progress"),
    "03-performance.yaml": ("Performance Monitoring", "focus_indicators"),
    "04-plan.yaml": ("The Action Plan", "plan_link"),
}


def add_plan_reports(project: Path, meetings: dict[str, str] | None = None) -> None:
    """The report document on the plan: a version per meeting (meeting -> the plan year it reads; default
    REPORTS_ON_PLAN, which needs add_second_plan_version first), each chapter one live block."""
    folder = project / "content" / PLAN_UPDATE
    (folder / "document.yaml").parent.mkdir(parents=True)
    (folder / "document.yaml").write_text(
        "title: Vale Community Safety Agreement Action Plan Update\npartnership: Vale Community Safety Partnership\n"
        f"type: report\nplan: {PLAN_ID}\nsettings:\n  version_control: none\n  chapter_page_breaks: false\n"
        "  numbering: {sections: true}\n",
        encoding="utf-8",
    )
    for number, plan_year in (meetings or REPORTS_ON_PLAN).items():
        version = folder / "versions" / number
        version.mkdir(parents=True)
        header = REPORT_HEADER
        if plan_year == "2024-25":
            header = f"header:\n  to: {{body: Vale Community Safety Partnership}}\n  subject: {PLAN_ID} {plan_year}\n"
        (version / "version.yaml").write_text(
            f'version: "{number}"\ndate: April {number[:4]}\neffective: {number}-01\nstatus: draft\n{header}',
            encoding="utf-8",
        )
        for name, (title, kind) in REPORT_CHAPTERS.items():
            (version / name).write_text(
                f'kind: chapter\ntitle: {title}\nblocks:\n  - {kind}: {{plan: {PLAN_ID}, version: "{plan_year}"}}\n',
                encoding="utf-8",
            )
