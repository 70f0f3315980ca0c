"""References by id: [](#id) prints the target's current number, linked; stale hand-typed numbers warn."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pypdf
import yaml
from click.testing import CliRunner
from docx.oxml.ns import qn

from csa.build.pipeline import build, load_documents
from csa.cli import cli
from csa.project import Project
from csa.publish.new_version import new_version

from .helpers import replace_once

DEMO = "content/demo"
INTRO = f"{DEMO}/versions/{{}}/01-introduction.yaml"
FIRST = "First numbered paragraph, see [the leads](#leads)."


def write_intro(root: Path, text: str, version: str = "1.0") -> None:
    replace_once(root / INTRO.format(version), FIRST, text)


def page(root: Path, version: str) -> str:
    build(Project(root), root / "output", formats=["html"])
    return (root / f"output/demo/{version}/demo-{version}.html").read_text()


def validate(runner: CliRunner, root: Path) -> tuple[int, str]:
    result = runner.invoke(cli, ["--root", str(root), "validate"])
    return result.exit_code, result.output


def insert_chapter_before_leads(root: Path) -> None:
    """Version 2.0, with a chapter 'Risks' before 'Leads' (which becomes section 3)."""
    new_version(load_documents(Project(root))[0], root / DEMO, "2.0", "April 2021")
    folder = root / DEMO / "versions/2.0"
    (folder / "03-plans.yaml").rename(folder / "04-plans.yaml")
    (folder / "02-leads.yaml").rename(folder / "03-leads.yaml")
    (folder / "02-risks.yaml").write_text("kind: chapter\ntitle: Risks\nblocks:\n  - numbered: New.\n")


def test_a_reference_to_a_chapter_prints_its_number_and_links_to_it(mini: Path) -> None:
    write_intro(mini, "See [](#leads) and [](#plans).")
    assert 'See <a href="#leads">section 2</a> and <a href="#plans">Appendix A</a>.' in page(mini, "1.0")


def test_a_reference_follows_its_chapter_when_one_is_inserted_before_it(mini: Path, runner: CliRunner) -> None:
    write_intro(mini, "See [](#leads).")
    insert_chapter_before_leads(mini)
    assert 'See <a href="#leads">section 3</a>.' in page(mini, "2.0")
    assert 'See <a href="#leads">section 2</a>.' in (mini / "output/demo/1.0/demo-1.0.html").read_text()
    log = runner.invoke(cli, ["--root", str(mini), "changelog", "2.0"])
    assert log.exit_code == 0, log.output
    assert "Ch.2 - new chapter 'Risks' added" in log.output
    assert "Ch.1" not in log.output  # the introduction only refers to Leads: renumbering is no change
    assert "Introduction" not in log.output


def test_references_to_paragraphs_and_headings(mini: Path) -> None:
    write_intro(mini, "See [](#para-1.2) and [](#introduction-3).")
    assert 'See <a href="#para-1.2">paragraph 1.2</a> and <a href="#introduction-3">A sub-heading</a>.' in page(
        mini, "1.0"
    )


def test_the_words_a_reference_prints_are_settings(mini: Path) -> None:
    document = mini / DEMO / "document.yaml"
    data = yaml.safe_load(document.read_text())
    data["settings"] = {"words": {"section": "Kapitel {label}", "paragraph": "Absatz {number}"}}
    document.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    write_intro(mini, "See [](#leads) and [](#para-1.2).")
    assert 'See <a href="#leads">Kapitel 2</a> and <a href="#para-1.2">Absatz 1.2</a>.' in page(mini, "1.0")


def test_a_reference_to_no_anchor_is_still_an_error(mini: Path, runner: CliRunner) -> None:
    write_intro(mini, "See [](#lead).")
    code, output = validate(runner, mini)
    assert code == 1
    assert (
        "content/demo/versions/1.0/01-introduction.yaml:4:22: cross-reference #lead points nowhere"
        " (expected a chapter id, block id or para-N.N)"
    ) in output


def test_a_hand_typed_number_that_now_points_elsewhere_is_a_warning(mini: Path, runner: CliRunner) -> None:
    insert_chapter_before_leads(mini)
    write_intro(mini, "Leads are in section 2.", "2.0")
    assert validate(runner, mini) == (
        0,
        "warning: content/demo/versions/2.0/01-introduction.yaml:4:28: 'section 2' pointed to 'Leads' in 1.0,"
        " which is now section 3 (write [](#leads) to keep it current)\n"
        "OK: 1 document(s), 2 version(s), no errors, 1 warning(s)\n",
    )


def test_a_hand_typed_paragraph_number_that_moved_is_a_warning(mini: Path, runner: CliRunner) -> None:
    new_version(load_documents(Project(mini))[0], mini / DEMO, "2.0", "April 2021")
    write_intro(mini, "First numbered paragraph.\n  - numbered: Inserted; see paragraph 1.2.", "2.0")
    code, output = validate(runner, mini)
    assert code == 0
    assert (
        "warning: content/demo/versions/2.0/01-introduction.yaml:5:29: 'paragraph 1.2' pointed to"
        " 'Second numbered paragraph with emphasis.' in 1.0, which is now paragraph 1.3"
        " (write [](#an-id) to keep it current, giving the paragraph id: an-id)\n"
    ) in output


def test_no_warning_when_the_number_still_points_where_it_did(mini: Path, runner: CliRunner) -> None:
    insert_chapter_before_leads(mini)
    write_intro(mini, "This is section 1; Appendix A follows; section 17 of the Act applies.", "2.0")
    assert validate(runner, mini) == (0, "OK: 1 document(s), 2 version(s), no problems\n")


def test_a_hand_typed_number_whose_chapter_is_gone_is_a_warning(mini: Path, runner: CliRunner) -> None:
    new_version(load_documents(Project(mini))[0], mini / DEMO, "2.0", "April 2021")
    (mini / DEMO / "versions/2.0/02-leads.yaml").unlink()
    write_intro(mini, "Leads were in section 2.", "2.0")
    code, output = validate(runner, mini)
    assert code == 0
    assert (
        "warning: content/demo/versions/2.0/01-introduction.yaml:4:29: 'section 2' pointed to 'Leads' in 1.0,"
        " which is no longer in this version\n"
    ) in output


def _docx_text(path: Path) -> str:
    """Each paragraph's text as printed, tracked insertions included (python-docx's `text` leaves them out)."""
    paragraphs = docx.Document(str(path)).paragraphs
    return "\n".join("".join(t.text or "" for t in p._p.iter(qn("w:t"))) for p in paragraphs)


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)


def test_a_reference_that_starts_a_sentence_prints_capitalised_in_every_output(mini: Path) -> None:
    new_version(load_documents(Project(mini))[0], mini / DEMO, "2.0", "April 2021")
    write_intro(mini, "'[](#leads) sets out the leads. Then *[](#plans)* lists plans: see [](#leads).'", "2.0")
    build(Project(mini), mini / "output", ["2.0"])
    out = mini / "output/demo/2.0"
    sentences = "Section 2 sets out the leads. Then Appendix A lists plans: see section 2."
    assert (
        '<a href="#leads">Section 2</a> sets out the leads. Then <em><a href="#plans">Appendix A</a></em>'
        ' lists plans: see <a href="#leads">section 2</a>.'
    ) in (out / "demo-2.0.html").read_text()
    assert sentences in _pdf_text(out / "demo-2.0.pdf")
    assert sentences in _docx_text(out / "demo-2.0.docx")
    redline = (out / "demo-2.0-changes-since-1.0.html").read_text()
    assert '<a href="#leads">Section 2</a> sets out' in redline
    assert 'see <a href="#leads">section 2</a>' in redline
    assert "Section 2 sets out" in _pdf_text(out / "demo-2.0-changes-since-1.0.pdf")
    assert sentences in _docx_text(out / "demo-2.0-changes-since-1.0.docx")


def test_a_reference_to_the_id_given_a_numbered_paragraph_links_to_it_and_the_pdf_builds(
    mini: Path, runner: CliRunner
) -> None:
    """The advice of the stale-number warning, followed: the page prints the paragraph as #para-1.2."""
    second = "  - numbered: Second numbered paragraph with *emphasis*.\n"
    replace_once(mini / INTRO.format("1.0"), second, second + "    id: second-aim\n")
    write_intro(mini, "See [](#second-aim).")
    result = runner.invoke(cli, ["--root", str(mini), "build", "--version", "1.0"])
    assert result.exit_code == 0, result.output
    out = mini / "output/demo/1.0"
    html = (out / "demo-1.0.html").read_text()
    assert 'See <a href="#para-1.2">paragraph 1.2</a>.' in html
    assert '<p class="numbered" id="para-1.2">' in html
    assert "See paragraph 1.2." in _pdf_text(out / "demo-1.0.pdf")
    assert "See paragraph 1.2." in _docx_text(out / "demo-1.0.docx")


