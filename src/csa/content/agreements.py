"""Action plans checked against the agreements they deliver, once every document has been read.

A plan names its agreement (document.yaml `agreement`), the agreement's version it delivers
(version.yaml `delivers`) and, in each priority section, a priority of that version by id.
Errors stop the build; warnings (a priority with no section, a newer agreement, actions past
due or not updated) are the plan's `Document.warnings`. Actions that name no lead are given
their priority's lead from the agreement, so the table can print it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterator, Mapping, Sequence

from csa.content.plans import did_you_mean
from csa.content.progress_dates import dates_after
from csa.errors import Problem
from csa.inline import plain_text
from csa.model import ActionsBlock, Chapter, Document, PriorityInfo, Progress, Version, version_key

STALE_MONTHS = 6  # an action whose latest update is older than this (before the plan's as_at) is flagged


def link_plans(documents: Sequence[Document], folders: Collection[str]) -> tuple[list[Document], list[Problem]]:
    """The documents, each action plan checked against its agreement and given its priorities' leads.

    `folders`: every document id under content/, also those that failed validation (their own
    problems are reported; a plan naming one is not checked against it).
    """
    by_id = {d.id: d for d in documents}
    linked: list[Document] = []
    problems: list[Problem] = []
    for document in documents:
        if document.type != "action-plan":
            linked.append(document)
            continue
        found: list[Problem] = []
        agreement = _agreement(document, by_id, folders, found)
        versions = tuple(_linked_version(document, v, agreement, found) for v in document.versions)
        warnings = tuple(p for p in found if p.severity == "warning")
        problems.extend(p for p in found if p.severity == "error")
        linked.append(dataclasses.replace(document, versions=versions, warnings=document.warnings + warnings))
    return linked, problems


def _agreement(
    plan: Document, by_id: Mapping[str, Document], folders: Collection[str], problems: list[Problem]
) -> Document | None:
    """The agreement the plan names; None (and an error, unless it failed validation itself) when there is none."""
    name = plan.agreement or ""
    found = by_id.get(name)
    if found is not None and found.type == "agreement":
        return found
    if found is None and name in folders:
        return None  # it has problems of its own, reported with its files
    agreements = sorted(d.id for d in by_id.values() if d.type == "agreement")
    if found is not None:
        message = f"agreement {name!r} is an action plan (expected an agreement document)"
    else:
        message = f"agreement {name!r} names no document under content/"
    problems.append(Problem(plan.agreement_mark, message, did_you_mean(name, agreements, "an agreement's folder name")))
    return None


def _linked_version(plan: Document, version: Version, agreement: Document | None, problems: list[Problem]) -> Version:
    info = version.plan
    if info is None or agreement is None:
        return version
    delivered = agreement.version(info.delivers)
    if delivered is None:
        numbers = [v.number for v in agreement.versions]
        problems.append(
            Problem(
                info.delivers_mark,
                f"delivers {agreement.id} version {info.delivers!r}, which {agreement.id} does not have",
                did_you_mean(info.delivers, numbers, "one of: " + ", ".join(numbers)),
            )
        )
        return version
    priorities = {p.id: p for p in delivered.priorities()}
    problems.extend(_section_problems(version, agreement, delivered, priorities))
    problems.extend(_newer_agreement(version, agreement, delivered))
    problems.extend(_action_warnings(version))
    chapters = tuple(_named_by_priority(_with_leads(c, priorities), priorities) for c in version.chapters)
    return dataclasses.replace(version, chapters=chapters)


def _section_problems(
    version: Version, agreement: Document, delivered: Version, priorities: Mapping[str, PriorityInfo]
) -> Iterator[Problem]:
    """Each section names a priority of the delivered version, once; each priority has a section."""
    info = version.plan
    assert info is not None
    named = f"{agreement.id} {delivered.number}"
    sections: dict[str, Chapter] = {}
    for chapter in version.chapters:
        ref = chapter.priority
        if ref is None:
            continue
        if ref.id not in priorities:
            yield Problem(
                ref.mark,
                f"priority {ref.id!r} is not a priority or theme of {named}",
                did_you_mean(ref.id, list(priorities), "one of: " + ", ".join(priorities)),
            )
        elif ref.id in sections:
            yield Problem(
                ref.mark,
                f"priority {ref.id!r} has two sections (also {sections[ref.id].source})",
                "give each priority one section",
            )
        sections.setdefault(ref.id, chapter)
    for priority in priorities.values():
        if priority.kind == "priority" and priority.id not in sections:
            yield Problem(
                info.delivers_mark,
                f"priority {priority.id!r} of {named} has no section in this plan",
                f"add a chapter file with kind: priority and priority: {priority.id}",
                severity="warning",
            )


def _newer_agreement(version: Version, agreement: Document, delivered: Version) -> Iterator[Problem]:
    info = version.plan
    assert info is not None
    # Only versions in force by the plan's as_at: a plan of 2018/19 is not out of date for a 2020 agreement.
    newer = [
        v.number
        for v in agreement.versions
        if v.status == "published"
        and version_key(v.number) > version_key(delivered.number)
        and v.effective <= info.as_at
    ]
    if newer:
        yield Problem(
            info.delivers_mark,
            f"delivers {agreement.id} {delivered.number}, but {agreement.id} {newer[-1]} was published "
            f"and in force by the plan's as_at {info.as_at.isoformat()}",
            f"deliver the newest agreement: delivers: {newer[-1]!r}",
            severity="warning",
        )


def _progress_after_as_at(action_id: str, progress: Sequence[Progress], as_at: dt.date) -> Iterator[Problem]:
    """Progress reporting dates after the plan's as_at: the plan year's as_at was probably not moved on."""
    for update in progress:
        named = list(dict.fromkeys(dates_after(update.text, as_at)))
        if named:
            yield Problem(
                update.mark,
                f"progress on action {action_id!r} names {', '.join(repr(n) for n in named)}, "
                f"after the plan's as_at {as_at.isoformat()}",
                "set as_at in version.yaml to the date progress is reported at",
                severity="warning",
            )


def _action_warnings(version: Version) -> Iterator[Problem]:
    """Actions past due and not complete, and actions whose latest update is old, as at the plan's date."""
    info = version.plan
    assert info is not None
    as_at, stale_before = info.as_at, months_before(info.as_at, STALE_MONTHS)
    for block in (b for c in version.chapters for b in c.blocks if isinstance(b, ActionsBlock)):
        for action in block.actions:
            if isinstance(action.due, dt.date) and action.due < as_at and not action.complete:
                status = f"status {action.status!r}" if action.status else "no status"
                yield Problem(
                    action.due_mark,
                    f"action {action.id!r} was due {action.due.isoformat()}, before the plan's as_at "
                    f"{as_at.isoformat()}, and is not complete ({status})",
                    "update its status, progress or due date",
                    severity="warning",
                )
            yield from _progress_after_as_at(action.id, action.progress, as_at)
            latest = action.latest
            if latest is not None and latest.date is not None and latest.date < stale_before and not action.complete:
                yield Problem(
                    latest.mark,
                    f"action {action.id!r} was last updated {latest.date.isoformat()}, more than "
                    f"{STALE_MONTHS} months before the plan's as_at {as_at.isoformat()}",
                    "add a progress update",
                    severity="warning",
                )


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _with_leads(chapter: Chapter, priorities: Mapping[str, PriorityInfo]) -> Chapter:
    """A priority section's actions given the priority's lead, for those that name none."""
    info = priorities.get(chapter.priority.id) if chapter.priority else None
    if info is None or info.lead is None:
        return chapter
    blocks = tuple(
        dataclasses.replace(b, default_lead=info.lead) if isinstance(b, ActionsBlock) else b for b in chapter.blocks
    )
    return dataclasses.replace(chapter, blocks=blocks)


def _named_by_priority(chapter: Chapter, priorities: Mapping[str, PriorityInfo]) -> Chapter:
    """A priority section is named by its priority in the change log and redline ("Domestic Abuse - ...")."""
    info = priorities.get(chapter.priority.id) if chapter.priority else None
    return dataclasses.replace(chapter, short_name=plain_text(info.name)) if info is not None else chapter
