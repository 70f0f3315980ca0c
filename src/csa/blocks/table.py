"""Tables: a header, rows known by their first cell, an optional caption; cells may hold lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from csa.blocks.differ import caption_reference, caption_texts, one_sided, padded, short_name
from csa.blocks.kind import BlockKind
from csa.blocks.lists import list_pair, list_texts
from csa.blocks.read import BlockReader, cell_text_nodes, items, slug, value
from csa.errors import Problem
from csa.inline import plain_text
from csa.model import Cell, ListBlock, Table, TableRow
from csa.nodes import Map, Node, to_plain
from csa.textdiff.align import align
from csa.textdiff.pair import Pair
from csa.textdiff.words import similarity, text_diff


def read_table(reader: BlockReader, key: str, block_id: str, node: Map) -> Table:
    table = value(node, key)
    assert isinstance(table, Map)
    caption = reader.optional_text(table.entries.get("caption"))  # read first, as printed: footnotes number in order
    header_node = table.entries.get("header")
    header = (
        tuple(reader.cell(c, f"{block_id}-header-cell{i}") for i, c in enumerate(items(header_node), 1))
        if header_node
        else ()
    )
    read_rows = []
    used: set[str] = set()
    for i, row in enumerate(items(table.entries["rows"]), start=1):
        row_id = _row_id(block_id, _first_text(row), i, used)
        cells = tuple(reader.cell(c, f"{row_id}-cell{n}") for n, c in enumerate(items(row), start=1))
        read_rows.append(TableRow(row_id, cells, mark=row.mark))
    header_rows = _count(table, "header_rows")
    head = (1 if header else 0) + max(header_rows - 1, 0)
    covered, span_problems = row_spans(
        [header, *(r.cells for r in read_rows)] if header else [r.cells for r in read_rows], head
    )
    rows = [replace(r, covered=c) for r, c in zip(read_rows, covered[1:] if header else covered, strict=True)]
    reader.problems.extend(span_problems)
    read = Table(
        block_id,
        header,
        tuple(rows),
        caption,
        header_rows,
        _count(table, "header_columns"),
        mark=table.mark,
    )
    reader.problems.extend(table_problems(read, table))
    return read


def _first_text(row: Node) -> str:
    """What a row's id comes from: the priority its first cell names, else that cell's words as written."""
    first = items(row)[0]
    if isinstance(first, Map) and "priority" in first.entries:
        return str(to_plain(first.entries["priority"]))
    texts = cell_text_nodes(first) if isinstance(first, Map) else (first,)
    return str(to_plain(texts[0])) if texts else ""


def _count(table: Map, key: str) -> int:
    given = table.entries.get(key)
    return int(to_plain(given)) if given is not None else 1


def table_problems(table: Table, node: Map) -> list[Problem]:
    """Every row fills every column, and the table has headers (or says which it has none of)."""
    problems = [p for row in table.rows if (p := _row_width_problem(row, table)) is not None]
    header = node.entries.get("header")
    if table.header_rows > 0 and header is None:
        problems.append(
            Problem(
                node.mark,
                "table has no header (expected header: [...] before rows)",
                "for a table without a header row, write header_rows: 0",
            )
        )
    elif table.header_rows == 0 and header is not None:
        problems.append(Problem(header.mark, "table has a header but header_rows: 0", "remove one of them"))
    if table.header_rows == 0 and table.header_columns == 0:
        problems.append(
            Problem(
                node.mark,
                "table has neither a header row nor a header column, so no cell says what the others mean",
                "remove header_rows: 0 or header_columns: 0",
            )
        )
    if table.header_rows - 1 >= len(table.rows):
        problems.append(
            Problem(
                node.entries["header_rows"].mark,
                f"header_rows: {table.header_rows} leaves no rows under the header",
                f"expected at most {len(table.rows)}",
            )
        )
    if "header_columns" in node.entries and table.header_columns >= table.columns > 0:
        problems.append(
            Problem(
                node.entries["header_columns"].mark,
                f"header_columns: {table.header_columns} leaves no columns beside the header column",
                f"expected at most {table.columns - 1}",
            )
        )
    return problems


def row_spans(grid: Sequence[Sequence[Cell]], head: int) -> tuple[list[frozenset[int]], list[Problem]]:
    """The columns each row leaves to cells spanning down from above (`rows: N`), and where a
    span runs past its part of the table (the header rows, or the body) or overlaps a cell.

    `grid` is every row's cells, the header row first; its first `head` rows are header rows.
    """
    below: dict[int, tuple[int, Cell]] = {}  # column -> (rows below still covered, the cell covering them)
    covered_by_row: list[frozenset[int]] = []
    problems: list[Problem] = []
    for index, cells in enumerate(grid):
        covered = frozenset(below)
        covered_by_row.append(covered)
        spanning: dict[int, tuple[int, Cell]] = {}
        for cell, start in zip(cells, TableRow("", tuple(cells), covered=covered).starts, strict=True):
            overlapped = next((c for c in range(start, start + cell.span) if c in covered), None)
            if overlapped is not None:
                problems.append(_overlap_problem(cell, below[overlapped][1]))
            if cell.rows > 1:
                end = head if index < head else len(grid)
                if index + cell.rows > end:
                    problems.append(_past_end_problem(cell, end - index - 1, index < head))
                spanning.update({c: (cell.rows - 1, cell) for c in range(start, start + cell.span)})
        below = {c: (n - 1, cell) for c, (n, cell) in below.items() if n > 1} | spanning
    return covered_by_row, problems


def _overlap_problem(cell: Cell, above: Cell) -> Problem:
    return Problem(
        cell.mark,
        f"table cell overlaps the cell above it at line {above.mark.line}, which spans down into this row"
        f" (rows: {above.rows})",
        "leave the covered cell out of this row, or make rows: smaller",
    )


def _past_end_problem(cell: Cell, following: int, in_header: bool) -> Problem:
    where = "the header rows" if in_header else "the table"
    follow = f"only {following} row follows" if following == 1 else f"only {following} rows follow"
    if following == 0:
        follow = "no row follows"
    return Problem(
        cell.mark,
        f"table cell spans {cell.rows} rows but {follow} it in {where}",
        f"expected rows: {following + 1} at most",
    )


def _row_width_problem(row: TableRow, table: Table) -> Problem | None:
    width, expected = row.width, table.columns
    if width == expected or _crosses_covered(row):
        return None  # an overlap is said once, at the cell (row_spans)
    if row.covered:
        return _beside_covered_problem(row, expected)
    per = "one per header" if table.header else "as in the first row"
    has = f"table row has {len(row.cells)} {'cell' if len(row.cells) == 1 else 'cells'}"
    if width != len(row.cells):
        has += f" covering {width} columns"
    if width > expected:
        # Cells added by an unquoted comma are the usual cause; with spans, a span too wide.
        hint = "put a cell that contains a comma in quotes" if width == len(row.cells) else "make a span smaller"
        return Problem(row.mark, f"{has} (expected at most {expected}, {per})", hint)
    return Problem(row.mark, f"{has} (expected {expected}, {per}; a cell can span columns with span: N)")


def _beside_covered_problem(row: TableRow, expected: int) -> Problem:
    """A row some of whose columns a cell above covers (rows: N): its own cells fill the rest."""
    own, covered = row.width - len(row.covered), len(row.covered)
    message = (
        f"table row's cells cover {own} columns, but a cell above covers {covered} of the {expected}"
        f" here, leaving {expected - covered}"
    )
    if own > expected - covered:
        return Problem(
            row.mark, message, "leave out the cells a cell above covers with rows:, or make its rows: smaller"
        )
    return Problem(row.mark, message, "add the missing cells, or make a span larger")


def _crosses_covered(row: TableRow) -> bool:
    return any(row.covered & set(range(s, s + c.span)) for c, s in zip(row.cells, row.starts, strict=True))


def _row_id(table_id: str, first_cell: str, index: int, used: set[str]) -> str:
    """Rows are known by their first column, so a row keeps its id when rows move."""
    row_id = f"{table_id}-{slug(first_cell)[:40] or f'row{index}'}"
    while row_id in used:
        row_id += f"-{index}"
    used.add(row_id)
    return row_id


def table_texts(block: Table) -> list[str]:
    cells = (*block.header, *(c for r in block.rows for c in r.cells))
    return [*caption_texts(block.caption), *(t for c in cells for t in cell_texts(c))]


def cell_texts(cell: Cell) -> list[str]:
    """A cell's text, then its list's items."""
    return [cell.text, *(list_texts(cell.list) if cell.list else [])]


def table_pair(old: Table, new: Table, moved: bool, key: str) -> Pair[Table]:
    header = tuple(text_diff(a, b) for a, b in padded(_texts(old.header), _texts(new.header)))
    caption = (text_diff(old.caption, new.caption),)

    def first_column(row: TableRow) -> str:
        return plain_text(row.cells[0].text).lower() if row.cells else ""

    def row_similarity(a: TableRow, b: TableRow) -> float:
        return similarity(first_column(a), first_column(b))

    rows: list[Pair[TableRow]] = []
    for a, b, m in align(old.rows, new.rows, _row_signature, row_similarity, threshold=0.6):
        if a is None or b is None:
            row = a or b
            assert row is not None
            texts = [t for c in row.cells for t in cell_texts(c)]
            rows.append(one_sided("row", f"{key}/{row.id}", a, b, m, texts))
            continue
        cells = tuple(text_diff(x, y) for x, y in padded(_texts(a.cells), _texts(b.cells)))
        rows.append(Pair("row", f"{key}/{b.id}", a, b, cells, _cell_lists_pairs(a, b, f"{key}/{b.id}"), m))
    return Pair("table", key, old, new, caption + header, tuple(rows), moved)


def _row_signature(row: TableRow) -> str:
    """Rows are paired by the priority their first cell names (however it is worded), else by its words."""
    first = row.cells[0] if row.cells else None
    if first is not None and first.priority is not None:
        return f"priority:{first.priority.id}"
    return plain_text(first.text).lower() if first is not None else ""


def _texts(cells: Sequence[Cell]) -> list[str]:
    return [c.text for c in cells]


def _cell_lists_pairs(old: TableRow, new: TableRow, key: str) -> tuple[Pair[ListBlock], ...]:
    """The lists in a row's cells, item by item: one pair per cell (by position) if any cell has a list."""
    if not any(c.list for c in (*old.cells, *new.cells)):
        return ()

    def list_in(row: TableRow, index: int) -> ListBlock:
        cell = row.cells[index] if index < len(row.cells) else None
        return cell.list if cell and cell.list else ListBlock(f"{row.id}-cell{index + 1}", False, ())

    count = max(len(old.cells), len(new.cells))
    return tuple(list_pair(list_in(old, i), list_in(new, i), False, f"{key}/cell{i + 1}") for i in range(count))


def row_name(pair: Pair[Any]) -> str | None:
    """A changed table row's first cell, if short."""
    return short_name(plain_text(pair.part.cells[0].text)) if pair.kind == "row" else None


def table_shape(table: Table) -> Any:
    """Each row's cell spans (across, and down where a cell spans rows), and how many rows are headers."""
    rows = [table.header] if table.header else []
    spans = [[c.span if c.rows == 1 else (c.span, c.rows) for c in row] for row in rows + [r.cells for r in table.rows]]
    return spans, table.header_rows


KIND: BlockKind[Table] = BlockKind(
    "table",
    Table,
    {"table": "A table: header, rows, optional caption; rows are known by their first cell"},
    "table",
    read_table,
    table_texts,
    "table",
    table_pair,
    same_in_place=True,
    parts_noun="table row",
    part_name=row_name,
    shape=table_shape,
    fields_noun="table heading",
    cross_reference=caption_reference,
)
