"""The build plan: which outputs exist and which versions each page depends on, from folders alone."""

from __future__ import annotations

from pathlib import Path

from csa.build.plan import plan_outputs, table_sources
from csa.diff.lineage import compared_pairs


def project_with(tmp_path: Path, supersedes: dict[str, str | None]) -> Path:
    """content/demo with one version folder per key, each superseding its value (no chapters needed)."""
    for number, older in supersedes.items():
        folder = tmp_path / "content/demo/versions" / number
        folder.mkdir(parents=True)
        line = f'supersedes: "{older}"\n' if older else ""
        (folder / "version.yaml").write_text(f'version: "{number}"\n{line}', encoding="utf-8")
    return tmp_path / "content"


def test_each_version_gets_its_pages_and_a_redline_against_the_one_before(tmp_path: Path) -> None:
    content = project_with(tmp_path, {"1.0": None, "2.0": "1.0"})
    assert [o.name for o in plan_outputs(content, None, ("html", "pdf"))] == [
        "demo/1.0/demo-1.0.html",
        "demo/1.0/demo-1.0.pdf",
        "demo/2.0/demo-2.0.html",
        "demo/2.0/demo-2.0.pdf",
        "demo/2.0/demo-2.0-changes-since-1.0.html",
        "demo/2.0/demo-2.0-changes-since-1.0.pdf",
    ]


def test_only_the_versions_and_formats_asked_for(tmp_path: Path) -> None:
    content = project_with(tmp_path, {"1.0": None, "2.0": "1.0", "10.0": "2.0"})
    planned = plan_outputs(content, ["10.0"], ["pdf"])
    assert [(o.name, o.against) for o in planned] == [
        ("demo/10.0/demo-10.0.pdf", None),
        ("demo/10.0/demo-10.0-changes-since-2.0.pdf", "2.0"),
    ]


def test_a_page_depends_on_the_versions_its_table_compares(tmp_path: Path) -> None:
    # 3.0 supersedes 1.5, which is not here: its row is recorded, not generated from a diff
    content = project_with(tmp_path, {"1.0": None, "2.0": "1.0", "3.0": "1.5", "4.0": "3.0"})
    needs = {o.version: o.needs for o in plan_outputs(content, None, ["html"]) if o.against is None}
    assert needs == {"1.0": (), "2.0": ("1.0",), "3.0": ("1.0", "2.0"), "4.0": ("1.0", "2.0", "3.0")}
    redline = next(o for o in plan_outputs(content, ["4.0"], ["html"]) if o.against)
    assert redline.depends_on == ("document:demo", "version:demo/4.0", "version:demo/3.0")


def test_the_plan_and_the_change_log_share_one_rule() -> None:
    supersedes = {"1.0": None, "2.0": "1.0", "3.0": "1.5", "4.0": "3.0"}
    assert compared_pairs(supersedes, "3.0") == (("1.0", "2.0"),)
    assert compared_pairs(supersedes, "4.0") == (("1.0", "2.0"), ("3.0", "4.0"))
    assert table_sources(supersedes, "4.0") == ("1.0", "2.0", "3.0")


def test_no_content_folder_plans_nothing(tmp_path: Path) -> None:
    assert plan_outputs(tmp_path / "content", None, ["html", "pdf"]) == []


def test_an_action_plan_depends_on_the_agreement_version_it_delivers_only(tmp_path: Path) -> None:
    content = project_with(tmp_path, {"1.0": None, "2.0": "1.0"})
    plan = content / "demo-plan"
    (plan / "versions/2023-24").mkdir(parents=True)
    (plan / "document.yaml").write_text("agreement: demo\n", encoding="utf-8")
    (plan / "versions/2023-24/version.yaml").write_text('version: "2023-24"\ndelivers: "1.0"\n', encoding="utf-8")
    planned = [o for o in plan_outputs(content, None, ["html"]) if o.document == "demo-plan"]
    assert [o.name for o in planned] == [
        "demo-plan/2023-24/demo-plan-2023-24.html",
    ]
    for output in planned:
        assert output.depends_on == (
            "document:demo-plan",
            "version:demo-plan/2023-24",
            "document:demo",
            "version:demo/1.0",
        )
