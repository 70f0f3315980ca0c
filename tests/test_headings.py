"""Headings at three levels: in the page, the contents, the PDF's bookmarks and tags, and the change log.

The project is tests/fixtures/levels: a chapter with headings at levels 2, 3
and 4 running over two pages, and `settings: contents_depth: 3`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import lxml.html
import pikepdf
import pytest
from click.testing import CliRunner

from csa.build.pipeline import Project, build
from csa.cli import cli

from .conftest import LEVELS, PdfText, copy_project, normalise
from .pdf_content import structure_tree
from .test_paged import pdf_of

FRONT_AND_BACK = {"Version Control", "Contents", "In partnership with"}

Tree = list[tuple[str, list[Any]]]  # (title, the entries under it)


def copy_of_levels(folder: Path) -> Path:
    return copy_project(LEVELS, folder / "project")


@pytest.fixture(scope="module")
def levels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_of_levels(tmp_path_factory.mktemp("levels"))
    build(Project(project), project / "output")
    return project


@pytest.fixture(scope="module")
def page(levels: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((levels / "output/levels/1.0/levels-1.0.html").read_bytes())


@pytest.fixture(scope="module")
def pdf_path(levels: Path) -> Path:
    return levels / "output/levels/1.0/levels-1.0.pdf"


def text(element: lxml.html.HtmlElement) -> str:
    return normalise(element.text_content())


def test_headings_print_as_h3_h4_h5_under_the_chapter_title(page: lxml.html.HtmlElement) -> None:
    chapter = page.get_element_by_id("priorities")
    headings = [(h.tag, text(h)) for h in chapter.xpath(".//h2 | .//h3 | .//h4 | .//h5")]
    assert headings == [
        ("h2", "1. Priorities"),
        ("h3", "Domestic Abuse"),
        ("h4", "Priority completed actions"),
        ("h5", "Outcome"),
        ("h4", "Next steps"),
        ("h3", "Road Safety"),
        ("h4", "Priority completed actions"),
    ]
    assert chapter.xpath(".//h3[@id='road-safety']/em/text()") == ["Safety"]


def test_no_heading_skips_a_level(page: lxml.html.HtmlElement) -> None:
    levels = [int(h.tag[1]) for h in page.xpath("//h1 | //h2 | //h3 | //h4 | //h5 | //h6")]
    assert levels[0] == 1 and max(levels) == 5
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def contents_tree(ol: lxml.html.HtmlElement) -> Tree:
    return [
        (text(li.find("a")), contents_tree(li.find("ol")) if li.find("ol") is not None else [])
        for li in ol.findall("li")
    ]


LEVELS_CONTENTS: Tree = [
    (
        "1. Priorities",
        [
            ("Domestic Abuse", [("Priority completed actions", []), ("Next steps", [])]),
            ("Road Safety", [("Priority completed actions", [])]),
        ],
    ),
    ("2. Governance", [("Membership", [])]),
    ("Appendix A: Contacts", [("Leads", [("Executive Group", [])])]),
]


def test_contents_lists_headings_nested_to_depth_3(page: lxml.html.HtmlElement) -> None:
    contents = page.get_element_by_id("contents")
    assert contents_tree(contents.find("ol")) == LEVELS_CONTENTS
    # every entry links to its heading
    for link in contents.xpath(".//a"):
        target = page.get_element_by_id(link.get("href").removeprefix("#"))
        assert text(target.find("h2") if target.tag == "section" else target) == text(link)


def without_deeper_than(tree: Tree, depth: int) -> Tree:
    return [(title, without_deeper_than(children, depth - 1) if depth > 1 else []) for title, children in tree]


@pytest.mark.parametrize("depth", [1, 2])
def test_contents_depth_decides_how_deep_the_contents_goes(tmp_path: Path, depth: int) -> None:
    project = copy_of_levels(tmp_path)
    settings = project / "content/levels/document.yaml"
    settings.write_text(settings.read_text().replace("contents_depth: 3", f"contents_depth: {depth}"))
    build(Project(project), project / "output", formats=["html"])
    page = lxml.html.fromstring((project / "output/levels/1.0/levels-1.0.html").read_bytes())
    contents = page.get_element_by_id("contents").find("ol")
    assert contents_tree(contents) == without_deeper_than(LEVELS_CONTENTS, depth)


def bookmarks(pdf: bytes) -> list[tuple[str, int, list[Any]]]:
    """The outline as (title, page number, children)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = {p.objgen: number for number, p in enumerate(doc.pages, start=1)}

        def entries(items: Any) -> list[tuple[str, int, list[Any]]]:
            return [(str(i.title), pages[i.destination[0].objgen], entries(i.children)) for i in items]

        with doc.open_outline() as outline:
            return entries(outline.root)


