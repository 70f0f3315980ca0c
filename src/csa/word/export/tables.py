"""Tables in the house style: new tables, header rows, cells' paragraphs and column widths."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from csa.word.common import styles
from csa.word.export.images import TEXT_WIDTH


def new_table(docx: DocxDocument, rows: int, columns: int) -> DocxTable:
    """A table in the house table style across the text's width."""
    table: DocxTable = docx.add_table(rows=rows, cols=columns)
    table.style = styles.TABLE_STYLE
    width = table._tbl.tblPr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        table._tbl.tblPr.append(width)
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")  # fiftieths of a percent
    return table


def repeat_as_header(table: DocxTable, index: int) -> None:
    """Mark row `index` a header row: Word repeats it at the top of each page, and reads it as headers."""
    tr_pr = table.rows[index]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def cell_paragraph(cell: _Cell, style: str) -> DocxParagraph:
    """The cell's next paragraph in `style`: its first, while that is still empty, then a new one."""
    first = cell.paragraphs[0]
    untouched = len(cell.paragraphs) == 1 and not first._p.xpath("./w:r | ./w:pPr | ./w:hyperlink")
    paragraph: DocxParagraph = first if untouched else cell.add_paragraph()
    styles.set_style(paragraph, style)
    return paragraph


def set_widths(table: DocxTable, shares: list[int]) -> None:
    """Column widths in proportion to `shares`, across the text's width (Word reads each cell's own width)."""
    total = sum(shares)
    for column, share in zip(table.columns, shares, strict=True):
        width = Emu(int(TEXT_WIDTH * share / total))
        column.width = width
        for cell in column.cells:
            cell.width = width
