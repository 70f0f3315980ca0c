"""A report document (type: report): the July 2017 report to the partnership as its readers see it.

The reference (tests/reference/kent-csa-update-2017-07.txt) is a plain-text extraction of the
published report; its extraction noise (a dash before each numbered paragraph from 3.1 on, one
paragraph split by a page break, blank lines) is not content. The built page's text, less the
page's own title line and the licence line, must be the reference's run of words exactly.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from csa.build.pipeline import build
from csa.cli import cli
from csa.project import Project

from .conftest import PLAN, REFERENCE, ROOT, PdfText, copy_project

REPORT = "kent-csa-update/2017-07/kent-csa-update-2017-07"
SECTIONS = [
    "1.0 Background",
    "2.0 Introduction",
    "3.0 Action Plan Development",
    "4.0 Performance Monitoring",
    "5.0 Crime Statistics",
    "6.0 Crime Data Integrity",
    "7.0 Recommendations",
]
# each section's paragraphs, numbered as the report prints them
PARAGRAPHS = {1: 1, 2: 3, 3: 6, 4: 4, 5: 4, 6: 4, 7: 3}


@pytest.fixture(scope="module")
def report_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    build(Project(ROOT), out, document="kent-csa-update")
    return out


class _Text(HTMLParser):
    """The words of a page's body, as a reader sees them (no style, script or title)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "title"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def page_words(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def reference_words() -> str:
    text = (REFERENCE / "kent-csa-update-2017-07.txt").read_text(encoding="utf-8")
    lines = [re.sub(r"^- ", "", line.strip()) for line in text.splitlines()]
    return " ".join(" ".join(lines).split())


def test_the_page_says_every_word_of_the_report_in_order(report_output: Path) -> None:
    html = (report_output / f"{REPORT}.html").read_text(encoding="utf-8")
    words = page_words(html)
    title = "Skip to content Kent Community Safety Agreement Update "
    licence = " Contains public sector information licensed under the Open Government Licence v3.0."
    assert words.startswith(title) and words.endswith(licence)
    assert words[len(title) : -len(licence)] == reference_words()


def test_the_pdf_prints_the_header_sections_recommendations_and_contacts(report_output: Path) -> None:
    text = PdfText(report_output / f"{REPORT}.pdf").text
    header = (
        "By: Shafick Peerbux - Head of Community Safety, KCC Shirley Brinson - Community Safety Team Leader, KCC"
        " To: Kent Community Safety Partnership – 19th July 2017 Classification: For Information"
        " Subject: Kent Community Safety Agreement Update Summary This report includes details of the refreshed"
        " Kent Community Safety Agreement action plan and feedback on performance monitoring 1.0 Background"
    )
    assert header in text
    at = [text.index(section) for section in SECTIONS]
    assert at == sorted(at)
    for section, count in PARAGRAPHS.items():
        for n in range(1, count + 1):
            assert re.search(rf"(^| ){section}\.{n} [A-Z]", text), f"{section}.{n}"
        assert f" {section}.{count + 1} " not in text
    assert "7.2 KCSP members are asked to provide feedback" in text
    assert "Attachments: Appendix 1: Draft Community Safety Agreement Action Plan" in text
    assert (
        "For Further Information: Shirley Brinson KCC Community Safety Team Leader shirley.brinson@kent.gov.uk"
        " Shafick Peerbux KCC Head of Community Safety shafick.peerbux@kent.gov.uk"
    ) in text
    assert "1.1." not in text  # a committee report numbers 1.1, not 1.1. as the agreement does


def test_the_word_document_uses_the_house_styles(report_output: Path) -> None:
    word = docx.Document(str(report_output / f"{REPORT}.docx"))
    styled = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    assert ("Title", "Kent Community Safety Agreement Update") in styled
    assert [t for s, t in styled if s == "Heading 1"] == SECTIONS
    numbered = [t.split("\t")[0] for s, t in styled if s == "Numbered Paragraph"]
    assert numbered == [f"{s}.{n}" for s, count in PARAGRAPHS.items() for n in range(1, count + 1)]
    header = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert header[0] == [
        "By:",
        "Shafick Peerbux - Head of Community Safety, KCC\nShirley Brinson - Community Safety Team Leader, KCC",
    ]
    assert header[1] == ["To:", "Kent Community Safety Partnership – 19th July 2017"]
    assert "shafick.peerbux@kent.gov.uk" in word.paragraphs[-2].text


