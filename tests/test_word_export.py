"""The Word export: every version as a .docx that Word, pandoc and LibreOffice read as we meant it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from csa.blocks import KINDS
from csa.build.pipeline import load_documents
from csa.diff.changelog import version_control_rows
from csa.inline import plain_text
from csa.model import Document, Heading, ListBlock, Paragraph, Table, Version
from csa.project import Project
from csa.render.env import make_env
from csa.word.common.ids import bookmarks, parse_ids, read_ids
from csa.word.export import export_docx
from csa.word.export.blocks import WRITE

from .conftest import DISTRICT, ROOT, copy_project
from .helpers import libreoffice_convert, needs_libreoffice, replace_once

WORD_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


@pytest.fixture(scope="session")
def kent() -> Document:
    return load_documents(Project(ROOT))[0]


@pytest.fixture(scope="session")
def kent_4(kent: Document) -> Version:
    version = kent.version("4.0")
    assert version is not None
    return version


@pytest.fixture(scope="session")
def docx_4(kent_output: Path) -> Path:
    return kent_output / "kent-csa/4.0/kent-csa-4.0.docx"


@pytest.fixture(scope="session")
def word_4(docx_4: Path) -> DocxDocument:
    return docx.Document(str(docx_4))


def export(root: Path, document: Document, version: Version) -> bytes:
    project = Project(root)
    rows = version_control_rows(document, version)
    return export_docx(
        make_env(project.templates), document, version, rows, project.version_dir(document.id, version.folder)
    )


def styled(word: DocxDocument, style: str) -> list[str]:
    return [p.text for p in word.paragraphs if p.style is not None and p.style.name == style]


def test_every_block_kind_has_a_word_writer() -> None:
    missing = [k.name for k in KINDS if WRITE not in k.hooks]
    assert missing == [], "a block kind has no Word writer (csa/word/export/blocks.py @implements)"


def test_chapters_and_headings_are_words_own_headings_with_the_models_text(
    word_4: DocxDocument, kent_4: Version
) -> None:
    assert styled(word_4, "Heading 1") == [c.heading for c in kent_4.chapters]
    expected = [
        (f"Heading {b.level}", plain_text(b.text)) for c in kent_4.chapters for b in c.blocks if isinstance(b, Heading)
    ]
    found = [
        (p.style.name, p.text)
        for p in word_4.paragraphs
        if p.style is not None and re.fullmatch(r"Heading [2-4]", p.style.name)
    ]
    assert found == expected
    assert styled(word_4, "Title") == ["Kent Community Safety Agreement"]
    assert "Version 4.0" in styled(word_4, "Subtitle") and "April 2020" in styled(word_4, "Subtitle")


def test_numbered_paragraphs_print_their_numbers_as_the_pdf_does(word_4: DocxDocument, kent_4: Version) -> None:
    numbers = [b.number for c in kent_4.chapters for b in c.blocks if isinstance(b, Paragraph) and b.number]
    printed = [
        p.text.split("\t")[0] for p in word_4.paragraphs if p.style is not None and p.style.name == "Numbered Paragraph"
    ]
    assert printed == [f"{n}." for n in numbers]
    assert "3.6." in printed


def test_lists_use_words_list_styles_and_each_numbered_list_starts_at_one(
    word_4: DocxDocument, kent_4: Version
) -> None:
    items = [len(b.items) for c in kent_4.chapters for b in c.blocks if isinstance(b, ListBlock) and not b.ordered]
    assert len(styled(word_4, "List Bullet")) >= sum(items)
    numbered = [p for p in word_4.paragraphs if p.style is not None and p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    ordered = [b for c in kent_4.chapters for b in c.blocks if isinstance(b, ListBlock) and b.ordered]
    assert len(set(num_ids)) == len(ordered) >= 1  # one numbering (restarting at 1) per list


def test_tables_mark_their_header_rows_and_merge_spanned_cells(word_4: DocxDocument, kent_4: Version) -> None:
    tables = [b for c in kent_4.chapters for b in c.blocks if isinstance(b, Table)]
    word_tables = word_4.tables[1:]  # the version-control table first
    assert len(word_tables) == len(tables)
    for table, word_table in zip(tables, word_tables, strict=True):
        headers = [r for r in word_table.rows if r._tr.find("w:trPr/w:tblHeader", WORD_NS) is not None]
        assert len(headers) == table.header_rows
        assert [c.text for c in word_table.rows[0].cells][: len(table.header)] == [
            plain_text(c.text) for c in table.header
        ]
    version_control = word_4.tables[0]
    assert version_control.rows[0]._tr.find("w:trPr/w:tblHeader", WORD_NS) is not None
    assert [c.text for c in version_control.rows[0].cells] == ["Version", "Date", "Changes"]


def test_a_spanning_cell_is_merged(tmp_path: Path) -> None:
    project = copy_project(DISTRICT, tmp_path / "district")
    document = load_documents(Project(project))[0]
    version = document.versions[-1]
    spans = [
        (t, r, c)
        for ch in version.chapters
        for t in ch.blocks
        if isinstance(t, Table)
        for r in t.rows
        for c in r.cells
        if c.span > 1
    ]
    if not spans:
        pytest.skip("the district fixture has no spanning cell")
    word = docx.Document(io.BytesIO(export(project, document, version)))
    spans_found = [tc for tc in word.element.body.iter(qn("w:tc")) if tc.find("w:tcPr/w:gridSpan", WORD_NS) is not None]
    assert len(spans_found) >= len(spans)


def test_every_picture_has_alt_text(word_4: DocxDocument) -> None:
    pictures = list(
        word_4.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    )
    assert len(pictures) == 2  # the priorities diagram and the bar chart
    for picture in pictures:
        assert len(picture.get("descr", "")) > 30
    assert any("Domestic Abuse" in p.get("descr") for p in pictures)


def test_no_empty_paragraphs_are_used_for_spacing(word_4: DocxDocument) -> None:
    body = [p for p in word_4.paragraphs if not p.text.strip()]
    # a paragraph holding a picture has no text; nothing else may be empty
    assert all(p._p.find(".//w:drawing", WORD_NS) is not None for p in body)


def test_ids_mark_every_chapter_block_item_and_row(word_4: DocxDocument, kent_4: Version) -> None:
    ids = read_ids(word_4)
    assert ids is not None and (ids.document, ids.version) == ("kent-csa", "4.0")
    placed = [name for p in word_4.element.body.iter(qn("w:p")) for name in bookmarks(p)]
    assert sorted(placed) == sorted(a.bookmark for a in ids.anchors)  # each once, and each described
    keys = {a.key: a for a in ids.anchors}
    for chapter in kent_4.chapters:
        assert keys[chapter.id].kind == "chapter"
        assert keys[chapter.id].source["file"].endswith(f"-{chapter.id}.yaml")
        for block in chapter.blocks:
            assert keys[f"{chapter.id}/{block.id}"].kind == block.type
            if isinstance(block, Table):
                assert all(keys[f"{chapter.id}/{block.id}/{row.id}"].kind == "row" for row in block.rows)
            if isinstance(block, ListBlock):
                assert all(keys[f"{chapter.id}/{block.id}/{item.id}"].kind == "item" for item in block.items)
    diagram = next(a for a in ids.anchors if a.kind == "diagram")
    assert diagram.source["id"] == "priorities-diagram" and "priorities" in diagram.source["diagram"]
    chart = next(a for a in ids.anchors if a.kind == "chart")
    assert chart.source["chart"]["table"] == "csp-priorities"


def test_the_ids_part_reads_back_as_written(docx_4: Path) -> None:
    with zipfile.ZipFile(docx_4) as package:
        ids = parse_ids(package.read("customXml/item1.xml"))
    assert ids.anchor("_csa1") is not None and ids.anchor("_csa1").kind == "chapter"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="not a csa ids part"):
        parse_ids(b"<other/>")


def test_document_properties_and_language(word_4: DocxDocument, kent_4: Version) -> None:
    properties = word_4.core_properties
    assert properties.title == "Kent Community Safety Agreement"
    assert properties.language == "en-GB" and properties.revision == 1
    assert properties.created is not None and properties.created.date() == kent_4.effective
    assert properties.modified == properties.created
    defaults = word_4.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", WORD_NS)
    assert defaults is not None and defaults.get(qn("w:val")) == "en-GB"


def test_references_are_links_to_the_bookmark_of_what_they_name(mini: Path) -> None:
    intro = mini / "content/demo/versions/1.0/01-introduction.yaml"
    replace_once(intro, "see [the leads](#leads).", "see [](#leads), [](#plans) and [](#para-1.2).")
    demo = load_documents(Project(mini))[0]
    word = docx.Document(io.BytesIO(export(mini, demo, demo.versions[0])))
    ids = read_ids(word)
    assert ids is not None
    links = [
        (
            ids.anchor(link.get(qn("w:anchor"), "")),
            "".join(t.text or "" for t in link.iter(qn("w:t"))),
            link.find("w:r/w:rPr/w:rStyle", WORD_NS),
        )
        for link in word.element.body.iter(qn("w:hyperlink"))
        if link.get(qn("w:anchor"))
    ]
    found = [(anchor.kind, anchor.id, text) for anchor, text, _ in links if anchor is not None]
    assert found == [("chapter", "leads", "section 2"), ("chapter", "plans", "Appendix A")]
    leads = links[0][0]
    assert leads is not None
    heading = next(p for p in word.paragraphs if leads.bookmark in bookmarks(p))  # the link goes to the heading
    assert heading.style is not None and heading.style.name == "Heading 1" and "Leads" in heading.text
    assert all(style is not None and style.get(qn("w:val")) == "Hyperlink" for *_, style in links)
    # a paragraph's number names whichever paragraph has it: words, as Word could not bring the number back
    assert "and paragraph 1.2." in next(p.text for p in word.paragraphs if "section 2" in p.text)


def test_the_styles_name_the_documents_font_with_a_fallback(word_4: DocxDocument) -> None:
    fonts = word_4.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", WORD_NS)
    assert fonts is not None
    assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:hAnsi")), fonts.get(qn("w:cs"))) == (
        "Atkinson Hyperlegible",
        "Atkinson Hyperlegible",
        "Arial",
    )
    heading = word_4.styles["Heading 1"].element.find("w:rPr/w:rFonts", WORD_NS)
    assert heading is not None and heading.get(qn("w:ascii")) == "Atkinson Hyperlegible"
    table = word_4.part.part_related_by(RT.FONT_TABLE).blob
    font = etree.fromstring(table).find("w:font[@w:name='Atkinson Hyperlegible']", WORD_NS)
    assert font is not None
    assert font.find("w:altName", WORD_NS).get(qn("w:val")) == "Arial"
    assert font.find("w:family", WORD_NS).get(qn("w:val")) == "swiss"


def test_the_footer_holds_the_title_date_and_a_page_field(word_4: DocxDocument) -> None:
    footer = word_4.sections[0].footer
    assert footer.paragraphs[0].text.startswith("Kent Community Safety Agreement – April 2020")
    assert footer._element.find(".//w:fldSimple", WORD_NS).get(qn("w:instr")).strip() == "PAGE"
    assert word_4.sections[0].different_first_page_header_footer  # no footer on the cover


def test_the_contents_is_a_toc_field_over_the_headings(word_4: DocxDocument, kent_4: Version) -> None:
    instructions = [t.text for t in word_4.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith('TOC \\o "1-1"') for i in instructions)
    assert styled(word_4, "TOC 1") == [c.heading for c in kent_4.chapters]


def test_exporting_twice_gives_the_same_bytes(kent: Document, kent_4: Version, docx_4: Path) -> None:
    first = export(ROOT, kent, kent_4)
    assert first == export(ROOT, kent, kent_4)
    assert first == docx_4.read_bytes()  # and the build wrote exactly that
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {i.date_time for i in package.infolist()} == {(2020, 4, 1, 0, 0, 0)}


def test_footnotes_are_real_word_footnotes_with_the_pdfs_numbers(tmp_path: Path) -> None:
    project = copy_project(DISTRICT, tmp_path / "district")
    document = load_documents(Project(project))[0]
    version = document.versions[-1]
    notes = [n for c in version.chapters for n in c.footnotes]
    assert notes, "the district fixture has footnotes"
    data = export(project, document, version)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        footnotes = package.read("word/footnotes.xml").decode()
        body = package.read("word/document.xml").decode()
    assert body.count("<w:footnoteReference") == len(notes)
    for note in notes:
        assert plain_text(note.text)[:40] in re.sub(r"<[^>]+>", "", footnotes)
    ids = read_ids(docx.Document(io.BytesIO(data)))
    assert ids is not None and sum(a.kind == "footnote" for a in ids.anchors) == len(notes)


needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed (./setup.sh --test)")


def words(text: str) -> str:
    return " ".join(re.sub(r"[‘’]", "'", re.sub(r"[“”]", '"', text)).split())


@needs_pandoc
def test_pandoc_reads_every_paragraph_of_4_0(docx_4: Path, kent_4: Version) -> None:
    text = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(docx_4)], capture_output=True, text=True, check=True
    ).stdout
    flat = words(text)
    paragraphs = [b for c in kent_4.chapters for b in c.blocks if isinstance(b, Paragraph) and "[](#" not in b.text]
    assert len(paragraphs) > 50
    for paragraph in paragraphs:
        assert words(plain_text(paragraph.text)) in flat


@pytest.fixture(scope="session")
def libreoffice_pdf(docx_4: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 4.0 .docx converted to PDF by LibreOffice, with a profile of its own (no lock shared with a desktop)."""
    return libreoffice_convert(docx_4, tmp_path_factory.mktemp("libreoffice"), "pdf")


@needs_libreoffice
def test_libreoffice_lays_it_out_in_about_as_many_pages_as_our_pdf(libreoffice_pdf: Path, kent_output: Path) -> None:
    ours = len(pypdf.PdfReader(kent_output / "kent-csa/4.0/kent-csa-4.0.pdf").pages)
    theirs = len(pypdf.PdfReader(libreoffice_pdf).pages)
    assert 0.7 * ours <= theirs <= 1.3 * ours, (theirs, ours)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(libreoffice_pdf).pages)
    assert "Serious Violence" in text and "County Priorities" in text
