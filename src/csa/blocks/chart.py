"""Bar charts drawn from a column of a table block."""

from __future__ import annotations

import dataclasses
import math

from csa.blocks.differ import Described, caption_reference, caption_texts, named_changes
from csa.blocks.kind import BlockKind, Resolver
from csa.blocks.read import BlockReader, ref, value
from csa.errors import Problem
from csa.inline import plain_text
from csa.model import Bar, Chart, Column, Table
from csa.nodes import Map, Node, Scalar, to_plain
from csa.textdiff.align import align
from csa.textdiff.pair import Pair
from csa.textdiff.words import similarity, text_diff


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


def chart_texts(block: Chart) -> list[str]:
    return [*caption_texts(block.caption), _columns(block), *(_bar_text(bar) for bar in block.bars)]


def chart_pair(old: Chart, new: Chart, moved: bool, key: str) -> Pair[Chart]:
    """Caption, column names, then each bar as "label: value", bars matched by label.

    A chart's words and numbers are its table's, counted there; the redline still marks them.
    """
    fields = [text_diff(old.caption, new.caption), text_diff(_columns(old), _columns(new))]
    for a, b, _ in align(old.bars, new.bars, _bar_label, lambda a, b: similarity(_bar_label(a), _bar_label(b))):
        fields.append(text_diff(_bar_text(a), _bar_text(b)))
    return Pair("chart", key, old, new, tuple(fields), moved=moved, counts_words=False)


def _columns(chart: Chart) -> str:
    return f"{chart.label_header} / {chart.value_header}"


def _bar_label(bar: Bar) -> str:
    return plain_text(bar.label)


def _bar_text(bar: Bar | None) -> str:
    return f"{bar.label}: {bar.value:g}" if bar is not None else ""


def describe_chart(pair: Pair[Chart]) -> Described:
    """("chart of No. of CSPs", ["'Dover' value changed", "bar 'Swale' added"])."""
    assert pair.old is not None and pair.new is not None
    old, new = pair.old, pair.new
    details = named_changes(
        "bar",
        old.bars,
        new.bars,
        lambda b: plain_text(b.label),
        lambda a, b: a.value != b.value,
        ("value changed", "values changed"),
    )
    if old.caption != new.caption:
        details.append("caption revised")
    if (old.label_header, old.value_header) != (new.label_header, new.value_header):
        details.append("columns changed")
    subject = plain_text(new.value_header or new.caption or "")
    return (f"chart of {subject}" if subject else "chart"), details


def resolve_chart(resolver: Resolver, chart: Chart) -> Chart:
    """Its bars from the table column it names."""
    table = resolver.find(chart.table, Table, "a table")
    if table is None:
        return chart
    columns_ok = all(_column_exists(resolver, c, table) for c in (chart.value_column, chart.label_column))
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
            resolver.problems.append(
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


def _column_exists(resolver: Resolver, column: Column, table: Table) -> bool:
    if column.number <= table.columns:
        return True
    resolver.problems.append(
        Problem(
            column.mark,
            f"column {column.number} is beyond the {table.columns} columns of table {table.id!r}",
            f"expected 1 to {table.columns}",
        )
    )
    return False


def number(cell: str) -> float | None:
    """The cell as a bar length: 0 or more, thousands separators allowed; None if it is not one."""
    try:
        value = float(cell.strip().replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


KIND: BlockKind[Chart] = BlockKind(
    "chart",
    Chart,
    {"chart": "A bar chart drawn from a column of a table block"},
    "chart",
    read_chart,
    chart_texts,
    "chart",
    chart_pair,
    same_in_place=True,
    describe=describe_chart,
    cross_reference=caption_reference,
    resolve=resolve_chart,
)
