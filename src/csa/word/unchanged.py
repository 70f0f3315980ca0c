"""A block Word left as it was comes back exactly as its chapter file held it.

Word shows what the content makes of its source: a note's bullets copied from the
diagram (`includes_from`), a cell's `|` line breaks, a table's `header_columns`.
A block of a document we exported whose words are still the words of the block it
was exported from (found by its id, word/ids.py) is taken from that version's
chapter file, so an untouched export comes back as the same content; a block a
reader changed is taken from Word.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from csa.blocks import block_texts
from csa.content.writer import Word, flow_row
from csa.inline import CITATION, as_references, plain_text, print_references
from csa.model import Block, Heading, ListBlock, Table, Version
from csa.word.structure import ChapterIn


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
    (its note is compared with the chapter's notes).
    """
    kind = next((k for k in imported if k != "id"), None)
    if kind is None or kind not in raw:
        return False
    texts = dict_texts(kind, imported[kind])
    if texts is None:
        return False
    shown = [plain_text(_printed(as_references(CITATION.sub("", t)), references)) for t in texts]
    if shown != [plain_text(_printed(t, references)) for t in block_texts(block)]:
        return False
    return bool(_shape(kind, imported[kind]) == _model_shape(block))


def _printed(text: str, references: Mapping[str, str]) -> str:
    """A model text with each reference as the words it prints ("section 3")."""
    return print_references(text, references)


def _shape(kind: str, value: Any) -> Any:
    if kind == "heading":
        return value.get("level", 2) if isinstance(value, dict) else 2
    if kind in ("bullets", "numbers"):
        return _list_shape(value, kind == "numbers")
    if kind == "table":
        rows = [value["header"]] if "header" in value else []
        spans = [[c.get("span", 1) if isinstance(c, dict) else 1 for c in row] for row in rows + value.get("rows", [])]
        return spans, value.get("header_rows", 1)
    return None


def _list_shape(items: list[Any], ordered: bool) -> Any:
    shape = []
    for item in items:
        nested = (item.get("bullets") or item.get("numbers")) if isinstance(item, dict) else None
        shape.append(_list_shape(nested, "numbers" in item) if nested else None)
    return ordered, shape


def _model_shape(block: Block) -> Any:
    if isinstance(block, Heading):
        return block.level
    if isinstance(block, ListBlock):
        return _model_list_shape(block)
    if isinstance(block, Table):
        rows = [block.header] if block.header else []
        return [[c.span for c in row] for row in rows + [r.cells for r in block.rows]], block.header_rows
    return None


def _model_list_shape(block: ListBlock) -> Any:
    return block.ordered, [_model_list_shape(i.children) if i.children else None for i in block.items]


def dict_texts(kind: str, value: Any) -> list[str] | None:
    """The texts of an imported block, in the order csa.blocks' `texts` gives a model block's (None: not compared)."""
    if kind in ("paragraph", "numbered"):
        return [str(value)]
    if kind == "heading":
        return [str(value["text"] if isinstance(value, dict) else value)]
    if kind in ("bullets", "numbers"):
        return _list_texts(value)
    if kind == "table":
        cells = [*value.get("header", []), *(c for row in value.get("rows", []) for c in row)]
        caption = [value["caption"]] if value.get("caption") else []
        return caption + [t for cell in cells for t in _cell_texts(cell)]
    if kind == "note":
        note = value if isinstance(value, dict) else {"text": value}
        own = [note[k] for k in ("title", "text") if note.get(k)]
        return own + _list_texts(note.get("bullets", []))
    if kind == "figure":
        return [value["alt"], *([value["caption"]] if value.get("caption") else [])]
    if kind == "signature":
        return [value["name"], *value.get("roles", [])]
    return None


def _list_texts(items: list[Any]) -> list[str]:
    texts: list[str] = []
    for item in items:
        if isinstance(item, dict):
            texts.append(str(item.get("text", "")))
            texts.extend(_list_texts(item.get("bullets") or item.get("numbers") or []))
        else:
            texts.append(str(item))
    return texts


def _cell_texts(cell: Any) -> list[str]:
    if not isinstance(cell, dict):
        return [str(cell)]
    paragraphs = [cell["text"]] if "text" in cell else cell.get("paragraphs", [])
    listed = cell.get("bullets") or cell.get("numbers") or []
    return ["\n\n".join(str(p) for p in paragraphs), *_list_texts(listed)]


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