# --- starting and checking a report --------------------------------------------------


def csa(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args], prog_name="csa")
    return result.exit_code, result.output


def plan_project(tmp_path: Path) -> Path:
    return copy_project(PLAN, tmp_path / "project")


def plan_id(project: Path) -> str:
    return next(d.name for d in (project / "content").iterdir() if "action-plan" in (d / "document.yaml").read_text())


def test_init_starts_a_report_on_a_plan_that_validates_builds_and_is_listed_under_it(tmp_path: Path) -> None:
    project = plan_project(tmp_path)
    plan = plan_id(project)
    args = ["--title", "Action Plan Update", "--partnership", "Riverside CSP", "--date", "July 2024"]
    assert csa(project, "init", "plan-update", "--type", "report", "--plan", plan, *args)[0] == 0
    meta = yaml.safe_load((project / "content/plan-update/document.yaml").read_text())
    assert (meta["type"], meta["plan"], meta["settings"]["numbering"]) == ("report", plan, {"sections": True})
    assert csa(project, "validate")[1].startswith("OK:")
    code, _ = csa(project, "build", "-d", "plan-update", "--format", "html")
    page = (project / "output/plan-update/1.0/plan-update-1.0.html").read_text(encoding="utf-8")
    assert code == 0 and "1.0 Background" in page_words(page) and "To: Riverside CSP" in page_words(page)
    from csa.build.pipeline import load_documents
    from csa.build.site import site_documents

    listed = site_documents(load_documents(Project(project)))
    assert [e.document.id for e in listed if e.document.id == "plan-update"] == []
    (under,) = [e for e in listed if e.document.id == plan]
    assert [r.document.id for r in under.readers] == ["plan-update"]


def test_init_refuses_a_plan_that_is_not_there(tmp_path: Path) -> None:
    project = plan_project(tmp_path)
    code, output = csa(project, "init", "x", "--type", "report", "--plan", "nope", "--title", "T", "--partnership", "P")
    assert code == 2 and "no document 'nope' under content" in output
    assert not (project / "content/x").exists()


def _report(project: Path, version_yaml: str, plan: str | None = None) -> None:
    folder = project / "content/rep"
    (folder / "versions/1.0").mkdir(parents=True)
    extra = f"plan: {plan}\n" if plan else ""
    (folder / "document.yaml").write_text(f"title: R\npartnership: P\ntype: report\n{extra}")
    (folder / "versions/1.0/version.yaml").write_text(version_yaml)
    (folder / "versions/1.0/01-a.yaml").write_text("kind: chapter\ntitle: A\nblocks:\n  - numbered: Text.\n")


HEAD = 'version: "1.0"\ndate: July 2024\neffective: 2024-07-01\nstatus: draft\n'


def test_header_mistakes_are_named_by_file_line_and_column(tmp_path: Path) -> None:
    project = plan_project(tmp_path)
    _report(
        project,
        HEAD + "header:\n  subject: S\n  to: {body: P, meeting: 19 July}\n"
        "  contacts:\n    - name: A\n      email: not-an-email\n      rank: x\n",
    )
    code, output = csa(project, "validate")
    assert code == 1
    version = "content/rep/versions/1.0/version.yaml"
    assert f"{version}:7:26:" in output  # the meeting's date
    assert f"{version}:10:14:" in output  # the email
    assert f"{version}:11:7: unknown key 'rank'" in output


def test_a_report_needs_its_header_and_only_a_report_has_one(tmp_path: Path) -> None:
    project = plan_project(tmp_path)
    _report(project, HEAD)
    code, output = csa(project, "validate")
    assert code == 1 and "a report's version needs its committee-report header" in output
    agreement = next(d for d in (project / "content").iterdir() if d.name != plan_id(project) and d.name != "rep")
    version = sorted((agreement / "versions").iterdir())[0] / "version.yaml"
    version.write_text(version.read_text() + "header:\n  subject: S\n  to: {body: P}\n")
    code, output = csa(project, "validate")
    assert "only a report's version has a committee-report header" in output


