"""Reading blocks from YAML nodes (already checked against the schema) into the model.

`BlockReader` holds what every kind's reader shares: the chapter being read,
paragraph numbering, the inline-Markdown checks and the problems found. Each
kind's own reader is a function registered in `csa.blocks`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, Protocol

from csa.errors import Mark, Problem
from csa.inline import plain_text
from csa.model import (
    Action,
    ActionsBlock,
    Cell,
    Chart,
    Column,
    Diagram,
    Figure,
    Heading,
    Indicator,
    Indicators,
    ListBlock,
    Note,
    Paragraph,
    Priority,
    Progress,
    Reading,
    Ref,
    Signature,
    Table,
    TableRow,
    Theme,
)
from csa.nodes import Map, Node, Scalar, Seq, to_plain


class BlockReader(Protocol):
    """What a kind's reader asks of the chapter being read (content/chapter_reader.py implements it):
    checked texts with their footnotes numbered, paragraph numbers, lists and cells, the version's
    figure files, and where to report problems."""

    problems: list[Problem]
    heading_level: int  # of the last heading read: the chapter's title is level 1

    def next_number(self) -> str | None: ...
    def text(self, node: Node) -> str: ...
    def optional_text(self, node: Node | None) -> str | None: ...
    def list(self, block_id: str, node: Node, ordered: bool) -> ListBlock: ...
    def cell(self, node: Node, list_id: str) -> Cell: ...
    def cite(self, label: str, node: Scalar) -> str: ...
    def figure(self, src: str, mark: Mark) -> str: ...


def value(node: Map, key: str) -> Node:
    return node.entries[key]


def items(node: Node) -> tuple[Node, ...]:
    assert isinstance(node, Seq)
    return node.items


def ref(node: Node) -> Ref:
    return Ref(str(to_plain(node)), node.mark)


# -- each kind's reader: (reader, YAML key, block id, the block's node) -> model ---------


def read_paragraph(reader: BlockReader, key: str, block_id: str, node: Map) -> Paragraph:
    number = reader.next_number() if key == "numbered" else None
    return Paragraph(block_id, reader.text(value(node, key)), number, mark=node.mark)


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


def read_list(reader: BlockReader, key: str, block_id: str, node: Map) -> ListBlock:
    return reader.list(block_id, value(node, key), ordered=key == "numbers")


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
    rows = []
    used: set[str] = set()
    for i, row in enumerate(items(table.entries["rows"]), start=1):
        row_id = _row_id(block_id, _first_text(row), i, used)
        cells = tuple(reader.cell(c, f"{row_id}-cell{n}") for n, c in enumerate(items(row), start=1))
        rows.append(TableRow(row_id, cells, mark=row.mark))
    read = Table(
        block_id,
        header,
        tuple(rows),
        caption,
        _count(table, "header_rows"),
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


def cell_form_problems(cell: Map) -> list[Problem]:
    """What the schema cannot say in words: what a cell mapping must hold, and what not together."""
    keys = set(cell.entries)
    if "priority" in keys:
        extra = sorted(keys - {"priority", "text", "span"})
        if not extra:
            return []
        return [
            Problem(
                cell.entries[extra[0]].mark,
                f"a table cell naming a priority cannot have {extra[0]}: (it prints the priority's name, or its text:)",
                "remove it, or drop priority: and write the cell out",
            )
        ]
    if not keys & {"text", "paragraphs", "bullets", "numbers"}:
        return [Problem(cell.mark, "table cell has nothing to show", "give it text, paragraphs, bullets or numbers")]
    problems = []
    if {"text", "paragraphs"} <= keys:
        problems.append(
            Problem(cell.mark, "table cell has both text and paragraphs", "make the text the first of the paragraphs")
        )
    if {"bullets", "numbers"} <= keys:
        problems.append(Problem(cell.mark, "table cell has both bullets and numbers", "a cell holds one list"))
    return problems


def cell_text_nodes(cell: Map) -> tuple[Node, ...]:
    if "text" in cell.entries:
        return (cell.entries["text"],)
    paragraphs = cell.entries.get("paragraphs")
    return items(paragraphs) if paragraphs is not None else ()


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


def _row_width_problem(row: TableRow, table: Table) -> Problem | None:
    width, expected = sum(c.span for c in row.cells), table.columns
    if width == expected:
        return None
    per = "one per header" if table.header else "as in the first row"
    has = f"table row has {len(row.cells)} cells"
    if width != len(row.cells):
        has += f" covering {width} columns"
    if width > expected:
        # Cells added by an unquoted comma are the usual cause; with spans, a span too wide.
        hint = "put a cell that contains a comma in quotes" if width == len(row.cells) else "make a span smaller"
        return Problem(row.mark, f"{has} (expected at most {expected}, {per})", hint)
    return Problem(row.mark, f"{has} (expected {expected}, {per}; a cell can span columns with span: N)")


def _row_id(table_id: str, first_cell: str, index: int, used: set[str]) -> str:
    """Rows are known by their first column, so a row keeps its id when rows move."""
    row_id = f"{table_id}-{slug(first_cell)[:40] or f'row{index}'}"
    while row_id in used:
        row_id += f"-{index}"
    used.add(row_id)
    return row_id


def slug(text: str) -> str:
    """Lower-case letters and digits joined by hyphens: "Road Safety" -> "road-safety"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


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


