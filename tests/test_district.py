"""A second, non-Kent document: the invented Riverside district plan (tests/fixtures/district, issue 16).

One first version (a draft with no history, so no version-control page) that uses
the document settings, the cover, headings at three levels, an action-plan table,
page-foot footnotes, the priorities diagram without a `beside` column, a bar chart
and numbered appendices. Built once; the tests read its HTML page and PDF as a
reader would, and check that nothing of the Kent CSA leaks into it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
import pikepdf
import pytest
from click.testing import CliRunner

from csa.build.pipeline import Project, build
from csa.cli import cli

from .conftest import DISTRICT, PdfText, copy_project, normalise
from .pdf_content import structure_tree
from .test_headings import bookmarks, contents_tree, titles
from .test_tables import _spanned_cells

OUT = "output/riverside-csp/1.0/riverside-csp-1.0"
CHAPTERS_AND_APPENDICES = 6
KENT_WORDS = ("Kent", "Community Safety Agreement")

Tree = list[tuple[str, list[Any]]]

CONTENTS: Tree = [
    ("1. Introduction", [("How the plan is organised", [])]),
    ("2. Our Priorities", []),
    (
        "3. Action Plan",
        [
            ("Safer Town Centres", [("Actions", []), ("Outcome", [])]),
            ("Domestic Abuse", [("Actions", []), ("Outcome", [])]),
        ],
    ),
    ("4. The Figures", []),
    ("Appendix 1: Partnership Members", []),
    ("Appendix 2: Words We Use", []),
]


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(DISTRICT, tmp_path_factory.mktemp("district") / "project")
    build(Project(project), project / "output")
    return project


@pytest.fixture(scope="module")
def html(district: Path) -> str:
    return (district / f"{OUT}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html)


@pytest.fixture(scope="module")
def pdf_path(district: Path) -> Path:
    return district / f"{OUT}.pdf"


@pytest.fixture(scope="module")
def pdf(pdf_path: Path) -> PdfText:
    return PdfText(pdf_path)


def text(element: lxml.html.HtmlElement) -> str:
    return normalise(element.text_content())


# -- the HTML page ----------------------------------------------------------------------


def test_chapters_and_headings_at_three_levels_print_as_h2_to_h5_in_order(page: lxml.html.HtmlElement) -> None:
    headings = [(h.tag, text(h)) for h in page.xpath("//h2 | //h3 | //h4 | //h5")]
    assert headings == [
        ("h2", "Contents"),
        ("h2", "1. Introduction"),
        ("h3", "How the plan is organised"),
        ("h2", "2. Our Priorities"),
        ("h2", "3. Action Plan"),
        ("h3", "Safer Town Centres"),
        ("h4", "Actions"),
        ("h4", "Outcome"),
        ("h5", "How we will know"),
        ("h3", "Domestic Abuse"),
        ("h4", "Actions"),
        ("h4", "Outcome"),
        ("h3", "Notes"),
        ("h2", "4. The Figures"),
        ("h3", "Notes"),
        ("h2", "Appendix 1: Partnership Members"),
        ("h2", "Appendix 2: Words We Use"),
        ("h2", "Working with"),
    ]


def test_the_contents_lists_chapters_and_headings_to_depth_3(page: lxml.html.HtmlElement) -> None:
    contents = page.get_element_by_id("contents")
    assert contents_tree(contents.find("ol")) == CONTENTS  # the level-4 heading is not listed


def test_the_action_plan_table_spans_its_aim_row_and_holds_paragraphs_a_list_and_a_line_break(
    page: lxml.html.HtmlElement,
) -> None:
    table = page.get_element_by_id("town-centre-actions")
    assert table.xpath("thead/tr/th/text()") == ["Action", "Lead", "By when"]
    rows = table.xpath("tbody/tr")
    assert [(c.tag, c.get("colspan"), text(c)) for c in rows[0]] == [
        ("td", "3", "Aim: people feel safe in Millbrook and Eastwharf after dark")
    ]
    assert [c.tag for c in rows[1]] == ["th", "td", "td"]  # header_columns: 1
    assert [text(p) for p in rows[1][1].xpath("p")] == [
        "Riverside District Council funds the marshals.",
        "The Neighbourhood Policing Team briefs them each Friday.",
    ]
    assert rows[2][1].xpath("ul/li/text()") == [
        "Riverside Housing Trust",
        "Millbrook Street Pastors",
        "Vale Fire and Rescue Service",
    ]
    lighting = rows[3][1]
    assert [lighting.text, lighting[0].tag, lighting[0].tail] == [
        "Head of Environment;",
        "br",
        "Highways Liaison Officer",
    ]


def noterefs(page: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    return [(a.get("href"), text(a)) for a in page.xpath("//a[@role='doc-noteref']")]


def test_footnotes_are_cited_from_a_paragraph_a_list_item_and_table_cells_numbered_by_chapter(
    page: lxml.html.HtmlElement,
) -> None:
    assert noterefs(page) == [
        ("#fn-action-plan-levy", "1"),  # a table cell in chapter 3
        ("#fn-data-survey", "1"),  # a paragraph: chapter 4 starts again at 1
        ("#fn-data-police", "2"),  # a list item
        ("#fn-data-survey", "1"),  # a list item citing the survey again
        ("#fn-data-police", "2"),  # a table cell
    ]
    notes = page.get_element_by_id("fn-data-survey")
    assert text(notes).startswith("Riverside Residents' Survey 2023, Riverside District Council (1,050 replies)")
    assert notes.xpath("em/text()") == ["Riverside Residents' Survey 2023"]
    assert [text(a) for a in notes.xpath("a[@role='doc-backlink']")] == [
        "Back to reference 1 (1)",
        "Back to reference 1 (2)",
    ]


def test_references_by_id_print_the_current_numbers_and_link(html: str, pdf: PdfText) -> None:
    assert 'actions for each one (see <a href="#action-plan">section 3</a>)' in html
    assert 'the partners (<a href="#members">Appendix 1</a>)' in html
    assert "(see section 3)" in pdf.text and "partners (Appendix 1)" in pdf.text


def test_a_first_version_without_history_has_no_version_control_section(html: str) -> None:
    assert "Version Control" not in html and 'id="version-control"' not in html


def test_the_cover_has_the_strapline_period_and_logo(page: lxml.html.HtmlElement) -> None:
    cover = page.xpath("//header[@class='cover']")[0]
    assert [(p.get("class"), text(p)) for p in cover.xpath("p")] == [
        ("cover-partnership", "Riverside Community Safety Partnership"),
        ("cover-strapline", "Working together for safer streets"),
        ("cover-period", "2024-2027"),
        ("cover-version", "Version 1.0 (draft)"),
        ("cover-date", "June 2024"),
    ]
    (logo,) = cover.xpath("img[@class='cover-logo']")
    assert logo.get("alt") == "Riverside Community Safety Partnership logo, a blue river under a green hill"
    assert logo.get("src").startswith("data:image/svg+xml;base64,")


def test_the_documents_own_words_print_where_the_defaults_would(page: lxml.html.HtmlElement, html: str) -> None:
    back = page.xpath("//footer[@class='back-page']")[0]
    assert text(back.xpath(".//h2")[0]) == "Working with"  # settings.words.partners
    assert "In partnership with" not in html
    assert "Tel:" not in html and "licence" not in text(back).lower()  # no phone, no licence given
    diagram = page.get_element_by_id("riverside-priorities")
    title = text(diagram.xpath(".//*[local-name()='title']")[0])
    assert title.startswith("Diagram of the Riverside partnership priorities and ways we work.")
    assert "beside" not in title  # no grey column
    assert [text(li) for li in diagram.getparent().xpath(".//aside[@class='note']//li")] == [
        "Domestic Abuse includes: Coercive control, stalking, harm to older people at home",
        "Exploitation of Young People includes: County lines, online grooming, knife carrying",
    ]


def test_two_notes_in_a_chapter_are_notes_not_landmarks_with_the_same_name(page: lxml.html.HtmlElement) -> None:
    # as named complementary landmarks, two "Note" asides in one page failed axe's landmark-unique
    notes = page.get_element_by_id("priorities").xpath(".//aside[@class='note']")
    assert [(n.get("role"), n.get("aria-label")) for n in notes] == [("note", "Note"), ("note", "Note")]


def test_appendices_are_numbered(page: lxml.html.HtmlElement) -> None:
    titles_ = [text(h) for h in page.xpath("//section//h2") if text(h).startswith("Appendix")]
    assert titles_ == ["Appendix 1: Partnership Members", "Appendix 2: Words We Use"]


def test_the_chart_draws_a_bar_for_each_row_of_its_table(page: lxml.html.HtmlElement) -> None:
    chart = page.xpath("//figure[.//*[local-name()='title'][starts-with(., 'Bar chart')]]")[0]
    assert text(chart.xpath(".//*[local-name()='title']")[0]) == (
        "Bar chart of Offences, by Offence type; the table holds the same figures."
    )
    labels = [text(t) for t in chart.xpath(".//*[local-name()='text']")]
    for row in ("Anti-social behaviour", "Road collisions with injury", "1,240", "112"):
        assert row in labels


# -- the PDF ----------------------------------------------------------------------------


def test_chapters_run_on_so_the_pdf_is_short(pdf: PdfText) -> None:
    # with a page break before each chapter it would need at least cover + contents + 6 + back page
    assert len(pdf.pages) == 6 < 2 + CHAPTERS_AND_APPENDICES + 1
    assert "1. Introduction" in pdf.pages[1] and "2. Our Priorities" in pdf.pages[1]
    assert "Appendix 1: Partnership Members" in pdf.pages[4] and "Appendix 2: Words We Use" in pdf.pages[4]
    assert pdf.pages[0] == (
        "Riverside Community Safety Partnership Riverside Community Safety Partnership Plan "
        "Working together for safer streets 2024-2027 Version 1.0 (draft) June 2024"
    )


def test_bookmarks_nest_three_levels_on_the_pages_the_headings_print_on(pdf_path: Path, pdf: PdfText) -> None:
    outline = bookmarks(pdf_path.read_bytes())
    expected = [("Contents", []), *CONTENTS, ("Working with", [])]
    expected[3][1][0][1][1] = ("Outcome", [("How we will know", [])])  # level 4: bookmarked, not listed
    assert titles(outline) == expected

    def entries(tree: list[tuple[str, int, list[Any]]]) -> list[tuple[str, int]]:
        return [entry for title, number, kids in tree for entry in [(title, number), *entries(kids)]]

    for title, number in entries(outline):
        assert title in pdf.pages[number - 1], (title, number)


def test_notes_at_the_page_foot_leave_no_bookmark_to_the_hidden_chapter_end_list(pdf_path: Path) -> None:
    # The chapter-end list stays in the PDF, hidden, for its anchors; its "Notes" heading was bookmarked.
    def all_titles(tree: list[tuple[str, int, list[Any]]]) -> list[str]:
        return [t for title, _, kids in tree for t in [title, *all_titles(kids)]]

    assert "Notes" not in all_titles(bookmarks(pdf_path.read_bytes()))


def test_notes_at_the_page_foot_leave_no_empty_heading_in_the_pdf_tags(pdf_path: Path) -> None:
    # The hidden chapter-end list's "Notes" heading was tagged H3, with no text a reader could reach.
    headings = [(e.tag, e.text) for e in structure_tree(pdf_path).walk() if re.fullmatch(r"H[1-6]", e.tag)]
    assert [h for h in headings if not h[1]] == []
    assert ("H2", "1. Introduction") in headings


def test_the_pdf_tags_headings_h2_to_h5(pdf_path: Path) -> None:
    tagged = [(e.tag, e.text) for e in structure_tree(pdf_path).walk() if re.fullmatch(r"H[2-6]", e.tag) and e.text]
    assert ("H5", "How we will know") in tagged
    assert [t for t in tagged if t[0] == "H2"][-3:] == [
        ("H2", "Appendix 1: Partnership Members"),
        ("H2", "Appendix 2: Words We Use"),
        ("H2", "Working with"),
    ]


def test_the_pdf_prints_the_table_cells_and_tags_the_spanned_row(pdf_path: Path, pdf: PdfText) -> None:
    assert "Aim: people feel safe in Millbrook and Eastwharf after dark" in pdf.text
    assert (
        "Riverside District Council funds the marshals. The Neighbourhood Policing Team briefs them each Friday."
        in pdf.text
    )
    assert "Partners: Riverside Housing Trust Millbrook Street Pastors Vale Fire and Rescue Service" in pdf.text
    assert "Head of Environment; Highways Liaison Officer" in pdf.text
    (aim,) = _spanned_cells(pdf_path)
    assert (aim["/ColSpan"], len(aim["/Headers"])) == (3, 3)


def test_footnotes_print_at_the_foot_of_the_page_that_cites_them(pdf: PdfText) -> None:
    levy = next(p for p in pdf.pages if "March 20251" in p)
    assert levy.endswith(
        "1 Paid for from the Millbrook late-night levy, subject to the council's budget in February 2025. "
        "Riverside Community Safety Partnership Plan June 2024 Page 3"
    )
    figures = next(p for p in pdf.pages if "safe in Millbrook after dark.1" in p)
    assert "running.2" in figures and "night.1" in figures and "up 2%2" in figures
    assert (
        "1 Riverside Residents' Survey 2023, Riverside District Council (1,050 replies) "
        "2 Riverside Neighbourhood Policing Team, recorded crime extract (January 2024)"
    ) in figures
    assert "Back to reference" not in pdf.text  # the chapter-end lists are the HTML's


def test_the_pdf_has_no_version_control_page(pdf_path: Path, pdf: PdfText) -> None:
    assert "Version Control" not in pdf.text
    assert pdf.pages[1].startswith("Contents")


def test_nothing_of_kent_is_in_the_pdf_or_the_page(pdf_path: Path, pdf: PdfText, html: str) -> None:
    with pikepdf.open(pdf_path) as opened:
        info = " ".join(str(value) for value in opened.docinfo.values())
        metadata = str(opened.open_metadata())
    for words in KENT_WORDS:
        for where, found in (("PDF text", pdf.text), ("PDF info", info + metadata), ("HTML", html)):
            assert words.lower() not in found.lower(), f"{words!r} in the {where}"


def test_the_fixture_validates_without_problems(district: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(district), "validate"])
    assert (result.exit_code, result.output) == (0, "OK: 1 document(s), 1 version(s), no problems\n")
