"""An action plan's own content: its version metadata, its priority sections, and the ids and
inline indicator fields its text uses. The checks against the agreement it delivers are in
csa.content.agreements, once every document has been read.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator, Sequence

from csa.blocks import kind_of
from csa.blocks.kind import NamedPart
from csa.errors import Mark, Problem
from csa.model import (
    INDICATOR_FIELDS,
    Block,
    Chapter,
    DocumentType,
    Indicator,
    Indicators,
    PlanInfo,
    Version,
)
from csa.nodes import Map, to_plain

PLAN_KEYS = ("delivers", "as_at")  # what every action-plan version says; an agreement's says neither


def read_plan_info(meta: Map) -> PlanInfo | None:
    """`delivers`, `as_at` and `stage` of version.yaml (checked by its schema); None when not a plan's."""
    plain = to_plain(meta)
    if not all(key in plain for key in PLAN_KEYS):
        return None  # document_type_problems says what is missing, if the document is a plan
    return PlanInfo(
        delivers=plain["delivers"],
        as_at=dt.date.fromisoformat(plain["as_at"]),
        stage=plain.get("stage", "draft"),
        delivers_mark=meta.entries["delivers"].mark,
    )


def unprinted_report_warnings(meta: Map) -> list[Problem]:
    """A plan version's `report:` (read by csa before report documents) is still valid content, but printed
    nowhere: say where its words go now, rather than drop them silently."""
    node = meta.entries.get("report")
    if node is None:
        return []
    return [
        Problem(
            node.mark,
            "a plan version's report: is no longer printed: a report to the partnership is a report document",
            "start one with csa init NAME --type report --plan PLAN, move these details into its header:, "
            "then remove report: here",
            severity="warning",
        )
    ]


def document_type_problems(doc_type: DocumentType, version: Version) -> list[Problem]:
    """What only an action plan may hold (priority sections, `delivers`), and what it must."""
    problems = []
    if doc_type != "action-plan":  # an agreement or a report
        for chapter in version.chapters:
            if chapter.kind == "priority":
                problems.append(
                    Problem(
                        chapter.priority.mark if chapter.priority else Mark(chapter.source),
                        "a priority section belongs in an action plan, not an agreement",
                        "use kind: chapter, or set type: action-plan in document.yaml",
                    )
                )
        if version.plan is not None:
            problems.append(
                Problem(
                    version.plan.delivers_mark,
                    "only an action plan's version delivers an agreement",
                    "remove delivers and as_at, or set type: action-plan in document.yaml",
                )
            )
        return problems
    if version.plan is None:
        problems.append(
            Problem(
                version.mark,
                "an action plan's version must say which agreement version it delivers and when progress is as at",
                "add delivers: and as_at: to version.yaml",
            )
        )
    for chapter in version.chapters:
        if chapter.priority is not None and chapter.kind != "priority":
            problems.append(
                Problem(chapter.priority.mark, f"priority: is only for kind: priority (this is kind: {chapter.kind})")
            )
    return problems


def part_ids(block: Block) -> list[str]:
    """The anchors a block's parts carry in the page: each action's and each indicator's id."""
    return list(part_words(block))


def part_words(block: Block) -> dict[str, str]:
    """What a reference [](#id) to each action or indicator prints: its words, as in the table."""
    return {part.id: part.words for part in named_parts(block)}


def repeated_id_problems(chapters: Sequence[Chapter]) -> list[Problem]:
    """An action or indicator id given twice in a version, or shared with a block: it names one thing."""
    seen: dict[str, Mark] = {b.id: b.mark for c in chapters for b in c.blocks}
    problems = []
    for noun, part_id, mark in _parts(chapters):
        if part_id in seen:
            first = seen[part_id]
            where = f"line {first.line}" if first.file == mark.file else str(first)
            problems.append(
                Problem(mark, f"{noun} id {part_id!r} is used twice (also at {where})", "give each its own id")
            )
        seen.setdefault(part_id, mark)
    return problems


def _parts(chapters: Sequence[Chapter]) -> Iterator[tuple[str, str, Mark]]:
    for chapter in chapters:
        for block in chapter.blocks:
            yield from ((part.noun, part.id, part.mark) for part in named_parts(block))


def named_parts(block: Block) -> tuple[NamedPart, ...]:
    parts = kind_of(block).named_parts
    return parts(block) if parts else ()


def indicators_by_id(chapters: Iterable[Chapter]) -> dict[str, Indicator]:
    return {i.id: i for c in chapters for b in c.blocks if isinstance(b, Indicators) for i in b.indicators}


def indicator_field_problems(
    target: str, mark: Mark, indicators: dict[str, Indicator], where: str = "this version"
) -> list[Problem]:
    """[](#<indicator-id>.<field>): the indicator must be in this version (or `where` a report reads it),
    the field one of INDICATOR_FIELDS."""
    indicator_id, field = target.split(".", 1)
    if indicator_id not in indicators:
        return [
            Problem(
                mark,
                f"[](#{target}) names no indicator {indicator_id!r} in {where}",
                did_you_mean(indicator_id, list(indicators), "an indicator id"),
            )
        ]
    if field not in INDICATOR_FIELDS:
        return [
            Problem(
                mark,
                f"[](#{target}): indicator {indicator_id!r} has no field {field!r}",
                did_you_mean(field, INDICATOR_FIELDS, "one of: " + ", ".join(INDICATOR_FIELDS)),
            )
        ]
    return []


def did_you_mean(value: str, known: Sequence[str], expected: str) -> str:
    close = difflib.get_close_matches(value, known, n=1)
    return f"did you mean {close[0]!r}?" if close else f"expected {expected}"


def figure_words(version: Version) -> dict[str, str]:
    """What each inline field reference of a version prints: its own indicators', and a report's, those of
    the plan version it reads (Version.figures)."""
    return {**indicator_words(version.chapters), **dict(version.figures)}


def indicator_words(chapters: Iterable[Chapter]) -> dict[str, str]:
    """What each inline field reference prints, by target ("da-incidents.change": "20.7% decrease")."""
    return {
        f"{indicator.id}.{field}": indicator.field(field)
        for indicator in indicators_by_id(chapters).values()
        for field in INDICATOR_FIELDS
    }
