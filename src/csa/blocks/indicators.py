"""Performance indicators (baseline, latest, computed change), printed as a table and charts."""

from __future__ import annotations

from csa.blocks.differ import MAX_NAMED, Described, fields_by_id, listed_changes
from csa.blocks.kind import BlockKind, NamedPart
from csa.blocks.plan_changes import INDICATOR_STATUSES, figure_words, indicator_changes
from csa.blocks.read import BlockReader, items, value
from csa.inline import plain_text
from csa.model import Indicator, Indicators, Reading
from csa.nodes import Map, Node, Scalar, to_plain
from csa.textdiff.pair import Pair


def read_indicators(reader: BlockReader, key: str, block_id: str, node: Map) -> Indicators:
    return Indicators(block_id, tuple(_indicator(reader, i) for i in items(value(node, key))), mark=node.mark)


def _indicator(reader: BlockReader, node: Node) -> Indicator:
    assert isinstance(node, Map)
    plain = to_plain(node)
    source = node.entries.get("source")
    return Indicator(
        id=plain["id"],
        name=reader.text(node.entries["name"]),
        baseline=_reading(node.entries["baseline"]),
        latest=_reading(node.entries["latest"]),
        better=plain.get("better", "none"),
        provisional=plain.get("provisional", False),
        decimals=plain.get("decimals", 0),
        source=_source_citation(reader, source) if source is not None else None,
        focus=plain.get("focus", False),
        mark=node.entries["id"].mark,
    )


def _reading(node: Node) -> Reading:
    plain = to_plain(node)
    return Reading(float(plain["value"]), str(plain["period"]), node.mark)


def _source_citation(reader: BlockReader, node: Node) -> str:
    """The source as a citation of the chapter's footnote `[^label]`, numbered like any other."""
    assert isinstance(node, Scalar)
    return reader.cite(f"[^{node.value}]", node)


def indicators_texts(block: Indicators) -> list[str]:
    return [t for indicator in block.indicators for t in indicator_texts(indicator)]


def indicator_texts(indicator: Indicator) -> list[str]:
    return [indicator.name, figure_words(indicator)]


def indicators_pair(old: Indicators, new: Indicators, moved: bool, key: str) -> Pair[Indicators]:
    fields = fields_by_id(old.indicators, new.indicators, lambda i: i.id, indicator_texts)
    return Pair("indicators", key, old, new, fields, moved=moved)


def describe_indicators(pair: Pair[Indicators]) -> Described:
    """("", ["indicator 'ASB incidents' updated from 812 to 790", "indicator 'Referrals' added"]).

    Updated means its figures changed; each updated indicator says from what to what (more than MAX_NAMED are counted).
    """
    assert pair.old is not None and pair.new is not None
    changes = indicator_changes(pair.old.indicators, pair.new.indicators)
    details = []
    for status in INDICATOR_STATUSES:
        named = [c for c in changes if c.status == status]
        if status == "updated" and 0 < len(named) <= MAX_NAMED:  # each with its figures, old and new
            details += [f"indicator '{c.short}' {c.updated_words}" for c in named]
        else:
            details.append(listed_changes("indicator", [c.short for c in named], status))
    return "", [d for d in details if d]


def indicator_parts(block: Indicators) -> tuple[NamedPart, ...]:
    """Each indicator, named by its name as in the table."""
    return tuple(NamedPart(i.id, plain_text(i.name), "indicator", i.mark) for i in block.indicators)


KIND: BlockKind[Indicators] = BlockKind(
    "indicators",
    Indicators,
    {"indicators": "Performance indicators (baseline, latest, computed change), printed as a table and charts"},
    "indicators",
    read_indicators,
    indicators_texts,
    "indicators table",
    indicators_pair,
    same_in_place=True,
    describe=describe_indicators,
    named_parts=indicator_parts,
)
