"""Boxed notes: text, or a title with text and bullets (copied from a diagram's includes or written)."""

from __future__ import annotations

import dataclasses

from csa.blocks.kind import BlockKind, Resolver
from csa.blocks.lists import items_pairs, list_texts
from csa.blocks.read import BlockReader, ref, value
from csa.errors import Problem
from csa.model import Diagram, ListBlock, ListItem, Note
from csa.nodes import Map, Scalar
from csa.textdiff.pair import Pair
from csa.textdiff.words import text_diff


def read_note(reader: BlockReader, key: str, block_id: str, node: Map) -> Note:
    note = value(node, key)
    if isinstance(note, Scalar):
        return Note(block_id, None, reader.text(note), None, mark=note.mark)
    assert isinstance(note, Map)
    bullets, includes = note.entries.get("bullets"), note.entries.get("includes_from")
    return Note(
        block_id,
        reader.optional_text(note.entries.get("title")),
        reader.optional_text(note.entries.get("text")),
        reader.list(f"{block_id}-list", bullets, ordered=False) if bullets else None,
        ref(includes) if includes else None,
        mark=note.mark,
    )


def note_texts(block: Note) -> list[str]:
    return [t for t in (block.title, block.text) if t] + (list_texts(block.bullets) if block.bullets else [])


def note_copies_its_bullets(note: Note) -> bool:
    return note.includes_from is not None


def note_pair(old: Note, new: Note, moved: bool, key: str) -> Pair[Note]:
    fields = (text_diff(old.title, new.title), text_diff(old.text, new.text))
    children = items_pairs(old.bullets.items if old.bullets else (), new.bullets.items if new.bullets else (), key)
    return Pair("note", key, old, new, fields, children, moved)


def resolve_note(resolver: Resolver, block: Note) -> Note:
    """A note listing a diagram's includes (`includes_from`) gets them as its bullets."""
    if block.includes_from is None:
        return block
    diagram = resolver.find(block.includes_from, Diagram, "a diagram")
    if diagram is None:
        return block
    if block.bullets is not None:
        resolver.problems.append(
            Problem(
                block.includes_from.mark,
                "a note with includes_from cannot also have bullets (its bullets come from the diagram)",
                "move the bullets into the diagram's priorities as includes:",
            )
        )
    items = [p for p in diagram.priorities if p.includes]
    if not items:
        resolver.problems.append(
            Problem(
                block.includes_from.mark,
                f"diagram {diagram.id!r} gives no priority an includes: text, so the note would be empty",
            )
        )
    list_id = f"{block.id}-list"
    bullets = ListBlock(
        list_id,
        ordered=False,
        items=tuple(
            ListItem(f"{list_id}-{i}", f"{p.name} includes: {p.includes}", mark=p.mark)
            for i, p in enumerate(items, start=1)
        ),
        mark=block.includes_from.mark,
    )
    return dataclasses.replace(block, bullets=bullets)


KIND: BlockKind[Note] = BlockKind(
    "note",
    Note,
    {"note": "A boxed note: text, or a title with text and bullets"},
    "note",
    read_note,
    note_texts,
    "note",
    note_pair,
    same_in_place=True,
    copies_parts=note_copies_its_bullets,
    resolve=resolve_note,
    resolves_late=True,
)
