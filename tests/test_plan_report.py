"""Comparing action-plan versions by action id, and the report to the partnership (issue 17).

The plan fixture (tests/fixtures/plan) gets a second version, 2024-25, in which one action is
completed, one added, one removed and one re-worded, and one indicator's latest figure changes
(helpers.add_second_plan_version). The change log, the JSON diff, the redline and the report
must name exactly those; the first version's report has no changes section at all.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from csa.build.pipeline import build
from csa.cli import cli
from csa.content.report import change_words
from csa.model import Indicator, Reading
from csa.project import Project

from .conftest import PLAN, PdfText, copy_project
from .helpers import PLAN_1, replace_once

DOC = "vale-csa-action-plan"
FIRST, SECOND = "2023-24", "2024-25"


def report_page(project: Path, version: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((project / f"output/{DOC}/{version}/{DOC}-{version}-report.html").read_bytes())


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def headings(page: lxml.html.HtmlElement) -> list[str]:
    return [words(h) for h in page.xpath("//main//h2")]


def paragraphs(page: lxml.html.HtmlElement, section: str) -> list[str]:
    """Each numbered paragraph of a section, followed by its list items ("- item")."""
    found = []
    for element in page.xpath(f"//section[@id='{section}']//p[@class='numbered'] | //section[@id='{section}']//li"):
        found.append(("- " if element.tag == "li" else "") + words(element))
    return found


def details(page: lxml.html.HtmlElement) -> dict[str, str]:
    terms = page.xpath("//dl[@class='report-details']/dt")
    return {words(dt).rstrip(":"): words(dt.getnext()) for dt in terms}


def cli_output(project: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--root", str(project), *args])
    assert result.exit_code == 0, result.output
    return result.output


# -- the change log, the JSON diff and the redline -----------------------------------


def test_the_change_log_row_names_each_action_and_indicator_that_changed(plan_two_versions: Path) -> None:
    out = cli_output(plan_two_versions, "changelog", SECOND, "-d", DOC)
    assert out.splitlines()[1:] == [
        "  - Refreshed Vale Community Safety Agreement Action Plan",
        "  - Domestic Abuse - action 'Refresh the outreach service's website' added; "
        "action 'Raise awareness of the outreach service among GPs, schools…' re-worded; "
        "indicator 'Domestic abuse incidents reported to Vale Police' updated from 31,204 to 30,118",
        "  - Road Safety - action 'Review the crossings on the A1 through Millbrook' completed",
        "  - Anti-social Behaviour - action 'Offer mediation to neighbours in dispute' removed",
    ]


def test_the_json_diff_lists_the_plan_changes_by_id(plan_two_versions: Path) -> None:
    plan = json.loads(cli_output(plan_two_versions, "diff", FIRST, SECOND, "-d", DOC, "--format", "json"))["plan"]
    assert {a["id"]: a["status"] for a in plan["actions"]} == {
        "vale-da-awareness": "re-worded",
        "vale-da-website": "added",
        "vale-rs-crossings": "completed",
        "vale-asb-mediation": "removed",
    }
    assert plan["actions_kept"] == 5  # 7 before: one removed, one completed
    [figures] = plan["indicators"]
    assert (figures["id"], figures["status"]) == ("vale-da-incidents", "updated")
    assert (figures["old"], figures["new"]) == (
        "39,355 (2022 (Jan-Dec)) to 31,204 (2023 (Jan-Dec))",
        "39,355 (2022 (Jan-Dec)) to 30,118 (2023 (Jan-Dec))",
    )


def test_the_redline_flags_each_changed_action_and_marks_its_words(plan_two_versions: Path) -> None:
    html = plan_two_versions / f"output/{DOC}/{SECOND}/{DOC}-{SECOND}-changes-since-{FIRST}.html"
    page = lxml.html.fromstring(html.read_bytes())
    marked = [[words(li) for li in ul.xpath("li")] for ul in page.xpath("//ul[contains(@class, 'rl-plan-changes')]")]
    assert marked == [
        [
            "Updated Domestic abuse incidents reported to Vale Police: 39,355 (2022 (Jan-Dec)) to "
            "[deleted: 31,204 ][inserted: 30,118 ](2023 (Jan-Dec))"
        ],
        [
            "Re-worded Raise awareness of the outreach service among [deleted: GPs ][inserted: GPs, schools ]and "
            "[deleted: schools.] [inserted: pharmacies.]",
            "Added [inserted: Refresh the outreach service's website.]",
        ],
        ["Completed Review the crossings on the A1 through Millbrook."],
        ["Removed [deleted: Offer mediation to neighbours in dispute.]"],
    ]


# -- the report to the partnership ---------------------------------------------------


def sections(*titles: str) -> list[str]:
    """The report's headings: the summary, the numbered sections (1.0, 2.0 ...), the attachments and contact."""
    return ["Summary", *(f"{n}.0 {t}" for n, t in enumerate(titles, 1)), "Attachments", "For Further Information"]


