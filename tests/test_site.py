"""The published site across documents: each document's history and redlines, plans linked to the
agreement priorities they deliver and back, reports listed under their plan.

The site's pages are checked by axe-core and the Nu checker with every other page (test_accessibility.py
checks kent_site's index.html and every Kent page, these links included).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

from csa.build.pipeline import load_documents
from csa.build.site import site_documents
from csa.project import Project

from .conftest import ROOT

AGREEMENT = "kent-csa/2.0/kent-csa-2.0.html"  # the version the 2018-19 plan delivers
PLAN = "kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19.html"


def _rows(doc: lxml.html.HtmlElement, document: str) -> list[list[str]]:
    """The document's own history table (not those of the documents listed under it), cell texts."""
    path = f"//section[@aria-labelledby='{document}-title']/div/table[@class='site-versions']/tbody/tr"
    return [[" ".join(c.text_content().split()) for c in tr] for tr in doc.xpath(path)]


def test_site_index_lists_every_version_with_status_and_latest(kent_site: Path) -> None:
    doc = lxml.html.fromstring((kent_site / "index.html").read_bytes())
    rows = _rows(doc, "kent-csa")
    # every version of the change log, newest first: those built here with their files and redline,
    # the others (recorded in document.yaml alone) with their date and row
    assert [r[:3] for r in rows] == [
        ["4.0", "April 2020", "Published"],
        ["3.0", "April 2019", "Not online"],
        ["2.0", "April 2018", "Published"],
        ["1.0", "April 2017", "Not online"],
    ]
    assert [r[4:] for r in rows] == [
        [
            "Web page of version 4.0 · PDF of version 4.0 · Word document of version 4.0",
            "Changes since 2.0 (PDF of the changes from 2.0 to 4.0 · Word, tracked changes from 2.0 to 4.0)",
        ],
        ["–", "–"],
        ["Web page of version 2.0 · PDF of version 2.0 · Word document of version 2.0", "–"],
        ["–", "–"],
    ]
    # the action plan beside it: its one version, still a draft; its report to the partnership is the report
    # document listed under it (no page generated beside the plan's own)
    assert _rows(doc, "kent-csa-action-plan") == [
        [
            "2018-19",
            "March 2019",
            "Draft",
            "–",
            "Web page of version 2018-19 · PDF of version 2018-19 · Word document of version 2018-19",
            "–",
        ]
    ]
    under_plan = "//section[@aria-labelledby='kent-csa-action-plan-title']/section[@class='site-document']"
    assert [s.get("aria-labelledby") for s in doc.xpath(under_plan)] == ["kent-csa-action-plan-update-title"]
    assert _rows(doc, "kent-csa-action-plan-update")[0][4] == (
        "Web page of version 2019-03 · PDF of version 2019-03 · Word document of version 2019-03"
    )
    assert doc.xpath("string(//a[contains(., 'Latest')]/@href)") == "kent-csa/latest/index.html"
    assert doc.xpath("//meta[@name='viewport']/@content") == ["width=device-width, initial-scale=1"]


def test_site_index_shows_each_versions_row_of_the_change_log(kent_site: Path) -> None:
    doc = lxml.html.fromstring((kent_site / "index.html").read_bytes())

    def changes(version: str) -> list[str]:
        cell = f"//section[@aria-labelledby='kent-csa-title']//tr[@data-version='{version}']/td[@class='site-changes']"
        return [" ".join(li.text_content().split()) for li in doc.xpath(cell + "//li")]

    assert changes("4.0")[:3] == [
        "Refreshed Kent Community Safety Agreement (CSA)",
        "Effective date changed to April 2020",
        "Foreword – updated to reflect new version",
    ]
    assert changes("1.0") == ["New Kent Community Safety Agreement (CSA) – effective from April 2017"]
    assert "Ch.7 - priority leads updated" in changes("2.0")


def test_site_index_names_the_latest_published_version_and_the_draft(kent_site: Path) -> None:
    doc = lxml.html.fromstring((kent_site / "index.html").read_bytes())

    def current(document: str) -> list[tuple[str, str]]:
        items = doc.xpath(f"//section[@aria-labelledby='{document}-title']/ul[@class='site-current']/li")
        return [(" ".join(li.text_content().split()), li.xpath("string(.//a/@href)")) for li in items]

    assert current("kent-csa") == [("Latest published version: 4.0 (April 2020)", "kent-csa/latest/index.html")]
    assert current("kent-csa-action-plan") == [
        ("Draft: version 2018-19 (March 2019), not yet published", PLAN),
    ]


def test_plan_links_each_priority_section_to_the_agreement_priority_it_delivers(kent_site: Path) -> None:
    plan = lxml.html.fromstring((kent_site / PLAN).read_bytes())
    agreement = lxml.html.fromstring((kent_site / AGREEMENT).read_bytes())
    links = {
        section.get("id"): section.xpath("string(div[@class='delivers']/a/@href)")
        for section in plan.xpath("//section[contains(@class, 'chapter-priority')]")
    }
    assert len(links) == 7 and all(links.values()), links
    assert links["domestic-abuse"] == "../../kent-csa/2.0/kent-csa-2.0.html#priority-domestic-abuse"
    for href in links.values():
        target = urlsplit(href)
        assert (kent_site / PLAN).parent.joinpath(target.path).resolve() == (kent_site / AGREEMENT).resolve()
        assert agreement.xpath(f"//*[@id='{target.fragment}']"), f"no anchor {target.fragment} in {AGREEMENT}"
    # sections that deliver no priority (the introduction) link nowhere
    assert not plan.xpath("//section[@id='introduction']/div[@class='delivers']")


def test_agreement_priorities_link_back_to_the_plan_sections_delivering_them(kent_site: Path) -> None:
    agreement = lxml.html.fromstring((kent_site / AGREEMENT).read_bytes())
    plan = lxml.html.fromstring((kent_site / PLAN).read_bytes())
    items = agreement.xpath("//ul[@class='delivered-by']/li")
    assert " ".join(items[0].text_content().split()) == (
        "Domestic Abuse: delivered by Kent Community Safety Agreement Action Plan 2018-19"
    )
    assert items[0].get("id") == "priority-domestic-abuse"
    for item in items:
        href = urlsplit(item.xpath("string(a/@href)"))
        assert (kent_site / AGREEMENT).parent.joinpath(href.path).resolve() == (kent_site / PLAN).resolve()
        assert plan.xpath(f"//section[@id='{href.fragment}']")
    # only the version the plan delivers links back; other pages are as before
    newer = (kent_site / "kent-csa/4.0/kent-csa-4.0.html").read_text()
    assert "delivered-by" not in newer and "priority-domestic-abuse" not in newer


def test_documents_that_read_a_plan_are_listed_under_it() -> None:
    documents = load_documents(Project(ROOT))
    plan = next(d for d in documents if d.type == "action-plan")
    report = dataclasses.replace(documents[0], id="kent-report", title="Kent report", agreement=plan.id)
    listed = site_documents([*documents, report])
    # the July 2017 report is on the 2017/18 plan, which is not in content/: it is listed on its own
    assert [entry.document.id for entry in listed] == ["kent-csa", "kent-csa-action-plan", "kent-csa-update"]
    assert [r.document.id for r in listed[1].readers] == ["kent-csa-action-plan-update", "kent-report"]
