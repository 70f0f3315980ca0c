"""A body table's rows and cells, as a chapter file writes them (cells merged across as
`span: N`, merged down, Word's vMerge, as `rows: N`).

What the content cannot hold is said where it was: a table or picture in a cell, a
cell merged down with no cell above to merge into, a row with fewer cells than the table has columns.
A cell that named a priority when exported names it again (word/common/ids.py).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from csa.content.writer import flow_row
from csa.word.common.ids import Anchor, PriorityCell, priority_cells
from csa.word.importing.read_inline import Noticed
from csa.word.importing.reading import ListGatherer, Reading, TableIn
from csa.word.importing.revisions import w


def table_in(reading: Reading, tbl: etree._Element) -> TableIn:
    """The table's rows, its header rows, and the anchors bookmarked in it."""
    columns = len(tbl.findall(f"{w('tblGrid')}/{w('gridCol')}"))
    rows = tbl.findall(w("tr"))
    header_rows = sum(1 for r in rows if _is_header_row(r))
    read_rows: list[Any] = []
    anchors: list[Anchor] = []
    row_anchors: list[Anchor | None] = []
    direct: set[str] = set()
    merged_down = _merged_down(rows)
    for number, row in enumerate(rows, start=1):
        cells, noticed = _row(reading, row, number, columns, merged_down)
        anchors.extend(reading.anchors(noticed))
        row_anchors.append(next((a for a in reading.anchors(noticed) if a.kind == "row"), None))
        direct |= noticed.direct
        read_rows.append(flow_row(cells))
    return TableIn(read_rows, header_rows, anchors, row_anchors, direct)


def cell_paragraphs(cell: Any) -> list[str]:
    """A cell's paragraphs and list items, in order, as Markdown."""
    if not isinstance(cell, dict):
        return [str(cell)]
    paragraphs = [cell["text"]] if "text" in cell else list(cell.get("paragraphs", []))
    listed = cell.get("bullets") or cell.get("numbers") or []
    return [str(p) for p in paragraphs] + [str(i.get("text", "") if isinstance(i, dict) else i) for i in listed]


class MergedDown:
    """Word's vertical merges in a table: how many rows each merge's first cell covers, and the
    cells below it that continue it (left out of their rows, as the content's `rows: N` has it)."""

    def __init__(self) -> None:
        self.rows: dict[etree._Element, int] = {}
        self.covered: set[etree._Element] = set()


def _merged_down(rows: list[etree._Element]) -> MergedDown:
    """Each vMerge="restart" cell and the cells continuing it in the same columns of the rows below."""
    merged = MergedDown()
    open_merges: dict[tuple[int, int], etree._Element] = {}  # (first column, span) -> the merge's first cell
    for row in rows:
        still_open: dict[tuple[int, int], etree._Element] = {}
        column = _grid_before(row)
        for tc in row.findall(w("tc")):
            place = (column, _grid_span(tc))
            state = _merge_down_state(tc)
            if state == "continue" and place in open_merges:
                first = open_merges[place]
                merged.rows[first] += 1
                merged.covered.add(tc)
                still_open[place] = first
            elif state == "restart":
                merged.rows[tc] = 1
                still_open[place] = tc
            column += place[1]
        open_merges = still_open
    return merged


def _row(
    reading: Reading, row: etree._Element, number: int, columns: int, merged_down: MergedDown
) -> tuple[list[Any], Noticed]:
    cells: list[Any] = []
    row_noticed = Noticed()
    width = 0
    for tc in row.findall(w("tc")):
        span = _grid_span(tc)
        width += span
        if tc in merged_down.covered:
            if "".join(tc.itertext()).strip():
                reading.unmapped(f"table row {number}: words in a cell merged into the one above are not kept")
            continue
        cell, noticed = _cell(reading, tc, number)
        row_noticed.bookmarks.extend(noticed.bookmarks)
        row_noticed.direct |= noticed.direct
        if _merge_down_state(tc) == "continue":
            reading.unmapped(f"table row {number}: a cell merged down with no cell above it to merge into")
        spans = {"span": span} if span > 1 else {}
        if merged_down.rows.get(tc, 1) > 1:
            spans["rows"] = merged_down.rows[tc]
        cells.append({**(cell if isinstance(cell, dict) else {"text": cell}), **spans} if spans else cell)
    named = {c.cell: c for a in reading.anchors(row_noticed) for c in priority_cells(a)}
    cells = [_priority_cell(reading, named[n], cell, number) if n in named else cell for n, cell in enumerate(cells, 1)]
    if row.find(w("tblPrEx")) is not None or _grid_before_after(row) or width < columns:
        reading.unmapped(f"table row {number} has fewer cells than the table has columns: empty cells added")
        cells.extend("" for _ in range(columns - width))
    return cells, row_noticed