def test_a_report_naming_a_missing_plan_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = plan_project(tmp_path)
    _report(project, HEAD + "header:\n  subject: S\n  to: {body: P}\n", plan="no-such-plan")
    code, output = csa(project, "validate")
    assert code == 1
    assert "content/rep/document.yaml:4:7: plan 'no-such-plan' names no document under content/" in output


# --- live blocks: what a report reads from a plan version ------------------------------


LIVE = (
    "kind: chapter\ntitle: Progress\nblocks:\n"
    '  - agreement_priorities: {{plan: {plan}, version: "{version}"}}\n'
    '  - plan_progress: {{plan: {plan}, version: "{version}"}}\n'
    '  - focus_indicators: {{plan: {plan}, version: "{version}"}}\n'
    '  - plan_link: {{plan: {plan}, version: "{version}"}}\n'
)


def _live_report(project: Path, plan: str, version: str) -> None:
    _report(project, HEAD + "header:\n  subject: S\n  to: {body: P}\n", plan=plan)
    chapter = project / "content/rep/versions/1.0/01-a.yaml"
    chapter.write_text(LIVE.format(plan=plan, version=version))


def test_live_blocks_read_the_named_plan_version(tmp_path: Path) -> None:
    from .helpers import add_second_plan_version

    project = plan_project(tmp_path)
    add_second_plan_version(project)
    plan = plan_id(project)
    _live_report(project, plan, "2024-25")
    code, output = csa(project, "build", "-d", "rep", "--format", "html")
    assert code == 0, output
    words = page_words((project / "output/rep/1.0/rep-1.0.html").read_text(encoding="utf-8"))
    # the changes since 2023-24, counted and listed, as helpers.add_second_plan_version makes them
    assert "Since the 2023-24 plan" in words and "1 action has been completed" in words
    assert "Actions added: Domestic Abuse - Refresh the outreach service's website." in words
    # a focus indicator with its older and newer figures and which way it moved
    assert re.search(r"a [\d.]+% decrease from 39,355 in .* to 30,118 in", words)
    assert "Priorities" in words and "Cross Cutting Themes" in words
    assert f"{plan}-2024-25.pdf" in words


def test_a_live_block_naming_a_missing_plan_version_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = plan_project(tmp_path)
    plan = plan_id(project)
    _live_report(project, plan, "2031-32")
    code, output = csa(project, "validate")
    chapter = "content/rep/versions/1.0/01-a.yaml"
    assert code == 1
    assert f"{chapter}:4:27: plan '{plan}' has no version '2031-32'" in output
    _live_report_again = project / chapter
    _live_report_again.write_text(LIVE.format(plan="no-plan", version="2023-24"))
    code, output = csa(project, "validate")
    assert f"{chapter}:4:27: plan 'no-plan' names no action plan under content/" in output


def test_the_2018_19_report_reads_its_live_parts_from_the_plan() -> None:
    from csa.build.pipeline import load_documents

    documents = {d.id: d for d in load_documents(Project(ROOT))}
    report = documents["kent-csa-action-plan-update"].latest
    texts = [p.text for c in report.chapters for b in c.blocks for p in getattr(b, "paragraphs", ())]
    assert any("a 22% decrease from 60 in 2017 to 47 in 2018" in t for t in texts)
    assert any("version 2.0 (April 2018)" in t for t in texts)
    assert report.header is not None and report.header.by == () and report.header.to.meeting is None


# --- inline figure references: [](#<indicator>.<field>) read from the plan the report is on -------------

FIGURES = (
    "kind: chapter\ntitle: Performance\nblocks:\n"
    "  - paragraph: Incidents fell to [](#vale-da-incidents.latest), [](#vale-da-incidents.change).\n"
    '  - focus_indicators: {{plan: {plan}, version: "{version}"}}\n'
)


