"""A report document's own content: the committee-report header of each version (version.yaml
`header:`), what only a report may hold, and the plan a report names (document.yaml `plan:`),
checked once every document has been read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, TypeGuard

from csa.blocks import kind_of
from csa.content.numbering import ParagraphNumbers
from csa.content.plans import did_you_mean, indicator_field_problems, indicator_words, indicators_by_id
from csa.errors import Mark, Problem
from csa.model import (
    Addressee,
    Block,
    Chapter,
    CommitteeHeader,
    Document,
    DocumentType,
    Live,
    Numbering,
    Officer,
    Person,
    Version,
)
from csa.nodes import Map, to_plain


def read_header(meta: Map) -> CommitteeHeader | None:
    """`header:` of version.yaml (checked by its schema), None when the version has none."""
    plain: dict[str, Any] | None = to_plain(meta).get("header")
    if plain is None:
        return None
    to = plain["to"]
    meeting = to.get("meeting")
    return CommitteeHeader(
        subject=plain["subject"],
        to=Addressee(to["body"], dt.date.fromisoformat(meeting) if meeting else None),
        by=tuple(Person(**person) for person in plain.get("by", ())),
        classification=plain.get("classification"),
        summary=plain.get("summary"),
        recommendations=tuple(plain.get("recommendations", ())),
        attachments=tuple(plain.get("attachments", ())),
        contacts=tuple(Officer(**officer) for officer in plain.get("contacts", ())),
    )


def header_problems(doc_type: DocumentType, version: Version, meta: Map | None) -> list[Problem]:
    """A report's version must have its header; no other document's version may have one."""
    header_node = meta.entries.get("header") if meta is not None else None
    if doc_type == "report" and version.header is None:
        return [
            Problem(
                version.mark,
                "a report's version needs its committee-report header",
                "add header: with subject: and to: {body: ...} to version.yaml",
            )
        ]
    if doc_type != "report" and header_node is not None:
        return [
            Problem(
                header_node.mark,
                "only a report's version has a committee-report header",
                "remove header:, or set type: report in document.yaml",
            )
        ]
    return []


def plan_problems(documents: Sequence[Document], folders: Collection[str]) -> list[Problem]:
    """Each report's `plan:` must name an action plan under content/ (one that failed validation is not checked)."""
    by_id: Mapping[str, Document] = {d.id: d for d in documents}
    plans = sorted(d.id for d in documents if d.type == "action-plan")
    problems = []
    for report in (d for d in documents if d.type == "report" and d.plan is not None):
        name = report.plan or ""
        found = by_id.get(name)
        if (found is not None and found.type == "action-plan") or (found is None and name in folders):
            continue
        message = (
            f"plan {name!r} is {'an' if found.type == 'agreement' else 'a'} {found.type}, not an action plan"
            if found is not None
            else f"plan {name!r} names no document under content/"
        )
        problems.append(Problem(report.plan_mark, message, did_you_mean(name, plans, "an action plan's folder name")))
    return problems


def plan_mark_of(meta: Map | None) -> Mark:
    node = meta.entries.get("plan") if meta is not None else None
    return node.mark if node is not None else Mark("")


def link_reports(documents: Sequence[Document]) -> tuple[list[Document], list[Problem]]:
    """The documents, each report's live blocks filled in from the plan version they name.

    A live block naming a plan that is not there, or a version the plan does not have, is an
    error at the block's `plan:` / `version:`.
    """
    by_id = {d.id: d for d in documents}
    problems: list[Problem] = []
    linked = []
    for document in documents:
        if document.type != "report":
            linked.append(document)
            continue
        versions = tuple(
            _with_figures(
                document,
                dataclasses.replace(
                    v,
                    chapters=tuple(
                        _linked_chapter(c, by_id, problems, document.settings.numbering) for c in v.chapters
                    ),
                ),
                by_id,
                problems,
            )
            for v in document.versions
        )
        linked.append(dataclasses.replace(document, versions=versions))
    return linked, problems