def read_figure(reader: BlockReader, key: str, block_id: str, node: Map) -> Figure:
    figure = value(node, key)
    assert isinstance(figure, Map)
    plain = to_plain(figure)
    src = plain["src"]
    data_uri = reader.figure(src, figure.entries["src"].mark)
    caption = reader.optional_text(figure.entries.get("caption"))
    return Figure(block_id, src, data_uri, plain["alt"], caption, mark=figure.mark)


def read_signature(reader: BlockReader, key: str, block_id: str, node: Map) -> Signature:
    plain = to_plain(value(node, key))
    return Signature(block_id, plain["name"], tuple(plain.get("roles", ())), mark=node.mark)


def read_diagram(reader: BlockReader, key: str, block_id: str, node: Map) -> Diagram:
    """A Diagram whose `beside` items are still to be filled in by `content.drawings.resolve`."""
    diagram = value(node, key)
    assert isinstance(diagram, Map)
    beside = diagram.entries.get("beside")
    assert beside is None or isinstance(beside, Map)
    priority_nodes, theme_nodes = items(diagram.entries["priorities"]), items(diagram.entries["themes"])
    priorities = tuple(_priority(p, reader) for p in priority_nodes)
    themes = tuple(_theme(t, reader) for t in theme_nodes)
    reader.problems.extend(_duplicate_id_problems((*priority_nodes, *theme_nodes), (*priorities, *themes)))
    return Diagram(
        block_id,
        priorities=priorities,
        themes=themes,
        beside_title=reader.text(beside.entries["title"]) if beside else None,
        beside_list=ref(beside.entries["list"]) if beside else None,
        caption=reader.optional_text(diagram.entries.get("caption")),
        mark=diagram.mark,
    )


def _priority(node: Node, reader: BlockReader) -> Priority:
    """`Name`, or `{id, name, includes}` (id and includes optional)."""
    if isinstance(node, Map):
        name = reader.text(node.entries["name"])
        includes = reader.optional_text(node.entries.get("includes"))
        return Priority(_given_id(node, name), name, includes, node.mark)
    name = reader.text(node)
    return Priority(derived_priority_id(name), name, mark=node.mark)


def _theme(node: Node, reader: BlockReader) -> Theme:
    """`Name`, or `{id, name}`."""
    if isinstance(node, Map):
        name = reader.text(node.entries["name"])
        return Theme(_given_id(node, name), name, node.mark)
    name = reader.text(node)
    return Theme(derived_priority_id(name), name, node.mark)


def _given_id(node: Map, name: str) -> str:
    given = node.entries.get("id")
    return str(to_plain(given)) if given is not None else derived_priority_id(name)


def derived_priority_id(name: str) -> str:
    """The id of a priority or theme written as a plain name: its words, slugged."""
    return slug(plain_text(name)) or "priority"


