"""Paragraphs: numbered (n.m, from their order in the chapter) or not."""

from __future__ import annotations

from csa.blocks.kind import BlockKind
from csa.blocks.read import BlockReader, value
from csa.model import Heading, Paragraph
from csa.nodes import Map


def read_paragraph(reader: BlockReader, key: str, block_id: str, node: Map) -> Paragraph:
    number = reader.next_number() if key == "numbered" else None
    return Paragraph(block_id, reader.text(value(node, key)), number, mark=node.mark)


def paragraph_texts(block: Paragraph | Heading) -> list[str]:
    return [block.text]


KIND: BlockKind[Paragraph] = BlockKind(
    "paragraph",
    Paragraph,
    {"numbered": "A numbered paragraph (numbered n.m from its order)", "paragraph": "An unnumbered paragraph"},
    "text",
    read_paragraph,
    paragraph_texts,
    "paragraph",
)
