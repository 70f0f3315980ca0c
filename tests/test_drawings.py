"""The priorities diagram and the Appendix A bar chart: drawn from the content, in HTML and PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pikepdf
import pytest
import yaml

from csa.build.pipeline import build, load_documents
from csa.project import Project
from csa.publish.new_version import new_version

from .conftest import ROOT, PdfText
from .helpers import replace_once

VERSIONS = ["4.0", "2.0"]
CONTENT = ROOT / "content/kent-csa/versions"


def page(output: Path, version: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((output / f"kent-csa/{version}/kent-csa-{version}.html").read_bytes())


def svg_of(doc: lxml.html.HtmlElement, figure_id: str) -> lxml.html.HtmlElement:
    (svg,) = doc.xpath(f"//figure[@id='{figure_id}']/*[local-name()='svg']")
    return svg


def drawn_texts(svg: lxml.html.HtmlElement) -> list[str]:
    """Each <text> element's words, its wrapped lines (one <tspan> each) joined again."""
    return [
        " ".join(line.text_content() for line in t.xpath("./*[local-name()='tspan']") or [t])
        for t in svg.xpath(".//*[local-name()='text']")
    ]


def accessible_name(svg: lxml.html.HtmlElement) -> str:
    (label,) = svg.getroottree().getroot().xpath(f"//*[@id='{svg.get('aria-labelledby')}']")
    return " ".join(label.text_content().split())


def content_names(version_dir: Path) -> dict[str, list[str]]:
    """The diagram's data, read straight from the YAML (not through the code under test)."""
    chapter = yaml.safe_load((version_dir / "06-county-priorities.yaml").read_text(encoding="utf-8"))
    (diagram,) = [b["diagram"] for b in chapter["blocks"] if "diagram" in b]
    plan = yaml.safe_load((version_dir / "13-police-and-crime-plan.yaml").read_text(encoding="utf-8"))
    (beside,) = [b["numbers"] for b in plan["blocks"] if b.get("id") == diagram["beside"]["list"]]
    return {
        "priorities": [p if isinstance(p, str) else p["name"] for p in diagram["priorities"]],
        "themes": [t if isinstance(t, str) else t["name"] for t in diagram["themes"]],
        "beside": beside,
    }


@pytest.mark.parametrize("version", VERSIONS)
def test_diagram_draws_every_priority_theme_and_chief_constable_priority(kent_output: Path, version: str) -> None:
    svg = svg_of(page(kent_output, version), "priorities-diagram")
    names = content_names(CONTENT / version)
    drawn = drawn_texts(svg)
    assert names["beside"] == [
        "Put victims first",
        "Fight crime and antisocial behaviour",
        "Tackle abuse, exploitation and violence",
        "Combat organised crime and gangs",
        "Provide visible neighbourhood policing and effective roads policing",
        "Deliver an efficient and accessible service",
    ]
    for group in names.values():
        for name in group:
            assert name in drawn
    assert svg.get("role") == "img"
    name = accessible_name(svg)
    for group in names.values():
        for item in group:
            assert item in name


@pytest.mark.parametrize("version", VERSIONS)
def test_diagram_sits_where_the_document_places_it(kent_output: Path, version: str) -> None:
    doc = page(kent_output, version)
    (figure,) = doc.xpath("//figure[@id='priorities-diagram']")
    before = figure.getprevious()
    if version == "4.0":
        assert before.text_content() == "Kent Community Safety Agreement Priorities and Cross-Cutting Themes:"
        assert figure.findtext("figcaption").startswith("Kent CSA priorities & themes (purple)")
    else:
        assert before.get("id") == "para-6.6"
        after = figure.getnext()
        if version == "2.0":  # the version the plan delivers: which plan sections deliver each priority
            assert "delivered-by" in (after.get("class") or "") or after.xpath(".//ul[@class='delivered-by']")
            after = after.getnext()
        assert after.get("id") == "para-6.7"


