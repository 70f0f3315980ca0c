"""Chapter-by-chapter PDF layout gives the same document as laying out the whole book at once."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pikepdf
import pypdf
import pytest
from click.testing import CliRunner

from csa.build.pipeline import load_documents
from csa.cli import cli
from csa.diff.changelog import version_control_rows
from csa.project import Project
from csa.render.env import make_env
from csa.render.html import page_styles, part_css, render_html, render_parts, render_print_css
from csa.render.paged import ChapterLayouts
from csa.render.pdf import render_paged_pdf, render_pdf

from .conftest import ROOT, normalise


def pdf_of(project: Path, number: str, layouts: ChapterLayouts | None = None, whole: bool = False) -> bytes:
    document = load_documents(Project(project))[0]
    version = document.version(number)
    env = make_env(project / "templates")
    rows = version_control_rows(document, version)
    html = render_html(env, document, version, rows)
    base = Project(project).version_dir(document.id, version.folder)
    roots = [project / "content", project / "templates"]
    css = [render_print_css(env)]
    if whole:
        return render_pdf(html, base, roots, "whole", version.effective, css)
    parts = render_parts(env, document, version, rows)
    styles = [page_styles(env), *css]
    return render_paged_pdf(parts, base, roots, "paged", version.effective, styles, part_css(env), layouts)


def facts(pdf: bytes) -> dict[str, object]:
    """Everything a reader or an assistive tool gets from the PDF, page by page."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = {page.objgen: i + 1 for i, page in enumerate(doc.pages)}

        def target(dest: pikepdf.Array) -> int:
            """The page number an explicit destination, [page /XYZ x y z], points at."""
            return pages[dest[0].objgen]

        with doc.open_outline() as outline:
            bookmarks = [
                (str(i.title), target(i.destination), [(str(c.title), target(c.destination)) for c in i.children])
                for i in outline.root
            ]
        links = []
        for number, page in enumerate(doc.pages, start=1):
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") == "/Link":
                    dest = annot.get("/Dest") or annot.get("/A", {}).get("/D") or annot.get("/A", {}).get("/URI")
                    links.append((number, target(dest) if isinstance(dest, pikepdf.Array) else str(dest)))
        tags: Counter[str] = Counter()
        todo = [doc.Root.StructTreeRoot]
        while todo:
            node = todo.pop()
            kids = node.get("/K")
            if "/S" in node:
                tags[str(node.S)] += 1
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and ("/S" in kid or "/K" in kid):
                    todo.append(kid)
    return {
        "pages": len(reader.pages),
        "text": [normalise(p.extract_text()) for p in reader.pages],
        "bookmarks": bookmarks,
        "links": links,
        "tags": dict(tags),
    }


@pytest.fixture(scope="module")
def both() -> tuple[dict[str, object], dict[str, object]]:
    return facts(pdf_of(ROOT, "4.0", whole=True)), facts(pdf_of(ROOT, "4.0"))


@pytest.mark.parametrize("fact", ["pages", "text", "bookmarks", "links", "tags"])
def test_chapter_by_chapter_equals_whole_document(both: tuple[dict[str, object], dict[str, object]], fact: str) -> None:
    whole, paged = both
    assert paged[fact] == whole[fact]


def test_the_comparison_sees_footers_contents_numbers_links_and_tags(
    both: tuple[dict[str, object], dict[str, object]],
) -> None:
    """The facts compared above hold what the issue names, so an equal result means something."""
    whole, _ = both
    text = whole["text"]
    assert isinstance(text, list)
    assert text[5].endswith("Kent Community Safety Agreement April 2020 Page 6")
    contents = next(p for p in text if p.startswith("Contents"))
    assert "1. Introduction" in contents and "Appendix D: Police & Crime Plan (2017-2021)" in contents
    assert len(whole["links"]) >= 14 and sum(whole["tags"].values()) > 500  # type: ignore[union-attr]
    assert ("Contents", 3, []) in whole["bookmarks"]  # type: ignore[operator]


def make_draft(project: Path) -> Path:
    """A copy of the Kent content and templates at `project`, with 5.0 started from 4.0."""
    for part in ("content", "templates"):
        shutil.copytree(ROOT / part, project / part)
    result = CliRunner().invoke(
        cli, ["--root", str(project), "new-version", "5.0", "--date", "April 2021", "--document", "kent-csa"]
    )
    assert result.exit_code == 0, result.output
    return project


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    return make_draft(tmp_path / "project")


@pytest.fixture(scope="module")
def cold_layouts(tmp_path_factory: pytest.TempPathFactory) -> ChapterLayouts:
    """The draft 5.0 laid out from nothing, once per module (a cold layout is the slow part); `warm_copy` it."""
    layouts = ChapterLayouts()
    pdf_of(make_draft(tmp_path_factory.mktemp("cold") / "project"), "5.0", layouts)
    return layouts


def warm_copy(cold: ChapterLayouts) -> ChapterLayouts:
    """Laid-out parts are replaced, never changed, by a later join: a copy of the dicts is a separate cache."""
    return ChapterLayouts(dict(cold.parts), list(cold.relaid), dict(cold.numbers), cold.shared)


