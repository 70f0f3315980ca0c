"""`csa init ID --from FILE.docx`: a partnership's Word document as the first version, made here by
pandoc, python-docx (Word's default template, direct formatting) and LibreOffice; the import report
lists only what was lost, each with what to do, and their count."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.shared import Pt

from csa.cli import cli
from csa.publish.read_settings import merge_settings
from csa.word.importing.settings_read import ReadSetting

from .helpers import libreoffice_convert, needs_libreoffice

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")

TITLE_BLOCK = """---
title: Dover Community Safety Plan
subtitle: Dover Community Safety Partnership
date: 1 April 2024
---

"""

BODY = """# Introduction

1.1 This plan sets out what the partnership will do.

1.2 It covers 2024 to 2027. See Appendix 1 for the data.

## Our aims

Fewer people harmed, and fewer offences.

# Priorities

2.1 Tackling anti-social behaviour, with these partners:

- Kent Police
- Dover District Council

# Appendix 1: Data

The data behind the priorities.
"""


def csa(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["--root", str(root), *args], prog_name="csa")
    return result.exit_code, result.output


def pandoc(folder: Path, markdown: str, name: str = "plan") -> Path:
    source, out = folder / f"{name}.md", folder / f"{name}.docx"
    source.write_text(markdown, encoding="utf-8")
    subprocess.run(["pandoc", str(source), "-o", str(out)], check=True, timeout=60)
    return out


def word_default(folder: Path) -> Path:
    """A plan typed in Word's default template: a Title, then bold, larger lines standing in for headings."""
    document = docx.Document()
    document.core_properties.title = "Canterbury Community Safety Plan"
    document.core_properties.subject = "Canterbury Community Safety Partnership"
    document.add_paragraph("March 2025")
    document.add_heading("Introduction", level=1)
    document.add_paragraph("The plan for the district.")
    typed_heading = document.add_paragraph().add_run("Our priorities")
    typed_heading.bold = True
    typed_heading.font.size = Pt(14)
    document.add_paragraph("Reducing harm from drugs.")
    coloured = document.add_paragraph().add_run("Read this first, it is important to us.")
    coloured.font.size = Pt(16)
    path = folder / "typed.docx"
    document.save(str(path))
    return path


@needs_pandoc
def test_init_from_a_pandoc_plan_validates_builds_and_shows_its_cover(tmp_path: Path, runner: CliRunner) -> None:
    plan = pandoc(tmp_path, TITLE_BLOCK + BODY)
    code, output = csa(runner, tmp_path, "init", "dover-csp", "--from", str(plan))
    assert (code, output) == (
        0,
        "created content/dover-csp from plan.docx (Dover Community Safety Plan, Dover Community Safety"
        " Partnership, draft 1.0 of April 2024): 3 chapter(s), 7 block(s)\n"
        "nothing was lost: every paragraph, list and table arrived as it was\n"
        "next: csa validate && csa build\n",
    )
    folder = tmp_path / "content/dover-csp"
    assert sorted(p.name for p in (folder / "versions/1.0").iterdir()) == [
        "01-introduction.yaml",
        "02-priorities.yaml",
        "03-data.yaml",
        "version.yaml",
    ]
    assert csa(runner, tmp_path, "validate") == (0, "OK: 1 document(s), 1 version(s), no problems\n")
    code, output = csa(runner, tmp_path, "build")
    assert code == 0, output
    html = (tmp_path / "output/dover-csp/1.0/dover-csp-1.0.html").read_text("utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", html, flags=re.S)).split())
    assert "Dover Community Safety Partnership Dover Community Safety Plan Version 1.0 (draft) April 2024" in text
    # the version-control table has the single first row, and describes no edits
    assert (
        "Version Date Changes 1.0 April 2024 New Dover Community Safety Plan - effective from April 2024 Contents"
        in (text)
    )
    assert "added" not in text and "removed" not in text
    assert "1.2 It covers 2024 to 2027. See Appendix 1 for the data." in text  # numbered as Word typed it
    assert (tmp_path / "output/dover-csp/1.0/dover-csp-1.0.pdf").is_file()


