"""Headings within a chapter, levels 2 to 4; the chapter's title is level 1."""

from __future__ import annotations

from csa.blocks.differ import short_name
from csa.blocks.kind import BlockKind
from csa.blocks.paragraph import paragraph_texts
from csa.blocks.read import BlockReader, value
from csa.errors import Mark, Problem
from csa.inline import plain_text
from csa.model import Heading, Words
from csa.nodes import Map, to_plain
from csa.textdiff.pair import Pair
from csa.textdiff.words import TextDiff, text_diff


def read_heading(reader: BlockReader, key: str, block_id: str, node: Map) -> Heading:
    """`heading: Text` (level 2) or `heading: {text: Text, level: 3}`."""
    heading = value(node, key)
    if not isinstance(heading, Map):
        _check_no_level_skipped(reader, 2, heading.mark)
        return Heading(block_id, reader.text(heading), mark=node.mark)
    level = heading.entries.get("level")
    number = int(to_plain(level)) if level is not None else 2
    _check_no_level_skipped(reader, number, level.mark if level is not None else heading.mark)
    return Heading(block_id, reader.text(heading.entries["text"]), number, mark=node.mark)


def _check_no_level_skipped(reader: BlockReader, level: int, mark: Mark) -> None:
    """Screen-reader users move by heading level: a level-3 heading needs a level-2 heading above it."""
    if level > reader.heading_level + 1:
        above = "the title" if reader.heading_level == 1 else f"a level-{reader.heading_level} heading"
        reader.problems.append(
            Problem(
                mark,
                f"heading level {level} skips level {level - 1} (the heading above it is {above})",
                f"use level: {reader.heading_level + 1}, or put a level-{level - 1} heading before it",
            )
        )
    reader.heading_level = level


def heading_pair(old: Heading, new: Heading, moved: bool, key: str) -> Pair[Heading]:
    """Its text; and, only when it changed, its level (so the change log and redline say so)."""
    fields: tuple[TextDiff, ...] = (text_diff(old.text, new.text),)
    if old.level != new.level:
        fields += (TextDiff(f"level {old.level}", f"level {new.level}"),)
    return Pair("heading", key, old, new, fields, moved=moved)


def heading_name(heading: Heading) -> str | None:
    """ "'Our approach'": the change log quotes a heading's words when they are short."""
    name = short_name(plain_text(heading.text))
    return repr(name) if name else None


def heading_reference(heading: Heading, words: Words) -> str | None:
    return plain_text(heading.text)


KIND: BlockKind[Heading] = BlockKind(
    "heading",
    Heading,
    {"heading": "A heading within the chapter: its text (level 2), or {text, level: 2, 3 or 4}"},
    "heading",
    read_heading,
    paragraph_texts,
    "heading",
    heading_pair,
    change_log_name=heading_name,
    shape=lambda heading: heading.level,
    cross_reference=heading_reference,
)