def _duplicate_id_problems(nodes: tuple[Node, ...], named: tuple[Priority | Theme, ...]) -> list[Problem]:
    """Table cells name priorities and themes by id, so within a diagram each id names one of them."""
    problems: list[Problem] = []
    first_of: dict[str, Priority | Theme] = {}
    for node, item in zip(nodes, named, strict=True):
        first = first_of.setdefault(item.id, item)
        if first is item:
            continue
        given = node.entries.get("id") if isinstance(node, Map) else None
        suggestion = _free_id(item, {i.id for i in named})
        problems.append(
            Problem(
                given.mark if given is not None else item.mark,
                f"id {item.id!r} is also the id of {plain_text(first.name)!r} at {first.mark} "
                "(each priority and theme of a diagram needs its own id)",
                f"did you mean {suggestion!r}?"
                if given is not None
                else f"give it an id of its own: {{id: {suggestion}, name: ...}}",
            )
        )
    return problems


def _free_id(item: Priority | Theme, taken: set[str]) -> str:
    """An id no other priority or theme has: its name's, else a numbered one."""
    if (derived := derived_priority_id(item.name)) not in taken:
        return derived
    n = 2
    while f"{item.id}-{n}" in taken:
        n += 1
    return f"{item.id}-{n}"


def read_chart(reader: BlockReader, key: str, block_id: str, node: Map) -> Chart:
    """A Chart whose bars are still to be filled in by `content.drawings.resolve`."""
    chart = value(node, key)
    assert isinstance(chart, Map)
    label = chart.entries.get("label_column")
    return Chart(
        block_id,
        kind=to_plain(chart.entries["type"]),
        table=ref(chart.entries["table"]),
        value_column=_column(chart.entries["value_column"]),
        label_column=_column(label) if label else Column(1),
        caption=reader.optional_text(chart.entries.get("caption")),
        mark=chart.mark,
    )


def _column(node: Node) -> Column:
    assert isinstance(node, Scalar) and isinstance(node.value, int)
    return Column(node.value, node.mark)


def read_actions(reader: BlockReader, key: str, block_id: str, node: Map) -> ActionsBlock:
    """An action plan's actions; ids are checked for repeats across the version by validation."""
    return ActionsBlock(block_id, tuple(_action(reader, a) for a in items(value(node, key))), mark=node.mark)


def _action(reader: BlockReader, node: Node) -> Action:
    assert isinstance(node, Map)
    entries = node.entries
    due = entries.get("due")
    status = entries.get("status")
    return Action(
        id=str(to_plain(entries["id"])),
        action=reader.text(entries["action"]),
        lead=reader.optional_text(entries.get("lead")),
        due=_due(due),
        status=to_plain(status) if status is not None else None,
        measure=reader.optional_text(entries.get("measure")),
        progress=tuple(_progress(reader, p) for p in items(entries["progress"])) if "progress" in entries else (),
        mark=entries["id"].mark,
        due_mark=due.mark if due is not None else node.mark,
    )


def _due(node: Node | None) -> dt.date | Literal["ongoing"] | None:
    if node is None:
        return None
    assert isinstance(node, Scalar)
    return node.value if isinstance(node.value, dt.date) else "ongoing"


def _progress(reader: BlockReader, node: Node) -> Progress:
    assert isinstance(node, Map)
    date = node.entries.get("date")
    when = date.value if isinstance(date, Scalar) and isinstance(date.value, dt.date) else None
    return Progress(reader.text(node.entries["text"]), when, mark=date.mark if date is not None else node.mark)


def read_indicators(reader: BlockReader, key: str, block_id: str, node: Map) -> Indicators:
    return Indicators(block_id, tuple(_indicator(reader, i) for i in items(value(node, key))), mark=node.mark)


def _indicator(reader: BlockReader, node: Node) -> Indicator:
    assert isinstance(node, Map)
    plain = to_plain(node)
    source = node.entries.get("source")
    return Indicator(
        id=plain["id"],
        name=reader.text(node.entries["name"]),
        baseline=_reading(node.entries["baseline"]),
        latest=_reading(node.entries["latest"]),
        better=plain.get("better", "none"),
        provisional=plain.get("provisional", False),
        decimals=plain.get("decimals", 0),
        source=_source_citation(reader, source) if source is not None else None,
        focus=plain.get("focus", False),
        mark=node.entries["id"].mark,
    )


def _reading(node: Node) -> Reading:
    plain = to_plain(node)
    return Reading(float(plain["value"]), str(plain["period"]), node.mark)


def _source_citation(reader: BlockReader, node: Node) -> str:
    """The source as a citation of the chapter's footnote `[^label]`, numbered like any other."""
    assert isinstance(node, Scalar)
    return reader.cite(f"[^{node.value}]", node)
