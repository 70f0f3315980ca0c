"""The version-control row, generated from known edits between two versions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from csa.build.pipeline import load_documents
from csa.cli import cli
from csa.diff.changelog import note_problems, row_for
from csa.project import Project

from .helpers import DEMO_2, blocks, edit_chapter

HEAD = ["Refreshed Demo Safety Agreement", "Effective date changed to April 2021"]


def entries(root: Path) -> list[str]:
    document = load_documents(Project(root))[0]
    row = row_for(document, document.version("2.0"))
    assert row is not None and row.generated
    assert list(row.changes[:2]) == HEAD
    return list(row.changes[2:])


def test_unchanged_content_only_the_date(pair: Path) -> None:
    assert entries(pair) == []


def test_reworded_paragraph_is_revised_not_removed_and_added(pair: Path) -> None:
    edit_chapter(
        pair,
        "01-introduction.yaml",
        lambda d: blocks(d)[3].update(numbered="Second numbered paragraph with *more emphasis* now."),
    )
    assert entries(pair) == ["Ch.1 - paragraph 1.2 revised"]


def test_paragraph_added(pair: Path) -> None:
    edit_chapter(pair, "01-introduction.yaml", lambda d: blocks(d).append({"numbered": "A brand new third paragraph."}))
    assert entries(pair) == ["Ch.1 - paragraph 1.3 added"]


def test_paragraph_removed(pair: Path) -> None:
    edit_chapter(pair, "01-introduction.yaml", lambda d: blocks(d).pop(0))
    assert entries(pair) == ["Ch.1 - former paragraph 1.1 removed"]


def test_paragraph_moved(pair: Path) -> None:
    def move(d: dict) -> None:
        b = blocks(d)
        b.append(b.pop(1))  # the unnumbered paragraph goes to the end

    edit_chapter(pair, "01-introduction.yaml", move)
    assert entries(pair) == ["Ch.1 - 1 paragraph moved"]


def test_punctuation_and_capitals_only_is_minor(pair: Path) -> None:
    edit_chapter(pair, "01-introduction.yaml", lambda d: blocks(d)[1].update(paragraph="An Unnumbered paragraph!"))
    assert entries(pair) == ["Ch.1 - minor changes (punctuation, capitalisation or spacing)"]


def test_list_items_added_removed_revised(pair: Path) -> None:
    def change(d: dict) -> None:
        items = blocks(d)[4]["bullets"]
        items[0] = "One more"  # revised
        items.append("Three")  # added
        del items[1]["bullets"][0]  # nested item removed

    edit_chapter(pair, "01-introduction.yaml", change)
    assert entries(pair) == ["Ch.1 - 2 list items revised (One more, Two); 1 list item added (Three)"]


def test_table_rows_matched_by_first_column_with_cells_changed(pair: Path) -> None:
    def change(d: dict) -> None:
        rows = blocks(d)[1]["table"]["rows"]
        rows[1][1] = "Head of Transportation"
        rows.reverse()  # order does not make rows different
        rows.append(["Substance Misuse", "Consultant in Public Health"])

    edit_chapter(pair, "02-leads.yaml", change)
    assert entries(pair) == ["Ch.2 - 1 table row added (Substance Misuse); 1 table row moved and revised (Road Safety)"]


def test_chapter_renamed_moved_added_and_removed(pair: Path) -> None:
    edit_chapter(pair, "02-leads.yaml", lambda d: d.update(title="Priority Leads"))
    (pair / DEMO_2 / "03-plans.yaml").rename(pair / DEMO_2 / "05-plans.yaml")
    (pair / DEMO_2 / "04-contacts.yaml").write_text(
        "kind: appendix\ntitle: Contacts\nblocks:\n  - paragraph: Call us.\n"
    )
    (pair / DEMO_2 / "01-introduction.yaml").rename(pair / DEMO_2 / "03-introduction.yaml")
    assert entries(pair) == [
        "Ch.1 - title changed to 'Priority Leads'; moved (was Ch.2)",
        "Appendix A - new appendix 'Contacts' added",
    ]
    (pair / DEMO_2 / "05-plans.yaml").unlink()
    assert entries(pair) == [
        "Ch.1 - title changed to 'Priority Leads'; moved (was Ch.2)",
        "Appendix A - appendix 'Plans' removed",  # where it stood: after the leads
        "Appendix A - new appendix 'Contacts' added",
    ]


def test_file_renamed_with_same_content_is_no_change(pair: Path) -> None:
    (pair / DEMO_2 / "03-plans.yaml").rename(pair / DEMO_2 / "03-plans-of-partners.yaml")
    assert entries(pair) == []


def test_paragraph_moved_between_chapters(pair: Path) -> None:
    moving = {"numbered": "The leads are below."}
    edit_chapter(pair, "02-leads.yaml", lambda d: blocks(d).remove(moving))
    edit_chapter(pair, "01-introduction.yaml", lambda d: blocks(d).append(moving))
    assert entries(pair) == ["Ch.1 - paragraph 1.3 moved from Ch.2", "Ch.2 - former paragraph 2.1 moved to Ch.1"]


def test_change_note_replaces_the_generated_entry(pair: Path) -> None:
    edit_chapter(
        pair, "02-leads.yaml", lambda d: blocks(d)[1]["table"]["rows"][0].__setitem__(1, "Chair of DASV Group")
    )
    meta = pair / DEMO_2 / "version.yaml"
    meta.write_text(meta.read_text() + "changes:\n  leads: priority leads updated\n")
    assert entries(pair) == ["Ch.2 - priority leads updated"]


def test_change_note_on_an_unchanged_chapter_is_an_error(
    pair: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    meta = pair / DEMO_2 / "version.yaml"
    meta.write_text(meta.read_text() + "changes:\n  plans: plans refreshed\n")
    monkeypatch.chdir(pair)
    result = runner.invoke(cli, ["validate"])
    assert (result.exit_code, result.output) == (
        1,
        f"{DEMO_2}/version.yaml:7:3: change note for 'plans', which did not change since 1.0 (remove the note)\n"
        "1 problem(s) found\n",
    )


def test_strict_warns_about_changed_chapters_without_notes(
    pair: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_chapter(pair, "03-plans.yaml", lambda d: blocks(d)[0]["numbers"].append("Protect the vulnerable"))
    document = load_documents(Project(pair))[0]
    assert [str(p) for p in note_problems(document, strict=True)] == [
        f"{DEMO_2}/version.yaml: 'plans' changed since 1.0 but has no change note "
        "(generated: 1 list item added (Protect the vulnerable))"
    ]
    monkeypatch.chdir(pair)
    result = runner.invoke(cli, ["changelog", "--strict"])
    assert result.exit_code == 0
    assert result.output == (
        f"warning: {DEMO_2}/version.yaml: 'plans' changed since 1.0 but has no change note "
        "(generated: 1 list item added (Protect the vulnerable))\n"
        "2.0  April 2021  (generated)\n"
        "  - Refreshed Demo Safety Agreement\n"
        "  - Effective date changed to April 2021\n"
        "  - Appendix A - 1 list item added (Protect the vulnerable)\n"
    )


def test_rendered_version_control_table_uses_the_generated_row(
    pair: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_chapter(pair, "03-plans.yaml", lambda d: blocks(d)[0]["numbers"].append("Protect the vulnerable"))
    monkeypatch.chdir(pair)
    assert runner.invoke(cli, ["build", "--version", "2.0", "--format", "html"]).exit_code == 0
    html = (pair / "output/demo/2.0/demo-2.0.html").read_text()
    assert "<li>Appendix A - 1 list item added (Protect the vulnerable)</li>" in html
    assert "New Demo Safety Agreement" in html  # the recorded 1.0 row is kept


def test_changelog_json(pair: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(pair)
    result = runner.invoke(cli, ["changelog", "--all", "--format", "json"])
    assert result.exit_code == 0
    assert yaml.safe_load(result.output) == {
        "rows": [
            {"version": "1.0", "date": "April 2020", "changes": ["New Demo Safety Agreement"], "generated": False},
            {"version": "2.0", "date": "April 2021", "changes": HEAD, "generated": True},
        ]
    }


def test_real_2_0_to_4_0_row_names_exactly_the_chapters_that_differ() -> None:
    from csa.diff.changelog import generated_row
    from csa.diff.compare import compare_versions

    from .conftest import ROOT

    kent = load_documents(Project(ROOT))[0]
    row = generated_row(kent, compare_versions(kent.version("2.0"), kent.version("4.0")))
    named = [entry.split(" - ")[0] for entry in row.changes[2:]]
    # by reading both versions: only chapter 9 (Responsible Authorities) is word-for-word the same
    assert named == ["Foreword", *(f"Ch.{n}" for n in range(1, 9)), *(f"Appendix {a}" for a in "ABCD")]
    assert row.changes[:2] == (
        "Refreshed Kent Community Safety Agreement (CSA)",
        "Effective date changed to April 2020",
    )
    assert "Ch.7 - 2 table rows revised (Anti-social Behaviour, Serious and Organised Crime)" in row.changes
    assert "Ch.2 - paragraph 2.5 moved from Ch.3" in row.changes


def test_the_same_two_versions_are_compared_once_and_an_edit_is_compared_afresh(pair: Path) -> None:
    """A build and csa serve compare the same versions many times: equal content reuses the diff."""
    from csa.diff.compare import compare_versions

    first, again = load_documents(Project(pair))[0], load_documents(Project(pair))[0]
    diff = compare_versions(first.version("1.0"), first.version("2.0"))  # type: ignore[arg-type]
    assert compare_versions(again.version("1.0"), again.version("2.0")) is diff  # type: ignore[arg-type]
    edit_chapter(pair, "03-plans.yaml", lambda d: blocks(d)[0]["numbers"].append("Protect the vulnerable"))
    edited = load_documents(Project(pair))[0]
    fresh = compare_versions(edited.version("1.0"), edited.version("2.0"))  # type: ignore[arg-type]
    assert fresh is not diff and [c.chapter.id for c in fresh.changed_chapters] == ["plans"]


def test_a_latest_version_with_no_row_is_named_as_the_latest_not_as_a_bad_value(mini: Path, runner: CliRunner) -> None:
    """`csa changelog` with no VERSION chose the latest: the message says so and how to compare it."""
    document = mini / "content/demo/document.yaml"
    data = yaml.safe_load(document.read_text())
    del data["history"]
    document.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    result = runner.invoke(cli, ["--root", str(mini), "changelog"])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: the latest version, 1.0, has no row: no predecessor in the repository and none recorded"
        " in document.yaml (compare it with --against A)\n"
    )
    named = runner.invoke(cli, ["--root", str(mini), "changelog", "1.0"])
    assert named.exit_code == 2
    assert "Invalid value for VERSION: version 1.0 has no row" in named.output
