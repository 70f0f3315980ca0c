"""Two versions -> one .docx: the newer version's text with Word tracked changes back to the older.

The summary of the HTML redline comes first, untracked (word/redline/summary.py). Then each
chapter of the newer version is written through the export's block writers
(word/export/blocks.py) and marked where the version diff says it changed: a revised block's
words (word/redline/revised.py), a block added or removed as a whole (a removed one written in
the older version's words, where it stood), a moved one as a Word move. Accepting every
change gives the newer version's text, rejecting every change the older one's.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as Element
from docx.text.paragraph import Paragraph as DocxParagraph
from jinja2 import Environment

from csa.diff.compare import ChapterDiff
from csa.diff.redline import Redline
from csa.inline import Citation
from csa.model import Chapter
from csa.word.common.ids import write_ids
from csa.word.common.package import docx_bytes, set_properties
from csa.word.common.styles import FOOTNOTE_REFERENCE, set_run_style
from csa.word.export.blocks import write_block
from csa.word.export.document import chapter_heading, footer, new_word, version_writer
from csa.word.redline.blocks import mark_revised
from csa.word.redline.moves import Slot, slots
from csa.word.redline.summary import title, write_summary
from csa.word.redline.tracked import Tracker
from csa.word.redline.writers import Writers, drop_bookmarks, prefix_spans

# The tags of the change marks, renumbered in reading order once the document is written.
_CHANGE_TAGS = {
    qn(f"w:{tag}")
    for tag in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "pPrChange",
    )
}


def write_chapters(writers: Writers, redline: Redline) -> None:
    """Every chapter of the newer version, with the older version's text as tracked changes."""
    writers.between_chapters.update(moves_between_chapters(redline.diff.chapters))
    for view in redline.chapters:
        write_chapter(writers, view.diff)


def moves_between_chapters(chapters: Sequence[ChapterDiff]) -> dict[int, int]:
    """The two ends of each block the differ found moved to another chapter (a removed and an added block).

    The differ names only the other chapter: ends are paired by kind and those names,
    in reading order. Returns id of each end's pair -> id of the removed end's.
    """
    removed = [(c, b) for c in chapters for b in c.blocks if b.status == "removed" and b.elsewhere]
    added = [(c, b) for c in chapters for b in c.blocks if b.status == "added" and b.elsewhere]
    ends: dict[int, int] = {}
    for left, gone in removed:
        for arrived_in, came in added:
            if id(came) in ends or came.kind != gone.kind:
                continue
            if came.elsewhere == left.chapter.short_name and gone.elsewhere == arrived_in.chapter.short_name:
                ends[id(gone)] = ends[id(came)] = id(gone)
                break
    return ends


def write_chapter(writers: Writers, c: ChapterDiff) -> None:
    if c.old is None or c.new is None:
        elements = _whole_chapter(writers, c.chapter, old=c.new is None)
        writers.tracker.whole(elements, "del" if c.new is None else "ins")
        return
    if c.moved:  # the whole chapter moved: Word moves it, in both versions' words
        writers.tracker.move(_whole_chapter(writers, c.old, old=True), _whole_chapter(writers, c.new, old=False))
        return
    heading = _heading(writers, c.new, old=False)
    assert c.title is not None
    writers.tracker.words(heading, [*prefix_spans(c.old.prefix, c.new.prefix), *c.title.spans])
    writers.new.chapter, writers.old.chapter = c.new, c.old
    for slot in slots(c.blocks, c.old.blocks):
        write_slot(writers, slot)
    writers.new.chapter = writers.old.chapter = None
    _notes(writers, c)


def _notes(writers: Writers, c: ChapterDiff) -> None:
    """A chapter's revised footnotes, word by word, and its added ones (in the notes the newer text cites)."""
    written = footnote_paragraphs(writers.docx)
    by_key = {a.key: written.get(a.bookmark) for a in writers.new.ids.ids.anchors if a.kind == "footnote"}
    for note in c.changed_notes:
        paragraph = by_key.get(f"{c.chapter.id}/footnote-{note.part.label}")
        if paragraph is None:
            continue  # removed, or never cited: no note of the newer text to mark
        if note.old is None:
            writers.tracker.paragraph(paragraph, "ins")
        elif note.new is not None:
            number = prefix_spans(f"{note.old.number} ", f"{note.new.number} ")
            writers.tracker.words([paragraph], [*number, *note.fields[0].spans])


