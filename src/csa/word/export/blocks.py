"""The Word writer of each block kind: its "word.write" hook on the kind's registry entry.

A new block kind gets its writer here: one function decorated with
`@implements("word.write", "<kind name>")` (the action plan's kinds: in
word/export/plan_blocks.py, imported below so that importing this module attaches
every writer). tests/test_word_structure.py fails while a kind has none.
Each writer bookmarks its block's first paragraph (and each list item and table
row) through `WordWriter.mark`, so the import knows which block it was (word/common/ids.py).
"""

from __future__ import annotations

from typing import Any

from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from csa.blocks import implements, kind_of
from csa.model import (
    Cell,
    Chart,
    Diagram,
    Figure,
    Heading,
    ListBlock,
    Live,
    Note,
    Paragraph,
    Signature,
    Table,
    TableRow,
)
from csa.word.common import styles
from csa.word.common.ids import LIVE_PART, PriorityCell, priority_cells_source
from csa.word.export import plan_blocks  # noqa: F401  (attaches the action plan's kinds' writers)
from csa.word.export.images import add_image, chart_picture, diagram_picture, figure_picture
from csa.word.export.runs import add_inline, add_lines
from csa.word.export.tables import new_table, repeat_as_header
from csa.word.export.writer import WordWriter

WRITE = "word.write"


def write_block(writer: WordWriter, block: Any) -> None:
    """Write `block` through its kind's writer."""
    kind_of(block).hook(WRITE)(writer, block)


@implements(WRITE, "paragraph")
def write_paragraph(w: WordWriter, p: Paragraph) -> None:
    if p.number:
        paragraph = styles.add_paragraph(w.docx, styles.NUMBERED)
        # as the PDF prints it; the import strips it (numbers come from order)
        paragraph.add_run(f"{p.number}{w.after_number}\t")
    else:
        paragraph = styles.add_paragraph(w.docx)
    add_inline(paragraph, p.text, w.inline)
    w.mark(paragraph, p)


@implements(WRITE, "heading")
def write_heading(w: WordWriter, h: Heading) -> None:
    paragraph = styles.add_paragraph(w.docx, f"Heading {h.level}")
    add_inline(paragraph, h.text, w.inline)
    w.mark(paragraph, h)


@implements(WRITE, "list")
def write_list(w: WordWriter, block: ListBlock) -> None:
    first = add_list(w, block, block_key=w.key(block))
    if first is not None:
        w.mark(first, block)


def add_list(
    w: WordWriter, block: ListBlock, block_key: str, level: int = 1, style: str | None = None, cell: _Cell | None = None
) -> DocxParagraph | None:
    """The list's items, each bookmarked; an ordered list restarts at 1. Returns its first paragraph."""
    name = style or f"{'List Number' if block.ordered else 'List Bullet'}{'' if level == 1 else f' {min(level, 3)}'}"
    number = w.numbering.restart(name) if block.ordered else None
    first = None
    for item in block.items:
        paragraph = styles.add_paragraph(cell if cell is not None else w.docx, name)
        if number is not None:
            _number(paragraph, number)
        add_inline(paragraph, item.text, w.inline)
        w.mark_part(paragraph, "item", f"{block_key}/{item.id}", item.id)
        first = first or paragraph
        if item.children:
            add_list(w, item.children, block_key, level + 1, None, cell)
    return first