LEADS = f"{DEMO}/versions/1.0/02-leads.yaml"


def _printed_page_of(pdf: Path, words: str) -> int:
    """The page number printed in the footer ("Page 6") of the page showing `words`."""
    for page in pypdf.PdfReader(pdf).pages:
        text = " ".join(page.extract_text().split())
        if words in text:
            footer = re.search(r"Page (\d+)$", text)
            assert footer, text
            return int(footer[1])
    raise AssertionError(f"no page shows {words!r}")


def test_a_page_reference_prints_the_page_its_target_is_on_after_content_is_inserted_before_it(mini: Path) -> None:
    """[](#id.page) prints "p.N" in the PDF, N the page the figure prints on; content inserted before the
    figure moves it, and the number follows. HTML and Word, which have no pages, print its caption, linked."""
    replace_once(mini / LEADS, "  - figure:\n", "  - id: the-figure\n    figure:\n")
    write_intro(mini, "The figure (see [](#the-figure.page)) shows it.")
    build(Project(mini), mini / "output", ["1.0"])
    out = mini / "output/demo/1.0"
    before = _printed_page_of(out / "demo-1.0.pdf", "A figure.")
    assert f"The figure (see p.{before}) shows it." in _pdf_text(out / "demo-1.0.pdf")
    long = "".join(f"  - numbered: Paragraph {i} of a long new passage {'with many words ' * 20}\n" for i in range(40))
    replace_once(mini / LEADS, "  - numbered: The leads are below.\n", "  - numbered: The leads are below.\n" + long)
    build(Project(mini), mini / "output", ["1.0"])
    after = _printed_page_of(out / "demo-1.0.pdf", "A figure.")
    assert after > before
    assert f"The figure (see p.{after}) shows it." in _pdf_text(out / "demo-1.0.pdf")
    html = (out / "demo-1.0.html").read_text()
    assert (
        'The figure (see <a class="page-ref" href="#the-figure"><span class="page-ref-words">A figure.</span></a>)'
        " shows it." in html
    )
    assert "The figure (see A figure.) shows it." in _docx_text(out / "demo-1.0.docx")