def _figures_report(project: Path, chapter: str, version: str = "2024-25") -> Path:
    from .helpers import add_second_plan_version

    add_second_plan_version(project)
    plan = plan_id(project)
    _report(project, HEAD + "header:\n  subject: S\n  to: {body: P}\n", plan=plan)
    (project / "content/rep/versions/1.0/01-a.yaml").write_text(chapter.format(plan=plan, version=version))
    return project


def test_a_figure_reference_prints_the_plan_versions_figure_in_every_output(tmp_path: Path) -> None:
    project = _figures_report(plan_project(tmp_path), FIGURES)
    code, output = csa(project, "build", "-d", "rep")
    assert code == 0, output
    said = "Incidents fell to 30,118, 23.5% decrease."  # 2024-25's figure, which the live block reads
    out = project / "output/rep/1.0"
    assert said in page_words((out / "rep-1.0.html").read_text(encoding="utf-8"))
    assert said in PdfText(out / "rep-1.0.pdf").text
    assert said in [p.text for p in docx.Document(str(out / "rep-1.0.docx")).paragraphs]


def test_without_live_blocks_a_figure_reads_the_newest_version_of_the_reports_plan(tmp_path: Path) -> None:
    chapter = "kind: chapter\ntitle: A\nblocks:\n  - paragraph: Now [](#vale-da-incidents.latest).\n"
    project = _figures_report(plan_project(tmp_path), chapter)
    code, output = csa(project, "build", "-d", "rep", "--format", "html")
    assert code == 0, output
    assert "Now 30,118." in page_words((project / "output/rep/1.0/rep-1.0.html").read_text(encoding="utf-8"))


def test_a_figure_reference_to_an_indicator_the_plan_lacks_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = _figures_report(
        plan_project(tmp_path), FIGURES.replace("vale-da-incidents.latest", "vale-da-incident.latest")
    )
    code, output = csa(project, "validate")
    assert code == 1
    assert (
        f"content/rep/versions/1.0/01-a.yaml:4:37: [](#vale-da-incident.latest) names no indicator "
        f"'vale-da-incident' in plan '{plan_id(project)}' version '2024-25' (did you mean 'vale-da-incidents'?)"
    ) in " ".join(output.split())
    project = _figures_report(plan_project(tmp_path / "b"), FIGURES.replace("incidents.latest", "incidents.lastest"))
    code, output = csa(project, "validate")
    assert code == 1 and "indicator 'vale-da-incidents' has no field 'lastest' (did you mean 'latest'?)" in output


def test_a_figure_reference_in_a_report_on_no_plan_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = plan_project(tmp_path)
    _report(project, HEAD + "header:\n  subject: S\n  to: {body: P}\n")  # no plan: and no live block
    chapter = project / "content/rep/versions/1.0/01-a.yaml"
    chapter.write_text("kind: chapter\ntitle: A\nblocks:\n  - paragraph: Now [](#vale-da-incidents.latest).\n")
    code, output = csa(project, "validate")
    assert code == 1
    assert (
        "content/rep/versions/1.0/01-a.yaml:4:23: [](#vale-da-incidents.latest) reads an indicator of the plan "
        "this report is on, but it names none here"
    ) in output


# --- plan_link: the plan attached as links to its outputs beside the report's on the site -------------

UPDATE = "kent-csa-action-plan-update/2019-03/kent-csa-action-plan-update-2019-03"
PLAN_FILES = [f"../../kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19.{f}" for f in ("html", "pdf", "docx")]


def test_the_attached_plan_links_to_the_plan_versions_page_in_html(kent_output: Path) -> None:
    import lxml.html

    page = kent_output / f"{UPDATE}.html"
    links = lxml.html.fromstring(page.read_bytes()).xpath("//div[contains(@class, 'live-plan_link')]//a")
    assert [(a.get("href"), " ".join(a.text_content().split())) for a in links] == [
        (PLAN_FILES[0], "Kent Community Safety Agreement Action Plan 2018-19 (March 2019)"),
        (PLAN_FILES[1], "kent-csa-action-plan-2018-19.pdf"),
        (PLAN_FILES[2], "kent-csa-action-plan-2018-19.docx"),
    ]
    assert all((page.parent / href).is_file() for href in PLAN_FILES)  # as the site lays the outputs out


