"""The HTML page: one self-contained, semantic file in British English."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from csa.build.pipeline import load_documents
from csa.project import Project

from .conftest import ROOT

VERSIONS = ["4.0", "2.0"]


def page(kent_output: Path, version: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((kent_output / f"kent-csa/{version}/kent-csa-{version}.html").read_bytes())


@pytest.mark.parametrize("version", VERSIONS)
def test_language_title_and_viewport(kent_output: Path, version: str) -> None:
    doc = page(kent_output, version)
    assert doc.get("lang") == "en-GB"
    assert doc.findtext(".//title").startswith(f"Kent Community Safety Agreement – version {version}")
    assert doc.xpath("//meta[@name='viewport']/@content") == ["width=device-width, initial-scale=1"]


def assert_self_contained(doc: lxml.html.HtmlElement, site: Path | None = None) -> None:
    """Styles, scripts and images travel inside the page. Links go to its own parts, mail, the web or,
    given the `site` folder the page is published in, another of its pages (a plan delivering a priority)."""
    assert not doc.xpath("//link[@rel='stylesheet'] | //script")
    assert all(src.startswith("data:image/") for src in doc.xpath("//img/@src"))
    for href in doc.xpath("//a/@href"):
        if site is not None and not href.startswith(("#", "mailto:", "https:", "http:")):
            target = (site / href.split("#")[0]).resolve()
            assert target.suffix == ".html" and target.is_file(), href
            continue
        assert href.startswith(("#", "mailto:", "https:", "http:")), href


@pytest.mark.parametrize("version", VERSIONS)
def test_self_contained(kent_output: Path, version: str) -> None:
    folder = kent_output / "kent-csa" / version
    assert_self_contained(page(kent_output, version), folder)


def test_a_figure_travels_inside_the_page(demo_html: Path) -> None:
    """The Kent pages have no <img>; the demo's figure shows that images are embedded, not linked."""
    doc = lxml.html.fromstring((demo_html / "demo/1.0/demo-1.0.html").read_bytes())
    assert [src.split(",")[0] for src in doc.xpath("//img/@src")] == ["data:image/svg+xml;base64"]
    assert_self_contained(doc)


@pytest.mark.parametrize("version", VERSIONS)
def test_contents_nav_links_to_every_chapter(kent_output: Path, version: str) -> None:
    doc = page(kent_output, version)
    chapters = load_documents(Project(ROOT))[0].version(version).chapters
    links = doc.xpath("//nav[@id='contents']//a")
    assert [a.text_content() for a in links] == [c.heading for c in chapters]
    for a in links:
        assert doc.xpath(f"//*[@id='{a.get('href')[1:]}']")


@pytest.mark.parametrize("version", VERSIONS)
def test_headings_in_order(kent_output: Path, version: str) -> None:
    doc = page(kent_output, version)
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1


@pytest.mark.parametrize("version", VERSIONS)
def test_tables_have_header_cells(kent_output: Path, version: str) -> None:
    doc = page(kent_output, version)
    for table in doc.iter("table"):
        assert table.xpath("./thead/tr/th")
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_numbering_is_derived_and_consistent(kent_output: Path) -> None:
    doc = page(kent_output, "4.0")
    numbers = [
        span.text for span in doc.xpath("//section[@id='community-safety-landscape']//p[@class='numbered']/span")
    ]
    assert numbers == [f"3.{n}." for n in range(1, 9)]
    appendix_titles = [h.text for h in doc.xpath("//section[contains(@class,'chapter-appendix')]/h2")]
    assert [t.split(":")[0] for t in appendix_titles] == [
        "Appendix A",
        "Appendix B",
        "Appendix C",
        "Appendix D",
    ]
