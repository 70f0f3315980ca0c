"""Bulleted and numbered lists, nested; their items are compared one by one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from csa.blocks.differ import one_sided, short_name
from csa.blocks.kind import BlockKind
from csa.blocks.read import BlockReader, value
from csa.inline import plain_text
from csa.model import ListBlock, ListItem
from csa.nodes import Map
from csa.textdiff.align import align
from csa.textdiff.pair import Pair
from csa.textdiff.words import similarity, text_diff


def read_list(reader: BlockReader, key: str, block_id: str, node: Map) -> ListBlock:
    return reader.list(block_id, value(node, key), ordered=key == "numbers")


def list_texts(block: ListBlock) -> list[str]:
    return [t for item in block.items for t in item_texts(item)]


def item_texts(item: ListItem) -> list[str]:
    return [item.text, *(list_texts(item.children) if item.children else [])]


def list_pair(old: ListBlock, new: ListBlock, moved: bool, key: str) -> Pair[ListBlock]:
    return Pair("list", key, old, new, children=items_pairs(old.items, new.items, key), moved=moved)


def items_pairs(old: Sequence[ListItem], new: Sequence[ListItem], key: str) -> tuple[Pair[ListItem], ...]:
    def signature(item: ListItem) -> str:
        return " ".join(plain_text(t) for t in item_texts(item))

    def item_similarity(a: ListItem, b: ListItem) -> float:
        return similarity(plain_text(a.text), plain_text(b.text))

    return tuple(_item_pair(a, b, m, key) for a, b, m in align(old, new, signature, item_similarity))


def _item_pair(old: ListItem | None, new: ListItem | None, moved: bool, key: str) -> Pair[ListItem]:
    if old is None or new is None:
        item = old or new
        assert item is not None
        return one_sided("item", f"{key}/{item.id}", old, new, moved, item_texts(item))
    children = items_pairs(old.children.items if old.children else (), new.children.items if new.children else (), key)
    return Pair("item", f"{key}/{new.id}", old, new, (text_diff(old.text, new.text),), children, moved)


def item_name(pair: Pair[Any]) -> str | None:
    """A changed list item's words, if short."""
    return short_name(plain_text(pair.part.text)) if pair.kind == "item" else None


def list_shape(block: ListBlock) -> Any:
    """Ordered or not, and each item's nested list's shape."""
    return block.ordered, [list_shape(i.children) if i.children else None for i in block.items]


KIND: BlockKind[ListBlock] = BlockKind(
    "list",
    ListBlock,
    {"bullets": "A bulleted list", "numbers": "An ordered list (1. 2. 3.)"},
    "list",
    read_list,
    list_texts,
    "list",
    list_pair,
    same_in_place=True,
    parts_noun="list item",
    part_name=item_name,
    shape=list_shape,
)
