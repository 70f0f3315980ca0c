"""Tables for action plans (issue 16): cells with paragraphs, lists and line breaks, column spans, header settings.

The fixture tests/fixtures/tables is a two-version action plan: version 2.0 edits
a list inside a cell, so its redline shows that edit in place.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import lxml.html
import pikepdf
import pytest

from csa.build.pipeline import Project, build
from csa.cli import main

from .conftest import ROOT, PdfText
from .pdf_content import structure_tree
from .test_accessibility import axe_command, nu_command

TABLES = Path(__file__).resolve().parent / "fixtures" / "tables"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("tables") / "project"
    shutil.copytree(TABLES, project)
    shutil.copytree(ROOT / "templates", project / "templates")
    build(Project(project), project / "output")
    return project


def page(built: Path, name: str = "2.0/plan-2.0") -> lxml.html.HtmlElement:
    return lxml.html.fromstring((built / "output" / "plan" / f"{name}.html").read_bytes())


def row_cells(table: lxml.html.HtmlElement, first_words: str) -> list[tuple[str, dict[str, str], str]]:
    """(tag, attributes, text) of each cell of the body row whose first cell starts with `first_words`."""
    row = next(r for r in table.xpath("tbody/tr") if r[0].text_content().startswith(first_words))
    return [(c.tag, dict(c.attrib), " ".join(c.text_content().split())) for c in row]


def test_a_cell_spans_columns_and_a_row_across_the_table_is_a_data_cell(built: Path) -> None:
    table = page(built).get_element_by_id("action-plan")
    assert row_cells(table, "Aim") == [("td", {"colspan": "3"}, "Aim: fewer repeat victims of domestic abuse")]
    assert row_cells(table, "Review") == [
        ("th", {"scope": "row"}, "Review the plan"),
        ("td", {"colspan": "2"}, "All partners, every year"),
    ]


def test_a_cell_holds_paragraphs_a_list_and_line_breaks(built: Path) -> None:
    table = page(built).get_element_by_id("action-plan")
    cells = {r[0].text_content(): r for r in table.xpath("tbody/tr")}
    assert [p.text_content() for p in cells["Train frontline staff"][1].xpath("p")] == [
        "Kent Police.",
        "Kent County Council, with the district councils.",
    ]
    lead = cells["Fund outreach"][1]
    assert [p.text_content() for p in lead.xpath("p")] == ["Leads:"]
    assert lead.xpath("ul/li/text()") == ["Domestic Abuse Coordinator", "Head of Victim Services", "Youth Worker"]
    contacts = cells["Publish contacts"][1]
    assert [contacts.text, contacts[0].tag, contacts[0].tail] == [
        "Director of Operations;",
        "br",
        "Head of Transportation",
    ]


def test_header_columns_0_makes_every_body_cell_a_data_cell(built: Path) -> None:
    table = page(built).get_element_by_id("grid")
    assert table.xpath("thead//th/text()") == ["Quarter", "Meetings"]
    assert {c.tag for c in table.xpath("tbody/tr/*")} == {"td"}


def test_header_rows_0_leaves_out_the_header_and_2_adds_a_row_to_it(mini: Path) -> None:
    (mini / "content/demo/versions/1.0/03-plans.yaml").write_text(
        "kind: appendix\ntitle: Plans\nblocks:\n"
        "  - table:\n      header_rows: 0\n      rows:\n        - [Aim, Fewer victims]\n"
        "  - table:\n      header_rows: 2\n      header: [{text: Spring, span: 2}, Summer]\n"
        "      rows:\n        - [Task, Lead, Lead]\n        - [Train, Police, Council]\n",
        encoding="utf-8",
    )
    build(Project(mini), mini / "output", formats=["html"])
    html = lxml.html.fromstring((mini / "output/demo/1.0/demo-1.0.html").read_bytes())
    without, two = html.xpath("//section[.//h2[contains(., 'Plans')]]//table")
    assert without.xpath("thead") == []
    assert [c.tag for c in without.xpath("tbody/tr/*")] == ["th", "td"]
    assert [[(c.tag, c.get("colspan"), c.text) for c in r] for r in two.xpath("thead/tr")] == [
        [("th", "2", "Spring"), ("th", None, "Summer")],
        [("th", None, "Task"), ("th", None, "Lead"), ("th", None, "Lead")],
    ]
    assert two.xpath("tbody/tr/*/text()") == ["Train", "Police", "Council"]


def test_the_pdf_prints_the_cells_and_tags_spanned_cells_with_their_headers(built: Path) -> None:
    pdf = built / "output/plan/2.0/plan-2.0.pdf"
    text = PdfText(pdf).text
    assert "Kent Police. Kent County Council, with the district councils." in text
    assert "Leads: Domestic Abuse Coordinator Head of Victim Services Youth Worker" in text
    assert "Director of Operations; Head of Transportation" in text
    plan = next(e for e in structure_tree(pdf).walk() if e.tag == "Table" and "Aim:" in e.text)
    body = next(c for c in plan.children if c.tag == "TBody")
    assert [[c.tag for c in row.children] for row in body.children] == [
        ["TD"],
        ["TH", "TD", "TD"],
        ["TH", "TD", "TD"],
        ["TH", "TD"],
        ["TH", "TD", "TD"],
    ]
    assert [c.tag for c in body.children[2].children[1].walk()][:4] == ["TD", "P", "Span", "L"]
    aim, review = _spanned_cells(pdf)
    assert (aim["/ColSpan"], len(aim["/Headers"])) == (3, 3)  # each column header it spans
    assert (review["/ColSpan"], len(review["/Headers"])) == (2, 3)  # its row header and two column headers


def _spanned_cells(pdf: Path) -> list[dict[str, Any]]:
    """The attributes of every TD with a /ColSpan, in document order."""
    found: list[dict[str, Any]] = []

    def walk(element: Any) -> None:
        if isinstance(element, pikepdf.Array):
            for kid in element:
                walk(kid)
            return
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            return
        attributes = element.get("/A")
        if element.S == "/TD" and isinstance(attributes, pikepdf.Dictionary) and "/ColSpan" in attributes:
            found.append({"/ColSpan": int(attributes.ColSpan), "/Headers": list(attributes.Headers)})
        walk(element.get("/K"))

    with pikepdf.open(pdf) as doc:
        walk(doc.Root.StructTreeRoot.K)
    return found


def test_axe_and_the_nu_checker_pass_the_tables_and_their_redline(built: Path) -> None:
    pages = [str(p) for p in sorted((built / "output").glob("plan/*/*.html"))]
    axe = subprocess.run(axe_command(pages), capture_output=True, text=True, timeout=180, check=False)
    nu = subprocess.run(nu_command(pages), capture_output=True, text=True, timeout=180, check=False)
    assert axe.returncode in (0, 1), axe.stderr
    assert {Path(f).name: v for f, v in json.loads(axe.stdout).items()} == {Path(p).name: [] for p in pages}
    messages = [m for m in json.loads(nu.stdout)["messages"] if m["type"] != "info" or m.get("subType")]
    assert messages == []


def test_the_redline_marks_an_edit_inside_a_cell_list(built: Path) -> None:
    redline = page(built, "2.0/plan-2.0-changes-since-1.0")
    row = next(r for r in redline.xpath("//table//tr") if r[0].text_content() == "Fund outreach")
    assert row.get("class") == "rl-row-revised"
    items = row[1].xpath("ul/li")
    assert [li.get("class") for li in items] == ["rl-item-equal", "rl-item-revised", "rl-item-added"]
    assert items[1].xpath("ins/text()") == ["Head of "]
    assert items[1].xpath("del/text()") == ["Manager"]
    assert items[2].text_content() == "[inserted item: Youth Worker]"


def test_the_change_log_names_the_row_whose_cell_list_changed(
    built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(built)
    with pytest.raises(SystemExit) as stopped:
        main(["changelog", "2.0"])
    assert stopped.value.code == 0
    assert "Ch.1 - 1 table row revised (Fund outreach)" in capsys.readouterr().out


def test_the_json_diff_gives_the_cell_list_items_that_changed(
    built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(built)
    with pytest.raises(SystemExit):
        main(["diff", "1.0", "2.0", "--format", "json"])
    diff = json.loads(capsys.readouterr().out)
    (row,) = diff["chapters"][0]["changes"][0]["children"]
    assert (row["key"], row["cells"]) == ("Fund outreach", [])
    (cell_list,) = row["children"]
    assert [(i["status"], i.get("texts")) for i in cell_list["children"]] == [
        ("revised", [{"old": "Victim Services Manager", "new": "Head of Victim Services", "spans": _any()}]),
        ("added", []),
    ]


class _any:  # noqa: N801  # equal to anything: the spans are tested in the redline
    def __eq__(self, other: object) -> bool:
        return True