def test_the_attached_plan_is_a_link_annotation_in_the_pdf(kent_output: Path) -> None:
    import pikepdf

    with pikepdf.open(kent_output / f"{UPDATE}.pdf") as pdf:
        uris = [str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a and "/URI" in a.A]
    # a link wrapped over two lines is one annotation a line, with the same URI: counted once
    links = [uri for i, uri in enumerate(uris) if i == 0 or uris[i - 1] != uri]
    assert links == PLAN_FILES  # relative, as in the HTML: no path of the machine that built it


def test_the_attached_plan_is_a_hyperlink_in_word(kent_output: Path) -> None:
    word = docx.Document(str(kent_output / f"{UPDATE}.docx"))
    paragraph = next(p for p in word.paragraphs if "kent-csa-action-plan-2018-19.pdf" in p.text)
    assert [(h.address, h.text) for h in paragraph.hyperlinks] == [
        (PLAN_FILES[0], "Kent Community Safety Agreement Action Plan 2018-19 (March 2019)"),
        (PLAN_FILES[1], "kent-csa-action-plan-2018-19.pdf"),
        (PLAN_FILES[2], "kent-csa-action-plan-2018-19.docx"),
    ]


# --- a live block's paragraphs are numbered as the report's other paragraphs are ----------------------

PRIORITIES_OPENING = "1.1 The Kent Community Safety Agreement (CSA), version 2.0 (April 2018), sets out"


def test_a_live_blocks_opening_paragraph_is_numbered_in_every_output(kent_output: Path) -> None:
    html = page_words((kent_output / f"{UPDATE}.html").read_text(encoding="utf-8"))
    pdf = PdfText(kent_output / f"{UPDATE}.pdf").text
    word = [p.text for p in docx.Document(str(kent_output / f"{UPDATE}.docx")).paragraphs]
    assert PRIORITIES_OPENING in html
    assert PRIORITIES_OPENING in pdf
    assert any(p.startswith("1.1\tThe Kent Community Safety Agreement (CSA), version 2.0") for p in word)
    # each focus indicator is a paragraph of section 3 in turn; a list's title ("Priorities") is not numbered
    for text in (html, pdf, "\n".join(word)):
        assert re.search(r"3\.1\s+Of the indicators.*3\.2\s+Domestic Abuse - .*3\.3\s+Road Safety - ", text, re.S)
        assert not re.search(r"1\.2\s+Priorities", text)


NUMBERED_AROUND_LIVE = (
    "kind: chapter\ntitle: Background\nblocks:\n"
    "  - numbered: Before the plan.\n"
    '  - plan_link: {{plan: {plan}, version: "{version}"}}\n'
    "    id: attached\n"
    "  - numbered: After the plan; the plan is attached at [](#attached).\n"
)


def test_a_numbered_paragraph_after_a_live_block_takes_the_number_after_it(tmp_path: Path) -> None:
    project = plan_project(tmp_path)
    plan = plan_id(project)
    _report(project, HEAD + "header:\n  subject: S\n  to: {body: P}\n", plan=plan)
    document = project / "content/rep/document.yaml"
    document.write_text(document.read_text() + "settings:\n  numbering: {sections: true}\n")
    version = next(v.name for v in (project / f"content/{plan}/versions").iterdir())
    (project / "content/rep/versions/1.0/01-a.yaml").write_text(NUMBERED_AROUND_LIVE.format(plan=plan, version=version))
    code, output = csa(project, "build", "-d", "rep")
    assert code == 0, output
    out = project / "output/rep/1.0"
    html = page_words((out / "rep-1.0.html").read_text(encoding="utf-8"))
    pdf = PdfText(out / "rep-1.0.pdf").text
    word = "\n".join(p.text for p in docx.Document(str(out / "rep-1.0.docx")).paragraphs)
    for text in (html, pdf, word):
        assert re.search(r"1\.1\s+Before the plan\.", text), text
        assert re.search(rf"1\.2\s+[^\n]*{plan}-{version}\.pdf", text), text
        # the paragraph after it is 1.3, and a reference to the live block prints its number
        assert re.search(r"1\.3\s+After the plan; the plan is attached at paragraph 1\.2\s?\.", text), text
