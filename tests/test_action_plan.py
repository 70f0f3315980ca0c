"""The action plan (issue 17): a second document type delivering an agreement's priorities.

The fixture (tests/fixtures/plan) is an invented agreement, vale-csa 1.0, and its action plan
for 2023-24: an introduction, then one section per priority with indicators and actions.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from csa.build.pipeline import load_documents
from csa.cli import cli
from csa.content.agreements import months_before
from csa.diff.changelog import describe_chapter
from csa.diff.compare import compare_versions
from csa.model import ActionsBlock, Document, Indicator, Indicators, Reading, version_key
from csa.project import Project
from csa.publish.new_version import new_version

from .conftest import PLAN, ROOT, PdfText, copy_project
from .helpers import replace_once, with_next_plan_year

AGREEMENT = "content/vale-csa"
PLAN_DOC = "content/vale-csa-action-plan"
YEAR = f"{PLAN_DOC}/versions/2023-24"
DA, RS, ASB = f"{YEAR}/02-domestic-abuse.yaml", f"{YEAR}/03-road-safety.yaml", f"{YEAR}/04-anti-social-behaviour.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(PLAN, tmp_path / "project")


def validate(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["--root", str(root), "validate"])
    return result.exit_code, result.output.splitlines()


def plan_of(root: Path) -> Document:
    return next(d for d in load_documents(Project(root)) if d.type == "action-plan")


def indicator(baseline: float, latest: float, decimals: int = 0) -> Indicator:
    return Indicator("x", "X", Reading(baseline, "2017"), Reading(latest, "2018"), decimals=decimals)


# -- computed figures ---------------------------------------------------------------


def test_a_fall_is_worded_as_the_source_words_it() -> None:
    fall = indicator(39355, 31204, decimals=1)
    assert [fall.field(f) for f in ("baseline", "latest", "change", "difference", "fewer", "percent")] == [
        "39,355",
        "31,204",
        "20.7% decrease",
        "8,151",
        "fewer",
        "20.7%",
    ]
    assert [fall.field(f) for f in ("direction", "decreased", "down")] == ["decrease", "decreased", "down"]


def test_a_rise_is_worded_as_an_increase_to_the_decimals_asked_for() -> None:
    rise = indicator(62978, 79315, decimals=1)
    assert (rise.change, rise.field("fewer"), rise.field("down"), rise.field("difference")) == (
        "25.9% increase",
        "more",
        "up",
        "16,337",
    )
    assert indicator(62978, 79315).change == "26% increase"


def test_no_change_and_a_zero_baseline_are_worded_without_a_percentage() -> None:
    assert indicator(12, 12).change == "no change"
    assert indicator(0, 12).change == "an increase of 12"


def test_better_says_whether_a_change_is_an_improvement() -> None:
    lower = Indicator("x", "X", Reading(10, "a"), Reading(8, "b"), better="lower")
    assert lower.improved is True
    assert Indicator("x", "X", Reading(10, "a"), Reading(8, "b"), better="higher").improved is False
    assert Indicator("x", "X", Reading(10, "a"), Reading(8, "b")).improved is None


def test_plan_years_sort_in_order() -> None:
    assert sorted(["2019-20", "2018-19", "2020-21"], key=version_key) == ["2018-19", "2019-20", "2020-21"]


def test_six_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(dt.date(2019, 3, 20), 6) == dt.date(2018, 9, 20)
    assert months_before(dt.date(2019, 8, 31), 6) == dt.date(2019, 2, 28)


# -- the model read from the fixture --------------------------------------------------


def test_plan_document_delivers_its_agreement_version(project: Path) -> None:
    plan = plan_of(project)
    version = plan.versions[0]
    assert (plan.type, plan.agreement, version.number) == ("action-plan", "vale-csa", "2023-24")
    assert version.plan is not None
    assert (version.plan.delivers, version.plan.as_at, version.plan.stage) == (
        "1.0",
        dt.date(2024, 3, 20),
        "for information",
    )
    agreement = next(d for d in load_documents(Project(project)) if d.id == "vale-csa")
    assert (agreement.type, agreement.versions[0].plan) == ("agreement", None)


def test_a_plan_versions_old_report_details_validate_with_a_warning_saying_where_they_go(project: Path) -> None:
    """`report:` in a plan's version.yaml fed the page generated beside the plan, which report documents replace."""
    meta = project / "content/vale-csa-action-plan/versions/2023-24/version.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "report:\n  to: Vale Community Safety Partnership\n")
    result = CliRunner().invoke(cli, ["--root", str(project), "validate"])
    assert result.exit_code == 0, result.output
    assert (
        "content/vale-csa-action-plan/versions/2023-24/version.yaml:9:3: a plan version's report: is no longer "
        "printed: a report to the partnership is a report document (start one with csa init NAME --type report"
    ) in " ".join(result.output.split())


