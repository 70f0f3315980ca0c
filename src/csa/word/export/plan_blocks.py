"""Word writers of an action plan's block kinds: `actions` and `indicators` (their "word.write" hooks).

Both print as the HTML page does (templates/macros/blocks.html.j2): an actions table
with a header row, Action | Lead | Due | Status | Measure | Progress, each middle
column only when some action has a value for it, the status in words (its colour a
second cue), the latest progress update in the cell; an indicators table, each figure
with its period and the change in words, then a chart of baseline against latest for
each indicator with its text alternative. Each action and indicator row is bookmarked
by its id (word/common/ids.py, kind "row"), so an import or redline pairs them by id; both
blocks record their YAML, since Word shows neither the earlier updates nor the raw figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from csa.blocks import implements
from csa.dates import long_date
from csa.model import Action, ActionsBlock, Indicator, Indicators
from csa.word.common import styles
from csa.word.common.indicators import figure_lines
from csa.word.export.images import add_image, indicator_picture
from csa.word.export.runs import add_inline
from csa.word.export.tables import cell_paragraph, new_table, repeat_as_header, set_widths
from csa.word.export.writer import WordWriter

CellWriter = Callable[[WordWriter, ActionsBlock, Action, _Cell], None]


@dataclass(frozen=True)
class _Column:
    heading: str
    share: int  # of the table's width, before the shares are scaled to add up to the whole
    write: CellWriter


@implements("word.write", "actions")
def write_actions(w: WordWriter, block: ActionsBlock) -> None:
    columns = _action_columns(block)
    table = new_table(w.docx, 1 + len(block.actions), len(columns))
    repeat_as_header(table, 0)
    set_widths(table, [c.share for c in columns])
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        cell_paragraph(cell, styles.TABLE_HEADING).add_run(column.heading)
    for row, action in zip(table.rows[1:], block.actions, strict=True):
        for cell, column in zip(row.cells, columns, strict=True):
            column.write(w, block, action, cell)
        w.mark_part(row.cells[0].paragraphs[0], "row", f"{w.key(block)}/{action.id}", action.id)
    w.mark(table.cell(0, 0).paragraphs[0], block, w.source(block))


def action_column_headings(block: ActionsBlock) -> list[str]:
    """The headings of the block's actions table, in order (the redline finds a column's cells by them)."""
    return [column.heading for column in _action_columns(block)]


def status_words(action: Action) -> str:
    """The status as its cell prints it: "Complete", "At risk" ("" when the action has none)."""
    return action.status.capitalize() if action.status else ""


def _action_columns(block: ActionsBlock) -> list[_Column]:
    """The columns the HTML page prints for this block (csa.css: the action 30%, its progress 40%)."""
    optional = [
        (block.has_lead, _Column("Lead", 15, _lead)),
        (block.has_due, _Column("Due", 10, _due)),
        (block.has_status, _Column("Status", 10, _status)),
        (block.has_measure, _Column("Measure", 15, _measure)),
        (block.has_progress, _Column("Progress", 40, _progress)),
    ]
    return [_Column("Action", 30, _action), *(column for shown, column in optional if shown)]


def _action(w: WordWriter, block: ActionsBlock, action: Action, cell: _Cell) -> None:
    add_inline(cell_paragraph(cell, styles.TABLE_HEADING), action.action, w.inline)  # the row's header, as on the page


def _lead(w: WordWriter, block: ActionsBlock, action: Action, cell: _Cell) -> None:
    add_inline(cell_paragraph(cell, styles.TABLE_TEXT), block.lead_of(action) or "", w.inline)


def _due(w: WordWriter, block: ActionsBlock, action: Action, cell: _Cell) -> None:
    due = "Ongoing" if action.due == "ongoing" else long_date(action.due) if action.due else ""
    cell_paragraph(cell, styles.TABLE_TEXT).add_run(due)


def _status(w: WordWriter, block: ActionsBlock, action: Action, cell: _Cell) -> None:
    paragraph = cell_paragraph(cell, styles.TABLE_TEXT)
    if action.status:
        styles.set_run_style(paragraph.add_run(status_words(action)), styles.status_style(action.status))


def _measure(w: WordWriter, block: ActionsBlock, action: Action, cell: _Cell) -> None:
    add_inline(cell_paragraph(cell, styles.TABLE_TEXT), action.measure or "", w.inline)


def _progress(w: WordWriter, block: ActionsBlock, action: Action, cell: _Cell) -> None:
    """The latest update: its date (if it has one), then its paragraphs. Earlier ones are in the recorded YAML."""
    latest = action.latest
    if latest is None:
        cell_paragraph(cell, styles.TABLE_TEXT)
        return
    if latest.date is not None:
        cell_paragraph(cell, styles.PROGRESS_DATE).add_run(long_date(latest.date))
    for text in latest.paragraphs:
        add_inline(cell_paragraph(cell, styles.TABLE_TEXT), text, w.inline)


@implements("word.write", "indicators")
def write_indicators(w: WordWriter, block: Indicators) -> None:
    table = new_table(w.docx, 1 + len(block.indicators), 4)
    repeat_as_header(table, 0)
    set_widths(table, [40, 20, 20, 20])
    for cell, heading in zip(table.rows[0].cells, ("Indicator", "Baseline", "Latest", "Change"), strict=True):
        cell_paragraph(cell, styles.TABLE_HEADING).add_run(heading)
    for row, indicator in zip(table.rows[1:], block.indicators, strict=True):
        first = _indicator_row(w, indicator, row.cells)
        w.mark_part(first, "row", f"{w.key(block)}/{indicator.id}", indicator.id)
    w.mark(table.cell(0, 0).paragraphs[0], block, w.source(block))
    for indicator in block.indicators:
        picture, alt = indicator_picture(w.env, indicator)
        chart_id = f"{indicator.id}-chart"
        w.mark_part(add_image(w.docx, picture, alt), "indicator-chart", f"{w.key(block)}/{chart_id}", chart_id)
        caption = styles.add_paragraph(w.docx, "Caption")
        add_inline(caption, indicator.name, w.inline)
        caption.add_run(f": {indicator.baseline.period} and {indicator.latest.period}")


def _indicator_row(w: WordWriter, indicator: Indicator, cells: tuple[_Cell, ...] | list[_Cell]) -> DocxParagraph:
    """Name and source; baseline and latest, each with its period; the change in words. Returns the first paragraph."""
    name, baseline, latest, change = cells
    first = cell_paragraph(name, styles.TABLE_HEADING)
    add_inline(first, indicator.name, w.inline)
    if indicator.source:
        add_inline(first, indicator.source, w.inline)
    for cell, lines in zip((baseline, latest, change), figure_lines(indicator), strict=True):
        _lines(cell_paragraph(cell, styles.TABLE_TEXT), lines)
    return first


def _lines(paragraph: DocxParagraph, lines: list[str]) -> None:
    """Plain lines (figures and periods, printed as they are, not as Markdown), each after a line break."""
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        paragraph.add_run(line)
