"""The tool as a versioned tool: `csa --version`, the changelog towncrier keeps, and the content format.

Content written for another csa either builds or fails validation saying what to change: a
format newer than this csa reads is one error telling the user to raise the csa they pin; an
older one is told each change since; a document.yaml without `format:` is format 1, quietly.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import csa
from csa.cli import cli
from csa.content import format as content_format
from csa.content.format import FormatChange

from .conftest import ROOT, copy_demo

SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?")
DOCUMENT = "content/demo/document.yaml"


# --- the version ---


def test_csa_version_prints_the_one_semantic_version_that_pyproject_reads(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"], prog_name="csa")
    assert (result.exit_code, result.output) == (0, f"csa, version {csa.__version__}\n")
    assert SEMVER.fullmatch(csa.__version__)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "csa.__version__"}


def test_the_changelog_has_a_section_for_this_version() -> None:
    """A release sets __version__ and runs towncrier for it (changes/README.md, "Releasing")."""
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert re.search(rf"^## {re.escape(csa.__version__)} \(\d{{4}}-\d{{2}}-\d{{2}}\)$", changelog, re.M)


# --- the changelog, from fragments ---


@pytest.fixture
def release_files(tmp_path: Path) -> Path:
    """What towncrier reads, copied: its config, the changelog and the fragments folder."""
    for name in ("pyproject.toml", "CHANGELOG.md"):
        shutil.copy2(ROOT / name, tmp_path / name)
    # the folder's README, not the fragments waiting in the repository: the draft is made of the two below
    shutil.copytree(
        ROOT / "changes", tmp_path / "changes", ignore=lambda _, names: [n for n in names if n != "README.md"]
    )
    (tmp_path / "changes/+faster-site.feature.md").write_text("`csa site` builds twice as fast.\n")
    (tmp_path / "changes/26.bugfix.md").write_text("`csa validate` no longer misses a thing.\n")
    return tmp_path


def towncrier(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "towncrier", "build", *args], cwd=folder, capture_output=True, text=True, check=False
    )


def test_towncrier_drafts_the_next_section_from_the_fragments_and_writes_nothing(release_files: Path) -> None:
    before = (release_files / "CHANGELOG.md").read_text("utf-8")
    result = towncrier(release_files, "--draft", "--version", "9.1.0", "--date", "2027-01-31")
    assert result.returncode == 0, result.stderr
    draft = result.stdout[result.stdout.index("## 9.1.0") :]
    assert draft.split("\n\n")[:5] == [
        "## 9.1.0 (2027-01-31)",
        "### Features",
        "- `csa site` builds twice as fast.",
        "### Bug fixes",
        "- `csa validate` no longer misses a thing. (issue 26)",
    ]
    assert "Changelog fragments" not in result.stdout  # changes/README.md is no fragment
    assert (release_files / "CHANGELOG.md").read_text("utf-8") == before


def test_a_release_puts_its_section_above_the_last_and_removes_the_fragments(release_files: Path) -> None:
    result = towncrier(release_files, "--yes", "--version", "9.1.0", "--date", "2027-01-31")
    assert result.returncode == 0, result.stderr
    changelog = (release_files / "CHANGELOG.md").read_text("utf-8")
    new_section = changelog.index("## 9.1.0 (2027-01-31)")
    assert changelog.index("<!-- towncrier release notes start -->") < new_section
    assert (
        new_section < changelog.index("`csa site` builds twice as fast.") < changelog.index(f"## {csa.__version__} (")
    )
    assert sorted(p.name for p in (release_files / "changes").iterdir()) == ["README.md"]


# --- the content format ---


def validate(project: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(project), "validate", *options], prog_name="csa")
    return result.exit_code, result.output


def with_format(project: Path, line: str) -> Path:
    """The demo's document.yaml with `line` first; the `format:` value is then at 1:9."""
    document = project / DOCUMENT
    document.write_text(f"{line}\n{document.read_text('utf-8')}", encoding="utf-8")
    return project


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "project")


def test_without_format_the_content_is_format_1_and_nothing_is_said(demo: Path) -> None:
    assert "format:" not in (demo / DOCUMENT).read_text("utf-8")
    assert validate(demo) == (0, "OK: 1 document(s), 1 version(s), no problems\n")
    assert validate(with_format(demo, "format: 1")) == (0, "OK: 1 document(s), 1 version(s), no problems\n")


def test_content_for_a_newer_csa_is_one_error_saying_to_raise_the_pinned_csa(demo: Path) -> None:
    with_format(demo, "format: 2")
    # What format 2 may have added: a key and a block kind this csa does not know. Not listed.
    (demo / DOCUMENT).write_text((demo / DOCUMENT).read_text("utf-8") + "review_cycle: yearly\n", encoding="utf-8")
    chapter = demo / "content/demo/versions/1.0/01-introduction.yaml"
    chapter.write_text(chapter.read_text("utf-8") + "  - timeline: [2024, 2025]\n", encoding="utf-8")
    assert validate(demo) == (
        1,
        f"{DOCUMENT}:1:9: content format 2 is newer than csa {csa.__version__} reads (format 1)"
        " (raise the csa this project pins (requirements.txt or pyproject.toml) to a release that reads"
        " format 2, as csa's CHANGELOG.md names it; or install a newer csa)\n1 problem(s) found\n",
    )
    code, output = validate(demo, "--format", "json")
    (problem,) = json.loads(output)["problems"]
    assert (code, problem["file"], problem["line"], problem["col"]) == (1, DOCUMENT, 1, 9)


