"""Table cells that name a priority of the diagram by id: `{priority: road-safety}`.

A leads table names each priority once, in the diagram, and refers to it by id,
so renaming a priority renames its row and the action plan can find its lead.
The cell prints the priority's name, or the `text:` written beside the id (the
words as published, where they differ from the diagram's). The diagram may be
in another chapter, so cells are filled in once every chapter has been read; an
id no priority or theme has is a Problem at the cell, with a did-you-mean.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from csa.errors import Problem, did_you_mean
from csa.model import Block, Cell, Chapter, Diagram, Priority, Table, Theme


def fill_priority_cells(chapters: Iterable[Chapter], problems: list[Problem]) -> tuple[Chapter, ...]:
    """Chapters whose table cells naming a priority show its name (unless they give their own text)."""
    chapters = tuple(chapters)
    names: dict[str, str] = {}
    for diagram in (b for c in chapters for b in c.blocks if isinstance(b, Diagram)):
        named: tuple[Priority | Theme, ...] = (*diagram.priorities, *diagram.themes)
        for item in named:
            names.setdefault(item.id, item.name)

    def cell(found: Cell) -> Cell:
        if found.priority is None:
            return found
        name = names.get(found.priority.id)
        if name is None:
            problems.append(_unknown(found, list(names)))
            return found
        return found if found.paragraphs else dataclasses.replace(found, paragraphs=(name,))

    def block(found: Block) -> Block:
        if not isinstance(found, Table) or not any(c.priority for c in _cells(found)):
            return found
        rows = tuple(dataclasses.replace(r, cells=tuple(cell(c) for c in r.cells)) for r in found.rows)
        return dataclasses.replace(found, header=tuple(cell(c) for c in found.header), rows=rows)

    return tuple(dataclasses.replace(c, blocks=tuple(block(b) for b in c.blocks)) for c in chapters)


def _unknown(cell: Cell, known: list[str]) -> Problem:
    assert cell.priority is not None
    where = "this version's priorities diagram" if known else "this version, which has no priorities diagram"
    return Problem(
        cell.priority.mark,
        f"table cell names priority {cell.priority.id!r}, but no priority or theme has that id in {where}",
        did_you_mean(cell.priority.id, known),
    )


def _cells(table: Table) -> Iterable[Cell]:
    yield from table.header
    for row in table.rows:
        yield from row.cells
