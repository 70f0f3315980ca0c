"""A report's live blocks: parts read from a named action-plan version (and, through it, the agreement
version it delivers) when the documents are linked (csa.content.reports.link_reports), so a report
says what the plan says. Each is written `{plan: <document id>, version: <plan year>}`; all four
print as paragraphs, each with an optional list, and are compared by what they print.
"""

from __future__ import annotations

from typing import Any

from csa.blocks.kind import BlockKind
from csa.blocks.read import BlockReader, value
from csa.model import AgreementPriorities, FocusIndicators, LiveBlock, PlanLink, PlanProgress, PlanSource
from csa.nodes import Map, to_plain


def _reader(model: type[LiveBlock]) -> Any:
    def read(reader: BlockReader, key: str, block_id: str, node: Map) -> LiveBlock:
        given = value(node, key)
        plain = to_plain(given)
        return model(block_id, PlanSource(plain["plan"], str(plain["version"]), given.mark), mark=node.mark)

    return read


def live_texts(block: LiveBlock) -> list[str]:
    return [text for p in block.paragraphs for text in (p.text, *p.items)]


def _kind(name: Any, model: type[LiveBlock], key: str, meaning: str, noun: str) -> BlockKind[Any]:
    return BlockKind(name, model, {key: meaning}, "live", _reader(model), live_texts, noun)


PROGRESS = _kind(
    "plan_progress",
    PlanProgress,
    "plan_progress",
    "A report: the named plan version's progress since its previous version (counts and changes)",
    "plan progress",
)
FOCUS = _kind(
    "focus_indicators",
    FocusIndicators,
    "focus_indicators",
    "A report: the named plan version's focus indicators, older and newer figures and direction",
    "focus indicators",
)
PRIORITIES = _kind(
    "agreement_priorities",
    AgreementPriorities,
    "agreement_priorities",
    "A report: the priorities and themes of the agreement version the named plan version delivers",
    "agreement priorities",
)
LINK = _kind(
    "plan_link",
    PlanLink,
    "plan_link",
    "A report: the named plan version, attached (its title, date and files)",
    "attached plan",
)
