"""`csa jobs`: the documents (and versions) a change touches, one CI job each; `csa site --from-built`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from csa.cli import cli

from .conftest import ROOT
from .helpers import replace_once

AGREEMENT = "content/kent-csa"
PLAN = "content/kent-csa-action-plan"
EVERYTHING = [
    {"document": "kent-csa", "versions": ["2.0", "4.0"]},
    {"document": "kent-csa-action-plan", "versions": ["2018-19"]},
    {"document": "kent-csa-action-plan-update", "versions": ["2019-03"]},  # the report on the plan
    {"document": "kent-csa-update", "versions": ["2017-07"]},
]
REPORT = {"document": "kent-csa-action-plan-update", "versions": ["2019-03"]}  # the report document on the plan


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def commit_all(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "content")


@pytest.fixture
def repo(tmp_path: Path, runner: CliRunner) -> Path:
    """A git repository holding a copy of the project, with a draft 5.0 of the agreement, all committed."""
    copy = tmp_path / "repo"
    for part in ("content", "templates"):
        shutil.copytree(ROOT / part, copy / part)
    (copy / "README.md").write_text("A partnership's documents.\n")
    result = runner.invoke(cli, ["--root", str(copy), "new-version", "5.0", "--date", "April 2021", "-d", "kent-csa"])
    assert result.exit_code == 0, result.output
    git(copy, "init", "-q")
    commit_all(copy)
    return copy


def jobs(runner: CliRunner, repo: Path, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(cli, ["--root", str(repo), "jobs", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    matrix = json.loads(result.output)
    assert list(matrix) == ["include"]
    include: list[dict[str, object]] = matrix["include"]
    return include


def test_an_edit_to_the_draft_agreement_builds_that_version_alone(repo: Path, runner: CliRunner) -> None:
    replace_once(repo / AGREEMENT / "versions/5.0/07-leads.yaml", "have been identified", "are named")
    assert jobs(runner, repo, "--since", "HEAD") == [{"document": "kent-csa", "versions": ["5.0"]}]


def test_an_edit_to_the_plan_builds_the_plan_and_its_report(repo: Path, runner: CliRunner) -> None:
    chapter = repo / PLAN / "versions/2018-19/04-road-safety.yaml"
    chapter.write_text(chapter.read_text() + "# a comment\n")
    assert jobs(runner, repo, "--since", "HEAD") == [
        {"document": "kent-csa-action-plan", "versions": ["2018-19"]},
        REPORT,
    ]
    result = runner.invoke(cli, ["--root", str(repo), "jobs", "--since", "HEAD"])
    assert (result.exit_code, result.output) == (
        0,
        "kent-csa-action-plan: 2018-19\nkent-csa-action-plan-update: 2019-03\n",
    )


def test_a_plan_year_s_edit_builds_the_next_year_whose_report_reads_it(repo: Path, runner: CliRunner) -> None:
    shutil.copytree(repo / PLAN / "versions/2018-19", repo / PLAN / "versions/2019-20")
    replace_once(repo / PLAN / "versions/2019-20/version.yaml", 'version: "2018-19"', 'version: "2019-20"')
    replace_once(repo / PLAN / "versions/2019-20/version.yaml", "status: draft", 'status: draft\nsupersedes: "2018-19"')
    commit_all(repo)
    replace_once(repo / PLAN / "versions/2018-19/04-road-safety.yaml", "kind: priority", "kind: priority  # edited")
    assert jobs(runner, repo, "--since", "HEAD") == [
        {"document": "kent-csa-action-plan", "versions": ["2018-19", "2019-20"]},
        REPORT,
    ]
    replace_once(repo / PLAN / "versions/2018-19/04-road-safety.yaml", "kind: priority  # edited", "kind: priority")
    replace_once(repo / PLAN / "versions/2019-20/04-road-safety.yaml", "kind: priority", "kind: priority  # edited")
    assert jobs(runner, repo, "--since", "HEAD") == [
        {"document": "kent-csa-action-plan", "versions": ["2019-20"]},
        REPORT,
    ]


def test_an_edit_to_the_agreement_version_a_plan_delivers_builds_the_plan_too(repo: Path, runner: CliRunner) -> None:
    replace_once(repo / AGREEMENT / "versions/2.0/version.yaml", "date: April 2018", "date: April 2018  # edited")
    assert jobs(runner, repo, "--since", "HEAD") == [
        # 4.0's redline and version-control row are made from 2.0; the plan delivers 2.0
        {"document": "kent-csa", "versions": ["2.0", "4.0"]},
        {"document": "kent-csa-action-plan", "versions": ["2018-19"]},
        REPORT,  # it reads the plan and the agreement version the plan delivers
    ]


def test_an_edit_to_an_agreement_version_no_plan_delivers_leaves_the_plan_alone(repo: Path, runner: CliRunner) -> None:
    replace_once(repo / AGREEMENT / "versions/4.0/07-leads.yaml", "have been identified", "are named")
    assert jobs(runner, repo, "--since", "HEAD") == [{"document": "kent-csa", "versions": ["4.0", "5.0"]}]


def test_the_agreement_s_document_yaml_is_read_by_every_version_and_its_plan(repo: Path, runner: CliRunner) -> None:
    document = repo / AGREEMENT / "document.yaml"
    document.write_text(document.read_text() + "# edited\n")
    assert jobs(runner, repo, "--since", "HEAD") == [
        {"document": "kent-csa", "versions": ["2.0", "4.0", "5.0"]},
        {"document": "kent-csa-action-plan", "versions": ["2018-19"]},
        REPORT,
    ]


@pytest.mark.parametrize("changed", ["templates/csa.css", "README.md", "content/README.md"])
def test_a_change_outside_one_document_builds_everything(repo: Path, runner: CliRunner, changed: str) -> None:
    path = repo / changed
    path.write_text(path.read_text() + "\n")
    everything = [EVERYTHING[0] | {"versions": ["2.0", "4.0", "5.0"]}, *EVERYTHING[1:]]
    assert jobs(runner, repo, "--since", "HEAD") == everything


def test_a_new_version_not_yet_committed_is_a_change(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--root", str(repo), "new-version", "6.0", "--date", "April 2022", "-d", "kent-csa"])
    assert result.exit_code == 0, result.output
    assert jobs(runner, repo, "--since", "HEAD") == [{"document": "kent-csa", "versions": ["6.0"]}]


def test_no_change_builds_nothing_and_says_so(repo: Path, runner: CliRunner) -> None:
    assert jobs(runner, repo, "--since", "HEAD") == []
    result = runner.invoke(cli, ["--root", str(repo), "jobs", "--since", "HEAD", "--format", "github"])
    assert (result.exit_code, result.output) == (0, 'matrix={"include": []}\ndocuments=0\n')
    result = runner.invoke(cli, ["--root", str(repo), "jobs", "--since", "HEAD"])
    assert (result.exit_code, result.output) == (0, "nothing to build\n")


def test_without_since_every_version_of_every_document(repo: Path, runner: CliRunner) -> None:
    assert jobs(runner, repo) == [EVERYTHING[0] | {"versions": ["2.0", "4.0", "5.0"]}, *EVERYTHING[1:]]


@pytest.mark.parametrize(
    ("since", "message"), [("no-such-branch", "unknown revision 'no-such-branch'"), ("--all", "not a git revision")]
)
def test_an_unknown_revision_is_a_usage_mistake(repo: Path, runner: CliRunner, since: str, message: str) -> None:
    result = runner.invoke(cli, ["--root", str(repo), "jobs", "--since", since])
    assert result.exit_code == 2
    assert "Invalid value for --since: " in result.output and message in result.output


def test_since_outside_a_git_repository_is_a_usage_mistake(tmp_path: Path, runner: CliRunner) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    result = runner.invoke(cli, ["--root", str(tmp_path), "jobs", "--since", "main"])
    assert result.exit_code == 2
    assert "is not in a git repository: --since needs one" in result.output


def test_site_from_built_indexes_what_the_jobs_built_and_builds_nothing(repo: Path, runner: CliRunner) -> None:
    out = repo / "output"
    plan, agreement = "kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19", "kent-csa/4.0/kent-csa-4.0"
    built = [f"{stem}.{fmt}" for stem in (plan, agreement) for fmt in ("html", "pdf", "docx")]
    report = "kent-csa-action-plan-update/2019-03/kent-csa-action-plan-update-2019-03"  # listed under the plan
    built += [f"{report}.{fmt}" for fmt in ("html", "pdf", "docx")]
    for name in built:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("built by a job")
    result = runner.invoke(cli, ["--root", str(repo), "site", "--from-built", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted([*built, "index.html", "kent-csa/latest/index.html"])  # nothing rebuilt
    index = lxml.html.fromstring((out / "index.html").read_bytes())
    # what was built, and the rows of versions recorded in document.yaml alone (no files to link);
    # 2.0, in the repository but not built by these jobs, is left out
    assert [" ".join(t.text_content().split()) for t in index.xpath("//tbody/tr/th")] == [
        "4.0",
        "3.0",
        "1.0",
        "2018-19",
        "2019-03",
    ]
    links = index.xpath("//a/@href")
    assert f"{report}.html" in links and "kent-csa/latest/index.html" in links
    assert all((out / link).is_file() for link in links), links  # 4.0's redline against 2.0 was not built


def test_site_from_built_needs_the_folder(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--root", str(repo), "site", "--from-built", str(repo / "missing")])
    assert result.exit_code == 2 and "does not exist" in result.output