def test_a_page_reference_to_a_block_without_a_caption_reads_the_and_its_kind_on_screen(mini: Path) -> None:
    write_intro(mini, "As [](#plans.page) and [](#introduction-5.page) say.")
    html = page(mini, "1.0")
    assert '<span class="page-ref-words">Appendix A</span>' in html
    assert '<span class="page-ref-words">the list</span>' in html


def test_a_page_reference_to_no_anchor_is_an_error_where_it_is_written(mini: Path, runner: CliRunner) -> None:
    write_intro(mini, "See [](#the-figur.page).")
    code, output = validate(runner, mini)
    assert code == 1
    assert (
        "content/demo/versions/1.0/01-introduction.yaml:4:22: page reference #the-figur.page points nowhere"
        " (expected a chapter id, block id or para-N.N before .page)"
    ) in output


def test_a_page_number_typed_by_hand_in_a_draft_is_a_warning(mini: Path, runner: CliRunner) -> None:
    write_intro(mini, "The figure on p.12 and pages 3-4 show it.")
    code, output = validate(runner, mini)
    assert (code, output) == (
        0,
        "warning: content/demo/versions/1.0/01-introduction.yaml:4:29: 'p.12' is a page number typed by hand: it"
        " goes wrong when the pages before it change (write [](#its-id.page) to print the page the PDF puts it"
        " on, giving its block id: its-id)\n"
        "warning: content/demo/versions/1.0/01-introduction.yaml:4:38: 'pages 3-4' is a page number typed by hand:"
        " it goes wrong when the pages before it change (write [](#its-id.page) to print the page the PDF puts it"
        " on, giving its block id: its-id)\n"
        "OK: 1 document(s), 1 version(s), no errors, 2 warning(s)\n",
    )


