"""A report's live blocks: parts read from a named action-plan version (and, through it, the agreement
version it delivers) when the documents are linked (csa.content.reports.link_reports), so a report
says what the plan says. Each is written `{plan: <document id>, version: <plan year>}`; all four
print as paragraphs, each with an optional list, and are compared by what they print.

In a document that numbers paragraphs, each paragraph a live block prints takes the next number of
its section, as a written `numbered:` one does (a list's title and its items do not): the committee
report numbers every paragraph of a section, whoever wrote it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from csa.blocks.kind import BlockKind
from csa.blocks.live_parts import Draft, focus_drafts, priority_drafts, progress_drafts
from csa.blocks.read import BlockReader, value
from csa.model import (
    AgreementPriorities,
    Document,
    FocusIndicators,
    LiveBlock,
    LiveParagraph,
    PlanLink,
    PlanProgress,
    PlanSource,
    Version,
    Words,
)
from csa.nodes import Map, to_plain
from csa.project import page_to_page


def _reader(model: type[LiveBlock]) -> Any:
    def read(reader: BlockReader, key: str, block_id: str, node: Map) -> LiveBlock:
        given = value(node, key)
        plain = to_plain(given)
        return model(block_id, PlanSource(plain["plan"], str(plain["version"]), given.mark), mark=node.mark)

    return read


def live_texts(block: LiveBlock) -> list[str]:
    return [text for p in block.paragraphs for text in (p.text, *p.items)]


Reads = Callable[[Document, Version, Mapping[str, Document]], list[Draft]]  # (plan, its version, documents by id)


def _kind(name: Any, model: type[LiveBlock], key: str, meaning: str, noun: str, reads: Reads) -> BlockKind[Any]:
    def read_plan(plan: Document, version: Version, by_id: Mapping[str, Document]) -> tuple[LiveParagraph, ...]:
        return _paragraphs(reads(plan, version, by_id))

    return BlockKind(
        name,
        model,
        {key: meaning},
        "live",
        _reader(model),
        live_texts,
        noun,
        read_plan=read_plan,
        renumber=renumbered_live,
        cross_reference=live_reference,
        aliases=live_aliases,
    )


def renumbered_live(block: LiveBlock, next_number: Callable[[], str | None]) -> LiveBlock:
    """Each paragraph it prints with the next number of its section (a list's title stays unnumbered)."""
    paragraphs = tuple(dataclasses.replace(p, number=next_number()) if p.numbered else p for p in block.paragraphs)
    return dataclasses.replace(block, paragraphs=paragraphs)


def first_number(block: LiveBlock) -> str | None:
    return next((p.number for p in block.paragraphs if p.number), None)


def live_reference(block: LiveBlock, words: Words) -> str | None:
    """ "paragraph 1.1": its opening paragraph's number, in the document's words; None when unnumbered."""
    number = first_number(block)
    return words.paragraph.format(number=number) if number else None


def live_aliases(block: LiveBlock) -> tuple[str, ...]:
    """It is also reached by its opening paragraph's number, #para-1.1, as a numbered paragraph is."""
    number = first_number(block)
    return (f"para-{number}",) if number else ()


def _paragraphs(drafts: Sequence[Draft]) -> tuple[LiveParagraph, ...]:
    """A draft's text, then each of its lists: a titled list is its title, then its items."""
    out = []
    for text, lists in drafts:
        untitled = [items for title, items in lists if title is None]
        out.append(LiveParagraph(text, untitled[0] if untitled else ()))
        out.extend(LiveParagraph(title, items, numbered=False) for title, items in lists if title is not None)
    return tuple(out)


def _progress(plan: Document, version: Version, by_id: Mapping[str, Document]) -> list[Draft]:
    return progress_drafts(plan, version)


def _focus(plan: Document, version: Version, by_id: Mapping[str, Document]) -> list[Draft]:
    return focus_drafts(version)


def _priorities(plan: Document, version: Version, by_id: Mapping[str, Document]) -> list[Draft]:
    agreement = by_id.get(plan.agreement or "")
    delivered = agreement.version(version.plan.delivers) if agreement and version.plan else None
    if agreement is None or delivered is None:  # the plan's own validation reports it
        return []
    return priority_drafts(agreement, delivered)


def _attached(plan: Document, version: Version, by_id: Mapping[str, Document]) -> list[Draft]:
    """The plan version named and linked: its web page, its PDF and Word document, beside the report's own
    outputs on the site (relative links, the same in the HTML page, the PDF and the Word document)."""
    page, pdf, docx = (page_to_page(plan.id, version.number, fmt) for fmt in ("html", "pdf", "docx"))
    stem = f"{plan.id}-{version.number}"
    title = f"{plan.title} {version.number} ({version.date})"
    return [(f"[{title}]({page}): [{stem}.pdf]({pdf}) and [{stem}.docx]({docx}).", [])]


PROGRESS = _kind(
    "plan_progress",
    PlanProgress,
    "plan_progress",
    "A report: the named plan version's progress since its previous version (counts and changes)",
    "plan progress",
    _progress,
)
FOCUS = _kind(
    "focus_indicators",
    FocusIndicators,
    "focus_indicators",
    "A report: the named plan version's focus indicators, older and newer figures and direction",
    "focus indicators",
    _focus,
)
PRIORITIES = _kind(
    "agreement_priorities",
    AgreementPriorities,
    "agreement_priorities",
    "A report: the priorities and themes of the agreement version the named plan version delivers",
    "agreement priorities",
    _priorities,
)
LINK = _kind(
    "plan_link",
    PlanLink,
    "plan_link",
    "A report: the named plan version, attached (its title, date and files)",
    "attached plan",
    _attached,
)
