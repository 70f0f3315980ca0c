"""Numbering, page breaks and the priorities diagram's words are the document's settings.

Kent's house style is the default: chapters 1, 2, 3, paragraphs 3.6, appendices A, B,
each chapter on a new page. A district's "Appendix 1" or unnumbered run-on chapters
are settings, not edits to the templates.
"""

from __future__ import annotations

from pathlib import Path

import pypdf

from csa.build.pipeline import Project, build, load_documents
from csa.diff.changelog import row_for
from csa.publish.new_version import new_version

from .conftest import normalise

VERSION = "content/demo/versions/1.0"
DIAGRAM = """  - id: demo-diagram
    diagram:
      priorities: [Road Safety, Domestic Abuse]
      themes: [Early intervention]
"""


def with_settings(root: Path, settings: str) -> Path:
    document = root / "content/demo/document.yaml"
    document.write_text(document.read_text(encoding="utf-8") + settings, encoding="utf-8")
    return root


def built(root: Path, fmt: str = "html") -> Path:
    out = root / "output"
    build(Project(root), out, formats=[fmt])
    return out / f"demo/1.0/demo-1.0.{fmt}"


def html(root: Path) -> str:
    return built(root).read_text(encoding="utf-8")


def test_kent_numbering_is_the_default(mini: Path) -> None:
    page = html(mini)
    assert '<h2 id="introduction-title">1. Introduction</h2>' in page
    assert '<h2 id="plans-title">Appendix A: Plans</h2>' in page
    assert '<span class="num">1.1.</span>' in page


def test_appendices_by_number_and_the_documents_words(mini: Path) -> None:
    settings = """settings:
  numbering: {appendices: numbers}
  words: {chapter: "Section {label}: ", appendix: "Annex {label} - ", appendix_short: "Annex {label}"}
"""
    page = html(with_settings(mini, settings))
    assert '<h2 id="introduction-title">Section 1: Introduction</h2>' in page
    assert '<h2 id="plans-title">Annex 1 - Plans</h2>' in page
    (document,) = load_documents(Project(mini))
    assert [c.short_name for c in document.latest.chapters] == ["Foreword", "Ch.1", "Ch.2", "Annex 1"]


def test_unnumbered_chapters_and_paragraphs(mini: Path) -> None:
    page = html(with_settings(mini, "settings:\n  numbering: {chapters: false, paragraphs: false}\n"))
    assert '<h2 id="introduction-title">Introduction</h2>' in page
    assert 'class="num"' not in page and 'id="para-' not in page
    (document,) = load_documents(Project(mini))
    assert [c.short_name for c in document.latest.chapters] == ["Foreword", "Introduction", "Leads", "Appendix A"]


def test_an_unnumbered_chapter_is_named_by_its_title_in_the_change_log(mini: Path) -> None:
    with_settings(mini, "settings:\n  numbering: {chapters: false}\n")
    (document,) = load_documents(Project(mini))
    new_version(document, mini / "content/demo", "2.0", "April 2021")
    intro = mini / "content/demo/versions/2.0/01-introduction.yaml"
    intro.write_text(
        intro.read_text(encoding="utf-8").replace("An unnumbered paragraph.", "An unnumbered paragraph, edited.")
    )
    (document,) = load_documents(Project(mini))
    row = row_for(document, document.version("2.0"))  # type: ignore[arg-type]
    assert row is not None and "Introduction - 1 paragraph revised" in row.changes


def pages(pdf: Path) -> list[str]:
    return [normalise(p.extract_text()) for p in pypdf.PdfReader(pdf).pages]


def test_chapters_run_on_without_page_breaks(mini: Path) -> None:
    broken = pages(built(mini, "pdf"))
    run_on = pages(built(with_settings(mini, "settings:\n  chapter_page_breaks: false\n"), "pdf"))
    assert len(run_on) < len(broken)
    (shared,) = [p for p in run_on if "1. Introduction" in p]
    assert "2. Leads" in shared  # the short chapters share a page


def add_diagram(root: Path) -> Path:
    leads = root / VERSION / "02-leads.yaml"
    leads.write_text(leads.read_text(encoding="utf-8") + DIAGRAM, encoding="utf-8")
    return root


def test_the_diagram_speaks_of_the_document_and_needs_no_grey_column(mini: Path) -> None:
    page = html(add_diagram(mini))
    assert "Early intervention.</title>" in page  # no sentence about a grey column
    assert "Diagram of the Demo Safety Agreement priorities and cross-cutting themes." in page
    assert ">Demo Safety Agreement priorities</tspan>" in page
    assert "Community Safety Agreement" not in page and "grey boxes" not in page


def test_the_diagram_takes_the_documents_words(mini: Path) -> None:
    settings = (
        "settings:\n  words: {priorities: Partnership priorities, priority: Partnership priority, themes: Themes}\n"
    )
    page = html(with_settings(add_diagram(mini), settings))
    assert "Diagram of the Partnership priorities and themes." in page
    assert ">Partnership priority</tspan>" in page and ">Themes</tspan>" in page