@needs_pandoc
def test_what_was_read_is_written_with_where_it_came_from(tmp_path: Path, runner: CliRunner) -> None:
    plan = pandoc(tmp_path, TITLE_BLOCK + BODY)
    assert csa(runner, tmp_path, "init", "dover-csp", "--from", str(plan))[0] == 0
    document_yaml = (tmp_path / "content/dover-csp/document.yaml").read_text("utf-8")
    assert 'title: "Dover Community Safety Plan"  # from the paragraph styled Title\n' in document_yaml
    assert 'partnership: "Dover Community Safety Partnership"  # from the paragraph styled Subtitle\n' in document_yaml
    assert "# heading levels in the Word document: 1, 2\n" in document_yaml
    assert "    paragraph_stop: false  # from paragraph numbers typed without a full stop ('1.1')\n" in document_yaml
    assert "    chapters: true  # from paragraph numbers typed with chapter numbers ('1.1')\n" in document_yaml
    assert "    appendices: \"numbers\"  # from appendix titles ('Appendix 1: Data')\n" in document_yaml
    data = yaml.safe_load(document_yaml)
    assert data["settings"] == {
        "numbering": {"chapters": True, "paragraphs": True, "paragraph_stop": False, "appendices": "numbers"}
    }
    assert data["history"] == [
        {
            "version": "1.0",
            "date": "April 2024",
            "changes": ["New Dover Community Safety Plan - effective from April 2024"],
        }
    ]
    version = (tmp_path / "content/dover-csp/versions/1.0/version.yaml").read_text("utf-8")
    assert "date: \"April 2024\"  # from the title block's date line '1 April 2024'\n" in version
    assert "supersedes" not in version
    chapter = yaml.safe_load((tmp_path / "content/dover-csp/versions/1.0/01-introduction.yaml").read_text("utf-8"))
    assert chapter["blocks"][0] == {"numbered": "This plan sets out what the partnership will do."}


@needs_pandoc
def test_appendix_named_in_the_other_style_is_warned_with_its_place(tmp_path: Path, runner: CliRunner) -> None:
    plan = pandoc(tmp_path, TITLE_BLOCK + BODY)
    assert csa(runner, tmp_path, "init", "dover-csp", "--from", str(plan))[0] == 0
    document_yaml = tmp_path / "content/dover-csp/document.yaml"
    document_yaml.write_text(document_yaml.read_text("utf-8").replace('"numbers"', '"letters"'), encoding="utf-8")
    code, output = csa(runner, tmp_path, "validate")
    assert code == 0
    assert (
        "warning: content/dover-csp/versions/1.0/01-introduction.yaml:5:44: the text says 'Appendix 1' but appendices"
        " are lettered (Appendix A, ...) (write [](#the-appendix-id) to print its name, or set settings: numbering:"
        " appendices: numbers in document.yaml)\n"
    ) in output
    assert output.endswith("OK: 1 document(s), 1 version(s), no errors, 1 warning(s)\n")


@needs_pandoc
def test_what_is_missing_is_a_usage_mistake_naming_the_option(tmp_path: Path, runner: CliRunner) -> None:
    untitled = pandoc(tmp_path, BODY, "untitled")
    assert csa(runner, tmp_path, "init", "dover-csp", "--from", str(untitled)) == (
        2,
        "Usage: csa init [OPTIONS] ID\nTry 'csa init --help' for help.\n\nError: the Word document does not say its"
        " title (no paragraph styled Title and no Title property): give --title\n",
    )
    code, output = csa(
        runner, tmp_path, "init", "dover-csp", "--from", str(untitled), "--title", "T", "--partnership", "P"
    )
    # never the month the file was saved
    assert (code, output.splitlines()[-1]) == (
        2,
        'Error: the Word document does not say its date (no date line such as "April 2024" before Heading 1):'
        " give --date",
    )
    assert not (tmp_path / "content").exists()
    given = ["--title", "Dover Plan", "--partnership", "Dover CSP", "--date", "May 2023", "--version", "2.0"]
    code, output = csa(runner, tmp_path, "init", "dover-csp", "--from", str(untitled), *given)
    assert code == 0, output
    assert "(Dover Plan, Dover CSP, draft 2.0 of May 2023)" in output
    document_yaml = (tmp_path / "content/dover-csp/document.yaml").read_text("utf-8")
    assert 'title: "Dover Plan"  # from --title on the command line\n' in document_yaml
    assert csa(runner, tmp_path, "validate")[0] == 0