def _number(paragraph: DocxParagraph, num_id: int) -> None:
    """Number the paragraph with list `num_id` (its own numbering, restarted at 1)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


@implements(WRITE, "table")
def write_table(w: WordWriter, t: Table) -> None:
    if t.caption:
        add_inline(styles.add_paragraph(w.docx, "Caption"), t.caption, w.inline)
    rows: list[tuple[TableRow | None, tuple[Cell, ...], bool]] = [(None, t.header, True)] if t.header_rows else []
    rows += [(r, r.cells, True) for r in t.head_rows] + [(r, r.cells, False) for r in t.body_rows]
    table = new_table(w.docx, len(rows), max(t.columns, 1))
    for index, (row, cells, header) in enumerate(rows):
        if header:
            repeat_as_header(table, index)
        first = _fill_row(w, t, table, index, row, cells, header)
        if row is not None and first is not None:
            w.mark_part(first, "row", f"{w.key(t)}/{row.id}", row.id, _priority_cells(w, cells))
    # the table's anchor is in its first row: it records the header's priority cells (the header is no row)
    w.mark(table.cell(0, 0).paragraphs[0], t, _priority_cells(w, t.header) if t.header_rows else None)


def _priority_cells(w: WordWriter, cells: tuple[Cell, ...]) -> Any:
    """What Word shows only as words: which of the cells name a priority, and whether they print its name."""
    named = []
    for position, cell in enumerate(cells, start=1):
        if cell.priority is None:
            continue
        name = w.priority_names.get(cell.priority.id, "")
        named.append(PriorityCell(position, cell.priority.id, name, None if cell.text == name else cell.text))
    return priority_cells_source(named)


def _fill_row(
    w: WordWriter, t: Table, table: DocxTable, index: int, row: TableRow | None, cells: tuple[Cell, ...], header: bool
) -> DocxParagraph | None:
    """Write a row's cells (a cell spanning columns or rows is merged cells: Word's gridSpan and
    vMerge); returns its first paragraph. Columns a cell above covers are already merged into it."""
    first = None
    starts = row.starts if row is not None else TableRow("", cells).starts
    for position, (cell, column) in enumerate(zip(cells, starts, strict=True)):
        target = table.cell(index, column)
        if cell.span > 1 or cell.rows > 1:
            last_row = min(index + cell.rows, len(table.rows)) - 1
            target = target.merge(table.cell(last_row, min(column + cell.span, t.columns) - 1))
        heads = header or (row is not None and t.is_row_header(row, position))
        # the differ keys a cell's list items by row and cell (blocks/differ.py _cell_lists_pairs)
        row_key = f"{w.key(t)}/{row.id if row is not None else 'header'}/cell{position + 1}"
        paragraph = _fill_cell(w, target, cell, heads, row_key)
        first = first or paragraph
    return first


def _fill_cell(w: WordWriter, target: _Cell, cell: Cell, header: bool, list_key: str) -> DocxParagraph:
    style = styles.TABLE_HEADING if header else styles.TABLE_TEXT
    paragraphs = []
    for index, lines in enumerate(cell.lines):
        paragraph = target.paragraphs[0] if index == 0 else target.add_paragraph()
        styles.set_style(paragraph, style)
        add_lines(paragraph, lines, w.inline)
        paragraphs.append(paragraph)
    if cell.list is not None:
        add_list(w, cell.list, list_key, cell=target)
    if not paragraphs:
        paragraphs.append(target.paragraphs[0])
        styles.set_style(paragraphs[0], style)
    first: DocxParagraph = paragraphs[0]
    return first


@implements(WRITE, "note")
def write_note(w: WordWriter, n: Note) -> None:
    first = None
    if n.title:
        first = styles.add_paragraph(w.docx, styles.NOTE_TITLE)
        add_inline(first, n.title, w.inline)
    if n.text:
        paragraph = styles.add_paragraph(w.docx, styles.NOTE)
        add_inline(paragraph, n.text, w.inline)
        first = first or paragraph
    if n.bullets:
        listed = add_list(w, n.bullets, f"{w.key(n)}", style=styles.NOTE_BULLET)
        first = first or listed
    if first is None:
        first = styles.add_paragraph(w.docx, styles.NOTE)
    w.mark(first, n)


@implements(WRITE, "figure")
def write_figure(w: WordWriter, f: Figure) -> None:
    paragraph = add_image(w.docx, figure_picture(f, w.env), f.alt)
    w.mark(paragraph, f)
    _caption(w, f.caption)


@implements(WRITE, "diagram")
def write_diagram(w: WordWriter, d: Diagram) -> None:
    picture, alt = diagram_picture(w.env, d)
    w.mark(add_image(w.docx, picture, alt), d, w.source(d))
    _caption(w, d.caption)


@implements(WRITE, "chart")
def write_chart(w: WordWriter, c: Chart) -> None:
    picture, alt = chart_picture(w.env, c)
    w.mark(add_image(w.docx, picture, alt), c, w.source(c))
    _caption(w, c.caption)


def _caption(w: WordWriter, caption: str | None) -> None:
    if caption:
        add_inline(styles.add_paragraph(w.docx, "Caption"), caption, w.inline)


@implements(WRITE, "signature")
def write_signature(w: WordWriter, s: Signature) -> None:
    paragraph = styles.add_paragraph(w.docx)
    paragraph.add_run(s.name).bold = True
    for role in s.roles:
        paragraph.add_run().add_break()
        paragraph.add_run(role)
    w.mark(paragraph, s)


@implements(WRITE, "plan_progress")
@implements(WRITE, "focus_indicators")
@implements(WRITE, "agreement_priorities")
@implements(WRITE, "plan_link")
def write_live(w: WordWriter, block: Live) -> None:
    """What a report's live block read from its plan: each paragraph, and its list as bulleted items.

    The first paragraph carries the block's id and YAML, so an import restores the block as written;
    each paragraph and item is marked as a printed part (LIVE_PART) with the words Word shows, so the
    import leaves it out and says when those words were edited.
    """
    parts = 0

    def printed(paragraph: DocxParagraph) -> None:
        nonlocal parts
        if parts == 0:
            w.mark(paragraph, block, w.source(block))
        parts += 1
        key = f"{w.key(block)}/printed-{parts}"
        w.mark_part(paragraph, LIVE_PART, key, f"printed-{parts}", {"printed": paragraph.text})

    for live in block.paragraphs:
        paragraph = styles.add_paragraph(w.docx, styles.NUMBERED if live.number else "Normal")
        if live.number:  # as a numbered paragraph prints it
            paragraph.add_run(f"{live.number}{w.after_number}\t")
        add_inline(paragraph, live.text, w.inline)
        printed(paragraph)
        for item in live.items:
            item_paragraph = styles.add_paragraph(w.docx, "List Bullet")
            add_inline(item_paragraph, item, w.inline)
            printed(item_paragraph)
