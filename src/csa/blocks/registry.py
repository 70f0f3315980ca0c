"""The block kinds, in the order the model declares them, and how every stage looks one up.

Each kind declares itself in its own module (csa/blocks/<kind>.py): its reader, schema,
differ texts and pairing, change-log nouns and macros. The stages above the registry (the
Word export, import and redline) attach their per-kind parts with `implements`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csa.blocks import (
    actions,
    chart,
    diagram,
    figure,
    heading,
    indicators,
    lists,
    live,
    note,
    paragraph,
    signature,
    table,
)
from csa.blocks.kind import BlockKind
from csa.model import Block

KINDS: tuple[BlockKind[Any], ...] = (
    paragraph.KIND,
    heading.KIND,
    lists.KIND,
    table.KIND,
    note.KIND,
    figure.KIND,
    signature.KIND,
    diagram.KIND,
    chart.KIND,
    actions.KIND,
    indicators.KIND,
    live.PROGRESS,
    live.FOCUS,
    live.PRIORITIES,
    live.LINK,
)

BY_NAME: dict[str, BlockKind[Any]] = {k.name: k for k in KINDS}
BY_KEY: dict[str, BlockKind[Any]] = {key: k for k in KINDS for key in k.keys}


# The per-kind parts that stages above the registry attach to each entry, and the module
# whose import attaches them (tests/test_blocks.py checks every kind has every slot).
SLOTS: dict[str, str] = {
    "word.write": "csa.word.export.blocks",
    "word.read": "csa.word.importing.blocks",
    "word.revise": "csa.word.redline.blocks",
    "word.as_model": "csa.word.importing.unchanged",
}


def implements(slot: str, kind: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Attach the decorated function to block kind `kind` as its `slot` (one of SLOTS)."""
    if slot not in SLOTS:
        raise ValueError(f"unknown slot {slot!r}; one of {sorted(SLOTS)}")

    def attach(function: Callable[..., Any]) -> Callable[..., Any]:
        BY_NAME[kind].hooks[slot] = function
        return function

    return attach


def kind_of(block: Block) -> BlockKind[Any]:
    return BY_NAME[block.type]


def block_texts(block: Block) -> list[str]:
    """Every text a block holds, in reading order (Markdown source)."""
    return kind_of(block).texts(block)


def block_schema() -> dict[str, Any]:
    """The JSON Schema of one block: exactly one kind's key, plus an optional id."""
    properties: dict[str, Any] = {
        key: {"$ref": f"#/$defs/{kind.schema}", "description": description}
        for kind in KINDS
        for key, description in kind.keys.items()
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "description": "One block: exactly one of the block-type keys, plus an optional id",
        "properties": {**properties, "id": {"$ref": "#/$defs/anchor"}},
        "oneOf": [{"required": [key]} for key in BY_KEY],
    }