def test_the_published_4_0_keeps_its_typed_page_number_without_a_warning_and_its_draft_successor_warns(
    draft: Path, runner: CliRunner
) -> None:
    """4.0 is published and frozen: its "diagram on p.12" stays as published. The 5.0 draft copied from it warns."""
    code, output = validate(runner, draft)
    assert code == 0, output
    assert "versions/4.0/" not in output
    assert (
        "warning: content/kent-csa/versions/5.0/13-police-and-crime-plan.yaml:28:81: 'p.12' is a page number typed"
        " by hand"
    ) in output


def test_a_pdf_laid_out_part_by_part_prints_the_page_of_a_target_in_its_own_chapter_and_in_another(
    mini: Path,
) -> None:
    """Laid out part by part (csa build and csa serve), a part alone knows only its own pages: the join
    fills in the page of a target in another chapter, as it does the contents'; both read "p.N"."""
    replace_once(mini / LEADS, "  - figure:\n", "  - id: the-figure\n    figure:\n")
    replace_once(
        mini / LEADS, "  - numbered: The leads are below.", '  - numbered: "The figure is on [](#the-figure.page)."'
    )
    write_intro(mini, "The figure (see [](#the-figure.page)) shows it.")
    build(Project(mini), mini / "output", ["1.0"], ["pdf"], jobs=1, warm={})
    pdf = mini / "output/demo/1.0/demo-1.0.pdf"
    text = _pdf_text(pdf)
    page = _printed_page_of(pdf, "A figure. Note:")
    assert f"The figure is on p.{page}." in text
    assert f"The figure (see p.{page}) shows it." in text


def test_the_redline_pdf_prints_the_page_of_a_target_in_another_chapter(mini: Path, runner: CliRunner) -> None:
    """The redline is laid out part by part too: a page reference in a revised paragraph to a figure in
    another chapter prints the page that figure is on in the redline, not the page its part starts on."""
    new_version(load_documents(Project(mini))[0], mini / DEMO, "2.0", "April 2021")
    leads = mini / DEMO / "versions/2.0/02-leads.yaml"
    replace_once(leads, "  - figure:\n", "  - id: the-figure\n    figure:\n")
    long = "".join(f"  - numbered: Paragraph {i} of a long new passage {'with many words ' * 20}\n" for i in range(20))
    replace_once(leads, "  - numbered: The leads are below.\n", "  - numbered: The leads are below.\n" + long)
    write_intro(mini, "The figure (see [](#the-figure.page)) shows it.", "2.0")
    redline = mini / "redline.pdf"
    result = runner.invoke(cli, ["--root", str(mini), "diff", "1.0", "2.0", "--format", "pdf", "-o", str(redline)])
    assert result.exit_code == 0, result.output
    page = _printed_page_of(redline, "A figure.")
    assert page > _printed_page_of(redline, "The figure (see")  # in a later part: only the join knows its page
    assert f"The figure (see p.{page}) shows it." in _pdf_text(redline)


def test_a_page_reference_edited_in_word_comes_back_as_a_page_reference(mini: Path, runner: CliRunner) -> None:
    bullets = "  - bullets:\n"
    replace_once(mini / INTRO.format("1.0"), bullets, "  - id: the-list\n    bullets:\n")
    write_intro(mini, "As [](#the-list.page) shows.")
    result = runner.invoke(cli, ["--root", str(mini), "build", "--format", "docx", "--out", str(mini / "exported")])
    assert result.exit_code == 0, result.output
    exported = mini / "exported/demo/1.0/demo-1.0.docx"
    word = docx.Document(str(exported))
    paragraph = next(p for p in word.paragraphs if "As the list shows." in _docx_text_of(p))
    paragraph.add_run(" Edited in Word.")
    word.save(str(exported))
    result = runner.invoke(cli, ["--root", str(mini), "import", str(exported), "--version", "2.0"])
    assert result.exit_code == 0, result.output
    imported = (mini / INTRO.format("2.0")).read_text("utf-8")
    assert '"As [](#the-list.page) shows. Edited in Word."' in imported


def _docx_text_of(paragraph: object) -> str:
    return "".join(t.text or "" for t in paragraph._p.iter(qn("w:t")))  # type: ignore[attr-defined]
