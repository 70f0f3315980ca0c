"""What a reader of the printed PDF sees: pages, contents numbers, footers, tables."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdf
import pytest
import yaml

from csa.build.pipeline import build, load_documents
from csa.project import Project

from .conftest import ROOT, PdfText, normalise

VERSIONS = [("4.0", "April 2020"), ("2.0", "April 2018")]


@pytest.fixture(scope="session")
def kent():  # type: ignore[no-untyped-def]
    return load_documents(Project(ROOT))[0]


def pdf_for(request: pytest.FixtureRequest, version: str) -> PdfText:
    return request.getfixturevalue("pdf_4" if version == "4.0" else "pdf_2")


def contents_entries(pdf: PdfText) -> list[tuple[str, int]]:
    page = next(p for p in pdf.pages if p.startswith("Contents"))
    entries = re.findall(r"((?:Foreword|\d+\. |Appendix [A-Z]: )[^.]*?(?:\([^)]*\))?)\s*\.{3,}\s*(\d+)", page)
    return [(title.strip(), int(number)) for title, number in entries]


@pytest.mark.parametrize("version,date", VERSIONS)
def test_contents_page_numbers_are_the_pages_headings_are_printed_on(
    request: pytest.FixtureRequest,
    kent,
    version: str,
    date: str,  # type: ignore[no-untyped-def]
) -> None:
    pdf = pdf_for(request, version)
    entries = contents_entries(pdf)
    chapters = kent.version(version).chapters
    assert [title for title, _ in entries] == [c.heading for c in chapters]
    for title, number in entries:
        printed_on = [i + 1 for i, page in enumerate(pdf.pages) if page.startswith(title)]
        assert printed_on == [number], title


@pytest.mark.parametrize("version,date", VERSIONS)
def test_every_page_after_the_cover_has_the_running_footer(
    request: pytest.FixtureRequest, version: str, date: str
) -> None:
    pdf = pdf_for(request, version)
    assert "Page 1" not in pdf.pages[0]
    for number, page in enumerate(pdf.pages[1:], start=2):
        assert page.endswith(f"Kent Community Safety Agreement {date} Page {number}")


@pytest.mark.parametrize("version,date", VERSIONS)
def test_cover_and_back_page(request: pytest.FixtureRequest, version: str, date: str) -> None:
    pdf = pdf_for(request, version)
    assert pdf.pages[0] == f"Kent Community Safety Partnership Kent Community Safety Agreement Version {version} {date}"
    back = pdf.pages[-1]
    assert back.startswith("In partnership with")
    assert "KCST Office Maidstone Fire Station Loose Road Maidstone Kent ME15 9QB" in back
    assert "This document is available in other formats" in back
    assert "Open Government Licence v3.0" in back


@pytest.mark.parametrize("version,date", VERSIONS)
def test_no_heading_is_stranded_at_the_bottom_of_a_page(
    request: pytest.FixtureRequest,
    kent,
    version: str,
    date: str,  # type: ignore[no-untyped-def]
) -> None:
    pdf = pdf_for(request, version)
    headings = [normalise(b.text) for c in kent.version(version).chapters for b in c.blocks if b.type == "heading"]
    for page in pdf.pages:
        body = re.sub(rf"Kent Community Safety Agreement {date} Page \d+$", "", page).strip()
        for heading in headings:
            assert not body.endswith(heading), heading


@pytest.mark.parametrize("version,date", VERSIONS)
def test_pdf_metadata_tags_and_bookmarks(kent_output: Path, kent, version: str, date: str) -> None:  # type: ignore[no-untyped-def]
    with pikepdf.open(kent_output / f"kent-csa/{version}/kent-csa-{version}.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == f"Kent Community Safety Agreement – version {version} ({date})"
        assert str(pdf.docinfo["/Author"]) == "Kent Community Safety Team (KCST)"
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf.Root
        with pdf.open_outline() as outline:
            top = [str(item.title) for item in outline.root]
        chapters = [c.heading for c in kent.version(version).chapters]
        assert top == ["Version Control", "Contents", *chapters, "In partnership with"]


def test_table_header_repeats_on_every_page_the_table_reaches(mini: Path, tmp_path: Path) -> None:
    leads = mini / "content/demo/versions/1.0/02-leads.yaml"
    rows = [[f"Priority {i}", f"Lead officer number {i}"] for i in range(120)]
    leads.write_text(
        yaml.safe_dump(
            {
                "kind": "chapter",
                "title": "Leads",
                "blocks": [{"table": {"header": ["Priority", "Lead"], "rows": rows}}],
            }
        )
    )
    build(Project(mini), tmp_path / "out", formats=["pdf"])
    reader = pypdf.PdfReader(tmp_path / "out/demo/1.0/demo-1.0.pdf")
    pages = [normalise(p.extract_text()) for p in reader.pages]
    table_pages = [p for p in pages if "Lead officer number" in p]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert "Priority Lead" in page