def flattened(tree: list[tuple[str, int, list[Any]]], depth: int) -> list[tuple[str, int]]:
    if depth == 0:
        return []
    return [entry for title, number, kids in tree for entry in [(title, number), *flattened(kids, depth - 1)]]


def titles(tree: list[tuple[str, int, list[Any]]]) -> Tree:
    return [(title, titles(kids)) for title, _, kids in tree]


def test_bookmarks_nest_chapter_heading_and_sub_headings(pdf_path: Path) -> None:
    outline = bookmarks(pdf_path.read_bytes())
    chapters = [entry for entry in outline if entry[0] not in FRONT_AND_BACK]
    expected = without_deeper_than(LEVELS_CONTENTS, 3)
    expected[0][1][0][1][0] = ("Priority completed actions", [("Outcome", [])])  # level 4: bookmarked, not listed
    assert titles(chapters) == expected
    pdf = PdfText(pdf_path)
    for title, number in flattened(chapters, 4):
        assert title in pdf.pages[number - 1], (title, number)
    # the headings run over two pages, so the check above means something
    assert len({number for _, number in flattened(chapters[:1], 4)}) == 2


def contents_entries(pdf: PdfText) -> list[tuple[str, int]]:
    contents = next(p for p in pdf.pages if p.startswith("Contents"))
    listed = contents.removeprefix("Contents").split("Levels Safety Agreement")[0]
    return [(title.strip(), int(number)) for title, number in re.findall(r"(.+?)\s*\.{3,}\s*(\d+)", listed)]


def test_contents_page_numbers_are_the_pages_headings_print_on(pdf_path: Path) -> None:
    chapters = [entry for entry in bookmarks(pdf_path.read_bytes()) if entry[0] not in FRONT_AND_BACK]
    assert contents_entries(PdfText(pdf_path)) == flattened(chapters, 3)


def test_laid_out_chapter_by_chapter_the_contents_and_bookmarks_are_the_same(levels: Path, pdf_path: Path) -> None:
    paged = pdf_of(levels, "1.0")
    whole = pdf_path.read_bytes()
    assert bookmarks(paged) == bookmarks(whole)
    read = PdfText(io.BytesIO(paged))  # type: ignore[arg-type]  # pypdf reads a stream as well as a path
    assert contents_entries(read) == contents_entries(PdfText(pdf_path))


def test_pdf_tags_headings_h2_to_h5_as_the_page_does(pdf_path: Path, page: lxml.html.HtmlElement) -> None:
    tagged = [(e.tag, e.text) for e in structure_tree(pdf_path).walk() if re.fullmatch(r"H[2-6]", e.tag)]
    in_page = [(h.tag.upper(), text(h)) for h in page.xpath("//h2 | //h3 | //h4 | //h5 | //h6")]
    assert tagged == in_page
    assert {tag for tag, _ in tagged} == {"H2", "H3", "H4", "H5"}


def test_a_heading_that_changes_level_is_reported_and_marked(tmp_path: Path) -> None:
    project = copy_of_levels(tmp_path)
    runner = CliRunner()
    made = runner.invoke(cli, ["--root", str(project), "new-version", "2.0", "--date", "April 2022"])
    assert made.exit_code == 0, made.output
    chapter = project / "content/levels/versions/2.0/01-priorities.yaml"
    chapter.write_text(
        chapter.read_text().replace("text: Next steps\n      level: 3", "text: Next steps\n      level: 2")
    )
    log = runner.invoke(cli, ["--root", str(project), "changelog", "2.0"])
    assert "  - Ch.1 - heading 'Next steps' revised\n" in log.output
    out = tmp_path / "redline.html"
    runner.invoke(cli, ["--root", str(project), "diff", "1.0", "2.0", "--format", "html", "-o", str(out)])
    revised = lxml.html.fromstring(out.read_bytes()).xpath("//div[contains(@class, 'rl-revised')]")
    assert [(e.tag, text(e)) for e in revised[0]] == [("h3", "Next steps"), ("p", "Heading level changed from 3 to 2")]