def footnote_paragraphs(word: DocxDocument) -> dict[str, Element]:
    """Each bookmarked paragraph of the footnotes part, by its bookmark's name."""
    found: dict[str, Element] = {}
    for rel in word.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            for start in rel.target_part.element.iter(qn("w:bookmarkStart")):
                found[start.get(qn("w:name"))] = start.getparent()
    return found


def write_slot(writers: Writers, slot: Slot) -> None:
    pair = slot.pair
    if slot.place == "moved-from":
        writers.move_end(pair, writers.write_old(pair.old), slot.place)
    elif pair.new is None and id(pair) in writers.between_chapters:
        writers.move_end(pair, writers.write_old(pair.old), "moved-from")
    elif pair.new is None:
        writers.tracker.whole(writers.write_old(pair.old), "del")
    elif pair.old is None and id(pair) in writers.between_chapters:
        writers.move_end(pair, writers.write_new(pair.new), "moved-to")
    elif pair.old is None:
        writers.tracker.whole(writers.write_new(pair.new), "ins")
    elif slot.place == "moved-to":
        writers.move_end(pair, writers.write_new(pair.new), slot.place)
    else:
        mark_revised(writers, pair, writers.write_new(pair.new))


def _whole_chapter(writers: Writers, chapter: Chapter, old: bool) -> list[Element]:
    writer = writers.old if old else writers.new
    elements = _heading(writers, chapter, old)
    writer.chapter = chapter
    for block in chapter.blocks:
        elements += writers.written(functools.partial(write_block, writer, block))
    writer.chapter = None
    if old:
        drop_bookmarks(elements)
    return elements


def _heading(writers: Writers, chapter: Chapter, old: bool) -> list[Element]:
    """The chapter's title as a Heading 1, bookmarked as the chapter (the newer version's only)."""
    elements = writers.written(functools.partial(chapter_heading, writers.old if old else writers.new, chapter))
    if old:
        drop_bookmarks(elements)
    return elements


def citation_mark(paragraph: DocxParagraph, citation: Citation) -> None:
    """A citation in the older version's words: its number as printed, without a Word footnote of its own."""
    set_run_style(paragraph.add_run(str(citation.number)), FOOTNOTE_REFERENCE)


def renumber_changes(roots: list[Element], first: int) -> None:
    """Give the change marks ids in reading order from `first` (after the bookmarks' ids): the body, then the notes."""
    new_ids: dict[str, str] = {}
    for element in (e for root in roots for e in root.iter(*_CHANGE_TAGS)):
        old = element.get(qn("w:id"))
        if old not in new_ids:
            new_ids[old] = str(first + len(new_ids))
        element.set(qn("w:id"), new_ids[old])


def redline_docx(env: Environment, redline: Redline, author: str, folders: tuple[Path, Path]) -> bytes:
    """The redline as .docx bytes; `folders` are the older and newer versions' folders.

    The same two versions and author always give the same bytes.
    """
    diff, document = redline.diff, redline.document
    word = new_word(document)
    new = version_writer(word, env, document, diff.new, folders[1])
    old = version_writer(word, env, document, diff.old, folders[0])
    old.inline = replace(old.inline, citation=citation_mark)  # the document's notes are the newer version's
    writers = Writers(new, old, Tracker(author, diff.new.effective))
    write_summary(word, redline, author)
    start = len(word.element.body)
    write_chapters(writers, redline)
    first = word.element.body[start - 1] if start else None
    if first is not None and first.tag == qn("w:p"):
        first.get_or_add_pPr().get_or_add_pageBreakBefore()
    notes = [r.target_part.element for r in word.part.rels.values() if r.reltype == RT.FOOTNOTES and not r.is_external]
    renumber_changes([word.element.body, *notes], len(new.ids.ids.anchors) + 1)
    footer(word, document, diff.new)
    set_properties(word, document, diff.new)
    word.core_properties.title = title(redline)
    write_ids(word, new.ids.ids)
    data: bytes = docx_bytes(word, diff.new.effective)
    return data
