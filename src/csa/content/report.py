"""The report to the partnership on an action-plan version, gathered into numbered sections.

In the shape of the Kent CSA update reports: by / to / classification / subject, a summary,
then numbered sections (1.0 Background, 1.1 ...): the agreement the plan delivers and its
priorities; the changes since the previous plan version (only when there is one); the focus
indicators with their changes computed in words; the recommendations and the feedback
deadline. Everything is read from the plan, the agreement and the differ; `report:` in
version.yaml adds who it is by and to, the meeting, the summary and the recommendations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from csa.blocks.plan_changes import ActionChange, ActionStatus, PlanChanges, plan_changes
from csa.dates import long_date
from csa.inline import plain_text
from csa.model import (
    ActionsBlock,
    Document,
    Indicator,
    Indicators,
    Report,
    ReportContact,
    Stage,
    Version,
)

# How the report prints each stage of the plan's journey through the partnership.
STAGE_CLASSIFICATION: dict[Stage, str] = {"draft": "Draft", "for information": "For Information", "noted": "Noted"}
STAGE_SENTENCE: dict[Stage, str] = {
    "draft": "Draft: not yet presented to the partnership.",
    "for information": "For information: presented to the partnership's meeting.",
    "noted": "Noted by the partnership.",
}


@dataclass(frozen=True)
class Numbered:
    """One numbered paragraph ("1.1"); inline Markdown, then lists (each with an optional title)."""

    number: str
    text: str
    lists: tuple[tuple[str | None, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Section:
    number: str  # "1.0"
    id: str
    title: str
    paragraphs: tuple[Numbered, ...]


@dataclass(frozen=True)
class PartnershipReport:
    document: Document
    version: Version
    by: tuple[str, ...]
    to: str | None  # "Kent Community Safety Partnership – 10 April 2024"
    classification: str
    stage: str  # the stage in a sentence
    subject: str
    summary: str  # inline Markdown
    sections: tuple[Section, ...]
    attachment: str  # the plan itself, Appendix 1
    contact: ReportContact | None
    compared_with: Version | None  # the previous plan version the changes section compares with

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


def previous_plan(document: Document, version: Version) -> Version | None:
    """The version this one supersedes, when it is here; else the newest older one here (None for the first)."""
    named = document.version(version.supersedes) if version.supersedes else None
    if named is not None:
        return named
    index = document.versions.index(version)
    return document.versions[index - 1] if index > 0 else None


def gather_report(document: Document, version: Version, agreement: Document | None) -> PartnershipReport:
    """The report on `version` of the action plan `document`; `agreement` is the document it delivers."""
    assert version.plan is not None, "only an action plan's version has a report"
    info = version.plan
    report = info.report or Report()
    delivered = agreement.version(info.delivers) if agreement is not None else None
    previous = previous_plan(document, version)
    changes = plan_changes(previous, version) if previous is not None else None
    drafts = [
        ("background", "Background", list(_background(document, version, agreement, delivered))),
        ("changes", "Changes to the Action Plan", _changes(previous, version, changes) if changes else []),
        ("performance", "Performance Monitoring", _performance(version)),
        ("recommendations", "Recommendations", _recommendations(document, report)),
    ]
    sections = tuple(
        _numbered(str(n), section_id, title, paragraphs)
        for n, (section_id, title, paragraphs) in enumerate(((i, t, p) for i, t, p in drafts if p), start=1)
    )
    subject = f"{document.title} {version.number}"
    return PartnershipReport(
        document=document,
        version=version,
        by=report.by,
        to=_to(report),
        classification=report.classification or STAGE_CLASSIFICATION[info.stage],
        stage=STAGE_SENTENCE[info.stage],
        subject=subject,
        summary=report.summary or _summary(subject, version, previous),
        sections=sections,
        attachment=f"Appendix 1: {subject}",
        contact=report.feedback.contact if report.feedback else None,
        compared_with=previous,
    )


Draft = tuple[str, Sequence[tuple[str | None, tuple[str, ...]]]]  # a paragraph's text and its lists


def _numbered(number: str, section_id: str, title: str, paragraphs: Sequence[Draft]) -> Section:
    numbered = tuple(Numbered(f"{number}.{i}", text, tuple(lists)) for i, (text, lists) in enumerate(paragraphs, 1))
    return Section(f"{number}.0", section_id, title, numbered)


def _to(report: Report) -> str | None:
    if report.to and report.meeting:
        return f"{report.to} – {long_date(report.meeting)}"
    return report.to or (long_date(report.meeting) if report.meeting else None)


def _summary(subject: str, version: Version, previous: Version | None) -> str:
    assert version.plan is not None
    since = f" and the changes since the {previous.number} plan" if previous is not None else ""
    return (
        f"This report presents the {subject}, with progress as at {long_date(version.plan.as_at)}{since}, "
        "and the performance indicators the plan monitors as focus areas."
    )


def _background(
    document: Document, version: Version, agreement: Document | None, delivered: Version | None
) -> Iterator[Draft]:
    assert version.plan is not None
    sections = [c for c in version.chapters if c.kind == "priority"]
    actions = sum(len(b.actions) for c in sections for b in c.blocks if isinstance(b, ActionsBlock))
    if agreement is not None and delivered is not None:
        named = f"{agreement.title} ({agreement.short_title})" if agreement.short_title else agreement.title
        priorities = delivered.priorities()
        lists = [
            (title, tuple(plain_text(p.name) for p in priorities if p.kind == kind))
            for title, kind in (("Priorities", "priority"), ("Cross Cutting Themes", "theme"))
        ]
        yield (
            f"The {named}, version {delivered.number} ({delivered.date}), sets out the community safety priorities "
            "and the cross-cutting themes that support them:",
            [(title, items) for title, items in lists if items],
        )
    yield (
        f"The {document.title} {version.number} sets out the actions partners are taking to deliver "
        f"{'these priorities' if delivered is not None else 'the agreement'}: "
        f"{_count(actions, 'action')} in {_count(len(sections), 'priority section')}, "
        f"with their progress as at {long_date(version.plan.as_at)}.",
        [],
    )


# The action changes the report lists, in order, with the words that open each list.
LISTED: tuple[tuple[ActionStatus, str], ...] = (
    ("completed", "Actions completed"),
    ("added", "Actions added"),
    ("removed", "Actions removed"),
    ("re-worded", "Actions re-worded (as now worded)"),
)


def _changes(previous: Version | None, version: Version, changes: PlanChanges) -> list[Draft]:
    assert previous is not None
    where = _sections_of(previous) | _sections_of(version)
    counts = []
    for status, _ in LISTED:
        n = len(changes.actions_that(status))
        if n:
            counts.append(f"{_count(n, 'action')} {'has' if n == 1 else 'have'} been {status}")
    kept = f"{_count(changes.kept, 'action')} {'continues' if changes.kept == 1 else 'continue'} from it"
    happened = _join(counts) if counts else "no action has been completed, added, removed or re-worded"
    paragraphs: list[Draft] = [(f"Since the {previous.number} plan ({previous.date}), {happened}; {kept}.", [])]
    for status, heading in LISTED:
        named = changes.actions_that(status)
        if named:
            paragraphs.append((f"{heading}:", [(None, tuple(_action_line(c, where) for c in named))]))
    updated = changes.actions_that("progress updated")
    if updated:
        paragraphs.append((f"Progress has been updated on {_count(len(updated), 'other action')}.", []))
    figures = [c for c in changes.indicators if c.status != "kept"]
    if figures:
        lines = tuple(f"{c.name} ({c.updated_words})" for c in figures)
        paragraphs.append(("Indicators changed:", [(None, lines)]))
    return paragraphs


def _sections_of(version: Version) -> dict[str, str]:
    """Action id -> the name of the priority section holding it."""
    return {
        a.id: chapter.short_name
        for chapter in version.chapters
        for b in chapter.blocks
        if isinstance(b, ActionsBlock)
        for a in b.actions
    }


def _action_line(change: ActionChange, where: dict[str, str]) -> str:
    """ "Domestic Abuse - Refresh the outreach service's website." (inline Markdown, as the plan words it)."""
    section = where.get(change.action.id)
    return f"{section} - {change.action.action}" if section else change.action.action


def _performance(version: Version) -> list[Draft]:
    focus = [
        (chapter.short_name, i)
        for chapter in version.chapters
        for b in chapter.blocks
        if isinstance(b, Indicators)
        for i in b.indicators
        if i.focus
    ]
    if not focus:
        return []
    opening = "Of the indicators the action plan monitors, the partnership is asked to note the following focus areas:"
    return [(opening, []), *((f"{section} - {change_words(i)}", []) for section, i in focus)]


def change_words(indicator: Indicator) -> str:
    """ "Domestic abuse incidents ...: a 20.7% decrease from 39,355 in 2022 (Jan-Dec) to 31,204 in 2023 (Jan-Dec)."."""
    span = (
        f"from {indicator.field('baseline')} in {indicator.baseline.period} "
        f"to {indicator.field('latest')} in {indicator.latest.period}"
    )
    change = indicator.change
    words = change if change.startswith(("an ", "no ")) else f"{_article(change)} {change}"
    provisional = " (unvalidated data)" if indicator.provisional else ""
    return f"{indicator.name}: {words} {span}{provisional}."


def _article(words: str) -> str:
    """ "an 8% increase", "an 11.5% decrease", "a 20.7% decrease": as the numbers are spoken."""
    return "an" if re.match(r"8|1[18](\D|$)", words) else "a"


def _recommendations(document: Document, report: Report) -> list[Draft]:
    paragraphs: list[Draft] = [(text, []) for text in report.recommendations]
    feedback = report.feedback
    if feedback is not None and (feedback.by or feedback.contact):
        contact = feedback.contact
        whom = ""
        if contact is not None and contact.name:
            whom = f" to {contact.name}" + (f" ({contact.email})" if contact.email else "")
        elif contact is not None and contact.email:
            whom = f" to {contact.email}"
        by = f" by {long_date(feedback.by)}" if feedback.by else ""
        paragraphs.append(
            (f"Members are asked to give feedback on the action plan at the meeting or by email{whom}{by}.", [])
        )
    return paragraphs


def _count(n: int, noun: str) -> str:
    return f"{n} {noun if n == 1 else noun + 's'}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --- what a report document's live blocks print (csa.content.reports.link_reports) ---------


def progress_drafts(document: Document, version: Version) -> list[Draft]:
    """The plan version's progress since its previous version here: counts, then each change listed."""
    previous = previous_plan(document, version)
    if previous is None:
        return [(f"The {document.title} {version.number} has no previous version to compare with.", [])]
    return _changes(previous, version, plan_changes(previous, version))


def focus_drafts(version: Version) -> list[Draft]:
    """The plan version's focus indicators, each with its older and newer figures and which way it moved."""
    return _performance(version) or [("The plan marks no indicator as a focus area.", [])]


def priority_drafts(agreement: Document, delivered: Version) -> list[Draft]:
    """The agreement version's priorities, then its cross-cutting themes, each a titled list."""
    named = f"{agreement.title} ({agreement.short_title})" if agreement.short_title else agreement.title
    priorities = delivered.priorities()
    lists = [
        (title, tuple(plain_text(p.name) for p in priorities if p.kind == kind))
        for title, kind in (("Priorities", "priority"), ("Cross Cutting Themes", "theme"))
    ]
    return [
        (
            f"The {named}, version {delivered.number} ({delivered.date}), sets out the community safety priorities "
            "and the cross-cutting themes that support them:",
            [(title, items) for title, items in lists if items],
        )
    ]
