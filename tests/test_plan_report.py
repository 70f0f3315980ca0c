"""Comparing action-plan versions by action id, and the report to the partnership on them (issues 17, 24).

The plan fixture (tests/fixtures/plan) gets a second version, 2024-25, in which one action is
completed, one added, one removed and one re-worded, and one indicator's latest figure changes
(helpers.add_second_plan_version). The change log, the JSON diff, the redline and the report
document's live blocks (one report per plan year) must name exactly those; the first year's
report has no changes to list.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner

from csa.blocks.live_parts import change_words
from csa.build.pipeline import build
from csa.cli import cli
from csa.model import Indicator, Reading
from csa.project import Project

from .conftest import PdfText
from .helpers import PLAN_1, PLAN_UPDATE, replace_once

DOC = "vale-csa-action-plan"
FIRST, SECOND = "2023-24", "2024-25"


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


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


def test_the_word_redline_tracks_a_status_change_in_its_cell_alone(plan_two_versions: Path) -> None:
    """Road Safety: the crossings action goes from at risk to complete, nothing else in its table changes."""
    import docx

    redline = plan_two_versions / f"output/{DOC}/{SECOND}/{DOC}-{SECOND}-changes-since-{FIRST}.docx"
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def text(element: Any, tag: str = "t") -> str:
        return "".join(t.text or "" for t in element.iter(f"{w}{tag}"))

    crossings = "Review the crossings on the A1 through Millbrook."
    tables = [t for t in docx.Document(str(redline)).element.body.iter(f"{w}tbl") if crossings in text(t)]
    assert len(tables) == 1  # not an older copy deleted and the newer inserted
    rows = [row.findall(f"{w}tc") for row in tables[0].findall(f"{w}tr")]
    status = [text(cell) for cell in rows[0]].index("Status")
    (cells,) = [cells for cells in rows if crossings in text(cells[0])]
    marked = [*tables[0].iter(f"{w}ins"), *tables[0].iter(f"{w}del")]
    assert {next(a for a in m.iterancestors() if a.tag == f"{w}tc") for m in marked} == {cells[status]}
    assert [text(m) for m in cells[status].iter(f"{w}ins")] == ["Complete"]
    assert [text(m, "delText").strip() for m in cells[status].iter(f"{w}del")] == ["At risk"]


# -- the report to the partnership: a report document whose live blocks read the plan ----------

UPDATE = PLAN_UPDATE


def report_page(project: Path, number: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((project / f"output/{UPDATE}/{number}/{UPDATE}-{number}.html").read_bytes())


def headings(page: lxml.html.HtmlElement) -> list[str]:
    return [words(h) for h in page.xpath("//h2")]


def live(page: lxml.html.HtmlElement, kind: str) -> list[str]:
    """What a live block prints: each paragraph (with its number: "2.1 ..."), followed by its list items ("- item")."""
    found = []
    for element in page.xpath(
        f"//div[contains(@class, 'live-{kind}')]//p | //div[contains(@class, 'live-{kind}')]//li"
    ):
        found.append(("- " if element.tag == "li" else "") + words(element))
    return found


def header_rows(page: lxml.html.HtmlElement) -> dict[str, str]:
    rows = page.xpath("//table[@class='report-header']//tr")
    return {words(row.xpath("th")[0]).rstrip(":"): words(row.xpath("td")[0]) for row in rows}


def sections(*titles: str) -> list[str]:
    """The report's headings: the numbered chapters (1.0, 2.0 ...), then the closing sections."""
    return [f"{n}.0 {t}" for n, t in enumerate(titles, 1)]


def test_a_report_on_the_first_plan_year_says_there_are_no_changes_to_list(plan_reports: Path) -> None:
    page = report_page(plan_reports, "2024-04")
    assert live(page, "plan_progress") == [
        "2.1 The Vale Community Safety Agreement Action Plan 2023-24 has no previous version to compare with."
    ]
    assert "Since the" not in words(page) and "Actions completed" not in words(page)


def test_the_report_opens_with_by_to_classification_subject_and_summary(plan_reports: Path) -> None:
    assert header_rows(report_page(plan_reports, "2024-04")) == {
        "By": "Pat Example - Head of Community Safety, Vale County Council",
        "To": "Vale Community Safety Partnership – 10th April 2024",
        "Classification": "For Information",
        "Subject": "Vale Community Safety Agreement Action Plan 2023-24",
        "Summary": "The action plan for 2023/24, with progress as at March 2024.",
    }


def test_a_header_prints_only_the_rows_given(plan_reports: Path) -> None:
    assert header_rows(report_page(plan_reports, "2025-04")) == {
        "To": "Vale Community Safety Partnership",
        "Subject": f"{DOC} {SECOND}",
    }