@needs_pandoc
def test_a_pandoc_file_reports_nothing_that_arrived_as_it_was(tmp_path: Path, runner: CliRunner) -> None:
    """pandoc styles body paragraphs "First Paragraph" and "Body Text": they arrive whole, so nothing is said."""
    plan = pandoc(tmp_path, TITLE_BLOCK + BODY + "\n> A quotation from the strategy.\n")
    code, output = csa(runner, tmp_path, "init", "dover-csp", "--from", str(plan), "--format", "json")
    assert code == 0
    report = json.loads(output)
    assert report["count"] == 0 and report["to_check"] == []
    assert "first paragraph" not in output


def test_a_bold_line_in_word_s_default_template_is_read_as_a_heading_and_said(
    tmp_path: Path, runner: CliRunner
) -> None:
    typed = word_default(tmp_path)
    code, output = csa(runner, tmp_path, "init", "canterbury", "--from", str(typed))
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == (
        "created content/canterbury from typed.docx (Canterbury Community Safety Plan, Canterbury Community"
        " Safety Partnership, draft 1.0 of March 2025): 1 chapter(s), 4 block(s)"
    )
    assert lines[1:4] == [
        'to check: Introduction, paragraph 2: a bold line with no Heading style, read as a heading: "Our priorities"'
        " (check it is one; style it Heading 2 in Word so the next import agrees)",
        "to check: Introduction, paragraph 4: direct formatting (font size) is not kept; the house style applies:"
        ' "Read this first, it is important to us."',
        "2 thing(s) to check, listed in content/canterbury/versions/1.0/review.md",
    ]
    chapter = yaml.safe_load((tmp_path / "content/canterbury/versions/1.0/01-introduction.yaml").read_text("utf-8"))
    assert chapter["blocks"][1] == {"heading": "Our priorities"}
    document_yaml = (tmp_path / "content/canterbury/document.yaml").read_text("utf-8")
    assert 'title: "Canterbury Community Safety Plan"  # from the file\'s properties (Title)\n' in document_yaml
    assert "chapters: false  # from no chapter title or paragraph in Word has a number\n" in document_yaml
    review = (tmp_path / "content/canterbury/versions/1.0/review.md").read_text("utf-8")
    assert "a bold line with no Heading style" in review
    assert csa(runner, tmp_path, "validate")[0] == 0


def test_a_plan_typed_with_no_heading_style_at_all_is_refused_naming_its_typed_titles(
    tmp_path: Path, runner: CliRunner
) -> None:
    """Word's default template, every title typed as a bold, larger line: there is no chapter to start from."""
    document = docx.Document()
    document.core_properties.title = "Canterbury Community Safety Plan"
    document.add_paragraph("March 2025")
    for title, text in [("Introduction", "The plan for the district."), ("Our priorities", "Reducing harm.")]:
        typed_title = document.add_paragraph().add_run(title)
        typed_title.bold = True
        typed_title.font.size = Pt(16)
        document.add_paragraph(text)
    typed = tmp_path / "typed.docx"
    document.save(str(typed))
    code, output = csa(runner, tmp_path, "init", "canterbury", "--from", str(typed), "--partnership", "Canterbury CSP")
    assert (code, output) == (
        1,
        f"{typed}: has no chapters: no paragraph is styled Heading 1; its chapter titles look typed as bold lines"
        ' ("Introduction", "Our priorities") (style each chapter\'s title as Heading 1 in Word (Home, Styles),'
        " then import again)\n1 problem(s) found\n",
    )
    assert not (tmp_path / "content").exists()


