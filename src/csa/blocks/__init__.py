"""Every kind of block, declared once.

A block kind is read from YAML (its keys and reader), checked (its schema
definition), held in the model (its class), compared (its texts and pairing),
named in the version-control table (its noun and description) and rendered
(its template macro in templates/macros/blocks.html.j2, named after the kind;
its Word writer, reader and redline marker: hooks in csa/word/*/blocks.py, see SLOTS).
Every stage looks the kind up here; adding a kind means adding its model
class, one `BlockKind` below, its schema definition, one macro and one Word writer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from csa.blocks import differ, read
from csa.content.load import Map
from csa.diff.pair import Pair
from csa.model import (
    ActionsBlock,
    Block,
    BlockType,
    Chart,
    Diagram,
    Figure,
    Heading,
    Indicators,
    ListBlock,
    Note,
    Paragraph,
    Signature,
    Table,
)

B = TypeVar("B", bound=Block)


@dataclass(frozen=True)
class BlockKind(Generic[B]):
    name: BlockType  # the model's `type`, the differ's kind and the template macro's name
    model: type[B]
    keys: Mapping[str, str]  # YAML key -> what it means, for the schema and editors
    schema: str  # the definition its value must match, in chapter.schema.json's $defs
    read: Callable[[read.BlockReader, str, str, Map], B]  # (reader, key, block id, block node)
    texts: Callable[[B], list[str]]  # every text it holds, in reading order
    noun: str  # how the version-control table names one: "paragraph", "priorities diagram"
    pair: Callable[[B, B, bool, str], Pair[B]] | None = None  # (old, new, moved, key); None: text by text
    # Rewritten in place it is still the same block, revised (its parts are compared one by one).
    same_in_place: bool = False
    parts_noun: str | None = None  # "list item": a revised block is described by its changed parts
    # What a revised block is and what changed in it ("priorities diagram", ["theme 'X' added"]);
    # None: "<noun> revised", or its changed parts counted when it has `parts_noun`.
    describe: Callable[[Pair[B]], tuple[str, list[str]]] | None = None
    # Its parts are copied from another block (a note listing a diagram's includes): the
    # redline marks them, the change log names only the block they come from.
    copies_parts: Callable[[B], bool] | None = None
    # What the stages above implement for this kind (its Word writer, reader and tracked-change
    # reviser), attached by those stages with `@implements(slot, kind)`: the registry stays below
    # them, yet the entry holds every per-kind part. See SLOTS and `hook`.
    hooks: dict[str, Callable[..., Any]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def macro(self) -> str:
        """Its HTML macro in templates/macros/blocks.html.j2."""
        return self.name

    @property
    def redline_macro(self) -> str:
        """Its redline macro in templates/redline/macros.html.j2 (a generic one where absent)."""
        return f"revised_{self.name}"

    def hook(self, slot: str) -> Callable[..., Any]:
        """The function a stage attached for this kind under `slot` (one of SLOTS)."""
        try:
            return self.hooks[slot]
        except KeyError:
            raise LookupError(
                f"block kind {self.name!r} has no {slot!r}: the stage that owns it registers it "
                f"with @implements({slot!r}, {self.name!r})"
            ) from None

    def compare(self, old: B, new: B, moved: bool, key: str) -> Pair[B]:
        if self.pair is not None:
            return self.pair(old, new, moved, key)
        compared: Pair[B] = differ.whole(self.name, self.texts)(old, new, moved, key)
        return compared


KINDS: tuple[BlockKind[Any], ...] = (
    BlockKind(
        "paragraph",
        Paragraph,
        {"numbered": "A numbered paragraph (numbered n.m from its order)", "paragraph": "An unnumbered paragraph"},
        "text",
        read.read_paragraph,
        differ.paragraph_texts,
        "paragraph",
    ),
    BlockKind(
        "heading",
        Heading,
        {"heading": "A heading within the chapter: its text (level 2), or {text, level: 2, 3 or 4}"},
        "heading",
        read.read_heading,
        differ.paragraph_texts,
        "heading",
        differ.heading_pair,
    ),
    BlockKind(
        "list",
        ListBlock,
        {"bullets": "A bulleted list", "numbers": "An ordered list (1. 2. 3.)"},
        "list",
        read.read_list,
        differ.list_texts,
        "list",
        differ.list_pair,
        same_in_place=True,
        parts_noun="list item",
    ),
    BlockKind(
        "table",
        Table,
        {"table": "A table: header, rows, optional caption; rows are known by their first cell"},
        "table",
        read.read_table,
        differ.table_texts,
        "table",
        differ.table_pair,
        same_in_place=True,
        parts_noun="table row",
    ),
    BlockKind(
        "note",
        Note,
        {"note": "A boxed note: text, or a title with text and bullets"},
        "note",
        read.read_note,
        differ.note_texts,
        "note",
        differ.note_pair,
        same_in_place=True,
        copies_parts=differ.note_copies_its_bullets,
    ),
    BlockKind(
        "figure",
        Figure,
        {"figure": "An image from this version's figures/ folder, with alt text"},
        "figure",
        read.read_figure,
        differ.figure_texts,
        "figure",
        differ.figure_pair,
        same_in_place=True,
    ),
    BlockKind(
        "signature",
        Signature,
        {"signature": "A name and roles, as signed"},
        "signature",
        read.read_signature,
        differ.signature_texts,
        "signature",
    ),
    BlockKind(
        "diagram",
        Diagram,
        {"diagram": "The priorities diagram, drawn from its priorities and themes"},
        "diagram",
        read.read_diagram,
        differ.diagram_texts,
        "priorities diagram",
        same_in_place=True,
        describe=differ.describe_diagram,
    ),
    BlockKind(
        "chart",
        Chart,
        {"chart": "A bar chart drawn from a column of a table block"},
        "chart",
        read.read_chart,
        differ.chart_texts,
        "chart",
        differ.chart_pair,
        same_in_place=True,
        describe=differ.describe_chart,
    ),
    BlockKind(
        "actions",
        ActionsBlock,
        {"actions": "An action plan's actions (id, action, lead, due, status, measure, progress), printed as a table"},
        "actions",
        read.read_actions,
        differ.actions_texts,
        "actions table",
        differ.actions_pair,
        same_in_place=True,
        describe=differ.describe_actions,
    ),
    BlockKind(
        "indicators",
        Indicators,
        {"indicators": "Performance indicators (baseline, latest, computed change), printed as a table and charts"},
        "indicators",
        read.read_indicators,
        differ.indicators_texts,
        "indicators table",
        differ.indicators_pair,
        same_in_place=True,
        describe=differ.describe_indicators,
    ),
)

BY_NAME: dict[str, BlockKind[Any]] = {k.name: k for k in KINDS}
BY_KEY: dict[str, BlockKind[Any]] = {key: k for k in KINDS for key in k.keys}


# The per-kind parts that stages above the registry attach to each entry, and the module
# whose import attaches them (tests/test_blocks.py checks every kind has every slot).
SLOTS: dict[str, str] = {
    "word.write": "csa.word.export.blocks",
    "word.read": "csa.word.importing.blocks",
    "word.revise": "csa.word.redline.blocks",
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