def test_priority_sections_are_unnumbered_and_name_their_priority(project: Path) -> None:
    chapters = plan_of(project).versions[0].chapters
    assert [(c.heading, c.priority.id if c.priority else None) for c in chapters] == [
        ("1. Introduction", None),
        ("Priority: Domestic Abuse", "domestic-abuse"),
        ("Priority: Road Safety", "road-safety"),
        ("Priority: Anti-social Behaviour", "anti-social-behaviour"),
    ]


def test_actions_without_a_lead_get_their_prioritys_lead_from_the_agreement(project: Path) -> None:
    road = plan_of(project).versions[0].chapters[2]
    actions = next(b for b in road.blocks if isinstance(b, ActionsBlock))
    assert [actions.lead_of(a) for a in actions.actions] == [
        "Vale Police Roads Policing Unit",
        "Road Safety Manager, Vale County Council",
        "Road Safety Manager, Vale County Council",
    ]
    assert [a.lead for a in actions.actions] == ["Vale Police Roads Policing Unit", None, None]


def test_progress_keeps_every_update_and_prints_the_latest(project: Path) -> None:
    road = plan_of(project).versions[0].chapters[2]
    speed = next(b for b in road.blocks if isinstance(b, ActionsBlock)).actions[0]
    assert [p.date for p in speed.progress] == [dt.date(2023, 10, 1), dt.date(2024, 3, 1)]
    assert speed.latest is not None and speed.latest.text == "Checks were held at six more schools."


# -- rendering ------------------------------------------------------------------------


@pytest.fixture
def built(plan_output: Path) -> Path:
    """The fixture project built: both documents, HTML, PDF and .docx."""
    return plan_output


