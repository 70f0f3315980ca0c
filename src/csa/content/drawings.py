"""Diagram and chart blocks filled in from the blocks they name (read by csa.blocks.read).

A drawing repeats no content: the priorities diagram takes its grey boxes from
a list block (Appendix D's Chief Constable's priorities) and a chart takes its
bars from a table block, both named by block id. Those blocks may be in a later
chapter, so references are resolved once every chapter has been read; each
unknown id, wrong kind of block or non-numeric cell is a Problem at the place
the author has to fix.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable

from csa.errors import Problem, did_you_mean
from csa.model import (
    Bar,
    Block,
    Chapter,
    Chart,
    Column,
    Diagram,
    DiagramWords,
    ListBlock,
    ListItem,
    Note,
    Ref,
    Table,
)


def resolve(chapters: Iterable[Chapter], problems: list[Problem], words: DiagramWords) -> tuple[Chapter, ...]:
    """Chapters with every diagram, chart and includes-note filled in from the blocks it names.

    Diagrams also get the document's words for their headings and key.
    """
    chapters = tuple(chapters)
    blocks = {b.id: b for c in chapters for b in c.blocks}
    resolver = _Resolver(blocks, problems, words)
    resolved = tuple(dataclasses.replace(c, blocks=tuple(resolver.block(b) for b in c.blocks)) for c in chapters)
    # Notes name diagrams, whose own references are now resolved.
    resolver.blocks = {b.id: b for c in resolved for b in c.blocks}
    return tuple(dataclasses.replace(c, blocks=tuple(resolver.note(b) for b in c.blocks)) for c in resolved)


class _Resolver:
    def __init__(self, blocks: dict[str, Block], problems: list[Problem], diagram_words: DiagramWords) -> None:
        self.blocks = blocks
        self.problems = problems
        self.diagram_words = diagram_words

    def block(self, block: Block) -> Block:
        if isinstance(block, Diagram):
            return self._diagram(block)
        if isinstance(block, Chart):
            return self._chart(block)
        return block

    def note(self, block: Block) -> Block:
        if not isinstance(block, Note) or block.includes_from is None:
            return block
        diagram = self._find(block.includes_from, Diagram, "a diagram")
        if not isinstance(diagram, Diagram):
            return block
        if block.bullets is not None:
            self.problems.append(
                Problem(
                    block.includes_from.mark,
                    "a note with includes_from cannot also have bullets (its bullets come from the diagram)",
                    "move the bullets into the diagram's priorities as includes:",
                )
            )
        items = [p for p in diagram.priorities if p.includes]
        if not items:
            self.problems.append(
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

    def _diagram(self, diagram: Diagram) -> Diagram:
        diagram = dataclasses.replace(diagram, words=self.diagram_words)
        if diagram.beside_list is None:
            return diagram
        found = self._find(diagram.beside_list, ListBlock, "a bullets or numbers list")
        if not isinstance(found, ListBlock):
            return diagram
        return dataclasses.replace(diagram, beside=tuple(item.text for item in found.items))

    def _chart(self, chart: Chart) -> Chart:
        table = self._find(chart.table, Table, "a table")
        if not isinstance(table, Table):
            return chart
        columns_ok = all(self._column_exists(c, table) for c in (chart.value_column, chart.label_column))
        if not columns_ok:
            return chart
        value_at, label_at = chart.value_column.number - 1, chart.label_column.number - 1
        bars = []
        for row in table.rows:
            value_cell, label_cell = row.cell_at(value_at), row.cell_at(label_at)
            if value_cell is None or label_cell is None:
                continue  # a short row: reported where the table is read
            value = number(value_cell.text)
            if value is None:
                self.problems.append(
                    Problem(
                        value_cell.mark,
                        f"table cell {value_cell.text!r} is not a number, but the chart at {chart.mark} "
                        f"draws column {chart.value_column.number} of table {table.id!r} as bars",
                        "expected a number of 0 or more, such as 4 or 2.5",
                    )
                )
                continue
            bars.append(Bar(label_cell.text, value))
        return dataclasses.replace(
            chart,
            label_header=table.column_name(label_at),
            value_header=table.column_name(value_at),
            bars=tuple(bars),
        )

    def _column_exists(self, column: Column, table: Table) -> bool:
        if column.number <= table.columns:
            return True
        self.problems.append(
            Problem(
                column.mark,
                f"column {column.number} is beyond the {table.columns} columns of table {table.id!r}",
                f"expected 1 to {table.columns}",
            )
        )
        return False

    def _find(self, target: Ref, kind: type, described: str) -> Block | None:
        """The block `target` names if it is of `kind`; otherwise a problem, with a did-you-mean."""
        block = self.blocks.get(target.id)
        if isinstance(block, kind):
            return block
        if block is not None:
            message = f"block {target.id!r} is a {block.type}, not {described}"
        else:
            message = f"no block has the id {target.id!r} in this version (expected the id of {described})"
        self.problems.append(Problem(target.mark, message, did_you_mean(target.id, self._ids(kind))))
        return None

    def _ids(self, kind: type) -> list[str]:
        return [block_id for block_id, block in self.blocks.items() if isinstance(block, kind)]


def number(cell: str) -> float | None:
    """The cell as a bar length: 0 or more, thousands separators allowed; None if it is not one."""
    try:
        value = float(cell.strip().replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None