def test_with_one_plan_version_the_report_has_no_changes_section(plan_two_versions: Path) -> None:
    page = report_page(plan_two_versions, FIRST)
    assert headings(page) == sections("Background", "Performance Monitoring", "Recommendations")
    assert not page.xpath("//*[@id='changes']")
    assert "Changes" not in words(page)


def test_the_report_opens_with_by_to_classification_stage_and_subject(plan_two_versions: Path) -> None:
    page = report_page(plan_two_versions, FIRST)
    assert details(page) == {
        "By": "Pat Example - Head of Community Safety, Vale County Council",
        "To": "Vale Community Safety Partnership – 10 April 2024",
        "Classification": "For Information",
        "Stage": "For information: presented to the partnership's meeting.",
        "Subject": "Vale Community Safety Agreement Action Plan 2023-24",
    }
    assert words(page.xpath("//section[@id='summary']/p")[0]) == (
        "The action plan for 2023/24, with progress as at March 2024."
    )


def test_background_names_the_agreement_version_its_priorities_and_themes(plan_two_versions: Path) -> None:
    assert paragraphs(report_page(plan_two_versions, FIRST), "background") == [
        "1.1 The Vale Community Safety Agreement (CSA), version 1.0 (April 2023), sets out the community safety "
        "priorities and the cross-cutting themes that support them:",
        "- Domestic Abuse",
        "- Road Safety",
        "- Anti-social Behaviour",
        "- Early intervention",
        "1.2 The Vale Community Safety Agreement Action Plan 2023-24 sets out the actions partners are taking to "
        "deliver these priorities: 7 actions in 3 priority sections, with their progress as at 20 March 2024.",
    ]
    titles = report_page(plan_two_versions, FIRST).xpath("//p[@class='report-list-title']")
    assert [words(t) for t in titles] == ["Priorities", "Cross Cutting Themes"]


def test_performance_lists_the_focus_indicators_with_their_computed_change(plan_two_versions: Path) -> None:
    assert paragraphs(report_page(plan_two_versions, FIRST), "performance")[1:] == [
        "2.2 Domestic Abuse - Domestic abuse incidents reported to Vale Police: a 20.7% decrease from 39,355 "
        "in 2022 (Jan-Dec) to 31,204 in 2023 (Jan-Dec).",
    ]
    assert paragraphs(report_page(plan_two_versions, SECOND), "performance")[1:] == [
        "3.2 Domestic Abuse - Domestic abuse incidents reported to Vale Police: a 23.5% decrease from 39,355 "
        "in 2022 (Jan-Dec) to 30,118 in 2023 (Jan-Dec).",
    ]


def test_recommendations_are_numbered_and_end_with_the_feedback_deadline(plan_two_versions: Path) -> None:
    assert paragraphs(report_page(plan_two_versions, FIRST), "recommendations") == [
        "3.1 Note the progress made against the action plan.",
        "3.2 Members are asked to give feedback on the action plan at the meeting or by email to Pat Example "
        "(safer@vale.example.org) by 1 May 2024.",
    ]


def test_the_second_versions_report_lists_exactly_its_changes(plan_two_versions: Path) -> None:
    page = report_page(plan_two_versions, SECOND)
    assert headings(page) == sections(
        "Background", "Changes to the Action Plan", "Performance Monitoring", "Recommendations"
    )
    assert paragraphs(page, "changes") == [
        "2.1 Since the 2023-24 plan (March 2024), 1 action has been completed, 1 action has been added, "
        "1 action has been removed and 1 action has been re-worded; 5 actions continue from it.",
        "2.2 Actions completed:",
        "- Road Safety - Review the crossings on the A1 through Millbrook.",
        "2.3 Actions added:",
        "- Domestic Abuse - Refresh the outreach service's website.",
        "2.4 Actions removed:",
        "- Anti-social Behaviour - Offer mediation to neighbours in dispute.",
        "2.5 Actions re-worded (as now worded):",
        "- Domestic Abuse - Raise awareness of the outreach service among GPs, schools and pharmacies.",
        "2.6 Indicators changed:",
        "- Domestic abuse incidents reported to Vale Police (updated from 31,204 to 30,118)",
    ]


