"""The build cache: an edit rebuilds exactly the outputs made from what was edited, and nothing stale survives."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from csa.build import cache as cache_module
from csa.build.pipeline import build
from csa.cli import cli
from csa.project import Project

from .conftest import PLAN, copy_demo, copy_project
from .helpers import add_plan_reports, copy_of, made_once, replace_once, snapshot

V1 = ["demo/1.0/demo-1.0.html", "demo/1.0/demo-1.0.pdf"]
V2 = ["demo/2.0/demo-2.0.html", "demo/2.0/demo-2.0.pdf"]
RL = ["demo/2.0/demo-2.0-changes-since-1.0.html", "demo/2.0/demo-2.0-changes-since-1.0.pdf"]  # the redline
# made from the content, not the HTML templates: each version, and the redline as Word tracked changes
DOCX = ["demo/1.0/demo-1.0.docx", "demo/2.0/demo-2.0.docx", "demo/2.0/demo-2.0-changes-since-1.0.docx"]
ALL = sorted(V1 + V2 + RL + DOCX)


def rebuilt(project: Path, out: Path, **options: object) -> list[str]:
    """Build and say which outputs were rendered."""
    names: list[str] = []

    class Progress:
        def planned(self, rendering: Sequence[str], unchanged: Sequence[str]) -> None:
            pass

        def rendered(self, name: str) -> None:
            names.append(name)

    build(Project(project), out, progress=Progress(), **options)  # type: ignore[arg-type]
    return sorted(names)


def build_two_versions(mini: Path) -> None:
    """The demo project with a 2.0 next to 1.0, built into mini/output: every output rendered."""
    copy_demo(mini)
    result = CliRunner().invoke(cli, ["--root", str(mini), "new-version", "2.0", "--date", "April 2021"])
    assert result.exit_code == 0, result.output
    assert rebuilt(mini, mini / "output") == ALL


@pytest.fixture
def two_versions(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo project with 2.0 next to 1.0, built (once per run, then copied: the cache stays valid)."""
    built = made_once(tmp_path_factory, "demo-two-versions-built", lambda folder: build_two_versions(folder / "mini"))
    return copy_of(built / "mini", tmp_path / "mini")


def test_a_second_build_renders_nothing(two_versions: Path) -> None:
    assert rebuilt(two_versions, two_versions / "output") == []


VERSION_2 = "content/demo/versions/2.0"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            f"{VERSION_2}/01-introduction.yaml",
            "An unnumbered paragraph.",
            "An edited paragraph.",
            sorted(V2 + RL + DOCX[1:]),
        ),
        # 2.0 supersedes 1.0: its version-control row is written from the 1.0 -> 2.0 diff
        ("content/demo/versions/1.0/01-introduction.yaml", "An unnumbered paragraph.", "An edited paragraph.", ALL),
        (f"{VERSION_2}/version.yaml", "date: April 2021", "date: May 2021", sorted(V2 + RL + DOCX[1:])),
        ("content/demo/document.yaml", "author: Demo Team", "author: Edited Team", ALL),
        ("templates/csa.css", "line-height: 1.45", "line-height: 1.5", sorted(V1 + V2 + RL)),
        ("templates/chapter.html.j2", "<section", "<section data-edited", sorted(V1 + V2)),  # not in the redline
        ("templates/redline/redline.css", "ins { text", "ins { font-weight: bold; text", RL),
    ],
    ids=["2.0-chapter", "1.0-chapter", "2.0-version.yaml", "document.yaml", "css", "template", "redline-css"],
)
def test_an_edit_rebuilds_exactly_the_outputs_made_from_it(
    two_versions: Path, file: str, old: str, new: str, expected: list[str]
) -> None:
    replace_once(two_versions / file, old, new)
    assert rebuilt(two_versions, two_versions / "output") == expected
    assert rebuilt(two_versions, two_versions / "output") == []


def test_a_figure_edit_rebuilds_its_version(two_versions: Path) -> None:
    figure = two_versions / VERSION_2 / "figures/chart.svg"
    figure.write_text(figure.read_text().replace("</svg>", "<!-- edited --></svg>"))
    assert rebuilt(two_versions, two_versions / "output") == sorted(V2 + RL + DOCX[1:])


def test_incremental_output_equals_a_clean_build(two_versions: Path, tmp_path: Path) -> None:
    replace_once(two_versions / VERSION_2 / "01-introduction.yaml", "An unnumbered paragraph.", "A paragraph, edited.")
    replace_once(two_versions / "templates/csa.css", "line-height: 1.45", "line-height: 1.5")
    rebuilt(two_versions, two_versions / "output")
    clean = tmp_path / "clean"
    rebuilt(two_versions, clean)
    assert snapshot(two_versions / "output") == snapshot(clean)
    assert "A paragraph, edited." in (two_versions / "output" / V2[0]).read_text()


