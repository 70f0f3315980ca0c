"""What document.yaml may leave out, where the version-control table goes, and what the cover shows (issue 16).

Each test edits the demo project (tests/fixtures/mini) and looks at what a reader
gets: the HTML page, the PDF's text, pages and tags. Refused logos are in
tests/cases/logo-*.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from csa.build.pipeline import Project, build
from csa.cli import cli

from .conftest import PdfText

MINIMAL = "title: Demo Safety Agreement\npartnership: Demo Community Safety Partnership\n"
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">'
    '<rect width="240" height="80" rx="8" fill="#5b2c83"/><circle cx="40" cy="40" r="24" fill="#fff"/></svg>\n'
)
COVER = """cover:
  strapline: Delivering Safer Communities
  period: 2013-2018
  logo:
    src: images/logo.svg
    alt: Demo Community Safety Partnership logo
"""
DOCUMENT = "content/demo/document.yaml"
VERSION = "content/demo/versions/1.0/version.yaml"


def write(root: Path, name: str, text: str, *, append: bool = False) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.read_text(encoding="utf-8") if append else ""
    path.write_text(before + text, encoding="utf-8")
    return root


def built(root: Path, fmt: str) -> Path:
    build(Project(root), root / "output", formats=[fmt])
    return root / f"output/demo/1.0/demo-1.0.{fmt}"


def html_of(root: Path) -> str:
    return built(root, "html").read_text(encoding="utf-8")


def validate(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), "validate"])
    return result.exit_code, result.output


# -- a document gives only what it has ------------------------------------------------


def test_title_and_partnership_are_all_a_first_version_needs(mini: Path) -> None:
    write(mini, DOCUMENT, MINIMAL)
    assert validate(mini) == (0, "OK: 1 document(s), 1 version(s), no problems\n")
    html = html_of(mini)
    assert 'class="back-page"' not in html and "Email:" not in html and "mailto:" not in html
    assert "Version Control" not in html and 'id="version-control"' not in html
    assert '<meta name="author" content="Demo Community Safety Partnership">' in html
    pdf_path = built(mini, "pdf")
    pdf = PdfText(pdf_path)
    # cover, contents, foreword, two chapters and an appendix: no version-control page, no back page
    assert len(pdf.pages) == 6
    assert pdf.pages[1].startswith("Contents") and "Version Control" not in pdf.text
    with pikepdf.open(pdf_path) as opened:
        assert str(opened.docinfo["/Author"]) == "Demo Community Safety Partnership"
        with opened.open_outline() as outline:
            assert [str(item.title) for item in outline.root][0] == "Contents"


def test_only_the_title_and_partnership_are_required(mini: Path) -> None:
    write(mini, DOCUMENT, "history: []\n")
    code, output = validate(mini)
    assert code == 1
    assert sorted(output.splitlines()) == [  # (two problems at one place come in either order)
        "2 problem(s) found",
        "content/demo/document.yaml:1:1: the file is missing key 'partnership'",
        "content/demo/document.yaml:1:1: the file is missing key 'title'",
    ]


def test_the_back_page_prints_only_the_parts_of_the_contact_given(mini: Path) -> None:
    write(mini, DOCUMENT, MINIMAL + "contact:\n  phone: 01234 567890\n")
    html = html_of(mini)
    back = html[html.index('<footer class="back-page"') :]
    assert "<p>Tel: 01234 567890</p>" in back
    assert "Email:" not in back and "<address>" not in back and "contact-intro" not in back
    assert "other-formats" not in back and "licence" not in back and "partners-title" not in back


def test_a_version_can_give_the_contact_its_document_leaves_out(mini: Path) -> None:
    write(mini, DOCUMENT, MINIMAL)
    write(mini, VERSION, "contact:\n  email: safety@example.org\n", append=True)
    back = html_of(mini).split('<footer class="back-page"')[1]
    assert '<p>Email: <a href="mailto:safety@example.org">safety@example.org</a></p>' in back
    assert "Tel:" not in back


# -- the version-control table ----------------------------------------------------------


def test_the_table_is_after_the_cover_by_default(mini: Path) -> None:
    html = html_of(mini)
    assert html.index('class="cover"') < html.index('id="version-control"') < html.index('id="contents"')


def test_back_puts_the_table_before_the_back_page_and_lists_it_in_the_contents(mini: Path) -> None:
    write(mini, DOCUMENT, "settings:\n  version_control: back\n", append=True)
    html = html_of(mini)
    assert html.index('id="contents"') < html.index('id="version-control"') < html.index('class="back-page"')
    assert html.index("Appendix A: Plans</a>") < html.index('<a href="#version-control">Version Control</a>')
    pdf = PdfText(built(mini, "pdf"))
    table_page = next(i for i, page in enumerate(pdf.pages, start=1) if page.startswith("Version Control"))
    assert table_page == len(pdf.pages) - 1  # the back page follows
    contents = next(page for page in pdf.pages if page.startswith("Contents"))
    listed = re.search(r"Version Control\s*\.{3,}\s*(\d+)", contents)
    assert listed is not None and int(listed.group(1)) == table_page
    plans = re.search(r"Appendix A: Plans\s*\.{3,}\s*(\d+)", contents)
    assert plans is not None and pdf.pages[int(plans.group(1)) - 1].startswith("Appendix A: Plans")


def test_none_leaves_the_table_out(mini: Path) -> None:
    write(mini, DOCUMENT, "settings:\n  version_control: none\n", append=True)
    html = html_of(mini)
    assert "Version Control" not in html and "New Demo Safety Agreement" not in html


# -- the cover --------------------------------------------------------------------------


def cover_of(html: str) -> str:
    return html[html.index('<header class="cover">') : html.index("</header>")]


def test_the_default_cover_is_unchanged(mini: Path) -> None:
    assert cover_of(html_of(mini)) == (
        '<header class="cover">\n'
        '  <p class="cover-partnership">Demo Community Safety Partnership</p>\n'
        '  <h1 class="cover-title">Demo Safety Agreement</h1>\n'
        '  <p class="cover-version">Version 1.0 <strong class="draft">(draft)</strong></p>\n'
        '  <p class="cover-date">April 2020</p>\n'
    )


def with_cover(root: Path) -> Path:
    write(root, "content/demo/images/logo.svg", LOGO)
    write(root, DOCUMENT, COVER, append=True)
    return write(root, VERSION, "cover:\n  refreshed: Refreshed March 2017\n", append=True)


def test_a_cover_with_strapline_period_refresh_note_and_logo(mini: Path) -> None:
    html = html_of(with_cover(mini))
    cover = cover_of(html)
    assert re.search(
        r'<img class="cover-logo" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Demo Community Safety Partnership logo">',
        cover,
    )
    for line in ("Delivering Safer Communities", "2013-2018", "Refreshed March 2017"):
        assert f">{line}</p>" in cover
    assert "images/logo.svg" not in html  # embedded, not linked
    pdf_path = built(mini, "pdf")
    assert PdfText(pdf_path).pages[0] == (
        "Demo Community Safety Partnership Demo Safety Agreement Delivering Safer Communities 2013-2018 "
        "Version 1.0 (draft) Refreshed March 2017 April 2020"
    )
    with pikepdf.open(pdf_path) as opened:
        alts = [str(e.get("/Alt")) for e in _structure(opened.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
    assert "Demo Community Safety Partnership logo" in alts


def _structure(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    """Every structure element under `node`, depth first."""
    kids = node.get("/K")
    children = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    found = []
    for child in children:
        if isinstance(child, pikepdf.Dictionary) and child.get("/S") is not None:
            found += [child, *_structure(child)]
    return found


def test_a_version_overrides_the_documents_cover_and_can_drop_the_version_line(mini: Path) -> None:
    write(mini, "content/demo/images/logo.svg", LOGO)
    write(mini, DOCUMENT, COVER, append=True)
    write(mini, VERSION, "cover:\n  strapline: Safer Together\n  version: false\n", append=True)
    cover = cover_of(html_of(mini))
    assert ">Safer Together</p>" in cover and "Delivering Safer Communities" not in cover
    assert ">2013-2018</p>" in cover and 'class="cover-logo"' in cover
    assert "Version 1.0" not in cover
    assert '<p class="cover-version"><strong class="draft">Draft</strong></p>' in cover  # a draft still says so


@pytest.mark.parametrize("name", ["logo.svg", "images/logo.svg"])
def test_the_logo_may_be_anywhere_in_the_document_folder_outside_versions(mini: Path, name: str) -> None:
    write(mini, f"content/demo/{name}", LOGO)
    write(mini, DOCUMENT, f"cover:\n  logo:\n    src: {name}\n    alt: Demo logo\n", append=True)
    assert 'alt="Demo logo"' in cover_of(html_of(mini))


def test_a_logo_in_a_version_folder_is_not_the_documents(mini: Path) -> None:
    write(mini, DOCUMENT, "cover:\n  logo:\n    src: versions/1.0/figures/chart.svg\n    alt: A chart\n", append=True)
    code, output = validate(mini)
    assert code == 1
    assert (
        "content/demo/document.yaml:17:10: logo file 'versions/1.0/figures/chart.svg' not found"
        " (expected it in content/demo/)" in output
    )


def test_editing_the_logo_rebuilds_the_pages(mini: Path) -> None:
    with_cover(mini)
    first = html_of(mini)
    write(mini, "content/demo/images/logo.svg", LOGO.replace("#fff", "#000"))
    assert html_of(mini) != first


@pytest.mark.parametrize(
    "settings",
    [
        "settings:\n  version_control: back\n",  # the back part opens with the table; the contents gives its page
        "",  # with only a title and partnership there is no back part at all
    ],
    ids=["table-at-the-back", "no-back-page"],
)
def test_chapter_by_chapter_layout_equals_the_whole_document(mini: Path, settings: str) -> None:
    from .test_paged import facts, pdf_of

    write(mini, DOCUMENT, settings if settings else MINIMAL, append=bool(settings))
    assert facts(pdf_of(mini, "1.0")) == facts(pdf_of(mini, "1.0", whole=True))