def test_a_warm_edit_lays_out_only_that_chapter_and_the_front_matter(draft: Path, cold_layouts: ChapterLayouts) -> None:
    layouts = warm_copy(cold_layouts)
    # front matter (twice: its numbers are known once the chapters are laid out), 14 chapters and appendices, back page
    assert len(set(layouts.relaid)) == 16 and layouts.relaid.count("front") == 2
    leads = draft / "content/kent-csa/versions/5.0/07-leads.yaml"
    leads.write_text(leads.read_text().replace("have been identified below", "are named below"))
    warm = pdf_of(draft, "5.0", layouts)
    # the front matter holds the version-control row, which now names the edit
    assert sorted(set(layouts.relaid)) == ["front", "leads"]
    assert warm == pdf_of(draft, "5.0")  # a fresh layout of everything: byte for byte the same


def test_a_chapter_that_grows_moves_the_later_ones_and_the_contents(draft: Path, cold_layouts: ChapterLayouts) -> None:
    layouts = warm_copy(cold_layouts)
    before = facts(pdf_of(draft, "5.0", layouts))
    assert layouts.relaid == []  # the cold layouts were of the same draft, elsewhere: nothing to lay out
    leads = draft / "content/kent-csa/versions/5.0/07-leads.yaml"
    long = " ".join(["A long added paragraph to push the chapter onto a second page."] * 40)
    leads.write_text(leads.read_text() + f'  - paragraph: "{long}"\n')
    after = facts(pdf_of(draft, "5.0", layouts))
    assert after["pages"] == before["pages"] + 1  # type: ignore[operator]
    later = [
        "links-to-plans",
        "responsible-authorities",
        "strategic-assessments",
        "morile-assessment",
        "horizon-scanning",
        "police-and-crime-plan",
        "back",
    ]
    assert sorted(set(layouts.relaid)) == sorted(["front", "leads", *later])
    assert after == facts(pdf_of(draft, "5.0"))


def test_a_fresh_process_takes_the_unchanged_parts_from_the_build_cache(draft: Path) -> None:
    """What a build after an edit does: the parts written by the build before are read from the output's cache."""
    from csa.build.cache import PartFiles

    store = PartFiles(draft / "output/.cache/parts/kent-csa-5.0", "salt")
    first = ChapterLayouts(store=store)
    pdf_of(draft, "5.0", first)
    assert len(set(first.relaid)) == 16
    assert pdf_of(draft, "5.0", ChapterLayouts(store=store)) == pdf_of(draft, "5.0")  # nothing laid out, same bytes
    leads = draft / "content/kent-csa/versions/5.0/07-leads.yaml"
    leads.write_text(leads.read_text().replace("have been identified below", "are named below"))
    fresh = ChapterLayouts(store=store)  # as a new process has: nothing in memory
    edited = pdf_of(draft, "5.0", fresh)
    assert fresh.relaid == ["front", "leads"]  # the front matter once: the page numbers were stored too
    assert edited == pdf_of(draft, "5.0")
    assert len(list(store.folder.glob("*.part"))) == 16 + 1  # the parts of the PDF just joined, and its page numbers


def test_a_stored_part_is_laid_out_again_when_an_image_it_shows_changes(tmp_path: Path) -> None:
    """The parts' key is their HTML; an image's bytes are not in it, so a stored part checks the files it read."""
    from csa.build.cache import PartFiles
    from csa.render.paged import Part

    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "templates").mkdir()
    image = root / "content/dot.svg"
    image.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    html = (
        '<html lang="en-GB"><head><title>T</title></head><body><h1>T</h1><img src="dot.svg" alt="a dot"></body></html>'
    )
    store = PartFiles(tmp_path / "parts", "salt")

    def render() -> ChapterLayouts:
        layouts = ChapterLayouts(store=store)
        render_paged_pdf(
            [Part("front", html)], root / "content", [root / "content"], "t", date(2020, 4, 1), [], "", layouts
        )
        return layouts

    assert render().relaid == ["front"]
    assert render().relaid == []
    image.write_text(image.read_text().replace("<rect", '<circle r="5" cx="5" cy="5"/><rect'))
    assert render().relaid == ["front"]


def test_a_warm_build_keeps_its_layouts_between_builds(draft: Path) -> None:
    """What csa serve does: the build reuses the chapters it laid out last time."""
    from csa.build.pipeline import build

    warm: dict[str, ChapterLayouts] = {}
    out = draft / "output"
    build(Project(draft), out, versions=["5.0"], formats=["pdf"], jobs=1, warm=warm)
    name = "kent-csa/5.0/kent-csa-5.0.pdf"
    leads = draft / "content/kent-csa/versions/5.0/07-leads.yaml"
    leads.write_text(leads.read_text().replace("have been identified below", "are named below"))
    build(Project(draft), out, versions=["5.0"], formats=["pdf"], jobs=1, warm=warm)
    assert sorted(set(warm[name].relaid)) == ["front", "leads"]
    fresh = draft / "fresh"
    build(Project(draft), fresh, versions=["5.0"], formats=["pdf"], jobs=1)
    assert (out / name).read_bytes() == (fresh / name).read_bytes()