def test_only_the_requested_version_is_considered(two_versions: Path) -> None:
    replace_once(two_versions / "content/demo/versions/2.0/01-introduction.yaml", "An unnumbered", "An edited")
    assert rebuilt(two_versions, two_versions / "output", versions=["1.0"]) == []
    assert rebuilt(two_versions, two_versions / "output", versions=["2.0"], formats=["html"]) == [RL[0], V2[0]]


def test_force_rebuilds_everything(two_versions: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--root", str(two_versions), "build", "--force"])
    assert result.exit_code == 0, result.output
    assert sorted(line.removeprefix("rendered ") for line in result.output.splitlines()[:-1]) == ALL
    assert result.output.splitlines()[-1] == f"{two_versions / 'output'} is up to date"  # same bytes again


def test_the_command_line_says_what_it_skipped(two_versions: Path, runner: CliRunner) -> None:
    replace_once(two_versions / VERSION_2 / "01-introduction.yaml", "An unnumbered paragraph.", "An edited paragraph.")
    result = runner.invoke(cli, ["--root", str(two_versions), "build"])
    out = two_versions / "output"
    lines = result.output.splitlines()
    assert (result.exit_code, lines[0], lines[-1]) == (
        0,
        "3 output(s) unchanged since the last build (--force rebuilds them)",
        f"6 file(s) written to {out}",
    )
    assert sorted(lines[1:-1]) == [
        f"rendered {name}" for name in sorted(V2 + RL + DOCX[1:])
    ]  # PDFs finish in any order
    result = runner.invoke(cli, ["--root", str(two_versions), "build"])
    assert (result.exit_code, result.output) == (0, f"{out} is up to date\n")


@pytest.mark.parametrize("damage", ["deleted", "edited by hand"])
def test_an_output_changed_outside_the_build_is_rebuilt(two_versions: Path, damage: str) -> None:
    target = two_versions / "output" / V1[1]
    if damage == "deleted":
        target.unlink()
    else:
        target.write_bytes(target.read_bytes() + b"\n% appended")
    assert rebuilt(two_versions, two_versions / "output") == V1[1:]
    assert target.read_bytes().rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize(
    "manifest",
    [b"", b"{not json", b"\xff\xfe\x00garbage", b"[]", b'{"format": 1, "outputs": {"x": 3}}', b'{"format": 99}'],
    ids=["empty", "broken-json", "binary", "wrong-shape", "wrong-entry", "other-format"],
)
def test_a_damaged_cache_means_a_rebuild_not_a_crash(two_versions: Path, manifest: bytes) -> None:
    (two_versions / "output/.cache/csa-build.json").write_bytes(manifest)
    assert rebuilt(two_versions, two_versions / "output") == ALL
    assert rebuilt(two_versions, two_versions / "output") == []


def test_a_cache_folder_that_cannot_be_written_does_not_stop_the_build(two_versions: Path) -> None:
    cache_dir = two_versions / "output/.cache"
    shutil.rmtree(cache_dir)
    cache_dir.write_text("a file where the cache folder should be")
    replace_once(two_versions / VERSION_2 / "01-introduction.yaml", "An unnumbered paragraph.", "An edited paragraph.")
    assert rebuilt(two_versions, two_versions / "output") == ALL  # no cache to read
    assert "An edited paragraph." in (two_versions / "output" / V2[0]).read_text()


def test_a_new_csa_or_weasyprint_version_rebuilds_everything(
    two_versions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert rebuilt(two_versions, two_versions / "output") == ALL
    monkeypatch.setattr(cache_module, "_installed", lambda name: "99.0")
    assert rebuilt(two_versions, two_versions / "output") == ALL


def test_a_changed_font_rebuilds_everything(
    two_versions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    font = tmp_path / "Extra.ttf"
    font.write_bytes(b"not really a font")
    real = cache_module._fontconfig_files
    monkeypatch.setattr(cache_module, "_fontconfig_files", lambda: [*(real() or []), font])
    assert rebuilt(two_versions, two_versions / "output") == ALL
    assert rebuilt(two_versions, two_versions / "output") == []
    font.write_bytes(b"an updated font file")
    assert rebuilt(two_versions, two_versions / "output") == ALL


def test_an_invalid_edit_fails_the_build_and_keeps_the_outputs(two_versions: Path, runner: CliRunner) -> None:
    before = snapshot(two_versions / "output")
    replace_once(two_versions / VERSION_2 / "01-introduction.yaml", "kind: chapter", "kind: chapterr")
    result = runner.invoke(cli, ["--root", str(two_versions), "build"])
    assert result.exit_code == 1
    assert "content/demo/versions/2.0/01-introduction.yaml:1:7" in result.output
    assert snapshot(two_versions / "output") == before
    # 1.0's outputs are still right for their inputs: asking for them alone needs no parsing at all.
    result = runner.invoke(cli, ["--root", str(two_versions), "build", "--version", "1.0"])
    assert (result.exit_code, result.output) == (0, f"{two_versions / 'output'} is up to date\n")


def test_a_template_no_output_uses_changes_nothing(two_versions: Path) -> None:
    replace_once(two_versions / "templates/preview-problems.html.j2", "problem(s) to fix", "problem(s) left")
    assert rebuilt(two_versions, two_versions / "output") == []


def test_a_template_newly_included_becomes_an_input(two_versions: Path) -> None:
    (two_versions / "templates/extra.html.j2").write_text("<p>Extra</p>\n")
    assert rebuilt(two_versions, two_versions / "output") == []
    back_page = '{% include "back-page.html.j2" %}'
    replace_once(two_versions / "templates/base.html.j2", back_page, back_page + '\n{% include "extra.html.j2" %}')
    pages = sorted(V1 + V2)  # the redline does not use base.html.j2
    assert rebuilt(two_versions, two_versions / "output") == pages
    (two_versions / "templates/extra.html.j2").write_text("<p>Extra, edited</p>\n")
    assert rebuilt(two_versions, two_versions / "output") == pages
    assert "Extra, edited" in (two_versions / "output" / V1[0]).read_text()


def test_an_agreement_edit_rebuilds_the_action_plan_delivering_it(tmp_path: Path) -> None:
    """A plan prints its priorities' leads from the agreement; an edit to the plan leaves the agreement alone."""
    plan = copy_project(PLAN, tmp_path / "plan")
    add_plan_reports(plan, {"2024-04": "2023-24"})
    out, pages = plan / "output", ["html"]
    report, plan_page, agreement_page = (  # the report on the plan prints the agreement's priorities too
        "vale-csa-action-plan-update/2024-04/vale-csa-action-plan-update-2024-04.html",
        "vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.html",
        "vale-csa/1.0/vale-csa-1.0.html",
    )
    assert rebuilt(plan, out, formats=pages) == [report, plan_page, agreement_page]
    replace_once(plan / "content/vale-csa/versions/1.0/02-leads.yaml", "Road Safety Manager", "Head of Roads")
    assert rebuilt(plan, out, formats=pages) == [report, plan_page, agreement_page]
    replace_once(plan / "content/vale-csa-action-plan/versions/2023-24/01-introduction.yaml", "This plan", "The plan")
    assert rebuilt(plan, out, formats=pages) == [report, plan_page]


# An agreement with a draft 2.0 after 1.0, and the action plan delivering 1.0 (issue 23).
AGREEMENT_1 = ["vale-csa/1.0/vale-csa-1.0.docx", "vale-csa/1.0/vale-csa-1.0.html"]
AGREEMENT_2 = [
    "vale-csa/2.0/vale-csa-2.0-changes-since-1.0.docx",
    "vale-csa/2.0/vale-csa-2.0-changes-since-1.0.html",
    "vale-csa/2.0/vale-csa-2.0.docx",
    "vale-csa/2.0/vale-csa-2.0.html",
]
PLAN_DOCX, PLAN_PAGE = (f"vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.{f}" for f in ("docx", "html"))
# the report document on the plan (helpers.add_plan_reports), whose live blocks read the plan and its agreement
REPORT_ON_PLAN = [
    f"vale-csa-action-plan-update/2024-04/vale-csa-action-plan-update-2024-04.{f}" for f in ("docx", "html")
]
ACTION_PLAN = [*REPORT_ON_PLAN, PLAN_DOCX, PLAN_PAGE]
PLAN_FORMATS = {"formats": ["html", "docx"]}  # the PDFs follow the same plan; left out, the tests take a third as long


@pytest.fixture(scope="module")
def agreement_and_plan_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(PLAN, tmp_path_factory.mktemp("delivers") / "project")
    result = CliRunner().invoke(
        cli, ["--root", str(project), "new-version", "2.0", "--date", "April 2024", "-d", "vale-csa"]
    )
    assert result.exit_code == 0, result.output
    add_plan_reports(project, {"2024-04": "2023-24"})
    assert rebuilt(project, project / "output", **PLAN_FORMATS) == sorted(AGREEMENT_1 + AGREEMENT_2 + ACTION_PLAN)
    return project


@pytest.fixture
def agreement_and_plan(agreement_and_plan_built: Path, tmp_path: Path) -> Path:
    """A copy of the built project: its cache stays valid, so only what a test edits is rebuilt."""
    return Path(shutil.copytree(agreement_and_plan_built, tmp_path / "project", symlinks=True))


def test_an_edit_to_a_version_no_plan_delivers_rebuilds_that_version_and_its_redline_only(
    agreement_and_plan: Path,
) -> None:
    replace_once(
        agreement_and_plan / "content/vale-csa/versions/2.0/02-leads.yaml", "Road Safety Manager", "Head of Roads"
    )
    assert rebuilt(agreement_and_plan, agreement_and_plan / "output", **PLAN_FORMATS) == AGREEMENT_2
    assert rebuilt(agreement_and_plan, agreement_and_plan / "output", **PLAN_FORMATS) == []


def test_an_edit_to_the_version_a_plan_delivers_rebuilds_the_plan_and_its_report(agreement_and_plan: Path) -> None:
    replace_once(
        agreement_and_plan / "content/vale-csa/versions/1.0/02-leads.yaml", "Road Safety Manager", "Head of Roads"
    )
    # 2.0's page shows 1.0 in its version-control table, and its redline compares with 1.0
    expected = sorted(AGREEMENT_1 + AGREEMENT_2 + ACTION_PLAN)
    assert rebuilt(agreement_and_plan, agreement_and_plan / "output", **PLAN_FORMATS) == expected
    plan_page = (agreement_and_plan / "output" / PLAN_PAGE).read_text(encoding="utf-8")
    assert "Head of Roads" in plan_page  # the plan prints its priorities' leads from the agreement


def test_a_plan_delivering_another_version_is_rebuilt_and_then_follows_that_version(agreement_and_plan: Path) -> None:
    out, plan_meta = agreement_and_plan / "output", "content/vale-csa-action-plan/versions/2023-24/version.yaml"
    replace_once(agreement_and_plan / plan_meta, 'delivers: "1.0"', 'delivers: "2.0"')
    # the agreement's web pages too: their "delivered by" links move from 1.0's page to 2.0's (csa.build.links)
    agreement_pages = ["vale-csa/1.0/vale-csa-1.0.html", "vale-csa/2.0/vale-csa-2.0.html"]
    assert rebuilt(agreement_and_plan, out, **PLAN_FORMATS) == sorted(ACTION_PLAN + agreement_pages)
    assert "delivered-by" not in (out / agreement_pages[0]).read_text(encoding="utf-8")
    assert "delivered-by" in (out / agreement_pages[1]).read_text(encoding="utf-8")
    replace_once(
        agreement_and_plan / "content/vale-csa/versions/1.0/02-leads.yaml", "Road Safety Manager", "Head of Roads"
    )
    assert rebuilt(agreement_and_plan, out, **PLAN_FORMATS) == sorted(AGREEMENT_1 + AGREEMENT_2)
    replace_once(
        agreement_and_plan / "content/vale-csa/versions/2.0/02-leads.yaml", "Road Safety Manager", "Head of Roads"
    )
    assert rebuilt(agreement_and_plan, out, **PLAN_FORMATS) == sorted(AGREEMENT_2 + ACTION_PLAN)


def test_outputs_rebuilt_after_agreement_edits_equal_a_clean_build(agreement_and_plan: Path, tmp_path: Path) -> None:
    out = agreement_and_plan / "output"
    replace_once(
        agreement_and_plan / "content/vale-csa/versions/2.0/02-leads.yaml", "Road Safety Manager", "Head of Roads"
    )
    rebuilt(agreement_and_plan, out, **PLAN_FORMATS)
    replace_once(
        agreement_and_plan / "content/vale-csa/versions/1.0/02-leads.yaml", "Road Safety Manager", "Roads Lead"
    )
    rebuilt(agreement_and_plan, out, **PLAN_FORMATS)
    clean = tmp_path / "clean"
    rebuilt(agreement_and_plan, clean, **PLAN_FORMATS)
    assert snapshot(out) == snapshot(clean)
    assert "Roads Lead" in (out / PLAN_PAGE).read_text(encoding="utf-8")


def test_the_cache_records_what_each_output_read(agreement_and_plan: Path) -> None:
    manifest = json.loads((agreement_and_plan / "output/.cache/csa-build.json").read_text(encoding="utf-8"))
    assert manifest["outputs"][PLAN_DOCX]["inputs"] == [
        "document:vale-csa-action-plan",
        "version:vale-csa-action-plan/2023-24",
        "document:vale-csa",
        "version:vale-csa/1.0",
    ]


def test_a_cache_of_the_former_format_is_ignored(agreement_and_plan: Path) -> None:
    manifest = agreement_and_plan / "output/.cache/csa-build.json"
    saved = json.loads(manifest.read_text(encoding="utf-8"))
    saved["format"] = 1
    manifest.write_text(json.dumps(saved), encoding="utf-8")
    assert rebuilt(agreement_and_plan, agreement_and_plan / "output", **PLAN_FORMATS) == sorted(
        AGREEMENT_1 + AGREEMENT_2 + ACTION_PLAN
    )
