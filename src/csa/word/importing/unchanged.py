"""A block Word left as it was comes back exactly as its chapter file held it.

Word shows what the content makes of its source: a note's bullets copied from the
diagram (`includes_from`), a cell's `|` line breaks, a table's `header_columns`.
A block of a document we exported whose words are still the words of the block it
was exported from (found by its id, word/common/ids.py) is taken from that version's
chapter file, so an untouched export comes back as the same content; a block a
reader changed is taken from Word.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from csa.blocks import BY_KEY, block_texts, implements, kind_of
from csa.content.writer import Word, flow_row
from csa.inline import CITATION, as_references, plain_text, print_references
from csa.model import (
    Block,
    Cell,
    Figure,
    Heading,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Signature,
    Table,
    TableRow,
    Version,
)
from csa.word.importing.reading import ChapterIn

# The slot each kind fills here: an imported block, as written, as the model would hold it.
AS_MODEL = "word.as_model"


def keep_unchanged(chapters: list[ChapterIn], base: Version, base_folder: Path, references: Mapping[str, str]) -> int:
    """Replace each imported block whose words are unchanged by its source block; returns how many were.

    A figure kept so names its image in the base version's figures/ (which the importer copies).
    """
    kept = 0
    present = {str(b["id"]) for c in chapters for b in c.blocks if "id" in b}
    for chapter in chapters:
        old = base.chapter(chapter.id) if chapter.id else None
        if old is None:
            continue
        source = _source_blocks(base_folder / Path(old.source).name)
        by_id = {block.id: (index, block) for index, block in enumerate(old.blocks)}
        for position, origin in enumerate(chapter.origins):
            if origin not in by_id:
                continue
            index, block = by_id[origin]
            raw = source[index] if index < len(source) else None
            if (
                isinstance(raw, dict)
                and _names_present(raw, present)
                and _same(chapter.blocks[position], raw, block, references)
            ):
                chapter.blocks[position] = _as_written(raw)
                kept += 1
    return kept


def _names_present(raw: dict[str, Any], present: set[str]) -> bool:
    """A note that lists a diagram's includes is kept so only while that diagram is (else Word's bullets stay)."""
    note = raw.get("note")
    return not isinstance(note, dict) or "includes_from" not in note or str(note["includes_from"]) in present


def _source_blocks(file: Path) -> list[Any]:
    data = yaml.safe_load(file.read_text(encoding="utf-8")) if file.is_file() else None
    blocks = data.get("blocks") if isinstance(data, dict) else None
    return blocks if isinstance(blocks, list) else []


def _same(imported: dict[str, Any], raw: dict[str, Any], block: Block, references: Mapping[str, str]) -> bool:
    """Same kind, same words in the same parts, same shape (heading level, list nesting, cell spans).

    Words as Word shows them: a reference as the words it prints, a footnote citation not at all
    (its note is compared with the chapter's notes). Both blocks' texts are the ones the version
    diff compares (csa.blocks' `texts`), the imported one's read from it as the model would hold it.
    """
    key = next((k for k in imported if k != "id"), None)
    if key is None or key not in raw:
        return False
    model = imported_model(key, imported[key])
    if model is None:
        return False
    shown = [plain_text(_printed(as_references(CITATION.sub("", t)), references)) for t in block_texts(model)]
    if shown != [plain_text(_printed(t, references)) for t in block_texts(block)]:
        return False
    return bool(_shape(model) == _shape(block))


def _printed(text: str, references: Mapping[str, str]) -> str:
    """A model text with each reference as the words it prints ("section 3")."""
    return print_references(text, references)


def _shape(block: Block) -> Any:
    """What a block's words do not show: a heading's level, a list's nesting, a table's cell spans and header rows."""
    shape = kind_of(block).shape
    return shape(block) if shape is not None else None


def imported_model(key: str, value: Any) -> Block | None:
    """An imported block (`key: value`, as a chapter file writes it) as the model holds it, its texts as written.

    Only what comparing needs: no ids, numbers or checks. None for the kinds restored from the
    YAML the export recorded (the diagram, charts, an action plan's tables), which are compared as they are.
    """
    kind = BY_KEY.get(key)
    if kind is None:
        return None
    as_model: Block | None = kind.hook(AS_MODEL)(key, value)
    return as_model


@implements(AS_MODEL, "paragraph")
def _paragraph(key: str, value: Any) -> Block:
    return Paragraph("", str(value))


@implements(AS_MODEL, "heading")
def _heading(key: str, value: Any) -> Block:
    text, level = (value["text"], value.get("level", 2)) if isinstance(value, dict) else (value, 2)
    return Heading("", str(text), level)


@implements(AS_MODEL, "list")
def _list_block(key: str, value: Any) -> Block:
    return _list(value, key == "numbers")


@implements(AS_MODEL, "table")
def _table(key: str, value: Any) -> Block:
    header = tuple(_cell(c) for c in value.get("header", []))
    rows = tuple(TableRow("", tuple(_cell(c) for c in row)) for row in value.get("rows", []))
    return Table("", header, rows, value.get("caption") or None, value.get("header_rows", 1))


@implements(AS_MODEL, "note")
def _note(key: str, value: Any) -> Block:
    note = value if isinstance(value, dict) else {"text": value}
    bullets = _list(note["bullets"], False) if note.get("bullets") else None
    return Note("", note.get("title"), note.get("text"), bullets)


@implements(AS_MODEL, "figure")
def _figure(key: str, value: Any) -> Block:
    return Figure("", str(value.get("src", "")), "", value["alt"], value.get("caption") or None)


@implements(AS_MODEL, "signature")
def _signature(key: str, value: Any) -> Block:
    return Signature("", value["name"], tuple(value.get("roles", ())))


@implements(AS_MODEL, "diagram")
@implements(AS_MODEL, "chart")
@implements(AS_MODEL, "actions")
@implements(AS_MODEL, "indicators")
@implements(AS_MODEL, "plan_progress")
@implements(AS_MODEL, "focus_indicators")
@implements(AS_MODEL, "agreement_priorities")
@implements(AS_MODEL, "plan_link")
def _restored_as_recorded(key: str, value: Any) -> None:
    """Restored from the YAML the export recorded, so compared as it is: never kept as unchanged here."""
    return None


def _list(items: list[Any], ordered: bool) -> ListBlock:
    read = []
    for item in items:
        if not isinstance(item, dict):
            read.append(ListItem("", str(item)))
            continue
        nested_key = "numbers" if "numbers" in item else "bullets"
        nested = item.get(nested_key)
        read.append(ListItem("", str(item.get("text", "")), _list(nested, nested_key == "numbers") if nested else None))
    return ListBlock("", ordered, tuple(read))


def _cell(cell: Any) -> Cell:
    """A cell's paragraphs and list (its texts), and its spans across and down (its shape)."""
    if not isinstance(cell, dict):
        return Cell((str(cell),))
    paragraphs = [cell["text"]] if "text" in cell else cell.get("paragraphs", [])
    listed = cell.get("bullets") or cell.get("numbers")
    return Cell(
        ("\n\n".join(str(p) for p in paragraphs),),
        _list(listed, "numbers" in cell) if listed else None,
        cell.get("span", 1),
        rows=cell.get("rows", 1),
    )


def _as_written(raw: dict[str, Any]) -> dict[str, Any]:
    """The source block, with its id and table rows written as people write them."""
    block = {("id" if k == "id" else k): (Word(str(v)) if k == "id" else v) for k, v in raw.items()}
    table = block.get("table")
    if isinstance(table, dict):
        table = dict(table)
        if isinstance(table.get("header"), list):
            table["header"] = flow_row(table["header"])
        table["rows"] = [flow_row(r) if isinstance(r, list) else r for r in table.get("rows", [])]
        block["table"] = table
    return block
