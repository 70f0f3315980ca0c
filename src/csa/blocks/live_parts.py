"""What a report's live blocks print, read from a plan version (csa.blocks.live declares which kind reads what;
csa.content.reports.link_reports fills them in).

In the words of the Kent CSA update reports: the agreement version the plan delivers and its
priorities and themes; the changes since the previous plan version, counted then listed; the
focus indicators with their changes computed in words; the plan attached. Everything is read
from the plan, the agreement and the differ.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from csa.blocks.plan_changes import ActionChange, ActionStatus, PlanChanges, plan_changes
from csa.inline import plain_text
from csa.model import ActionsBlock, Document, Indicator, Indicators, Version

Draft = tuple[str, Sequence[tuple[str | None, tuple[str, ...]]]]  # a paragraph's text and its lists


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


def previous_plan(document: Document, version: Version) -> Version | None:
    """The version this one supersedes, when it is here; else the newest older one here (None for the first)."""
    named = document.version(version.supersedes) if version.supersedes else None
    if named is not None:
        return named
    index = document.versions.index(version)
    return document.versions[index - 1] if index > 0 else None


# The action changes the report lists, in order, with the words that open each list.
LISTED: tuple[tuple[ActionStatus, str], ...] = (
    ("completed", "Actions completed"),
    ("added", "Actions added"),
    ("removed", "Actions removed"),
    ("re-worded", "Actions re-worded (as now worded)"),
)


def _changes(previous: Version, version: Version, changes: PlanChanges) -> list[Draft]:
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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun if n == 1 else noun + 's'}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
