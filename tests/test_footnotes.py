"""Footnotes: [^label] in text, defined per chapter, numbered, linked both ways, at chapter end or page feet."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from csa.build.pipeline import Project, build, load_documents
from csa.diff.changelog import row_for
from csa.errors import CsaError
from csa.inline import Citation, plain_text

from .conftest import PLAN, ROOT, PdfText, copy_project
from .helpers import DOC, FOOTNOTES, with_revised_notes

PAGE = "output/sources/1.0/sources-1.0"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "footnotes"
    shutil.copytree(FOOTNOTES, root)
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


def set_footnotes(root: Path, **settings: str) -> None:
    path = root / DOC / "document.yaml"
    data = yaml.safe_load(path.read_text())
    data["settings"] = {"footnotes": settings}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


class Links(HTMLParser):
    """Every id on the page, and the footnote links: (role, href target, id, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[list[str]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("role") in ("doc-noteref", "doc-backlink"):
            self._open = [str(found["role"]), str(found["href"]).lstrip("#"), str(found.get("id") or ""), ""]
            self.links.append(self._open)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[3] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None


def page_links(root: Path) -> Links:
    links = Links()
    links.feed((root / f"{PAGE}.html").read_text("utf-8"))
    return links


def test_markers_print_numbers_restarting_in_each_chapter(project: Path) -> None:
    build(Project(project), project / "output", formats=["html"])
    markers = [(href, text) for role, href, _, text in page_links(project).links if role == "doc-noteref"]
    assert markers == [
        ("fn-violence-1", "1"),  # paragraph
        ("fn-violence-2", "2"),  # list item
        ("fn-violence-1", "1"),  # list item: cited again, same number
        ("fn-violence-3", "3"),  # table cell
        ("fn-reoffending-moj", "1"),  # next chapter starts again at 1
        ("fn-reoffending-moj", "1"),  # note
    ]


def test_markers_and_notes_link_both_ways(project: Path) -> None:
    build(Project(project), project / "output", formats=["html"])
    links = page_links(project)
    markers = {id_: href for role, href, id_, _ in links.links if role == "doc-noteref"}
    backs = [(href, text) for role, href, _, text in links.links if role == "doc-backlink"]
    assert set(markers.values()) <= links.ids
    assert {href for href, _ in backs} == set(markers)
    assert backs[:2] == [
        ("fnref-violence-1-1", "Back to reference 1 (1)"),
        ("fnref-violence-1-2", "Back to reference 1 (2)"),
    ]
    assert ("fnref-violence-2-1", "Back to reference 2") in backs


def test_notes_are_listed_at_the_chapter_end_with_their_markdown(project: Path) -> None:
    build(Project(project), project / "output", formats=["html"])
    html = (project / f"{PAGE}.html").read_text("utf-8")
    chapter = html[html.index('id="violence"') : html.index('id="reoffending"')]
    notes = chapter[chapter.index('role="doc-endnotes"') :]
    assert '<h3 class="footnotes-title" id="violence-notes-title">Notes</h3>' in notes
    assert '<li id="fn-violence-2"><em>Kent MARAC data</em>, 2018/19 ' in notes
    assert '<a href="https://www.dover.gov.uk/">Dover</a>' in notes
    assert "[^" not in html


def test_pdf_prints_notes_at_the_chapter_end_by_default(project: Path) -> None:
    build(Project(project), project / "output", formats=["pdf"])
    pages = PdfText(project / f"{PAGE}.pdf").pages
    chapter = next(p for p in pages if "Violence Against Women and Girls Domestic" in p or "1.1." in p)
    assert "Notes Chief Constable's Report to the PCC's Performance and Delivery Board (March 2019)" in chapter
    assert "Back to reference" not in chapter  # the HTML's links back; on paper they lead nowhere


def test_pdf_prints_notes_at_the_foot_of_the_citing_page_numbered_through_the_document(project: Path) -> None:
    set_footnotes(project, numbering="document", place="page")
    build(Project(project), project / "output", formats=["pdf"])
    pages = PdfText(project / f"{PAGE}.pdf").pages
    first = next(p for p in pages if "Domestic abuse incidents" in p)
    second = next(p for p in pages if "Proven reoffending fell" in p)
    assert first.endswith(
        "1 Chief Constable's Report to the PCC's Performance and Delivery Board (March 2019) "
        "2 Kent MARAC data, 2018/19 3 Figures for Dover include Deal. Sources Action Plan April 2020 Page 4"
    )
    assert "fell to 25%.4" in second
    assert "4 Ministry of Justice, Proven reoffending statistics (October 2019)" in second
    text = " ".join(pages)
    assert "Notes" not in text and "Back to reference" not in text  # the chapter-end lists are the HTML's


def test_change_log_names_revised_and_added_notes_and_the_redline_marks_them(project: Path) -> None:
    with_revised_notes(project)
    document = load_documents(Project(project))[0]
    row = row_for(document, document.version("2.0"))  # type: ignore[arg-type]
    assert row is not None
    assert (
        "Ch.1 - paragraph 1.2 added; footnote 3 revised; footnote 2 added"
    )  # numbered as 2.0 prints them in row.changes
    build(Project(project), project / "output", formats=["html"])
    redline = (project / "output/sources/2.0/sources-2.0-changes-since-1.0.html").read_text("utf-8")
    notes = redline[redline.index('id="violence-notes-title"') :]
    assert '<del><span class="sr-only">[deleted: </span>2018/19' in notes
    assert '<ins><span class="sr-only">[inserted: </span>2019/20' in notes
    assert '<li value="2" id="fn-violence-ons"><ins>' in notes


def test_a_renumbered_note_is_no_change_to_the_text_citing_it() -> None:
    first, later = Citation("c", "1", 1, 1), Citation("c", "1", 2, 1)
    assert plain_text(f"Crime rose.{first.token}") == plain_text(f"Crime rose.{later.token}") == "Crime rose."


def test_author_text_cannot_forge_a_numbered_citation(project: Path) -> None:
    path = project / DOC / "versions/1.0/02-reoffending.yaml"
    forged = '"Fell.\\ue000reoffending\\ue002moj\\ue0029\\ue0029\\ue001 [^moj]"'
    path.write_text(path.read_text().replace("Proven reoffending fell to 25%.[^moj]", forged))
    with pytest.raises(CsaError, match=r"02-reoffending.yaml:4:15: character U\+E000 is not allowed in text"):
        load_documents(Project(project))


def test_notes_placed_before_actions_open_the_first_actions_table(tmp_path: Path) -> None:
    root = copy_project(PLAN, tmp_path / "plan")
    path = root / "content/vale-csa-action-plan/document.yaml"
    before = path.read_text("utf-8").replace(
        "footnotes: {numbering: labels}", "footnotes: {numbering: labels, place: before-actions}"
    )
    outputs = {}
    for place, text in (("chapter-end", path.read_text("utf-8")), ("before-actions", before)):
        path.write_text(text, "utf-8")
        build(Project(root), root / place, formats=["html"], document="vale-csa-action-plan")
        html = (root / place / "vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.html").read_text("utf-8")
        outputs[place] = html[html.index('id="domestic-abuse"') : html.index('id="road-safety"')]
    assert outputs["chapter-end"].index('class="actions"') < outputs["chapter-end"].index('role="doc-endnotes"')
    chapter = outputs["before-actions"]
    assert chapter.count('role="doc-endnotes"') == 1
    assert chapter.index('class="footnotes footnotes-before-actions"') < chapter.index('class="actions"')


def test_notes_placed_before_actions_stay_at_the_end_of_a_chapter_without_actions(project: Path) -> None:
    set_footnotes(project, place="before-actions")
    build(Project(project), project / "output", formats=["html"])
    html = (project / f"{PAGE}.html").read_text("utf-8")
    chapter = html[html.index('id="violence"') : html.index('id="reoffending"')]
    notes_end = chapter.index("</section>", chapter.index('role="doc-endnotes"')) + len("</section>")
    assert chapter[notes_end:].lstrip().startswith("</section>")  # the notes close the chapter