def test_background_names_the_agreement_version_its_priorities_and_themes(plan_reports: Path) -> None:
    assert live(report_page(plan_reports, "2024-04"), "agreement_priorities") == [
        "1.1 The Vale Community Safety Agreement (CSA), version 1.0 (April 2023), sets out the community safety "
        "priorities and the cross-cutting themes that support them:",
        "Priorities",
        "- Domestic Abuse",
        "- Road Safety",
        "- Anti-social Behaviour",
        "Cross Cutting Themes",
        "- Early intervention",
    ]


def test_performance_lists_the_focus_indicators_with_their_computed_change(plan_reports: Path) -> None:
    opening = (
        "3.1 Of the indicators the action plan monitors, the partnership is asked to note the following focus areas:"
    )
    assert live(report_page(plan_reports, "2024-04"), "focus_indicators") == [
        opening,
        "3.2 Domestic Abuse - Domestic abuse incidents reported to Vale Police: a 20.7% decrease from 39,355 "
        "in 2022 (Jan-Dec) to 31,204 in 2023 (Jan-Dec).",
    ]
    assert live(report_page(plan_reports, "2025-04"), "focus_indicators") == [
        opening,
        "3.2 Domestic Abuse - Domestic abuse incidents reported to Vale Police: a 23.5% decrease from 39,355 "
        "in 2022 (Jan-Dec) to 30,118 in 2023 (Jan-Dec).",
    ]


def test_recommendations_are_the_last_numbered_section(plan_reports: Path) -> None:
    page = report_page(plan_reports, "2024-04")
    assert headings(page) == [
        *sections("Background", "Changes to the Action Plan", "Performance Monitoring", "The Action Plan"),
        "5.0 Recommendations",
        "Attachments:",
        "For Further Information:",
    ]
    assert [words(p) for p in page.xpath("//section[@id='recommendations']/p")] == [
        "5.1 Note the progress made against the action plan.",
        "5.2 Members are asked to give feedback on the action plan at the meeting or by email to Pat Example "
        "(safer@vale.example.org) by 1 May 2024.",
    ]


def test_the_second_years_report_lists_exactly_its_changes(plan_reports: Path) -> None:
    assert live(report_page(plan_reports, "2025-04"), "plan_progress") == [
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


def test_a_draft_report_says_so_in_its_title(plan_reports: Path) -> None:
    titles = {n: words(report_page(plan_reports, n).xpath("//h1")[0]) for n in ("2024-04", "2025-04")}
    assert titles == {
        "2024-04": "Vale Community Safety Agreement Action Plan 2023-24",
        "2025-04": f"{DOC} {SECOND} (draft)",
    }


def test_an_unvalidated_focus_indicator_says_so(plan_reports: Path, tmp_path: Path) -> None:
    from .helpers import copy_of

    project = copy_of(plan_reports, tmp_path / "project")
    replace_once(project / PLAN_1 / "02-domestic-abuse.yaml", 'source: "4"', 'source: "4"\n        focus: true')
    build(Project(project), project / "output", formats=["html"], document=UPDATE)
    assert live(report_page(project, "2024-04"), "focus_indicators")[2] == (
        "3.3 Domestic Abuse - Referrals to the Vale outreach service: a 25.9% increase from 62,978 in 2022/23 "
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


def test_the_report_pdf_prints_the_sections_in_order(plan_reports: Path) -> None:
    pdf = plan_reports / f"output/{UPDATE}/2025-04/{UPDATE}-2025-04.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = [
        text.index(h)
        for h in (
            "1.0 Background",
            "2.0 Changes to the Action Plan",
            "3.0 Performance Monitoring",
            "4.0 The Action Plan",
        )
    ]
    assert found == sorted(found)
    assert "Review the crossings on the A1 through Millbrook." in text
    assert "updated from 31,204 to 30,118" in text


def test_no_report_page_is_generated_beside_the_plan(plan_two_versions: Path) -> None:
    """The report document replaces the page once generated from each plan version."""
    built = {p.name for p in (plan_two_versions / "output").rglob("*") if p.is_file()}
    assert not [name for name in built if name.endswith(("-report.html", "-report.pdf"))]
    assert f"{DOC}-{SECOND}.html" in built


def test_a_sections_opening_paragraph_is_not_left_alone_at_a_page_foot(kent_output: Path) -> None:
    """Kent 2018-19: "... the following focus areas:" once ended page 1 with its areas on page 2."""
    update = "kent-csa-action-plan-update/2019-03/kent-csa-action-plan-update-2019-03.pdf"
    pages = PdfText(kent_output / update).pages
    opening = next(i for i, page in enumerate(pages) if "the following focus areas:" in page)
    assert "Domestic Abuse - Domestic abuse incidents" in pages[opening]
    assert "3.0 Performance Monitoring" in pages[opening]