def _with_figures(
    report: Document, version: Version, by_id: Mapping[str, Document], problems: list[Problem]
) -> Version:
    """The version with what its [](#<indicator>.<field>) references print, read from the plan version it
    reports on (figures_source); an indicator or field that plan version lacks is an error at the reference."""
    if not version.figure_references:
        return version
    source = figures_source(report, version, by_id)
    if source is None:
        problems.extend(
            Problem(
                mark,
                f"[](#{target}) reads an indicator of the plan this report is on, but it names none here",
                "add plan: <an action plan's folder> to document.yaml, or a live block naming a plan version",
            )
            for target, mark in version.figure_references
        )
        return version
    plan, plan_version = source
    indicators = indicators_by_id(plan_version.chapters)
    where = f"plan {plan.id!r} version {plan_version.number!r}"
    for target, mark in version.figure_references:
        problems.extend(indicator_field_problems(target, mark, indicators, where))
    words = indicator_words(plan_version.chapters)
    figures = tuple((target, words[target]) for target, _ in version.figure_references if target in words)
    return dataclasses.replace(version, figures=figures)


def figures_source(
    report: Document, version: Version, by_id: Mapping[str, Document]
) -> tuple[Document, Version] | None:
    """The plan version a report's figure references read: the one its first live block reads; without
    live blocks, the newest version of the plan its document.yaml names (None: neither is here)."""
    for block in (b for c in version.chapters for b in c.blocks if _reads_plan(b)):
        plan = by_id.get(block.source.plan)
        found = plan.version(block.source.version) if plan is not None else None
        if plan is not None and found is not None:
            return plan, found
    plan = by_id.get(report.plan or "")
    if plan is None or plan.type != "action-plan" or not plan.versions:
        return None
    return plan, plan.versions[-1]


def _linked_chapter(
    chapter: Chapter, by_id: Mapping[str, Document], problems: list[Problem], numbering: Numbering
) -> Chapter:
    blocks = tuple(_filled(b, by_id, problems) if _reads_plan(b) else b for b in chapter.blocks)
    return dataclasses.replace(chapter, blocks=_renumbered(chapter, blocks, numbering))


def _renumbered(chapter: Chapter, blocks: tuple[Block, ...], numbering: Numbering) -> tuple[Block, ...]:
    """The blocks with their paragraph numbers drawn again in reading order (each kind's renumber), now
    that the live blocks' paragraphs are known: "1.1" for a live block's opening paragraph, and the
    number after its last for a numbered paragraph written after it."""
    numbers = ParagraphNumbers(chapter.label if numbering.paragraphs else False)
    return tuple(_renumber(block, numbers.next) for block in blocks)


def _renumber(block: Block, next_number: Callable[[], str | None]) -> Block:
    renumber = kind_of(block).renumber
    return renumber(block, next_number) if renumber is not None else block


def _reads_plan(block: Block) -> TypeGuard[Live]:
    """A report's live block: its kind reads the plan version it names (BlockKind.read_plan)."""
    return kind_of(block).read_plan is not None


def _filled(block: Live, by_id: Mapping[str, Document], problems: list[Problem]) -> Live:
    """The block with what it reads from the plan version it names (its kind's read_plan), or as it was
    with the problem reported."""
    source = block.source
    plan = by_id.get(source.plan)
    if plan is None or plan.type != "action-plan":
        plans = sorted(d.id for d in by_id.values() if d.type == "action-plan")
        problems.append(
            Problem(
                source.mark,
                f"plan {source.plan!r} names no action plan under content/",
                did_you_mean(source.plan, plans, "an action plan's folder name"),
            )
        )
        return block
    version = plan.version(source.version)
    if version is None:
        numbers = [v.number for v in plan.versions]
        problems.append(
            Problem(
                source.mark,
                f"plan {source.plan!r} has no version {source.version!r}",
                did_you_mean(source.version, numbers, "one of: " + ", ".join(numbers)),
            )
        )
        return block
    read_plan = kind_of(block).read_plan
    assert read_plan is not None, f"live block kind {block.type!r} declares no read_plan"
    return dataclasses.replace(block, paragraphs=read_plan(plan, version, by_id))
