"""How each block kind marks a revised block: its "word.revise" hook on the kind's registry entry.

A revised block is written as it now reads, then marked part by part where the version
diff says it changed. Each kind's parts are found in what its writer wrote
(word/export/blocks.py): a paragraph's one paragraph, a list's items in reading order, a
table's rows and cells, a note's title, text and bullets. Removed list items and table
rows are written in the older version's words where they stood. A drawing (figure,
diagram, chart) is replaced whole: the older one deleted, the newer one inserted; so is an
action plan's table, unless only statuses changed (then each Status cell is marked). tests/test_word_structure.py fails while a kind has none.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as Element

from csa.blocks import BY_NAME, block_texts, implements
from csa.inline import plain_text
from csa.model import ActionsBlock, Heading, ListBlock, ListItem, Note, Paragraph, Table, TableRow
from csa.textdiff.pair import Pair
from csa.textdiff.words import Span, TextDiff
from csa.word.common import styles
from csa.word.export.blocks import add_list
from csa.word.export.plan_blocks import action_column_headings, status_words
from csa.word.redline.moves import slots
from csa.word.redline.writers import Writers, drop_bookmarks, prefix_spans

REVISE = "word.revise"


def mark_revised(writers: Writers, pair: Pair[Any], elements: list[Element]) -> None:
    """Mark what changed in a block in both versions, written as it now reads (unchanged: nothing)."""
    BY_NAME[pair.kind].hook(REVISE)(writers, pair, elements)


@implements(REVISE, "paragraph")
def mark_paragraph(writers: Writers, pair: Pair[Paragraph], elements: list[Element]) -> None:
    """Its words, and its number when it was renumbered (accepting or rejecting restores either)."""
    assert pair.old is not None and pair.new is not None
    if pair.changed or _number(pair.old) != _number(pair.new):
        number = prefix_spans(_number(pair.old), _number(pair.new))
        writers.tracker.words(_paragraphs(elements)[:1], [*number, *_spans(pair, 0)])


def _number(paragraph: Paragraph) -> str:
    return f"{paragraph.number}. " if paragraph.number else ""


@implements(REVISE, "heading")
def mark_heading(writers: Writers, pair: Pair[Heading], elements: list[Element]) -> None:
    """Its words, and its level (the paragraph's style) if that changed."""
    assert pair.old is not None and pair.new is not None
    paragraph = _paragraphs(elements)[:1]
    if pair.fields[0].changed:
        writers.tracker.words(paragraph, _spans(pair, 0))
    if pair.old.level != pair.new.level and paragraph:
        writers.tracker.restyled(paragraph[0], writers.docx.styles[f"Heading {pair.old.level}"].style_id)


@implements(REVISE, "signature")
def mark_one_paragraph(writers: Writers, pair: Pair[Any], elements: list[Element]) -> None:
    """A block printed as one paragraph of its texts (a signature's name and roles)."""
    if pair.changed:
        old, new = (" ".join(plain_text(t) for t in block_texts(b)) for b in (pair.old, pair.new) if b is not None)
        writers.tracker.words(_paragraphs(elements)[:1], TextDiff(old, new).spans)


@implements(REVISE, "actions")
def mark_actions(writers: Writers, pair: Pair[ActionsBlock], elements: list[Element]) -> None:
    """A status changed, nothing else: a tracked change in each such action's Status cell alone, as the
    HTML redline flags it ("Completed"), not the whole table deleted and inserted again (the first status
    given shows the Status column: its heading is marked inserted too). Any other change (an action added,
    re-worded, its progress updated, another column shown or hidden) replaces the table whole."""
    if not pair.changed:
        return
    old, new = pair.old, pair.new
    assert old is not None and new is not None
    changed = _status_changes(old, new)
    headings, before = action_column_headings(new), action_column_headings(old)
    # the first status given shows the Status column: its heading is part of the change
    shown = "Status" not in before and [h for h in headings if h != "Status"] == before
    if not changed or "Status" not in headings or (before != headings and not shown):
        replace_whole(writers, pair, elements)
        return
    table = next(e for e in elements if e.tag == qn("w:tbl"))
    header, *body = table.findall(qn("w:tr"))
    column = headings.index("Status")
    if shown:
        writers.tracker.words(header.findall(qn("w:tc"))[column].findall(qn("w:p")), TextDiff("", "Status").spans)
    rows = dict(zip((a.id for a in new.actions), body, strict=True))
    for action_id, (was, now) in changed.items():
        cell = rows[action_id].findall(qn("w:tc"))[column]
        writers.tracker.words(cell.findall(qn("w:p")), TextDiff(was, now).spans)


def _status_changes(old: ActionsBlock, new: ActionsBlock) -> dict[str, tuple[str, str]] | None:
    """Action id -> its status words before and after, when the actions differ in their statuses alone
    (the same actions in the same order); None when anything else differs."""
    if [a.id for a in old.actions] != [a.id for a in new.actions]:
        return None
    changed = {}
    for was, now in zip(old.actions, new.actions, strict=True):
        if dataclasses.replace(was, status=now.status) != now:
            return None
        if was.status != now.status:
            changed[now.id] = (status_words(was), status_words(now))
    return changed


@implements(REVISE, "figure")
@implements(REVISE, "diagram")
@implements(REVISE, "chart")
@implements(REVISE, "indicators")
@implements(REVISE, "plan_progress")
@implements(REVISE, "focus_indicators")
@implements(REVISE, "agreement_priorities")
@implements(REVISE, "plan_link")
def replace_whole(writers: Writers, pair: Pair[Any], elements: list[Element]) -> None:
    """A drawing: the older one deleted where it stood, the newer one inserted."""
    if not pair.changed:
        return
    older = writers.write_old(pair.old)
    for element in older:
        elements[0].addprevious(element)
    writers.tracker.whole(older, "del")
    writers.tracker.whole(elements, "ins")


@implements(REVISE, "list")
def mark_list(writers: Writers, pair: Pair[ListBlock], elements: list[Element]) -> None:
    assert pair.old is not None and pair.new is not None
    _items(writers, pair.children, pair.old, pair.new, _paragraphs(elements), None)


@implements(REVISE, "note")
def mark_note(writers: Writers, pair: Pair[Note], elements: list[Element]) -> None:
    assert pair.old is not None and pair.new is not None
    paragraphs = _paragraphs(elements)
    texts = [(pair.old.title, pair.new.title), (pair.old.text, pair.new.text)]
    at = 0
    for index, (was, now) in enumerate(texts):
        if now:
            writers.tracker.words(paragraphs[at : at + 1], _spans(pair, index))
            at += 1
        elif was:
            _deleted_paragraph(writers, was, paragraphs[min(at, len(paragraphs) - 1)], before=True)
    empty = ListBlock("", False, ())
    bullets = paragraphs[at:] if pair.new.bullets else []
    before = paragraphs[at - 1] if at else paragraphs[0]
    old, new = pair.old.bullets or empty, pair.new.bullets or empty
    _items(writers, pair.children, old, new, bullets, before, style=styles.NOTE_BULLET)


@implements(REVISE, "table")
def mark_table(writers: Writers, pair: Pair[Table], elements: list[Element]) -> None:
    old, new = pair.old, pair.new
    assert old is not None and new is not None
    paragraphs = [e for e in elements if e.tag == qn("w:p")]
    table = next(e for e in elements if e.tag == qn("w:tbl"))
    if new.caption:
        if pair.fields[0].changed:
            writers.tracker.words(paragraphs[:1], _spans(pair, 0))
    elif old.caption:
        _deleted_paragraph(writers, old.caption, table, before=True)
    rows = table.findall(qn("w:tr"))
    header = rows[0] if new.header_rows else None
    if header is not None:
        for cell, diff in zip(header.findall(qn("w:tc")), pair.fields[1:], strict=False):
            if diff.changed:
                writers.tracker.words(cell.findall(qn("w:p")), diff.spans)
    body = rows[1:] if header is not None else rows
    tr_of = {id(row): tr for row, tr in zip(new.rows, body, strict=False)}
    older = _OlderRows(writers, old)
    cursor = header
    for slot in slots(pair.children, old.rows):
        row: Pair[TableRow] = slot.pair
        if slot.place == "moved-from" or row.new is None:
            tr = older.row(row.old)
            _place(tr, cursor, table.find(qn("w:tr")))
            writers.tracker.row(tr, "del")
        else:
            tr = tr_of[id(row.new)]
            if row.old is None or slot.place == "moved-to":
                writers.tracker.row(tr, "ins")
            elif row.changed:
                _row(writers, row, tr)
        cursor = tr
    older.discard()
    _mend_vertical_merges(table)


def _row(writers: Writers, row: Pair[TableRow], tr: Element) -> None:
    """A revised row, cell by cell: the cell's text, then its list item by item."""
    assert row.old is not None and row.new is not None
    cells = [tc for tc in tr.findall(qn("w:tc")) if not _merged_into_cell_above(tc)]
    for index, (cell, tc) in enumerate(zip(row.new.cells, cells, strict=False)):
        paragraphs = tc.findall(qn("w:p"))
        text_paragraphs = paragraphs[: max(len(cell.paragraphs), 1)]
        if index < len(row.fields) and row.fields[index].changed:
            writers.tracker.words(text_paragraphs, row.fields[index].spans)
        if index < len(row.children) and row.children[index].changed:
            lists = row.children[index]
            empty = ListBlock("", False, ())
            old_cell = row.old.cells[index] if index < len(row.old.cells) else None
            old_list = old_cell.list if old_cell and old_cell.list else empty
            listed = paragraphs[len(text_paragraphs) :]
            _items(writers, lists.children, old_list, cell.list or empty, listed, text_paragraphs[-1])
    lost = [f.old for f in row.fields[len(row.new.cells) :] if f.old]  # cells the row no longer has
    if lost and cells:
        writers.tracker.deleted_at_end(cells[-1].findall(qn("w:p"))[-1], " " + " ".join(lost))


def _merged_into_cell_above(tc: Element) -> bool:
    """A cell Word shows as part of the one above (vMerge continue): a cell spanning rows covers it."""
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return merge is not None and merge.get(qn("w:val"), "continue") == "continue"


def _mend_vertical_merges(table: Element) -> None:
    """Keep every vertical merge valid once removed rows stand among the newer ones.

    A removed row comes from the older table with its own merge marks. Word needs each
    "continue" cell to sit under a cell of the same merge: a removed row's covered cell
    under an unmerged one becomes an empty cell of its own; a newer covered cell under a
    removed row's unmerged cell takes that cell into the merge (its deleted words move to
    the cell the merge starts at), so accepting the removal leaves the newer merge whole.
    """
    above: dict[int, tuple[Element, bool]] = {}  # grid column: the cell in the row above, and if its row is removed
    starts: dict[int, Element] = {}  # grid column: the cell the merge running down to here starts at
    for tr in table.findall(qn("w:tr")):
        removed = tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None
        column = 0
        for tc in tr.findall(qn("w:tc")):
            merge = _merge_of(tc)
            up, up_removed = above.get(column, (None, False))
            up_merge = None if up is None else _merge_of(up)
            if merge == "continue" and up_merge is None:
                if up is not None and up_removed and not removed and column in starts:
                    _take_into_merge(up, starts[column])
                else:
                    merge = None if removed else "restart"
                    tc.get_or_add_tcPr().vMerge_val = merge
            if merge == "restart":
                starts[column] = tc
            elif merge is None and not (removed and up_merge is not None):
                starts.pop(column, None)  # a removed row's own cell may yet be taken into the merge above it
            for covered in range(column, column + tc.grid_span):
                above[covered] = (tc, removed)
            column += tc.grid_span


def _merge_of(tc: Element) -> str | None:
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return None if merge is None else merge.get(qn("w:val"), "continue")


def _take_into_merge(tc: Element, start: Element) -> None:
    """A removed row's cell made part of the merge above it; its (deleted) paragraphs join the merge's first cell."""
    for paragraph in tc.findall(qn("w:p")):
        start.append(paragraph)
    tc.append(tc.makeelement(qn("w:p"), {}))  # a cell holds a paragraph, even one Word hides
    tc.get_or_add_tcPr().vMerge_val = "continue"


class _OlderRows:
    """The older table written once, out of the way, so its removed rows can be taken into the newer one."""

    def __init__(self, writers: Writers, table: Table) -> None:
        self.writers, self.table = writers, table
        self.elements: list[Element] = []
        self.rows: list[Element] = []  # taken before any is moved out

    def row(self, row: TableRow | None) -> Element:
        assert row is not None
        if not self.elements:
            self.elements = self.writers.write_old(self.table)
            self.rows = next(e for e in self.elements if e.tag == qn("w:tbl")).findall(qn("w:tr"))
        index = next(i for i, r in enumerate(self.table.rows) if r is row) + (1 if self.table.header_rows else 0)
        return self.rows[index]

    def discard(self) -> None:
        for element in self.elements:
            element.getparent().remove(element)


# -- list items ------------------------------------------------------------------------


def _items(
    writers: Writers,
    pairs: Sequence[Pair[ListItem]],
    old: ListBlock,
    new: ListBlock,
    paragraphs: list[Element],
    cursor: Element | None,
    level: int = 1,
    style: str | None = None,
) -> Element | None:
    """Mark a list's items in the paragraphs written for `new` (its items in reading order).

    Removed items are written in the older words after `cursor` (the paragraph before
    the list) or the item before them. Returns the last paragraph of the list.
    """
    paragraph_of = dict(zip((id(i) for i in _reading_order(new.items)), paragraphs, strict=False))
    for slot in slots(pairs, old.items):
        item = slot.pair
        if slot.place == "moved-from" or item.new is None:
            assert item.old is not None
            written = _older_items(writers, old, item.old, level, style, paragraphs)
            for element in written:
                _place(element, cursor, paragraphs[0] if paragraphs else None)
                cursor = element
            if slot.place == "moved-from":
                writers.move_end(item, written, slot.place)
            else:
                writers.tracker.whole(written, "del")
            continue
        own = [paragraph_of[id(i)] for i in _reading_order((item.new,)) if id(i) in paragraph_of]
        if not own:
            continue
        cursor = own[-1]
        if item.old is None:
            writers.tracker.whole(own, "ins")
        elif slot.place == "moved-to":
            writers.move_end(item, own, slot.place)
        elif item.changed:
            if item.fields and item.fields[0].changed:
                writers.tracker.words(own[:1], item.fields[0].spans)
            children_old = item.old.children or ListBlock("", new.ordered, ())
            children_new = item.new.children or ListBlock("", new.ordered, ())
            last = _items(writers, item.children, children_old, children_new, own[1:], own[0], level + 1)
            cursor = last if last is not None else cursor
    return cursor


def _reading_order(items: Sequence[ListItem]) -> Iterator[ListItem]:
    for item in items:
        yield item
        if item.children:
            yield from _reading_order(item.children.items)


def _older_items(
    writers: Writers, old: ListBlock, item: ListItem, level: int, style: str | None, like: Sequence[Element]
) -> list[Element]:
    """An item of the older list (with its own items) written as a list of its own, numbered as its neighbours."""
    one = ListBlock(old.id, old.ordered, (item,))
    elements = writers.written(lambda: add_list(writers.old, one, "", level, style if level == 1 else None))
    drop_bookmarks(elements)
    neighbour = next((p for p in like if p is not None and p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None), None)
    if neighbour is not None and old.ordered:
        number = neighbour.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        for element in elements:
            own = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if own is not None and number is not None:
                own.set(qn("w:val"), number.get(qn("w:val")))
    return elements


# -- helpers ---------------------------------------------------------------------------


def _spans(pair: Pair[Any], index: int) -> tuple[Span, ...]:
    return pair.fields[index].spans if index < len(pair.fields) else ()


def _paragraphs(elements: list[Element]) -> list[Element]:
    return [e for e in elements if e.tag == qn("w:p")]


def _place(element: Element, after: Element | None, before: Element | None) -> None:
    """Put `element` after `after`; without one, before `before` (the first of the list or table)."""
    if after is not None:
        after.addnext(element)
    elif before is not None:
        before.addprevious(element)


def _deleted_paragraph(writers: Writers, text: str, neighbour: Element, before: bool) -> None:
    """A text the block no longer has, as a deleted paragraph beside `neighbour`."""
    paragraph = writers.docx.add_paragraph(plain_text(text))._p
    (neighbour.addprevious if before else neighbour.addnext)(paragraph)
    writers.tracker.paragraph(paragraph, "del")
