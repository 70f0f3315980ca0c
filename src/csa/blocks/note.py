"""Boxed notes: text, or a title with text and bullets (copied from a diagram's includes or written)."""

from __future__ import annotations

from csa.blocks.kind import BlockKind
from csa.blocks.lists import items_pairs, list_texts
from csa.blocks.read import BlockReader, ref, value
from csa.model import Note
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
)
