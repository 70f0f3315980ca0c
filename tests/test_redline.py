"""Redlines of known edits: the exact inserted and deleted words, moved blocks and changed cells."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from csa.cli import cli

from .helpers import blocks, edit_chapter


def run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["diff", "1.0", "2.0", *args])
    return result.exit_code, result.output


def html_of(root: Path, monkeypatch: pytest.MonkeyPatch) -> lxml.html.HtmlElement:
    code, out = run(root, monkeypatch, "--format", "html")
    assert code == 0
    return lxml.html.fromstring(out)


def marks(doc: lxml.html.HtmlElement, tag: str) -> list[str]:
    """Visible text of every <ins> or <del>, without the words for screen readers."""
    found = []
    for el in doc.iter(tag):
        for hidden in el.xpath(".//span[@class='sr-only']"):
            hidden.drop_tree()
        found.append(el.text_content())
    return found


@pytest.fixture
def reworded(pair: Path) -> Path:
    edit_chapter(
        pair,
        "01-introduction.yaml",
        lambda d: blocks(d)[3].update(numbered="Second numbered paragraph with plain words."),
    )
    return pair


def test_word_level_insertions_and_deletions(reworded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = html_of(reworded, monkeypatch)
    para = doc.xpath("//p[@class='numbered'][span[@class='num']='1.2.']")[0]
    assert " ".join(para.text_content().split()) == (
        "1.2. Second numbered paragraph with [deleted: emphasis.] [inserted: plain words.]"
    )
    assert marks(para, "del") == ["emphasis."]
    assert marks(para, "ins") == ["plain words."]


def test_json_spans(reworded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(reworded, monkeypatch, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["format"] == "csa-diff/1"
    chapter = next(c for c in data["chapters"] if c["id"] == "introduction")
    assert chapter["status"] == "revised"
    (change,) = chapter["changes"]
    assert (change["kind"], change["status"], change["number"]) == ("paragraph", "revised", "1.2")
    assert change["texts"][0]["spans"] == [
        {"op": "equal", "text": "Second numbered paragraph with "},
        {"op": "delete", "text": "emphasis."},
        {"op": "insert", "text": "plain words."},
    ]


def test_removed_paragraph_shown_where_it_stood(pair: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit_chapter(pair, "01-introduction.yaml", lambda d: blocks(d).pop(1))
    doc = html_of(pair, monkeypatch)
    section = doc.xpath("//section[h2[contains(., 'Introduction')]]")[0]
    parts = [" ".join(el.text_content().split()) for el in section.xpath("./p | ./div")]
    assert parts[:2] == [
        "1.1. First numbered paragraph, see the leads.",
        "Deleted An unnumbered paragraph.",
    ]


def test_moved_paragraph_is_flagged_with_its_origin(pair: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    moving = {"numbered": "The leads are below."}
    edit_chapter(pair, "02-leads.yaml", lambda d: blocks(d).remove(moving))
    edit_chapter(pair, "01-introduction.yaml", lambda d: blocks(d).append(moving))
    doc = html_of(pair, monkeypatch)
    flags = [" ".join(f.text_content().split()) for f in doc.xpath("//p[@class='rl-flag']")]
    assert flags == ["Moved from Ch.2", "Moved to Ch.1"]
    data = json.loads(run(pair, monkeypatch, "--format", "json")[1])
    moved = [c for ch in data["chapters"] for c in ch["changes"]]
    assert [(c["status"], c["moved_between_chapters"]) for c in moved] == [("added", "Ch.2"), ("removed", "Ch.1")]


def test_changed_table_cell_marked_in_place(pair: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit_chapter(
        pair, "02-leads.yaml", lambda d: blocks(d)[1]["table"]["rows"][0].__setitem__(1, "Chair of the DASV Group")
    )
    doc = html_of(pair, monkeypatch)
    (cell,) = doc.xpath("//td[@class='rl-cell-changed']")
    assert marks(cell, "del") == ["Executive "] and marks(cell, "ins") == ["DASV "]
    row = cell.getparent()
    assert row.xpath("string(./th)").strip() == "Domestic Abuse"
    data = json.loads(run(pair, monkeypatch, "--format", "json")[1])
    table = next(c for c in data["chapters"] if c["id"] == "leads")["changes"][0]
    (changed_row,) = table["children"]
    assert changed_row["key"] == "Domestic Abuse"
    assert [(c["column"], c["old"], c["new"]) for c in changed_row["cells"]] == [
        ("Lead", "Chair of the Executive Group", "Chair of the DASV Group")
    ]


def test_changelog_rows_link_to_first_change_and_only_changed_switch(
    reworded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = html_of(reworded, monkeypatch)
    (link,) = doc.xpath("//section[@id='rl-changelog']/ul//a")
    assert link.text_content() == "Ch.1 - paragraph 1.2 revised"
    target = doc.get_element_by_id(link.get("href")[1:])
    assert "1.2." in target.text_content()
    unchanged = doc.xpath("//section[contains(@class,'rl-unchanged')]/h2")
    assert [h.text_content().strip() for h in unchanged] == ["Foreword", "2. Leads", "Appendix A: Plans"]
    assert doc.xpath("//input[@id='rl-only-changed'][@type='checkbox']")


def test_exit_code(pair: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(pair)
    runner = CliRunner()
    assert runner.invoke(cli, ["diff", "1.0", "1.0", "--exit-code", "--format", "json"]).exit_code == 0
    assert runner.invoke(cli, ["diff", "1.0", "2.0", "--exit-code", "--format", "json"]).exit_code == 1  # dates differ
    assert runner.invoke(cli, ["diff", "1.0", "2.0", "--format", "pdf"]).exit_code == 2


def test_pdf_redline_footer_names_both_versions(
    reworded: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pypdf

    monkeypatch.chdir(reworded)
    out = tmp_path / "r.pdf"
    assert CliRunner().invoke(cli, ["diff", "1.0", "2.0", "--format", "pdf", "-o", str(out)]).exit_code == 0
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(out).pages]
    for number, page in enumerate(pages[1:], start=2):
        assert page.endswith(f"Changes from 1.0 (April 2020) to 2.0 (April 2021) Page {number}")


def test_markdown_summary(reworded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(reworded, monkeypatch)
    assert code == 0
    assert out.splitlines()[:12] == [
        "### Demo Safety Agreement: 1.0 (April 2020) → 2.0 (April 2021)",
        "",
        "1 change in 1 of 4 chapters and appendices; **+2** words, **−1** words.",
        "",
        "**Proposed version-control row**",
        "",
        "- Refreshed Demo Safety Agreement",
        "- Effective date changed to April 2021",
        "- Ch.1 - paragraph 1.2 revised",
        "",
        "| Chapter | Changes | Words + | Words − |",
        "| --- | ---: | ---: | ---: |",
    ]
    assert "- Ch.1 1.2: ~~emphasis.~~ → **plain words.**" in out


def test_build_writes_the_redline_of_consecutive_versions(kent_output: Path) -> None:
    html = (kent_output / "kent-csa/4.0/kent-csa-4.0-changes-since-2.0.html").read_text()
    assert "From version 2.0 (April 2018) to version 4.0 (April 2020)" in html
    assert (kent_output / "kent-csa/4.0/kent-csa-4.0-changes-since-2.0.pdf").read_bytes().startswith(b"%PDF")


def test_references_to_revised_blocks_land_on_them_and_the_pdf_redline_builds(
    pair: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A revised paragraph, heading, list, table, figure and note keep their anchors in the redline."""
    targets = ["para-1.2", "introduction-3", "introduction-5", "leads-2", "leads-3", "leads-4"]
    see = "See " + ", ".join(f"[](#{t})" for t in targets) + "."

    def revise_introduction(data: dict[str, object]) -> None:
        chapter = blocks(data)
        chapter[0]["numbered"] = see
        chapter[2]["heading"] = "A renamed sub-heading"
        chapter[3]["numbered"] = "Second numbered paragraph with plain words."
        chapter[4]["bullets"][0] = "One, reworded"

    def revise_leads(data: dict[str, object]) -> None:
        chapter = blocks(data)
        chapter[1]["table"]["rows"][0][1] = "Chair of the DASV Group"
        chapter[2]["figure"]["caption"] = "A renamed figure."
        chapter[3]["note"]["bullets"] = ["Noted again"]

    edit_chapter(pair, "01-introduction.yaml", revise_introduction)
    edit_chapter(pair, "02-leads.yaml", revise_leads)
    doc = html_of(pair, monkeypatch)
    anchors = set(doc.xpath("//@id"))
    links = {href[1:] for href in doc.xpath("//a/@href") if href.startswith("#")}
    assert set(targets) <= links
    assert sorted(links - anchors) == []
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(cli, ["diff", "1.0", "2.0", "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