def test_the_json_report_has_the_same_lines_as_the_text(tmp_path: Path, runner: CliRunner) -> None:
    typed = word_default(tmp_path)
    code, output = csa(runner, tmp_path, "init", "canterbury", "--from", str(typed), "--format", "json")
    assert code == 0
    report = json.loads(output)
    assert report["count"] == 2
    assert [f"{line['place']}: {line['what']}" for line in report["to_check"]] == [
        'Introduction, paragraph 2: a bold line with no Heading style, read as a heading: "Our priorities"'
        " (check it is one; style it Heading 2 in Word so the next import agrees)",
        "Introduction, paragraph 4: direct formatting (font size) is not kept; the house style applies:"
        ' "Read this first, it is important to us."',
    ]


@needs_pandoc
def test_import_into_a_document_with_no_version_yet_makes_the_first(tmp_path: Path, runner: CliRunner) -> None:
    plan = pandoc(tmp_path, TITLE_BLOCK + BODY)
    assert csa(runner, tmp_path, "init", "dover-csp", "--from", str(plan))[0] == 0
    shutil.rmtree(tmp_path / "content/dover-csp/versions/1.0")
    code, output = csa(runner, tmp_path, "import", str(plan), "-d", "dover-csp", "--version", "1.0")
    assert (code, output) == (
        0,
        "imported plan.docx as the first version of dover-csp, draft 1.0: 3 chapter(s), 7 block(s)\n"
        "nothing was lost: every paragraph, list and table arrived as it was\n"
        "next: csa validate && csa build\n",
    )
    version = (tmp_path / "content/dover-csp/versions/1.0/version.yaml").read_text("utf-8")
    assert "supersedes" not in version and 'date: "April 2024"' in version
    assert csa(runner, tmp_path, "validate") == (0, "OK: 1 document(s), 1 version(s), no problems\n")


@needs_pandoc
def test_import_into_no_document_says_how_to_start_one(tmp_path: Path, runner: CliRunner) -> None:
    plan = pandoc(tmp_path, TITLE_BLOCK + BODY)
    code, output = csa(runner, tmp_path, "import", str(plan), "-d", "dover-csp", "--version", "1.0")
    assert (code, output.splitlines()[-1]) == (
        2,
        f"Error: no document 'dover-csp' (to start one from this file: csa init dover-csp --from {plan})",
    )


@needs_libreoffice
@needs_pandoc
def test_a_plan_saved_by_libreoffice_is_adopted(tmp_path: Path, runner: CliRunner) -> None:
    """pandoc writes an .odt; LibreOffice saves it as Word: its own styles, numbering and title block."""
    source = tmp_path / "plan.md"
    source.write_text(TITLE_BLOCK + BODY, encoding="utf-8")
    odt = tmp_path / "plan.odt"
    subprocess.run(["pandoc", str(source), "-o", str(odt)], check=True, timeout=60)
    out = tmp_path / "lo"
    out.mkdir()
    saved = libreoffice_convert(odt, out, "docx:MS Word 2007 XML")
    code, output = csa(runner, tmp_path, "init", "dover-csp", "--from", str(saved))
    assert code == 0, output
    assert output.startswith(
        "created content/dover-csp from plan.docx (Dover Community Safety Plan, Dover Community Safety"
        " Partnership, draft 1.0 of April 2024): 3 chapter(s)"
    )
    assert csa(runner, tmp_path, "validate") == (0, "OK: 1 document(s), 1 version(s), no problems\n")


HAND_WRITTEN = """format: 1
title: Dover Plan  # as the leader wants it
partnership: Dover CSP
settings:
  chapter_page_breaks: false
  # the partnership letters its appendices
  numbering:
    appendices: letters
"""


