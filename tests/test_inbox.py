"""`csa inbox`: Word documents uploaded into inbox/ become the next draft versions of their documents.

The demo's draft 1.0 is exported with `csa build --format docx`, edited with python-docx as an
officer's Word would save it, and dropped into inbox/, as GitHub's "Upload files" does in a pull request.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner, Result

from csa.cli import cli

from .conftest import copy_demo

OLD = "An unnumbered paragraph."
NEW = "An unnumbered paragraph, edited in Word."


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(project), *args])


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's version 1.0 as `csa build --format docx` writes it; read only."""
    project = copy_demo(tmp_path_factory.mktemp("export") / "demo")
    result = run(project, "build", "--format", "docx")
    assert result.exit_code == 0, result.output
    return project / "output/demo/1.0/demo-1.0.docx"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


def upload_edited(exported: Path, project: Path, name: str = "demo-1.0 edited.docx") -> Path:
    """The export with one paragraph re-worded, uploaded into inbox/."""
    document = docx.Document(str(exported))
    paragraph = next(p for p in document.paragraphs if p.text == OLD)
    for extra in paragraph.runs[1:]:
        extra.text = ""
    paragraph.runs[0].text = NEW
    upload = project / "inbox" / name
    upload.parent.mkdir(exist_ok=True)
    document.save(str(upload))
    return upload


def content_files(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}


def test_an_uploaded_export_becomes_the_next_draft_and_the_summary_names_its_row_and_chapter(
    exported: Path, demo: Path
) -> None:
    upload = upload_edited(exported, demo)
    (demo / "inbox/README.md").write_text("Upload edited Word documents here.\n")
    result = run(demo, "inbox")
    assert result.exit_code == 0, result.output
    introduction = yaml.safe_load((demo / "content/demo/versions/1.1/01-introduction.yaml").read_text("utf-8"))
    assert {"paragraph": NEW} in introduction["blocks"]
    assert {"paragraph": OLD} not in introduction["blocks"]
    version = yaml.safe_load((demo / "content/demo/versions/1.1/version.yaml").read_text("utf-8"))
    assert (version["status"], version["supersedes"]) == ("draft", "1.0")
    assert not upload.exists() and (demo / "inbox/README.md").exists()
    summary = result.stdout
    assert summary.startswith("## demo-1.0 edited.docx: imported as demo 1.1\n")
    assert "**Proposed version-control row**" in summary
    assert "- Ch.1 - 1 paragraph revised" in summary
    assert "| 1. Introduction | 1 |" in summary
    assert "`demo/1.1/demo-1.1-changes-since-1.0.docx`" in summary
    assert run(demo, "validate").exit_code == 0


def test_the_summary_goes_to_a_file_and_a_second_upload_becomes_the_draft_after(exported: Path, demo: Path) -> None:
    upload_edited(exported, demo, "a.docx")
    upload_edited(exported, demo, "b.docx")
    result = run(demo, "inbox", "--summary", str(demo / "summary.md"))
    assert result.exit_code == 0, result.output
    summary = (demo / "summary.md").read_text("utf-8")
    assert "## a.docx: imported as demo 1.1" in summary and "## b.docx: imported as demo 1.2" in summary
    assert "## " not in result.stdout
    assert not list((demo / "inbox").iterdir())


def test_tracked_changes_follow_the_documents_setting_and_the_option_overrides_it(exported: Path, demo: Path) -> None:
    document = docx.Document(str(exported))
    paragraph = next(p for p in document.paragraphs if p.text == OLD)
    insertion = docx.oxml.parse_xml(
        '<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="901" w:author="Officer"'
        ' w:date="2021-01-01T00:00:00Z"><w:r><w:t xml:space="preserve"> Tracked words.</w:t></w:r></w:ins>'
    )
    paragraph._p.append(insertion)
    (demo / "inbox").mkdir()
    upload = demo / "inbox/tracked.docx"
    document.save(str(upload))
    before = content_files(demo)

    refused = run(demo, "inbox")  # the default, as csa import: decide them in Word first
    assert refused.exit_code == 1
    assert "tracked change(s) still to be accepted or rejected" in refused.output
    assert upload.exists() and content_files(demo) == before

    settings = demo / "content/demo/document.yaml"
    settings.write_text(settings.read_text("utf-8") + "settings:\n  tracked_changes: reject\n", "utf-8")
    accepted = run(demo, "inbox", "--accept-changes")
    assert accepted.exit_code == 0, accepted.output
    assert "1 tracked change(s) accepted." in accepted.stdout
    introduction = (demo / "content/demo/versions/1.1/01-introduction.yaml").read_text("utf-8")
    assert "An unnumbered paragraph. Tracked words." in introduction

    document.save(str(upload))
    rejected = run(demo, "inbox")
    assert rejected.exit_code == 0, rejected.output
    assert "1 tracked change(s) rejected." in rejected.stdout
    assert "Tracked words" not in (demo / "content/demo/versions/1.2/01-introduction.yaml").read_text("utf-8")