@pytest.mark.parametrize("version", VERSIONS)
def test_note_lists_what_each_priority_includes_from_the_diagram_data(kent_output: Path, version: str) -> None:
    doc = page(kent_output, version)
    (note,) = doc.xpath("//section[@id='county-priorities']//aside[@class='note']")
    items = [" ".join(li.text_content().split()) for li in note.iter("li")]
    assert [i.split(" includes: ")[0] for i in items] == [
        "Safeguarding Vulnerable People",
        "Serious Violence & Organised Crime" if version == "4.0" else "Serious and Organised Crime",
        "Preventing Extremism & Hate",
    ]
    assert items[0].endswith("Victims, Vulnerable People at Risk of Exploitation")


def test_renaming_in_the_yaml_redraws_the_diagram(tmp_path: Path, kent_output: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "templates", project / "templates")
    # 4.0 is published and frozen: the edit goes into a new draft, as an editor would do it
    new_version(load_documents(Project(project))[0], project / "content/kent-csa", "5.0", "April 2021")
    version = project / "content/kent-csa/versions/5.0"
    replace_once(version / "06-county-priorities.yaml", 'name: "Road Safety"', 'name: "Roads and Transport Safety"')
    replace_once(version / "13-police-and-crime-plan.yaml", '"Put victims first"', '"Put victims and witnesses first"')
    build(Project(project), tmp_path / "out", versions=["5.0"], formats=["html"])

    before = svg_of(page(kent_output, "4.0"), "priorities-diagram")
    after = svg_of(page(tmp_path / "out", "5.0"), "priorities-diagram")
    assert "Roads and Transport Safety" in drawn_texts(after)
    assert "Put victims and witnesses first" in drawn_texts(after)
    assert "Road Safety" not in drawn_texts(after)
    assert "Put victims first" not in drawn_texts(after)
    assert "Roads and Transport Safety" in accessible_name(after)
    assert lxml.html.tostring(before) != lxml.html.tostring(after)


@pytest.mark.parametrize("version", VERSIONS)
def test_bar_chart_is_drawn_from_the_appendix_a_table(kent_output: Path, version: str) -> None:
    doc = page(kent_output, version)
    (table,) = doc.xpath("//table[@id='csp-priorities']")
    rows = [[c.text_content() for c in tr] for tr in table.xpath("./tbody/tr")]
    figure = table.getnext()
    svg = svg_of(doc, figure.get("id"))
    bars = svg.xpath(".//*[local-name()='rect']")
    assert len(bars) == len(rows)
    widths = [float(b.get("width")) for b in bars]
    values = [float(value) for _, value in rows]
    for width, value in zip(widths, values, strict=True):
        assert width / max(widths) == pytest.approx(value / max(values), abs=0.01)
    texts = drawn_texts(svg)
    for label, value in rows:
        assert label in texts and value in texts
    assert "No. of CSPs identifying these issues" in accessible_name(svg)


@pytest.mark.parametrize("version", VERSIONS)
def test_pdf_drawings_are_vectors_with_alt_text(kent_output: Path, version: str) -> None:
    path = kent_output / f"kent-csa/{version}/kent-csa-{version}.pdf"
    text = PdfText(path)
    names = content_names(CONTENT / version)
    number = next(i for i, p in enumerate(text.pages) if "Cross-cutting themes" in p)
    for group in names.values():
        for name in group:
            assert name in text.pages[number]  # drawn as text, not pixels
    with pikepdf.open(path) as pdf:
        assert raster_images(pdf.pages[number]) == []
        alts = [str(f.get("/Alt", "")) for f in figures(pdf.Root.StructTreeRoot)]
    (diagram_alt,) = [a for a in alts if "Cross-cutting themes" in a]
    for group in names.values():
        for name in group:
            assert name in diagram_alt
    assert any(a.startswith("Bar chart of No. of CSPs identifying these issues") for a in alts)


def raster_images(page: pikepdf.Page) -> list[str]:
    """Names of image XObjects the page (or a form on it) draws."""
    found = []
    xobjects = page.Resources.get("/XObject", {})
    for name, xobject in xobjects.items():
        if xobject.Subtype == "/Image":
            found.append(name)
        elif xobject.Subtype == "/Form":
            found += [f"{name}/{n}" for n in raster_images(pikepdf.Page(xobject))]
    return found


def figures(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found = []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            if kid.S == "/Figure":
                found.append(kid)
            found += figures(kid)
    return found
