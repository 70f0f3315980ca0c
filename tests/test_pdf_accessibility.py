"""The PDF as assistive technology reads it: tags, language, title, bookmarks, alt text, headers, order.

Each PDF is compared with the HTML page it was made from: the structure tree
must hold the same headings and numbered paragraphs in the same order, the same
figures with their alt text, the same tables with header cells as headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from .conftest import normalise
from .pdf_content import Element, structure_tree

VERSIONS = ["4.0", "2.0"]
PLAN_PDF = "vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.pdf"  # actions, indicators and charts
# the report document on the plan, the meeting's with a header, numbered recommendations and contacts
REPORT_PDF = "vale-csa-action-plan-update/2024-04/vale-csa-action-plan-update-2024-04.pdf"


@dataclass(frozen=True)
class Built:
    pdf: Path
    tree: Element
    page: lxml.html.HtmlElement
    landmarks: int  # at least this many headings and numbered paragraphs, so the order check is not empty
    tables_and_figures: bool = True  # False: the report to the partnership, which has no figure


@pytest.fixture(scope="session", params=[*VERSIONS, "action plan", "report"])
def built(request: pytest.FixtureRequest) -> Built:
    if request.param == "action plan":
        pdf, landmarks = request.getfixturevalue("plan_output") / PLAN_PDF, 8
    elif request.param == "report":
        pdf = request.getfixturevalue("plan_reports") / "output" / REPORT_PDF
        page = lxml.html.fromstring(pdf.with_suffix(".html").read_bytes())
        return Built(pdf, structure_tree(pdf), page, 8, tables_and_figures=False)
    else:
        version = request.param
        pdf, landmarks = request.getfixturevalue("kent_output") / f"kent-csa/{version}/kent-csa-{version}.pdf", 50
    page = lxml.html.fromstring(pdf.with_suffix(".html").read_bytes())
    return Built(pdf, structure_tree(pdf), page, landmarks)


def text(element: lxml.html.HtmlElement) -> str:
    return normalise(element.text_content())


def test_tagged_pdf_ua_in_british_english_showing_its_title(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle  # the window shows the title, not the file name
        assert str(pdf.docinfo["/Title"]) == built.page.findtext(".//title")
        assert str(pdf.docinfo["/Author"]) == built.page.xpath("//meta[@name='author']/@content")[0]
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == built.page.findtext(".//title")
    assert [e.tag for e in built.tree.children] == ["Document"]


def test_reading_order_follows_the_document(built: Built) -> None:
    """Headings and numbered paragraphs come in the structure tree in the order of the page."""

    def landmarks_in_pdf() -> list[str]:
        found = []
        for e in built.tree.walk():
            if e.tag in ("H1", "H2", "H3"):
                found.append(f"{e.tag.lower()} {e.text}")
            elif e.tag == "P" and (number := re.match(r"(\d+\.\d+)(\.|\s)", e.text)):  # "1.1." or "1.1 "
                found.append(f"para {number[1]}")
        return found

    in_html = [
        f"{e.tag} {text(e)}" if e.tag != "p" else f"para {e.get('id').removeprefix('para-')}"
        for e in built.page.xpath("//h1 | //h2 | //h3 | //p[@class='numbered']")
    ]
    assert len(in_html) > built.landmarks
    assert landmarks_in_pdf() == in_html


def test_every_figure_carries_its_alt_text(built: Built) -> None:
    alts = [" ".join(e.alt.split()) for e in built.tree.walk() if e.tag == "Figure"]
    # a figure is an image with alt text, or a drawing (inline SVG) named by its <title>
    expected = [
        " ".join((fig.xpath("string(.//img/@alt)") or fig.xpath("string(.//*[local-name()='title'])")).split())
        for fig in built.page.xpath("//figure")
    ]
    assert (expected and all(expected)) or not built.tables_and_figures
    assert alts == expected


def test_table_header_cells_are_headers(built: Built) -> None:
    tables = [e for e in built.tree.walk() if e.tag == "Table"]
    html_tables = built.page.xpath("//table")
    assert len(tables) == len(html_tables) > (0 if built.tables_and_figures else -1)
    for table, html in zip(tables, html_tables, strict=True):
        body = next(c for c in table.children if c.tag == "TBody")
        # a header table (a committee report's By / To / Subject) has row headers only: no THead, as in the HTML
        head = next((c for c in table.children if c.tag == "THead"), None)
        assert (head is None) == (not html.xpath("thead"))
        header_cells = [c for row in head.children for c in row.children] if head is not None else []
        assert [c.tag for c in header_cells] == ["TH"] * len(html.xpath("thead//th"))
        assert [c.text for c in header_cells] == [text(th) for th in html.xpath("thead//th")]
        rows = [row for row in body.children if row.tag == "TR"]
        assert len(rows) == len(html.xpath("tbody/tr"))
        assert all(row.children[0].tag == "TH" and {c.tag for c in row.children[1:]} <= {"TD"} for row in rows)


def test_bookmarks_are_the_headings(built: Built) -> None:
    """Chapters at the top level, their sub-headings under them; the cover title is not a bookmark."""
    with pikepdf.open(built.pdf) as pdf, pdf.open_outline() as outline:
        bookmarks = [(str(item.title), [str(sub.title) for sub in item.children]) for item in outline.root]
    headings: list[tuple[str, list[str]]] = []
    for h in built.page.xpath("//h2 | //h3"):
        if h.tag == "h2":
            headings.append((text(h), []))
        else:
            headings[-1][1].append(text(h))
    assert bookmarks == headings
