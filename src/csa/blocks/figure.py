"""Figures: an image from the version's figures/ folder, with alt text and a caption."""

from __future__ import annotations

from csa.blocks.differ import caption_reference, caption_texts
from csa.blocks.kind import BlockKind
from csa.blocks.read import BlockReader, value
from csa.model import Figure
from csa.nodes import Map, to_plain
from csa.textdiff.pair import Pair
from csa.textdiff.words import TextDiff, text_diff


def read_figure(reader: BlockReader, key: str, block_id: str, node: Map) -> Figure:
    figure = value(node, key)
    assert isinstance(figure, Map)
    plain = to_plain(figure)
    src = plain["src"]
    data_uri = reader.figure(src, figure.entries["src"].mark)
    caption = reader.optional_text(figure.entries.get("caption"))
    return Figure(block_id, src, data_uri, plain["alt"], caption, mark=figure.mark)


def figure_texts(block: Figure) -> list[str]:
    return [block.alt, *caption_texts(block.caption)]


def figure_pair(old: Figure, new: Figure, moved: bool, key: str) -> Pair[Figure]:
    fields: tuple[TextDiff, ...] = (text_diff(old.alt, new.alt), text_diff(old.caption, new.caption))
    if old.data_uri != new.data_uri:
        fields += (text_diff(f"image {old.src} (before)", f"image {new.src} (after)"),)
    return Pair("figure", key, old, new, fields, moved=moved)


KIND: BlockKind[Figure] = BlockKind(
    "figure",
    Figure,
    {"figure": "An image from this version's figures/ folder, with alt text"},
    "figure",
    read_figure,
    figure_texts,
    "figure",
    figure_pair,
    same_in_place=True,
    cross_reference=caption_reference,
)
