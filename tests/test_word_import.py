"""`csa import FILE.docx --version V`: a Word document read back into a draft version.

Documents are made with python-docx as a partner's Word would save them; the
round trip exports the Kent CSA 4.0 with `csa build --format docx`.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner, Result
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from csa.build.pipeline import load_documents
from csa.cli import cli
from csa.content.writer import Flow, dump
from csa.project import Project

from .conftest import DISTRICT, MINI, ROOT, copy_demo, copy_project
from .helpers import libreoffice_convert, needs_libreoffice

Build = Callable[[DocxDocument], None]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "demo")


def make(path: Path, build: Build) -> Path:
    document = docx.Document()
    build(document)
    document.save(str(path))
    return path


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(project), *args])


def imported(project: Path, *args: str) -> Result:
    result = run(project, "import", *args)
    assert result.exit_code == 0, result.output
    return result


def draft(project: Path, number: str = "2.0") -> Path:
    return project / "content/demo/versions" / number


def chapter_files(project: Path, number: str = "2.0") -> dict[str, dict[str, object]]:
    return {f.name: yaml.safe_load(f.read_text("utf-8")) for f in sorted(draft(project, number).glob("[0-9]*.yaml"))}


def header_row(table: object) -> None:
    """Mark a python-docx table's first row as its header row (w:tblHeader), as Word's "Repeat Header Rows" does."""
    row = table.rows[0]._tr  # type: ignore[attr-defined]
    row.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def partner_document(d: DocxDocument) -> None:
    """A document of the shape the content holds, typed in Word by someone who never saw the YAML."""
    d.add_paragraph("Demo Safety Agreement", style="Title")
    d.add_heading("Foreword", 1)
    d.add_paragraph("We are pleased to present this agreement.")
    d.add_heading("1. Introduction", 1)
    p = d.add_paragraph("1.1 The ")
    p.add_run("first").bold = True
    p.add_run(" paragraph has ")
    p.add_run("emphasis").italic = True
    p.add_run(", a * star, [brackets] and snake_case_words.")
    d.add_paragraph("1.2\tThe 1^st^ typed number is stripped; this is 31")
    d.paragraphs[-1].add_run("st").font.superscript = True
    d.add_paragraph("A plain paragraph, unnumbered.")
    d.add_paragraph("Domestic abuse", style="List Bullet")
    d.add_paragraph("Road safety", style="List Bullet")
    d.add_paragraph("Speeding", style="List Bullet 2")
    d.add_paragraph("Hate crime", style="List Bullet")
    d.add_heading("Changes", 2)
    d.add_heading("Legislation", 3)
    d.add_paragraph("Put victims first", style="List Number")
    d.add_paragraph("Fight crime", style="List Number")
    d.add_heading("2. Leads", 1)
    d.add_paragraph("Leads for each priority:")
    table = d.add_table(rows=3, cols=2)
    header_row(table)
    for cell, text in zip(
        table.rows[0].cells + table.rows[1].cells, ["Priority", "Lead", "Domestic Abuse", "Chair"], strict=True
    ):
        cell.text = text
    table.rows[2].cells[0].merge(table.rows[2].cells[1]).text = "Aim: fewer repeat victims"
    d.add_heading("Appendix A: Data Sources", 1)
    d.add_paragraph("Data came from partners.")


def test_a_partner_document_becomes_chapters_and_blocks(demo: Path) -> None:
    result = imported(
        demo, str(make(demo / "partner.docx", partner_document)), "--version", "2.0", "--date", "May 2021"
    )
    assert "4 chapter(s)" in result.output
    files = chapter_files(demo)
    assert list(files) == ["00-foreword.yaml", "01-introduction.yaml", "02-leads.yaml", "03-data-sources.yaml"]
    assert [(c["kind"], c["title"]) for c in files.values()] == [
        ("foreword", "Foreword"),
        ("chapter", "Introduction"),
        ("chapter", "Leads"),
        ("appendix", "Data Sources"),
    ]
    assert files["01-introduction.yaml"]["blocks"] == [
        {"numbered": r"The **first** paragraph has *emphasis*, a \* star, \[brackets\] and snake_case_words."},
        {"numbered": r"The 1\^st\^ typed number is stripped; this is 31^st^"},
        {"paragraph": "A plain paragraph, unnumbered."},
        {"bullets": ["Domestic abuse", {"text": "Road safety", "bullets": ["Speeding"]}, "Hate crime"]},
        {"heading": "Changes"},
        {"heading": {"text": "Legislation", "level": 3}},
        {"numbers": ["Put victims first", "Fight crime"]},
    ]
    assert files["02-leads.yaml"]["blocks"][1] == {
        "table": {
            "header": ["Priority", "Lead"],
            "rows": [["Domestic Abuse", "Chair"], [{"text": "Aim: fewer repeat victims", "span": 2}]],
        }
    }
    version = yaml.safe_load((draft(demo) / "version.yaml").read_text("utf-8"))
    assert version == {
        "version": "2.0",
        "date": "May 2021",
        "effective": __import__("datetime").date(2021, 5, 1),
        "status": "draft",
        "supersedes": "1.0",
    }
    assert "skipped (the build writes them): cover" in result.output
    assert run(demo, "validate").exit_code == 0
    text = load_documents(Project(demo))[0].version("2.0")
    assert text is not None and text.chapters[1].blocks[0].number == "1.1"  # numbers come from order


def test_yaml_is_written_as_people_write_it(demo: Path) -> None:
    imported(demo, str(make(demo / "partner.docx", partner_document)), "--version", "2.0", "--date", "May 2021")
    leads = (draft(demo) / "02-leads.yaml").read_text("utf-8")
    assert leads.startswith('kind: chapter\ntitle: "Leads"\nblocks:\n  - paragraph: "Leads for each priority:"\n')
    assert '      header: ["Priority", "Lead"]\n' in leads
    assert '        - ["Domestic Abuse", "Chair"]\n' in leads
    assert '        - - text: "Aim: fewer repeat victims"\n            span: 2\n' in leads


def test_the_writer_reads_back_what_it_was_given() -> None:
    data = {
        "kind": "chapter",
        "title": 'Quote " and \\ and \n',
        "blocks": [{"table": {"rows": [Flow(["a: b", "#c"])]}}],
    }
    assert yaml.safe_load(dump(data)) == {**data, "blocks": [{"table": {"rows": [["a: b", "#c"]]}}]}


# -- tracked changes -------------------------------------------------------------------


def tracked(d: DocxDocument) -> None:
    """One paragraph with an insertion and a deletion, and a whole paragraph inserted (its mark too)."""
    d.add_heading("1. Introduction", 1)
    body = d.element.body
    body.append(
        parse_xml(
            f"<w:p {nsdecls('w')}><w:r><w:t xml:space='preserve'>Partners </w:t></w:r>"
            "<w:del w:id='1' w:author='A' w:date='2021-01-01T00:00:00Z'><w:r><w:delText>may</w:delText></w:r></w:del>"
            "<w:ins w:id='2' w:author='A' w:date='2021-01-01T00:00:00Z'><w:r><w:t>will</w:t></w:r></w:ins>"
            "<w:r><w:t xml:space='preserve'> act.</w:t></w:r></w:p>"
        )
    )
    body.append(
        parse_xml(
            f"<w:p {nsdecls('w')}><w:pPr><w:rPr><w:ins w:id='3' w:author='A' w:date='2021-01-01T00:00:00Z'/></w:rPr></w:pPr>"
            "<w:ins w:id='4' w:author='A' w:date='2021-01-01T00:00:00Z'><w:r><w:t>A new paragraph.</w:t></w:r></w:ins></w:p>"
        )
    )
    body.append(parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>The last paragraph.</w:t></w:r></w:p>"))
    body.append(body.find(qn("w:sectPr")))


def test_tracked_changes_are_refused_with_their_count(demo: Path) -> None:
    result = run(demo, "import", str(make(demo / "t.docx", tracked)), "--version", "2.0", "--date", "May 2021")
    assert result.exit_code == 1
    assert "has 3 insertions, 1 deletion tracked change(s) still to be accepted or rejected (4 in all)" in result.output
    assert "--accept-changes" in result.output
    assert not draft(demo).exists()


@pytest.mark.parametrize(
    ("flag", "texts"),
    [
        ("--accept-changes", ["Partners will act.", "A new paragraph.", "The last paragraph."]),
        ("--reject-changes", ["Partners may act.", "The last paragraph."]),
    ],
)
def test_tracked_changes_accepted_or_rejected(demo: Path, flag: str, texts: list[str]) -> None:
    result = imported(demo, str(make(demo / "t.docx", tracked)), "--version", "2.0", "--date", "May 2021", flag)
    assert "4 tracked change(s)" in result.output
    blocks = chapter_files(demo)["01-introduction.yaml"]["blocks"]
    assert blocks == [{"paragraph": t} for t in texts]


# -- comments --------------------------------------------------------------------------


def commented(d: DocxDocument) -> None:
    d.add_heading("1. Introduction", 1)
    d.add_paragraph("First paragraph.")
    p = d.add_paragraph("1.2 The partnership ")
    run_ = p.add_run("will publish quarterly")
    p.add_run(" reports.")
    d.add_comment(run_, text="Monthly, surely?", author="Jane Reviewer", initials="JR")


def test_comments_are_printed_and_written_beside_the_version(demo: Path) -> None:
    result = imported(demo, str(make(demo / "c.docx", commented)), "--version", "2.0", "--date", "May 2021")
    line = "Introduction, paragraph 2 (numbered 1.2)"
    assert f"comment: 1. {line}: Jane Reviewer" in result.output
    assert 'on "will publish quarterly": Monthly, surely?' in result.output
    review = (draft(demo) / "review.md").read_text("utf-8")
    assert f"- 1. {line}: **Jane Reviewer**" in review
    assert "  > Monthly, surely?" in review
    assert run(demo, "validate").exit_code == 0  # review.md is no content file


# -- what cannot be mapped ---------------------------------------------------------------


def unmappable(d: DocxDocument) -> None:
    d.add_heading("1. Introduction", 1)
    d.add_paragraph("Fine.")
    coloured = d.add_paragraph("Red words ")
    run_ = coloured.add_run("here")
    run_.font.color.rgb = RGBColor(0xFF, 0, 0)
    run_.font.size = Pt(20)
    d.add_paragraph("A quote", style="Intense Quote")
    box = d.add_paragraph()
    box._p.append(
        parse_xml(
            f"<w:r {nsdecls('w')}><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox>"
            "<w:txbxContent><w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    table = d.add_table(rows=3, cols=2)
    header_row(table)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Area", "Lead"
    table.rows[1].cells[0].merge(table.rows[2].cells[0]).text = "North"
    table.rows[1].cells[1].text, table.rows[2].cells[1].text = "Ann", "Bob"


def test_what_cannot_be_mapped_is_listed_with_where_it_was(demo: Path) -> None:
    result = imported(demo, str(make(demo / "u.docx", unmappable)), "--version", "2.0", "--date", "May 2021")
    out = result.output
    assert "1. Introduction, paragraph 2: direct formatting (colour, font size) is not kept" in out
    assert "1. Introduction, paragraph 3: style 'intense quote' has no match in the content: read as a paragraph" in out
    assert '1. Introduction, paragraph 4: a text box is not kept (its text: "Boxed text")' in out
    assert "merged" not in out  # a cell merged down is kept, as a row span (issue 25)
    review = (draft(demo) / "review.md").read_text("utf-8")
    assert review.count("\n- 1. Introduction") == 3
    blocks = chapter_files(demo)["01-introduction.yaml"]["blocks"]
    assert blocks[:3] == [{"paragraph": "Fine."}, {"paragraph": "Red words here"}, {"paragraph": "A quote"}]
    assert blocks[3]["table"]["rows"] == [[{"text": "North", "rows": 2}, "Ann"], ["Bob"]]


# -- refused files ---------------------------------------------------------------------


def _zip(path: Path, parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _docx_parts(demo: Path) -> dict[str, bytes]:
    good = make(demo / "good.docx", partner_document)
    with zipfile.ZipFile(good) as z:
        return {n: z.read(n) for n in z.namelist()}


def bad_files(demo: Path) -> dict[str, tuple[Path, str]]:
    parts = _docx_parts(demo)
    macro_types = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    good = (demo / "good.docx").read_bytes()
    (demo / "text.docx").write_text("not a document", encoding="utf-8")
    (demo / "locked.docx").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)
    (demo / "cut.docx").write_bytes(good[: len(good) // 2])
    return {
        "text": (demo / "text.docx", "is not a Word document (.docx): it is not a zip package"),
        "password": (demo / "locked.docx", "is a password-protected (encrypted) Word document or an old binary .doc"),
        "truncated": (demo / "cut.docx", "is not a Word document (.docx): it is not a zip package"),
        "zip": (_zip(demo / "other.docx", {"readme.txt": b"hi"}), "is a zip file but not a Word document"),
        "macro": (
            _zip(demo / "macro.docx", {**parts, "[Content_Types].xml": macro_types, "word/vbaProject.bin": b"x"}),
            "is a macro-enabled Word document (.docm); macros are never imported",
        ),
        "bomb": (
            _zip(demo / "bomb.docx", {**parts, "word/media/zeros.bin": b"\0" * (8 * 1024 * 1024)}),
            "refused as a possible zip bomb",
        ),
        "damaged xml": (
            _zip(demo / "xml.docx", {**parts, "word/document.xml": b"<w:document><unclosed>"}),
            "is a damaged Word document and cannot be read",
        ),
    }


@pytest.mark.parametrize("case", ["text", "password", "truncated", "zip", "macro", "bomb", "damaged xml"])
def test_bad_files_are_refused_and_nothing_is_written(demo: Path, case: str) -> None:
    path, message = bad_files(demo)[case]
    result = run(demo, "import", str(path), "--version", "2.0", "--date", "May 2021")
    assert (result.exit_code, message in result.output) == (1, True), result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (demo / "content/demo/versions").iterdir()) == ["1.0"]


def with_damaged_ids(demo: Path, damage: Callable[[bytes], bytes]) -> Path:
    """The demo's 1.0 exported, its ids part then damaged."""
    assert run(demo, "build", "--version", "1.0", "--format", "docx").exit_code == 0
    with zipfile.ZipFile(demo / "output/demo/1.0/demo-1.0.docx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["customXml/item1.xml"] = damage(parts["customXml/item1.xml"])
    return _zip(demo / "demo-1.0.docx", parts)


def test_damaged_ids_are_reported_in_a_plain_sentence(demo: Path) -> None:
    path = with_damaged_ids(demo, lambda ids: ids.replace(b"<source>{", b'<source>{"', 1))
    result = run(demo, "import", str(path), "--version", "2.0", "--date", "May 2021")
    assert (result.exit_code, result.output) == (
        1,
        f"{path}: is damaged: its hidden record of where each paragraph came from is cut short or garbled at"
        " bookmark _csa1 (export the version again and make the edits in the new copy)\n1 problem(s) found\n",
    )
    assert sorted(p.name for p in (demo / "content/demo/versions").iterdir()) == ["1.0"]


def test_a_damaged_file_is_reported_as_damaged_before_asking_which_document(demo: Path) -> None:
    shutil.copytree(DISTRICT / "content/riverside-csp", demo / "content/riverside-csp")
    path = with_damaged_ids(demo, lambda ids: ids[: len(ids) // 2])
    result = run(demo, "import", str(path), "--version", "2.0", "--date", "May 2021")
    assert result.exit_code == 1
    assert f"{path}: is damaged: its hidden record of where each paragraph came from is cut short or garbled" in (
        result.output
    )
    assert "several documents" not in result.output


def test_a_zip_bomb_is_refused_by_its_total_size_before_reading(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from csa.word.importing import intake as package

    monkeypatch.setattr(package, "MAX_UNCOMPRESSED", 1024)
    result = run(demo, "import", str(make(demo / "p.docx", partner_document)), "--version", "2.0", "--date", "May 2021")
    assert result.exit_code == 1
    assert "would inflate to 0 MiB (at most 0 MiB): refused as a possible zip bomb" in result.output


def test_an_existing_version_is_refused(demo: Path) -> None:
    before = {p: p.read_bytes() for p in draft(demo, "1.0").rglob("*") if p.is_file()}
    result = run(demo, "import", str(make(demo / "p.docx", partner_document)), "--version", "1.0", "--date", "May 2021")
    assert result.exit_code == 1
    assert "version 1.0 already exists" in result.output
    assert {p: p.read_bytes() for p in draft(demo, "1.0").rglob("*") if p.is_file()} == before


def test_a_document_without_chapters_is_refused(demo: Path) -> None:
    path = make(demo / "n.docx", lambda d: d.add_paragraph("Just text"))
    result = run(demo, "import", str(path), "--version", "2.0", "--date", "May 2021")
    assert result.exit_code == 1
    assert "has no chapters: no paragraph is styled Heading 1" in result.output
    assert not draft(demo).exists()


def tiny_png() -> bytes:
    """A 1x1 PNG, made here so the test needs no image file."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )


def linked_and_pictured(d: DocxDocument) -> None:
    d.add_heading("1. Introduction", 1)
    p = d.add_paragraph("See ")
    rid = d.part.relate_to("https://www.kent.gov.uk/csa", RT.HYPERLINK, is_external=True)
    p._p.append(
        parse_xml(
            f"<w:hyperlink {nsdecls('w', 'r')} r:id='{rid}'><w:r><w:rPr><w:rStyle w:val='Hyperlink'/>"
            "<w:color w:val='0563C1'/><w:u w:val='single'/></w:rPr><w:t>the agreement</w:t></w:r></w:hyperlink>"
        )
    )
    p.add_run(" online.")
    d.add_picture(io.BytesIO(tiny_png()))
    d.inline_shapes[0]._inline.docPr.set("descr", "A map of the county's districts")
    d.add_paragraph("Map of Kent", style="Caption")


def test_links_and_pictures(demo: Path) -> None:
    imported(demo, str(make(demo / "l.docx", linked_and_pictured)), "--version", "2.0", "--date", "May 2021")
    blocks = chapter_files(demo)["01-introduction.yaml"]["blocks"]
    assert blocks[0] == {"paragraph": "See [the agreement](https://www.kent.gov.uk/csa) online."}
    assert blocks[1] == {
        "figure": {"src": "figures/image1.png", "alt": "A map of the county's districts", "caption": "Map of Kent"}
    }
    assert (draft(demo) / "figures/image1.png").read_bytes() == tiny_png()
    assert run(demo, "validate").exit_code == 0


def moved_and_joined(d: DocxDocument) -> None:
    """A sentence moved, two paragraphs joined (a deleted paragraph mark), a table row inserted, a style changed."""
    d.add_heading("1. Introduction", 1)
    date = "w:author='A' w:date='2021-01-01T00:00:00Z'"
    body = d.element.body
    section = body.find(qn("w:sectPr"))
    for xml in (
        f"<w:p><w:moveFrom w:id='1' {date}><w:r><w:t>Moved sentence.</w:t></w:r></w:moveFrom></w:p>",
        f"<w:p><w:pPr><w:rPr><w:del w:id='2' {date}/></w:rPr></w:pPr><w:r><w:t xml:space='preserve'>Joined </w:t></w:r></w:p>",
        "<w:p><w:r><w:t>paragraphs.</w:t></w:r></w:p>",
        f"<w:p><w:pPr><w:pStyle w:val='Heading2'/><w:pPrChange w:id='3' {date}><w:pPr/></w:pPrChange></w:pPr>"
        "<w:r><w:t>Was a paragraph</w:t></w:r></w:p>",
        f"<w:p><w:moveTo w:id='4' {date}><w:r><w:t>Moved sentence.</w:t></w:r></w:moveTo></w:p>",
    ):
        section.addprevious(parse_xml(xml.replace("<w:p>", f"<w:p {nsdecls('w')}>", 1)))
    table = d.add_table(rows=3, cols=1)
    header_row(table)
    table.rows[0].cells[0].text, table.rows[1].cells[0].text, table.rows[2].cells[0].text = "Area", "North", "South"
    table.rows[2]._tr.get_or_add_trPr().append(parse_xml(f"<w:ins {nsdecls('w')} w:id='5' {date}/>"))


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        (
            "--accept-changes",
            [
                {"paragraph": "Joined paragraphs."},
                {"heading": "Was a paragraph"},
                {"paragraph": "Moved sentence."},
                {"table": {"header": ["Area"], "rows": [["North"], ["South"]]}},
            ],
        ),
        (
            "--reject-changes",
            [
                {"paragraph": "Moved sentence."},
                {"paragraph": "Joined"},
                {"paragraph": "paragraphs."},
                {"paragraph": "Was a paragraph"},
                {"table": {"header": ["Area"], "rows": [["North"]]}},
            ],
        ),
    ],
)
def test_moves_joins_rows_and_styles_tracked(demo: Path, flag: str, expected: list[object]) -> None:
    path = make(demo / "m.docx", moved_and_joined)
    refused = run(demo, "import", str(path), "--version", "2.0", "--date", "May 2021")
    assert "1 insertion, 1 deletion, 1 move, 1 formatting or other change" in refused.output
    imported(demo, str(path), "--version", "2.0", "--date", "May 2021", flag)
    assert chapter_files(demo)["01-introduction.yaml"]["blocks"] == expected


# -- round trip through our own export ----------------------------------------------------


def copy_kent(to: Path) -> Path:
    """The real project's content and templates, to import into."""
    shutil.copytree(ROOT / "content", to / "content")
    shutil.copytree(ROOT / "templates", to / "templates")
    return to


def exported(project: Path, document: str, number: str) -> Path:
    """`csa build --format docx` of one version, in a folder of its own."""
    out = project.parent / "exported"
    result = run(project, "build", "--document", document, "--version", number, "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / document / number / f"{document}-{number}.docx"


def same_data(project: Path, document: str, old: str, new: str) -> list[str]:
    """Chapter files whose data differ between two versions (comments and quoting aside)."""
    folder = project / "content" / document / "versions"
    differ = []
    for file in sorted((folder / old).glob("[0-9]*.yaml")):
        after = folder / new / file.name
        if not after.is_file() or yaml.safe_load(file.read_text("utf-8")) != yaml.safe_load(after.read_text("utf-8")):
            differ.append(file.name)
    return differ


@pytest.fixture(scope="module")
def kent_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Kent CSA 4.0 exported to Word once for the module (read only)."""
    project = copy_kent(tmp_path_factory.mktemp("kent-export") / "project")
    return exported(project, "kent-csa", "4.0")


def test_an_untouched_export_of_4_0_imports_as_the_same_content(tmp_path: Path, kent_docx: Path) -> None:
    kent = copy_kent(tmp_path / "kent")
    result = imported(kent, str(kent_docx), "--version", "5.0", "--date", "April 2020")
    assert "skipped (the build writes them): cover, contents, back page" in result.output
    assert same_data(kent, "kent-csa", "4.0", "5.0") == []
    assert run(kent, "diff", "4.0", "5.0", "--exit-code").exit_code == 0
    assert run(kent, "validate").exit_code == 0
    assert not (kent / "content/kent-csa/versions/5.0/review.md").exists()  # nothing to report


def test_word_alone_gives_back_all_but_what_it_only_shows(
    tmp_path: Path, kent_docx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the exported version's files, every block is read from Word: the same words and shapes,
    except the note whose bullets Word shows but the content copies from the diagram (includes_from)."""
    from csa.word.importing import importer

    monkeypatch.setattr(importer, "keep_unchanged", lambda *args: 0)
    kent = copy_kent(tmp_path / "kent")
    imported(kent, str(kent_docx), "--version", "5.0", "--date", "April 2020")
    assert same_data(kent, "kent-csa", "4.0", "5.0") == ["06-county-priorities.yaml"]
    assert run(kent, "diff", "4.0", "5.0", "--exit-code").exit_code == 0


def partner_edits(path: Path, to: Path) -> Path:
    """A partner's edits in Word: words changed in 4.3, a list item deleted in 8, a paragraph added after 2.5."""
    d = docx.Document(str(path))
    paragraphs = d.paragraphs

    def starting(prefix: str) -> DocxParagraph:
        return next(p for p in paragraphs if p.text.startswith(prefix))

    for run_ in starting("4.3.").runs:
        run_.text = run_.text.replace("effectively and efficiently", "jointly")
    d.add_comment(starting("4.4.").runs[-1], text="Which committee?", author="A Partner")
    item = next(p for p in paragraphs if p.text == "Kent Drug and Alcohol Strategy")
    item._p.getparent().remove(item._p)
    added = starting("2.5.").insert_paragraph_before("", style="Numbered Paragraph")
    starting("2.5.")._p.addnext(added._p)  # after 2.5, as pressing Enter at its end does
    added.add_run("2.6.\tThe Domestic Abuse Act 2021 created a statutory definition of domestic abuse.")
    d.save(str(to))
    return to


def test_a_partners_edits_come_back_as_a_draft_whose_change_log_names_them(tmp_path: Path, kent_docx: Path) -> None:
    kent = copy_kent(tmp_path / "kent")
    edited = partner_edits(kent_docx, tmp_path / "edited.docx")
    result = imported(kent, str(edited), "--version", "5.0", "--date", "April 2021")
    assert "comment: 4. Governance, paragraph 5 (numbered 4.4): A Partner" in result.output
    assert result.output.count("comment: ") == 1
    assert run(kent, "validate").exit_code == 0
    row = run(kent, "changelog", "5.0")
    assert row.output.splitlines() == [
        "5.0  April 2021  (generated)",
        "  - Refreshed Kent Community Safety Agreement (CSA)",
        "  - Effective date changed to April 2021",
        "  - Ch.2 - paragraph 2.6 added",
        "  - Ch.4 - paragraph 4.3 revised",
        "  - Ch.8 - 1 list item removed (Kent Drug and Alcohol Strategy)",
    ]
    governance = yaml.safe_load((kent / "content/kent-csa/versions/5.0/04-governance.yaml").read_text("utf-8"))
    assert governance["blocks"][3] == {
        "numbered": "The statutory partners aim to jointly deliver the priorities outlined in this agreement"
        " and to comply with statutory responsibilities."
    }


def leads_edits(path: Path, to: Path) -> Path:
    """A partner's edits to the leads table in Word: one lead changed, one priority's words changed."""
    d = docx.Document(str(path))
    table = next(t for t in d.tables if [c.text for c in t.rows[0].cells] == ["Priority", "Lead"])
    for row in table.rows:
        for paragraph, old, new in (
            (row.cells[1].paragraphs[0], "Serious Crime Command", "Serious and Organised Crime Command"),
            (row.cells[0].paragraphs[0], "Extremism and Hate", "Extremism and Hate Crime"),
        ):
            for run_ in paragraph.runs:
                run_.text = run_.text.replace(old, new)
    d.save(str(to))
    return to


def test_a_leads_table_edited_in_word_still_names_its_priorities(tmp_path: Path, kent_docx: Path) -> None:
    """Cells that named a priority by id name it again: by name where Word still shows the name, with the
    words given where they are unchanged, and with the partner's words where changed; the rows pair by
    priority, so the change log names the two rows edited (not rows removed and added)."""
    kent = copy_kent(tmp_path / "kent")
    imported(kent, str(leads_edits(kent_docx, tmp_path / "leads.docx")), "--version", "5.0", "--date", "April 2021")
    assert run(kent, "validate").exit_code == 0
    assert run(kent, "changelog", "5.0").output.splitlines() == [
        "5.0  April 2021  (generated)",
        "  - Refreshed Kent Community Safety Agreement (CSA)",
        "  - Effective date changed to April 2021",
        "  - Ch.7 - 2 table rows revised (Serious and Organised Crime, Preventing Extremism and Hate Crime)",
    ]
    leads = yaml.safe_load((kent / "content/kent-csa/versions/5.0/07-leads.yaml").read_text("utf-8"))
    rows = leads["blocks"][1]["table"]["rows"]
    assert rows[0] == [{"priority": "domestic-abuse"}, "Chair of Domestic Abuse and Sexual Violence Executive Group"]
    assert rows[3] == [
        {"priority": "serious-organised-crime", "text": "Serious and Organised Crime"},
        "Head of Serious and Organised Crime Command, Kent Police",
    ]
    assert rows[6][0] == {"priority": "preventing-extremism-hate", "text": "Preventing Extremism and Hate Crime"}


@pytest.mark.parametrize(
    ("fixture", "document", "date", "effective"),
    [
        (DISTRICT, "riverside-csp", "June 2024", "2024-07-01"),  # footnotes, references, cells of paragraphs
        (MINI, "demo", "April 2020", "2020-04-01"),  # a signature, an SVG figure, a nested list, a note
    ],
    ids=["district", "demo"],
)
def test_other_documents_round_trip(tmp_path: Path, fixture: Path, document: str, date: str, effective: str) -> None:
    project = copy_project(fixture, tmp_path / "project")
    path = exported(project, document, "1.0")
    imported(project, str(path), "--version", "2.0", "--date", date, "--effective", effective)
    assert same_data(project, document, "1.0", "2.0") == []
    assert run(project, "diff", "1.0", "2.0", "--exit-code").exit_code == 0
    assert run(project, "validate").exit_code == 0


def skipping_levels(d: DocxDocument) -> None:
    d.add_heading("1. Plans", 1)
    d.add_heading("Outcome", 3)
    d.add_paragraph("Text.")
    d.add_heading("", 1)  # an empty Heading 1 starts nothing


def test_a_heading_that_skips_a_level_is_read_one_level_down_and_said(demo: Path) -> None:
    result = imported(demo, str(make(demo / "h.docx", skipping_levels)), "--version", "2.0", "--date", "May 2021")
    assert "1. Plans, paragraph 1: heading 3 right under a level-1 heading: read as level 2" in result.output
    assert chapter_files(demo)["01-plans.yaml"]["blocks"] == [{"heading": "Outcome"}, {"paragraph": "Text."}]
    assert run(demo, "validate").exit_code == 0


def test_usage_mistakes(demo: Path) -> None:
    path = str(make(demo / "p.docx", partner_document))
    both = run(demo, "import", path, "--version", "2.0", "--date", "May 2021", "--accept-changes", "--reject-changes")
    assert (both.exit_code, "give --accept-changes or --reject-changes, not both" in both.output) == (2, True)
    bad = run(demo, "import", path, "--version", "two", "--date", "May 2021")
    assert (bad.exit_code, "'two' is not a version number" in bad.output) == (2, True)
    missing = run(demo, "import", str(demo / "nowhere.docx"), "--version", "2.0", "--date", "May 2021")
    assert (missing.exit_code, "nowhere.docx: not found (expected a .docx file)" in missing.output) == (1, True)
    assert sorted(p.name for p in (demo / "content/demo/versions").iterdir()) == ["1.0"]


@pytest.mark.parametrize(
    "file",
    sorted((ROOT / "content/kent-csa/versions").glob("*/[0-9]*.yaml")),
    ids=lambda f: f"{f.parent.name}/{f.name}",
)
def test_the_writer_reads_back_every_chapter_of_the_real_content(file: Path) -> None:
    data = yaml.safe_load(file.read_text("utf-8"))
    assert yaml.safe_load(dump(data)) == data


def word_numbered(d: DocxDocument) -> None:
    """Lists as Word makes them from the ribbon's buttons: List Paragraph with Word's own numbering (w:numPr)."""
    d.add_heading("1. Plans", 1)
    for text, num_id, level in (("Victims", 5, 0), ("Offenders", 5, 0), ("Youth", 1, 1), ("Places", 5, 0)):
        p = d.add_paragraph(text, style="List Paragraph")
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id


def test_lists_numbered_by_word_itself(demo: Path) -> None:
    imported(demo, str(make(demo / "n.docx", word_numbered)), "--version", "2.0", "--date", "May 2021")
    assert chapter_files(demo)["01-plans.yaml"]["blocks"] == [
        {"numbers": ["Victims", {"text": "Offenders", "bullets": ["Youth"]}, "Places"]}
    ]


def without_diagram(path: Path, to: Path) -> Path:
    """A reader deletes the priorities diagram (its picture) in Word."""
    d = docx.Document(str(path))
    picture = next(p for p in d.paragraphs if p._p.findall(".//" + qn("w:drawing")) and "priorities" in p._p.xml)
    picture._p.getparent().remove(picture._p)
    d.save(str(to))
    return to


def test_the_diagram_is_restored_while_its_picture_is_there_and_gone_when_deleted(
    tmp_path: Path, kent_docx: Path
) -> None:
    kent = copy_kent(tmp_path / "kent")
    result = imported(
        kent, str(without_diagram(kent_docx, tmp_path / "no-diagram.docx")), "--version", "5.0", "--date", "April 2020"
    )
    # the leads table named the diagram's priorities by id: without it, the cells keep their words, and it is said
    assert "7. Leads: table cells named priorities no priorities diagram of the version has now" in result.output
    leads = yaml.safe_load((kent / "content/kent-csa/versions/5.0/07-leads.yaml").read_text("utf-8"))
    assert [row[0] for row in leads["blocks"][1]["table"]["rows"]][2:4] == [
        "Substance Misuse",
        "Serious and Organised Crime",
    ]
    chapter = yaml.safe_load((kent / "content/kent-csa/versions/5.0/06-county-priorities.yaml").read_text("utf-8"))
    kinds = [next(k for k in b if k != "id") for b in chapter["blocks"]]
    assert "diagram" not in kinds
    assert chapter["blocks"][-1]["note"]["bullets"][0].startswith("Safeguarding Vulnerable People includes:")
    assert run(kent, "validate").exit_code == 0
    # the caption left behind is kept as a paragraph, and said
    assert "  - Ch.6 - 1 paragraph added; 1 priorities diagram removed" in run(kent, "changelog", "5.0").output


def test_without_date_the_version_is_dated_the_month_the_file_was_saved(demo: Path) -> None:
    def saved_in_march(d: DocxDocument) -> None:
        partner_document(d)
        d.core_properties.modified = __import__("datetime").datetime(2021, 3, 5, 10, 0)

    imported(demo, str(make(demo / "p.docx", saved_in_march)), "--version", "2.0")
    version = yaml.safe_load((draft(demo) / "version.yaml").read_text("utf-8"))
    assert (version["date"], str(version["effective"])) == ("March 2021", "2021-03-01")


@needs_libreoffice
def test_an_export_saved_again_by_libreoffice_imports_as_the_same_content(tmp_path: Path, kent_docx: Path) -> None:
    """Another program rewrites every part (its own fonts on each run, its own zip): the ids and words survive."""
    resaved = libreoffice_convert(kent_docx, tmp_path / "resaved", "docx:MS Word 2007 XML")
    kent = copy_kent(tmp_path / "kent")
    result = imported(kent, str(resaved), "--version", "5.0", "--date", "April 2020")
    assert "not imported" not in result.output  # the house font written on each run is no direct formatting
    assert same_data(kent, "kent-csa", "4.0", "5.0") == []
    assert run(kent, "diff", "4.0", "5.0", "--exit-code").exit_code == 0


def test_an_imported_block_s_id_is_written_under_its_type_key(demo: Path) -> None:
    """`- numbered: "..."` then `id:` under it, as people write a one-line block; a block written over
    several lines (a list) keeps its id above it, so the anchor is not left under the whole block."""
    chapter = draft(demo, "1.0") / "01-introduction.yaml"
    text = chapter.read_text("utf-8")
    text = text.replace(
        "  - numbered: First numbered paragraph", "  - id: first\n    numbered: First numbered paragraph"
    )
    text = text.replace("  - bullets:\n", "  - id: the-list\n    bullets:\n", 1)
    chapter.write_text(text, encoding="utf-8")
    assert run(demo, "validate").exit_code == 0
    imported(demo, str(exported(demo, "demo", "1.0")), "--version", "2.0")
    written = (draft(demo) / "01-introduction.yaml").read_text("utf-8")
    assert '  - numbered: "First numbered paragraph, see [the leads](#leads)."\n    id: first\n' in written
    assert "  - id: the-list\n    bullets:\n" in written