def _priority_cell(reading: Reading, named: PriorityCell, cell: Any, row: int) -> Any:
    """A cell that named a priority when exported names it again, with the words Word shows (word/common/ids.py)."""
    words = cell if isinstance(cell, str) else cell.get("text") if set(cell) <= {"text", "span", "rows"} else None
    if not isinstance(words, str):
        reading.unmapped(
            f"table row {row}: cell {named.cell} named priority {named.priority!r}; it now holds more than"
            " words, so it is kept as written and no longer names the priority"
        )
        return cell
    if not words.strip():
        return cell  # emptied: nothing left to print the priority's name
    written = named.as_written(words)
    spans = {k: cell[k] for k in ("span", "rows") if k in cell} if isinstance(cell, dict) else {}
    return {**written, **spans} if spans else written


def _cell(reading: Reading, tc: etree._Element, row: int) -> tuple[Any, Noticed]:
    paragraphs: list[str] = []
    items: ListGatherer | None = None
    all_noticed = Noticed()
    for child in tc:
        if child.tag == w("tbl"):
            reading.unmapped(f"table row {row}: a table inside a cell is not kept")
            continue
        if child.tag != w("p"):
            continue
        noticed = Noticed()
        text = reading.sources.runs.markdown(child, noticed)
        all_noticed.bookmarks.extend(noticed.bookmarks)
        all_noticed.direct |= noticed.direct  # said once for the table
        reading.comments(noticed, text)
        reading.note_not_kept(Noticed(other=noticed.other), text)
        for _drawing in noticed.drawings:
            reading.unmapped(f"table row {row}: a picture in a table cell is not kept")
        style = reading.sources.styles.paragraph_style(child)
        listed = reading.list_format(child, style)
        if listed is not None and text.strip():
            items = items or ListGatherer(listed[1])
            items.add(listed[0], text, listed[1])
        elif text.strip() or not paragraphs:
            paragraphs.append(text)
    paragraphs = [p for p in paragraphs if p.strip()] or ([""] if items is None else [])
    if items is None:
        return (paragraphs[0] if len(paragraphs) == 1 else {"paragraphs": paragraphs}), all_noticed
    cell: dict[str, Any] = {"text": paragraphs[0]} if len(paragraphs) == 1 else {"paragraphs": paragraphs}
    if not paragraphs:
        cell = {}
    cell.update(items.block())
    return cell, all_noticed


def _is_header_row(row: etree._Element) -> bool:
    header = row.find(f"{w('trPr')}/{w('tblHeader')}")
    return header is not None and header.get(w("val"), "true") not in ("0", "false", "off")


def _grid_span(tc: etree._Element) -> int:
    span = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
    return int(span.get(w("val"), "1")) if span is not None else 1


def _merge_down_state(tc: etree._Element) -> str | None:
    """Word's vMerge: "restart" starts a cell merged down, "continue" carries one on; None: neither."""
    merge = tc.find(f"{w('tcPr')}/{w('vMerge')}")
    return None if merge is None else merge.get(w("val"), "continue")


def _grid_before(row: etree._Element) -> int:
    before = row.find(f"{w('trPr')}/{w('gridBefore')}")
    return int(before.get(w("val"), "0")) if before is not None else 0


def _grid_before_after(row: etree._Element) -> bool:
    props = row.find(w("trPr"))
    return props is not None and (props.find(w("gridBefore")) is not None or props.find(w("gridAfter")) is not None)