@needs_pandoc
def test_a_first_import_adds_the_settings_it_read_and_keeps_the_authors(tmp_path: Path, runner: CliRunner) -> None:
    plan = pandoc(tmp_path, TITLE_BLOCK + BODY)
    document_yaml = tmp_path / "content/dover-csp/document.yaml"
    document_yaml.parent.mkdir(parents=True)
    document_yaml.write_text(HAND_WRITTEN, encoding="utf-8")
    code, output = csa(runner, tmp_path, "import", str(plan), "-d", "dover-csp", "--version", "1.0")
    assert code == 0, output
    assert output.splitlines()[2:] == [
        "settings read from the Word document written to content/dover-csp/document.yaml:"
        " numbering: chapters, paragraphs, paragraph_stop",
        "kept numbering: appendices: letters as content/dover-csp/document.yaml gives it (the Word document shows"
        " numbers: appendix titles ('Appendix 1: Data'))",
        "the version-control table's first row written to content/dover-csp/document.yaml",
        "next: csa validate && csa build",
    ]
    assert document_yaml.read_text("utf-8") == HAND_WRITTEN.replace(
        "  numbering:\n",
        "  numbering:\n"
        "    # heading levels in the Word document: 1, 2\n"
        "    chapters: true  # from paragraph numbers typed with chapter numbers ('1.1')\n"
        "    paragraphs: true  # from 3 paragraph(s) typed with numbers\n"
        "    paragraph_stop: false  # from paragraph numbers typed without a full stop ('1.1')\n",
    ) + (
        "history:\n"
        '  - version: "1.0"\n'
        '    date: "April 2024"\n'
        "    changes:\n"
        '      - "New Dover Plan - effective from April 2024"\n'
    )
    code, output = csa(runner, tmp_path, "validate")
    assert code == 0
    assert "the text says 'Appendix 1' but appendices are lettered" in output  # the author's choice, warned about
    html_built = csa(runner, tmp_path, "build", "--format", "html")
    assert html_built[0] == 0, html_built[1]
    html = (tmp_path / "output/dover-csp/1.0/dover-csp-1.0.html").read_text("utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "1.2 It covers 2024 to 2027." in text
    assert "Version Date Changes 1.0 April 2024 New Dover Plan - effective from April 2024 Contents" in text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("format: 1\n", {"chapters": True, "paragraph_stop": False}),
        ("format: 1\nsettings: {}\n", {"chapters": True, "paragraph_stop": False}),
        ("settings:\n  version_control: none\n", {"chapters": True, "paragraph_stop": False}),
        ("settings:\n    numbering: {}  # to fill in\nformat: 1\n", {"chapters": True, "paragraph_stop": False}),
        ("settings:\n  numbering:\n     paragraph_stop: true\n", {"chapters": True, "paragraph_stop": True}),
    ],
)
def test_read_settings_are_added_to_any_block_layout_of_document_yaml(written: str, expected: dict[str, bool]) -> None:
    read = (ReadSetting("chapters", True, "typed numbers"), ReadSetting("paragraph_stop", False, "no stops"))
    merged = merge_settings(written, read, ["heading levels: 1"])
    data = yaml.safe_load(merged.text)
    assert data["settings"]["numbering"] == expected
    assert {k: v for k, v in yaml.safe_load(written).items() if k != "settings"}.items() <= data.items()
    assert "chapters: true  # from typed numbers\n" in merged.text
    assert merged.unwritten == []


def test_settings_written_on_one_line_are_left_to_the_author() -> None:
    written = "settings: {numbering: {chapters: false}}\n"
    read = (ReadSetting("chapters", True, "typed numbers"), ReadSetting("paragraph_stop", False, "no stops"))
    merged = merge_settings(written, read, [])
    assert merged.text == written
    assert [s.key for s in merged.unwritten] == ["paragraph_stop"]
    assert [(k.setting.key, k.written) for k in merged.kept] == [("chapters", False)]