def test_a_build_of_content_for_a_newer_csa_stops_with_the_same_message(demo: Path) -> None:
    with_format(demo, "format:   7   # written for a later csa")
    result = CliRunner().invoke(cli, ["--root", str(demo), "build", "--format", "html"], prog_name="csa")
    assert result.exit_code == 1
    assert result.output.startswith(f"{DOCUMENT}:1:11: content format 7 is newer than csa {csa.__version__} reads")
    assert not (demo / "output/demo/1.0/demo-1.0.html").exists()


CHANGES = (
    FormatChange(2, "`author:` became `owner:`", "rename `author:` in document.yaml to `owner:`"),
    FormatChange(3, "figures may give a `caption:`", "nothing to change", compatible=True),
    FormatChange(4, "`note:` blocks became `aside:`", "rename each `- note:` in the chapter files to `- aside:`"),
)


@pytest.fixture
def later_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    """A csa that reads format 4, after three changes (the first csa has none yet to test with)."""
    monkeypatch.setattr(content_format, "FORMAT_CHANGES", CHANGES)


@pytest.mark.usefixtures("later_formats")
def test_older_content_is_told_each_change_since_its_format_at_the_format_value(demo: Path) -> None:
    code, output = validate(with_format(demo, "format: 1"))
    older = f"{DOCUMENT}:1:9: content format 1 is older than csa {csa.__version__} reads (format 4)"
    assert (code, output.splitlines()) == (
        1,
        [
            f"{older}: in format 2, `author:` became `owner:` (rename `author:` in document.yaml to `owner:`,"
            " then set format: 4)",
            f"{older}: in format 4, `note:` blocks became `aside:` (rename each `- note:` in the chapter files"
            " to `- aside:`, then set format: 4)",
            "2 problem(s) found",
        ],
    )


@pytest.mark.usefixtures("later_formats")
def test_older_content_is_told_only_the_changes_after_its_format(demo: Path) -> None:
    assert validate(with_format(demo, "format: 3")) == (
        1,
        f"{DOCUMENT}:1:9: content format 3 is older than csa {csa.__version__} reads (format 4): in format 4,"
        " `note:` blocks became `aside:` (rename each `- note:` in the chapter files to `- aside:`, then set format: 4)\n1 problem(s) found\n",
    )


def test_older_content_whose_changes_since_are_compatible_builds_with_a_warning(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(content_format, "FORMAT_CHANGES", CHANGES[:2])  # a csa that reads format 3
    code, output = validate(with_format(demo, "format: 2"))
    assert (code, output.splitlines()) == (
        0,
        [
            f"warning: {DOCUMENT}:1:9: content format 2 is older than csa {csa.__version__} reads (format 3): in"
            " format 3, figures may give a `caption:` (it still builds; to bring it up to date: nothing to change,"
            " then set format: 3)",
            "OK: 1 document(s), 1 version(s), no errors, 1 warning(s)",
        ],
    )
    result = CliRunner().invoke(cli, ["--root", str(demo), "build", "--format", "html"], prog_name="csa")
    assert result.exit_code == 0 and (demo / "output/demo/1.0/demo-1.0.html").is_file()


@pytest.mark.usefixtures("later_formats")
def test_content_in_the_current_format_is_told_nothing_and_csa_init_writes_it(demo: Path) -> None:
    assert validate(with_format(demo, "format: 4")) == (0, "OK: 1 document(s), 1 version(s), no problems\n")
    result = CliRunner().invoke(
        cli, ["--root", str(demo), "init", "dover-csp", "--title", "T", "--partnership", "P"], prog_name="csa"
    )
    assert result.exit_code == 0, result.output
    assert (demo / "content/dover-csp/document.yaml").read_text("utf-8").startswith("format: 4\ntitle: T\n")


@pytest.mark.parametrize(
    ("written", "message"), [("'1'", "expected a whole number"), ("0", "less than the minimum of 1")]
)
def test_a_format_that_is_no_format_number_is_a_schema_problem(demo: Path, written: str, message: str) -> None:
    code, output = validate(with_format(demo, f"format: {written}"))
    assert code == 1 and output.startswith(f"{DOCUMENT}:1:9: ") and message in output


def test_kents_documents_say_the_current_format() -> None:
    for document in sorted((ROOT / "content").glob("*/document.yaml")):
        assert re.search(rf"^format: {content_format.current_format()}\b", document.read_text("utf-8"), re.M)