def truncated(exported: Path, upload: Path) -> None:
    data = exported.read_bytes()
    upload.write_bytes(data[: len(data) // 2])


def macro_enabled(exported: Path, upload: Path) -> None:
    import zipfile

    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(upload, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"macros")


def password_protected(exported: Path, upload: Path) -> None:
    """Word saves an encrypted document as an OLE compound file, whatever its name says."""
    upload.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504)


def not_word(exported: Path, upload: Path) -> None:
    upload.write_text("Minutes of the partnership meeting.\n")


@pytest.mark.parametrize(
    ("name", "spoil", "message"),
    [
        ("damaged.docx", truncated, "is not a Word document (.docx): it is not a zip package"),
        ("macros.docm", macro_enabled, "is a macro-enabled Word document (.docm); macros are never imported"),
        ("locked.docx", password_protected, "is a password-protected (encrypted) Word document"),
        ("minutes.txt", not_word, "is not a Word document (.docx): it is not a zip package"),
    ],
)
def test_a_bad_upload_fails_with_the_imports_message_writes_nothing_and_stays(
    exported: Path, demo: Path, name: str, spoil: object, message: str
) -> None:
    (demo / "inbox").mkdir()
    upload = demo / "inbox" / name
    assert callable(spoil)
    spoil(exported, upload)
    kept = upload.read_bytes()
    before = content_files(demo)
    result = run(demo, "inbox")
    assert result.exit_code == 1
    assert f"inbox/{name}: {message}" in result.stderr
    assert f"## {name}: not imported" in result.stdout
    assert content_files(demo) == before
    assert upload.read_bytes() == kept


def test_with_several_uploads_each_is_taken_and_a_bad_one_fails_the_run_after_all(exported: Path, demo: Path) -> None:
    good = upload_edited(exported, demo, "good.docx")
    bad = demo / "inbox/bad.docx"
    truncated(exported, bad)
    result = run(demo, "inbox")
    assert result.exit_code == 1
    assert "## bad.docx: not imported" in result.stdout and "## good.docx: imported as demo 1.1" in result.stdout
    assert not good.exists() and bad.exists()
    assert sorted(p.name for p in (demo / "content/demo/versions").iterdir()) == ["1.0", "1.1"]


def test_an_empty_inbox_imports_nothing(demo: Path) -> None:
    result = run(demo, "inbox")
    assert (result.exit_code, result.stdout) == (0, "No Word documents in inbox/: nothing imported.\n")


def test_the_next_number_follows_the_latest_version(demo: Path) -> None:
    from dataclasses import replace

    from csa.build.pipeline import load_documents
    from csa.project import Project
    from csa.publish.inbox import next_draft_number

    draft = load_documents(Project(demo))[0]
    assert next_draft_number(draft) == "1.1"  # a draft's revision
    assert run(demo, "publish", "1.0").exit_code == 0
    published = load_documents(Project(demo))[0]
    assert next_draft_number(published) == "2.0"  # after a published version, the next edition
    plan_year = replace(published, versions=(replace(published.latest, number="2018-19"),))
    assert next_draft_number(plan_year) == "2019-20"


def test_the_pull_request_workflow_runs_csa_inbox_with_write_access_only_in_its_own_job() -> None:
    from .conftest import ROOT

    workflow = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["check"].get("permissions") is None
    job = workflow["jobs"]["inbox"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert job["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    commands = [s["run"] for s in job["steps"] if "run" in s]
    assert commands == ["./setup.sh", 'csa inbox --summary "$RUNNER_TEMP/inbox-summary.md"', "csa build"]


def test_a_new_projects_first_version_comes_back_through_its_inbox(tmp_path: Path) -> None:
    project = tmp_path / "dover-csp"
    started = CliRunner().invoke(
        cli,
        ["new-project", str(project), "--title", "Dover Plan", "--partnership", "Dover CSP", "--date", "April 2025"],
    )
    assert started.exit_code == 0, started.output
    assert run(project, "build", "--format", "docx").exit_code == 0
    document = docx.Document(str(project / "output/dover-csp/1.0/dover-csp-1.0.docx"))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Replace this paragraph"))
    edited = paragraph.text.replace("whom it serves", "whom it keeps safe")
    for extra in paragraph.runs[1:]:
        extra.text = ""
    paragraph.runs[0].text = edited
    document.save(str(project / "inbox/dover-csp-1.0.docx"))

    result = run(project, "inbox")
    assert result.exit_code == 0, result.output
    assert "- Ch.1 - 1 paragraph revised" in result.stdout
    assert "- Ch.1: ~~serves~~ → **keeps safe**" in result.stdout
    assert "whom it keeps safe" in (project / "content/dover-csp/versions/1.1/01-introduction.yaml").read_text("utf-8")
    assert sorted(p.name for p in (project / "inbox").iterdir()) == ["README.md"]