def test_a_document_csa_exported_reads_back_its_cover_as_it_was_written(kent_output: Path, tmp_path: Path) -> None:
    """Our own 4.0 .docx prints partnership, title, "Version 4.0" and the date on its cover: each is read as
    what it is, and the version is the first version's number when --version is not given."""
    exported = kent_output / "kent-csa/4.0/kent-csa-4.0.docx"
    code, output = csa(CliRunner(), tmp_path, "init", "kent-copy", "--from", str(exported))
    assert code == 0, output
    assert output.startswith(
        "created content/kent-copy from kent-csa-4.0.docx (Kent Community Safety Agreement, Kent Community"
        " Safety Partnership, draft 4.0 of April 2020)"
    )
    document_yaml = (tmp_path / "content/kent-copy/document.yaml").read_text("utf-8")
    assert 'title: "Kent Community Safety Agreement"  # from the paragraph styled Title\n' in document_yaml
    assert (
        'partnership: "Kent Community Safety Partnership"  # from the paragraph styled Cover Partnership\n'
        in document_yaml
    )
    data = yaml.safe_load(document_yaml)
    assert "Kent Community Safety Partnership" not in str(data.get("cover", {}))
    assert "Version" not in str(data.get("cover", {}))
    version = yaml.safe_load((tmp_path / "content/kent-copy/versions/4.0/version.yaml").read_text("utf-8"))
    assert (version["version"], version["date"]) == ("4.0", "April 2020")


def test_a_version_given_that_differs_from_the_cover_s_is_used_and_said(kent_output: Path, tmp_path: Path) -> None:
    exported = kent_output / "kent-csa/4.0/kent-csa-4.0.docx"
    code, output = csa(CliRunner(), tmp_path, "init", "kent-copy", "--from", str(exported), "--version", "1.0")
    assert code == 0, output
    assert "draft 1.0 of April 2020" in output
    assert "note: the Word document says Version 4.0; started as version 1.0, as --version says\n" in output
    assert (tmp_path / "content/kent-copy/versions/1.0/version.yaml").is_file()


def test_a_draft_s_version_line_and_a_strapline_are_not_taken_for_the_partnership(tmp_path: Path) -> None:
    """Subtitles in any order: the version line is the version, the date line the date, the line naming a
    body the partnership, and what is left the cover's strapline."""
    document = docx.Document()
    document.add_paragraph("Dover Community Safety Plan", style="Title")
    document.add_paragraph("Version 2.0 (draft)", style="Subtitle")
    document.add_paragraph("Safer streets for everyone", style="Subtitle")
    document.add_paragraph("Dover Community Safety Partnership", style="Subtitle")
    document.add_paragraph("May 2023", style="Subtitle")
    document.add_heading("Introduction", level=1)
    document.add_paragraph("The plan for the district.")
    path = tmp_path / "draft.docx"
    document.save(str(path))
    code, output = csa(CliRunner(), tmp_path, "init", "dover-csp", "--from", str(path))
    assert code == 0, output
    assert "(Dover Community Safety Plan, Dover Community Safety Partnership, draft 2.0 of May 2023)" in output
    data = yaml.safe_load((tmp_path / "content/dover-csp/document.yaml").read_text("utf-8"))
    assert data["partnership"] == "Dover Community Safety Partnership"
    assert data["cover"] == {"strapline": "Safer streets for everyone"}


def test_with_no_title_style_the_first_line_is_the_title_even_when_it_names_a_body(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Dover District Council Community Safety Plan")
    document.add_paragraph("Working together for safer streets")
    document.add_paragraph("Dover Community Safety Partnership")
    document.add_paragraph("April 2024")
    document.add_heading("Introduction", level=1)
    document.add_paragraph("The plan for the district.")
    path = tmp_path / "plain.docx"
    document.save(str(path))
    code, output = csa(CliRunner(), tmp_path, "init", "dover-csp", "--from", str(path))
    assert code == 0, output
    data = yaml.safe_load((tmp_path / "content/dover-csp/document.yaml").read_text("utf-8"))
    assert (data["title"], data["partnership"], data["cover"]) == (
        "Dover District Council Community Safety Plan",
        "Dover Community Safety Partnership",
        {"strapline": "Working together for safer streets"},
    )