def page(built: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((built / "vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.html").read_bytes())


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_build_writes_both_documents(built: Path) -> None:
    names = sorted(p.relative_to(built).as_posix() for p in built.glob("*/*/*.*"))
    assert names == [
        "vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.docx",
        "vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.html",
        "vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.pdf",
        "vale-csa/1.0/vale-csa-1.0.docx",
        "vale-csa/1.0/vale-csa-1.0.html",
        "vale-csa/1.0/vale-csa-1.0.pdf",
    ]


def test_inline_fields_print_the_computed_figures(built: Path) -> None:
    paragraph = page(built).xpath("//section[@id='domestic-abuse']//p")[0]
    assert words(paragraph) == (
        "In 2023 (Jan-Dec) there were 31,204 domestic abuse incidents reported to the police, "
        "8,151 fewer than in 2022 (Jan-Dec), a 20.7% decrease.3"
    )
    assert not paragraph.xpath(".//a[starts-with(@href, '#vale-da')]")  # words in the sentence, not links


def table_rows(table: lxml.html.HtmlElement) -> list[list[str]]:
    """Each cell's words; its paragraphs (and a footnote marker) apart."""
    return [[" ".join(" ".join(c.itertext()).split()) for c in row.xpath("th|td")] for row in table.xpath(".//tr")]


def test_actions_print_only_the_columns_the_plan_gives(built: Path) -> None:
    html = page(built)
    domestic, road, asb = html.xpath("//table[@class='actions']")
    assert table_rows(domestic)[0] == ["Action", "Progress"]
    assert table_rows(road) == [
        ["Action", "Lead", "Due", "Status", "Measure", "Progress"],
        [
            "Run speed awareness checks with residents near schools.",
            "Vale Police Roads Policing Unit",
            "Ongoing",
            "On track",
            "Checks held each term",
            "1 March 2024 Checks were held at six more schools. Earlier updates (1) 1 October 2023 "
            "Checks were held at four schools.",
        ],
        [
            "Review the crossings on the A1 through Millbrook.",
            "Road Safety Manager, Vale County Council",
            "30 June 2024",
            "At risk",
            "",
            "15 February 2024 The review is waiting for traffic counts.",
        ],
        [
            "Run a winter driving campaign.",
            "Road Safety Manager, Vale County Council",
            "31 December 2023",
            "Complete",
            "",
            "10 January 2024 The campaign reached 40,000 people.",
        ],
    ]
    assert table_rows(asb)[0] == ["Action", "Lead", "Due", "Status", "Progress"]
    assert [r[3] for r in table_rows(asb)[1:]] == ["Not started", "Off track"]


def test_action_rows_are_anchored_by_their_ids_and_headed_by_the_action(built: Path) -> None:
    rows = page(built).xpath("//table[@class='actions']/tbody/tr")
    assert [r.get("id") for r in rows][:3] == ["vale-da-reviews", "vale-da-awareness", "vale-rs-speed"]
    assert all(r[0].tag == "th" and r[0].get("scope") == "row" for r in rows)


def test_status_is_words_with_a_colour_class_as_second_cue(built: Path) -> None:
    statuses = page(built).xpath("//span[contains(@class, 'status ')]")
    assert [(s.get("class"), s.text) for s in statuses] == [
        ("status status-on-track", "On track"),
        ("status status-at-risk", "At risk"),
        ("status status-complete", "Complete"),
        ("status status-not-started", "Not started"),
        ("status status-off-track", "Off track"),
    ]


def test_status_colours_stand_out_from_the_page() -> None:
    """The coloured square is a non-text cue: at least 3:1 against white (WCAG 1.4.11); the words are black."""
    from .test_contrast import WHITE, contrast

    css = (ROOT / "templates" / "csa.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"\.status-([a-z-]+) \{ --status-colour: (#[0-9a-f]{6}|var\(--purple\))", css))
    assert set(colours) == {"not-started", "on-track", "at-risk", "off-track", "complete"}
    for name, colour in colours.items():
        hex_colour = "#5b2c83" if colour.startswith("var") else colour
        rgb = tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        assert contrast(rgb, WHITE) >= 3.0, name


def test_indicators_table_gives_figures_periods_and_the_change_in_words(built: Path) -> None:
    table = page(built).xpath("//div[@class='indicators']/table")[0]
    assert table_rows(table) == [
        ["Indicator", "Baseline", "Latest", "Change"],
        [
            "Domestic abuse incidents reported to Vale Police 3",
            "39,355 2022 (Jan-Dec)",
            "31,204 2023 (Jan-Dec)",
            "20.7% decrease",
        ],
        [
            "Referrals to the Vale outreach service 4",
            "62,978 2022/23",
            "79,315 2023/24 (unvalidated data)",
            "25.9% increase (better)",
        ],
    ]


def test_each_indicator_is_charted_baseline_against_latest_from_the_same_figures(built: Path) -> None:
    figures = page(built).xpath("//figure[contains(@class, 'indicator-chart')]")
    assert [f.get("id") for f in figures] == ["vale-da-incidents-chart", "vale-da-referrals-chart"]
    titles = [words(f.xpath(".//*[local-name()='title']")[0]) for f in figures]
    assert titles[0] == (
        "Bar chart of Domestic abuse incidents reported to Vale Police: 39,355 in 2022 (Jan-Dec) "
        "and 31,204 in 2023 (Jan-Dec), a 20.7% decrease."
    )
    assert titles[1].endswith("62,978 in 2022/23 and 79,315 in 2023/24, a 25.9% increase.")
    bars = figures[0].xpath(".//*[local-name()='rect']")
    widths = [float(b.get("width")) for b in bars]
    assert len(widths) == 2 and widths[1] / widths[0] == pytest.approx(31204 / 39355, abs=0.01)


def test_footnotes_numbered_by_label_print_their_labels(built: Path) -> None:
    html = page(built)
    assert [words(a) for a in html.xpath("//section[@id='domestic-abuse']//sup[@class='fn-ref']/a")] == [
        "3",
        "3",
        "4",
    ]
    notes = html.xpath("//section[@id='domestic-abuse']//section[contains(@class, 'footnotes')]//li")
    assert [words(n)[:2] for n in notes] == ["3.", "4."]


def test_pdf_prints_titles_as_written_the_latest_update_and_labelled_notes(built: Path) -> None:
    text = PdfText(built / "vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.pdf").text
    assert "Priority: Road Safety" in text and "3. Priority" not in text
    assert "Checks were held at six more schools." in text
    assert "Checks were held at four schools." not in text  # earlier updates stay in the HTML
    assert "3. Vale Police, Performance Report (March 2024)" in text
    assert "4. Vale Outreach Service" in text


def test_plan_pdf_text_meets_aa_contrast(built: Path) -> None:
    from .test_contrast import low_contrast

    assert low_contrast(built / "vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.pdf") == []


# -- errors and warnings --------------------------------------------------------------


def test_fixture_is_clean(project: Path) -> None:
    assert validate(project) == (0, ["OK: 2 document(s), 2 version(s), no problems"])


def test_unknown_indicator_or_field_is_an_error_with_the_closest(project: Path) -> None:
    replace_once(project / DA, "[](#vale-da-incidents.latest) domestic", "[](#vale-da-incident.latest) domestic")
    replace_once(project / DA, "[](#vale-da-incidents.fewer)", "[](#vale-da-incidents.fewr)")
    code, lines = validate(project)
    assert code == 1
    assert lines[:2] == [
        f"{DA}:7:61: [](#vale-da-incident.latest) names no indicator 'vale-da-incident' in this version "
        "(did you mean 'vale-da-incidents'?)",
        f"{DA}:8:78: [](#vale-da-incidents.fewr): indicator 'vale-da-incidents' has no field 'fewr' "
        "(did you mean 'fewer'?)",
    ]


def test_agreement_naming_no_document_is_an_error(project: Path) -> None:
    replace_once(project / PLAN_DOC / "document.yaml", "agreement: vale-csa", "agreement: vale-cas")
    assert validate(project) == (
        1,
        [
            f"{PLAN_DOC}/document.yaml:5:12: agreement 'vale-cas' names no document under content/ "
            "(did you mean 'vale-csa'?)",
            "1 problem(s) found",
        ],
    )


def test_delivering_a_version_the_agreement_lacks_is_an_error(project: Path) -> None:
    replace_once(project / YEAR / "version.yaml", 'delivers: "1.0"', 'delivers: "1.1"')
    code, lines = validate(project)
    assert (code, lines[0]) == (
        1,
        f"{YEAR}/version.yaml:5:11: delivers vale-csa version '1.1', which vale-csa does not have "
        "(did you mean '1.0'?)",
    )


def test_a_priority_the_delivered_version_lacks_is_an_error(project: Path) -> None:
    replace_once(project / RS, "priority: road-safety", "priority: road-safety-x")
    code, lines = validate(project)
    assert (code, lines[0]) == (
        1,
        f"{RS}:2:11: priority 'road-safety-x' is not a priority or theme of vale-csa 1.0 (did you mean 'road-safety'?)",
    )


def test_two_sections_for_one_priority_is_an_error(project: Path) -> None:
    replace_once(project / ASB, "priority: anti-social-behaviour", "priority: road-safety")
    code, lines = validate(project)
    assert (code, lines[0]) == (
        1,
        f"{ASB}:2:11: priority 'road-safety' has two sections (also {RS}) (give each priority one section)",
    )


def test_an_action_id_used_twice_is_an_error(project: Path) -> None:
    replace_once(project / ASB, "id: vale-asb-hotspots", "id: vale-rs-speed")
    code, lines = validate(project)
    assert (code, lines[0]) == (
        1,
        f"{ASB}:10:13: action id 'vale-rs-speed' is used twice (also at {RS}:7:13) (give each its own id)",
    )


def test_priority_sections_and_delivers_belong_to_action_plans(project: Path) -> None:
    replace_once(project / PLAN_DOC / "document.yaml", "type: action-plan\n", "")
    code, lines = validate(project)
    assert code == 1
    assert f"{DA}:2:11: a priority section belongs in an action plan, not an agreement" in lines[0]
    assert f"{YEAR}/version.yaml:5:11: only an action plan's version delivers an agreement" in lines[-2]


def test_a_plan_version_must_say_what_it_delivers(project: Path) -> None:
    replace_once(project / YEAR / "version.yaml", 'delivers: "1.0"\n', "")
    code, lines = validate(project)
    assert code == 1
    assert lines[0].startswith(f"{YEAR}/version.yaml: an action plan's version must say which agreement version")


def test_a_footnote_label_must_be_a_number_when_labels_are_the_numbers(project: Path) -> None:
    replace_once(project / DA, '"4": Vale Outreach', "outreach: Vale Outreach")
    replace_once(project / DA, 'source: "4"', "source: outreach")
    code, lines = validate(project)
    assert (code, lines[0]) == (
        1,
        f"{DA}:42:3: footnote label 'outreach' is not a number "
        "(with settings: footnotes: numbering: labels each label is printed as its number)",
    )


def test_warnings_name_missing_sections_late_and_stale_actions(project: Path) -> None:
    replace_once(project / YEAR / "version.yaml", "as_at: 2024-03-20", "as_at: 2024-09-20")
    (project / ASB).unlink()
    code, lines = validate(project)
    assert code == 0
    assert lines == [
        f"warning: {YEAR}/version.yaml:5:11: priority 'anti-social-behaviour' of vale-csa 1.0 has no section in "
        "this plan (add a chapter file with kind: priority and priority: anti-social-behaviour)",
        f"warning: {RS}:16:19: action 'vale-rs-speed' was last updated 2024-03-01, more than 6 months before "
        "the plan's as_at 2024-09-20 (add a progress update)",
        f"warning: {RS}:20:14: action 'vale-rs-crossings' was due 2024-06-30, before the plan's as_at 2024-09-20, "
        "and is not complete (status 'at risk') (update its status, progress or due date)",
        f"warning: {RS}:23:19: action 'vale-rs-crossings' was last updated 2024-02-15, more than 6 months before "
        "the plan's as_at 2024-09-20 (add a progress update)",
        "OK: 2 document(s), 2 version(s), no errors, 4 warning(s)",
    ]
    # a complete action is neither late nor stale: vale-rs-campaign was due 2023-12-31, last updated 2024-01-10


def test_a_newer_published_agreement_in_force_by_as_at_is_a_warning(project: Path) -> None:
    agreement = next(d for d in load_documents(Project(project)) if d.id == "vale-csa")
    new_version(agreement, project / AGREEMENT, "2.0", "April 2024")  # in force from 2024-04-01
    published = CliRunner().invoke(cli, ["--root", str(project), "publish", "2.0", "-d", "vale-csa"])
    assert published.exit_code == 0, published.output
    assert validate(project) == (0, ["OK: 2 document(s), 3 version(s), no problems"])  # after the plan's as_at
    replace_once(project / YEAR / "version.yaml", "as_at: 2024-03-20", "as_at: 2024-04-20")
    code, lines = validate(project)
    assert (code, lines[0]) == (
        0,
        f"warning: {YEAR}/version.yaml:5:11: delivers vale-csa 1.0, but vale-csa 2.0 was published and in force "
        "by the plan's as_at 2024-04-20 (deliver the newest agreement: delivers: '2.0')",
    )


# -- comparing plan versions ------------------------------------------------------------


def test_change_log_names_the_actions_and_indicators_that_changed(project: Path) -> None:
    with_next_plan_year(project)
    plan = plan_of(project)
    diff = compare_versions(plan.versions[0], plan.versions[1])
    described = {c.chapter.id: describe_chapter(c) for c in diff.changed_chapters}
    assert described["road-safety"] == (
        "action 'Review the crossings on the A1 through Millbrook' completed; action 'Train cyclists' added; "
        "action 'Run a winter and spring driving campaign' re-worded"
    )
    assert (
        described["domestic-abuse"]
        == "indicator 'Domestic abuse incidents reported to Vale Police' updated from 31,204 to 30,100"
    )


def test_indicators_block_is_declared_like_every_kind() -> None:
    block = Indicators("i", (indicator(1, 2),))
    from csa.blocks import block_texts

    assert block_texts(block) == ["X", "1 (2017) to 2 (2018)"]


def test_a_reference_to_an_action_or_indicator_prints_its_words_linked(project: Path) -> None:
    intro = project / YEAR / "01-introduction.yaml"
    replace_once(intro, "as at March 2024.", "as at March 2024. See [](#vale-rs-speed) and [](#vale-da-referrals).")
    result = CliRunner().invoke(cli, ["--root", str(project), "build", "--format", "html"])  # csa build: both documents
    assert result.exit_code == 0, result.output
    assert (project / "output/vale-csa/1.0/vale-csa-1.0.html").is_file()
    html = lxml.html.fromstring(
        (project / "output/vale-csa-action-plan/2023-24/vale-csa-action-plan-2023-24.html").read_bytes()
    )
    links = html.xpath("//section[@id='introduction']//p/a")
    assert [(a.get("href"), a.text) for a in links] == [
        ("#vale-rs-speed", "Run speed awareness checks with residents near schools."),
        ("#vale-da-referrals", "Referrals to the Vale outreach service"),
    ]
