"""Paragraphs: numbered (n.m, from their order in the chapter) or not."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from csa.blocks.kind import BlockKind
from csa.blocks.read import BlockReader, value
from csa.model import Heading, Paragraph, Words
from csa.nodes import Map


def read_paragraph(reader: BlockReader, key: str, block_id: str, node: Map) -> Paragraph:
    number = reader.next_number() if key == "numbered" else None
    return Paragraph(block_id, reader.text(value(node, key)), number, mark=node.mark)


def paragraph_texts(block: Paragraph | Heading) -> list[str]:
    return [block.text]


def paragraphs_comparable(old: Paragraph, new: Paragraph) -> bool:
    """A numbered paragraph is never an unnumbered one rewritten."""
    return (old.number is None) == (new.number is None)


def paragraph_number(paragraph: Paragraph) -> str | None:
    return paragraph.number


def paragraph_reference(paragraph: Paragraph, words: Words) -> str | None:
    """ "paragraph 3.6", in the document's words; None for an unnumbered one."""
    return words.paragraph.format(number=paragraph.number) if paragraph.number else None


def renumbered_paragraph(paragraph: Paragraph, next_number: Callable[[], str | None]) -> Paragraph:
    """A numbered paragraph with the next number of its section; an unnumbered one as it is."""
    return dataclasses.replace(paragraph, number=next_number()) if paragraph.number else paragraph


def paragraph_aliases(paragraph: Paragraph) -> tuple[str, ...]:
    """A numbered paragraph is also reached by its number: #para-3.6."""
    return (f"para-{paragraph.number}",) if paragraph.number else ()


KIND: BlockKind[Paragraph] = BlockKind(
    "paragraph",
    Paragraph,
    {"numbered": "A numbered paragraph (numbered n.m from its order)", "paragraph": "An unnumbered paragraph"},
    "text",
    read_paragraph,
    paragraph_texts,
    "paragraph",
    comparable=paragraphs_comparable,
    change_log_name=paragraph_number,
    former_when_removed=True,
    cross_reference=paragraph_reference,
    aliases=paragraph_aliases,
    renumber=renumbered_paragraph,
)
