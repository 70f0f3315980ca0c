"""A table cell of the import names a priority by id only while the imported version has that priority.

A reader who deletes the priorities diagram (its picture) in Word takes its priorities
with it; a leads table still naming them by id would not validate. Such a cell is
written as the words it printed, and the review file says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from csa.blocks.diagram import derived_priority_id
from csa.content.writer import flow_row
from csa.word.importing.reading import ChapterIn, Unmapped


def unlink_missing_priorities(chapters: list[ChapterIn], names: Mapping[str, str]) -> list[Unmapped]:
    """Cells naming a priority no imported diagram has, written as their words; `names`: id -> what it printed."""
    known = {found for chapter in chapters for block in chapter.blocks for found in _diagram_ids(block)}
    said = []
    for chapter in chapters:
        for table in (b["table"] for b in chapter.blocks if isinstance(b.get("table"), dict)):
            unlinked = [str(c["priority"]) for c in _unlink(table, known, names)]
            if unlinked:
                said.append(
                    Unmapped(
                        chapter.heading,
                        f"table cells named priorities no priorities diagram of the version has now"
                        f" ({', '.join(unlinked)}): kept as their words",
                    )
                )
    return said


def _unlink(table: dict[str, Any], known: set[str], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Write the table's cells naming an unknown priority as their words; returns those cells."""
    missing = []
    for key, index, row in _rows(table):
        unknown = [c for c in row if isinstance(c, dict) and "priority" in c and str(c["priority"]) not in known]
        if not unknown:
            continue
        cells = flow_row([_as_words(c, names) if any(c is u for u in unknown) else c for c in row])
        if key == "header":
            table["header"] = cells
        else:
            table["rows"][index] = cells
        missing += unknown
    return missing


def _diagram_ids(block: dict[str, Any]) -> Iterator[str]:
    diagram = block.get("diagram")
    named = [*diagram.get("priorities", []), *diagram.get("themes", [])] if isinstance(diagram, dict) else []
    for item in named:
        if isinstance(item, dict) and "id" in item:
            yield str(item["id"])
        else:
            yield derived_priority_id(str(item.get("name", "") if isinstance(item, dict) else item))


def _rows(table: dict[str, Any]) -> Iterator[tuple[str, int, list[Any]]]:
    if isinstance(table.get("header"), list):
        yield "header", 0, table["header"]
    for index, row in enumerate(table.get("rows", [])):
        if isinstance(row, list):
            yield "rows", index, row


def _as_words(cell: dict[str, Any], names: Mapping[str, str]) -> Any:
    priority = str(cell["priority"])
    words = str(cell["text"]) if "text" in cell else names.get(priority, priority)
    spans = {k: cell[k] for k in ("span", "rows") if k in cell}
    return {"text": words, **spans} if spans else words