def test_a_draft_is_classified_draft_and_its_summary_is_generated(plan_two_versions: Path) -> None:
    page = report_page(plan_two_versions, SECOND)
    assert (details(page)["Classification"], details(page)["Stage"]) == (
        "Draft",
        "Draft: not yet presented to the partnership.",
    )
    assert words(page.xpath("//section[@id='summary']/p")[0]) == (
        "This report presents the Vale Community Safety Agreement Action Plan 2024-25, with progress as at "
        "20 March 2024 and the changes since the 2023-24 plan, and the performance indicators the plan monitors "
        "as focus areas."
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(PLAN, tmp_path / "project")


def test_without_report_details_the_generated_sections_are_still_written(project: Path) -> None:
    meta = project / PLAN_1 / "version.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text[: text.index("report:")], encoding="utf-8")  # no report: at all
    replace_once(meta, "stage: for information\n", "stage: noted\n")
    build(Project(project), project / "output", formats=["html"])
    page = report_page(project, FIRST)
    assert details(page) == {
        "Classification": "Noted",
        "Stage": "Noted by the partnership.",
        "Subject": "Vale Community Safety Agreement Action Plan 2023-24",
    }
    assert headings(page) == ["Summary", "1.0 Background", "2.0 Performance Monitoring", "Attachments"]


def test_a_classification_given_replaces_the_stages_words(project: Path) -> None:
    replace_once(project / PLAN_1 / "version.yaml", "  to: Vale", "  classification: Unrestricted\n  to: Vale")
    build(Project(project), project / "output", formats=["html"])
    assert details(report_page(project, FIRST))["Classification"] == "Unrestricted"


def test_an_unvalidated_focus_indicator_says_so(project: Path) -> None:
    replace_once(project / PLAN_1 / "02-domestic-abuse.yaml", 'source: "4"', 'source: "4"\n        focus: true')
    build(Project(project), project / "output", formats=["html"])
    assert paragraphs(report_page(project, FIRST), "performance")[2] == (
        "2.3 Domestic Abuse - Referrals to the Vale outreach service: a 25.9% increase from 62,978 in 2022/23 "
        "to 79,315 in 2023/24 (unvalidated data)."
    )


@pytest.mark.parametrize(
    ("baseline", "latest", "spoken"),
    [
        (100, 108, "an 8% increase"),
        (100, 89, "an 11% decrease"),
        (1000, 1185, "an 18.5% increase"),
        (100, 120, "a 20% increase"),
        (100, 100, "no change"),
        (0, 12, "an increase of 12"),
    ],
)
def test_the_change_takes_the_article_it_is_spoken_with(baseline: int, latest: int, spoken: str) -> None:
    decimals = 1 if baseline == 1000 else 0
    indicator = Indicator("x", "X", Reading(baseline, "2017"), Reading(latest, "2018"), decimals=decimals)
    assert change_words(indicator).startswith(f"X: {spoken} from ")


def test_the_report_pdf_prints_the_sections_in_order(plan_two_versions: Path) -> None:
    pdf = plan_two_versions / f"output/{DOC}/{SECOND}/{DOC}-{SECOND}-report.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = [
        text.index(h)
        for h in (
            "Summary",
            "1.0 Background",
            "2.0 Changes to the Action Plan",
            "3.0 Performance Monitoring",
            "4.0 Recommendations",
            "Attachments",
        )
    ]
    assert found == sorted(found)
    assert "Review the crossings on the A1 through Millbrook." in text


def test_a_sections_opening_paragraph_is_not_left_alone_at_a_page_foot(kent_output: Path) -> None:
    """Kent 2018-19: "2.1 ... the following focus areas:" once ended page 1 with its areas on page 2."""
    pages = PdfText(kent_output / "kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19-report.pdf").pages
    opening = next(i for i, page in enumerate(pages) if "the following focus areas:" in page)
    assert "2.2 Domestic Abuse" in pages[opening]
    assert "2.0 Performance Monitoring" in pages[opening]
