"""Word tracked changes on paragraphs and tables already written (python-docx elements, lxml).

A writer puts a block into the document as usual; these functions then mark what it
wrote: every run inserted or deleted (`w:ins` / `w:del`, deleted text in `w:delText`), the
paragraph marks too (so accepting or rejecting removes a whole paragraph cleanly), table
rows (`w:trPr/w:ins`, `w:del`), moves (`w:moveFrom` / `w:moveTo` between named range
marks), and, inside a paragraph written as it now reads, the words the word diff says
were inserted, with the deleted words put back where they stood.

Every change carries an id from one counter, the author and a date, so the same two
versions always give the same XML.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as Element

from csa.textdiff.words import Span

Change = Literal["ins", "del", "moveFrom", "moveTo"]


# Children of a run that print characters (w:t is text; these stand for one character each).
_ONE_CHAR = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_TRACKED = {qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")}
# w:pPr children that must come after w:rPr, and w:trPr children after w:ins / w:del.
_AFTER_PPR_RPR = (qn("w:sectPr"), qn("w:pPrChange"))
_AFTER_TRPR_MARK = (qn("w:trPrChange"),)


@dataclass
class Tracker:
    """Writes the change marks of one document: who made the changes, when, and the next id.

    `first_id` keeps revision ids apart from the ids other annotations (bookmarks) use.
    """

    author: str
    date: dt.date
    first_id: int = 1
    _next: int = field(init=False, default=0)
    _moves: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._next = self.first_id

    @property
    def stamp(self) -> str:
        return f"{self.date.isoformat()}T00:00:00Z"

    def mark(self, change: Change | Literal["moveFromRangeStart", "moveToRangeStart", "pPrChange"]) -> Element:
        """An empty change element (or a move's range start) with the next id, the author and the date."""
        element = OxmlElement(f"w:{change}")
        element.set(qn("w:id"), str(self._next))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.stamp)
        self._next += 1
        return element

    # -- whole paragraphs, tables and rows -------------------------------------------

    def whole(self, elements: Iterable[Element], change: Change) -> None:
        """Mark paragraphs and tables (a block as a writer wrote it) inserted, deleted or moved."""
        for element in elements:
            if element.tag == qn("w:tbl"):
                for row in element.iter(qn("w:tr")):
                    self.row(row, "ins" if change in ("ins", "moveTo") else "del")
            elif element.tag == qn("w:p"):
                self.paragraph(element, change)

    def paragraph(self, p: Element, change: Change) -> None:
        """Mark all of a paragraph's runs, and its paragraph mark, as one change."""
        self._mark_paragraph_mark(p, change)
        self._wrap_runs(p, change)

    def row(self, tr: Element, change: Literal["ins", "del"]) -> None:
        """Mark a table row inserted or deleted, and every paragraph in its cells with it."""
        tr_pr = tr.get_or_add_trPr()
        _insert_before(tr_pr, self.mark(change), _AFTER_TRPR_MARK)
        for p in tr.iter(qn("w:p")):
            self.paragraph(p, change)

    def move(self, moved_from: Sequence[Element], moved_to: Sequence[Element]) -> None:
        """Mark the paragraphs a block left as moved from, the ones it arrived in as moved to.

        A named range pair ("csa-move-N") ties the two ends together, so Word can show
        where a moved paragraph went. Tables are not moved by Word: their rows are
        marked deleted at one end and inserted at the other.
        """
        self._moves += 1
        name = f"csa-move-{self._moves}"
        ends: tuple[tuple[Sequence[Element], Literal["moveFrom", "moveTo"]], ...] = (
            (moved_from, "moveFrom"),
            (moved_to, "moveTo"),
        )
        for elements, change in ends:
            paragraphs = [e for e in elements if e.tag == qn("w:p")]
            if paragraphs:
                self._range(paragraphs[0], paragraphs[-1], change, name)
            self.whole(elements, change)

    def _range(self, first: Element, last: Element, change: Literal["moveFrom", "moveTo"], name: str) -> None:
        start = self.mark("moveFromRangeStart" if change == "moveFrom" else "moveToRangeStart")
        start.set(qn("w:name"), name)
        end = OxmlElement(f"w:{change}RangeEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        p_pr = first.find(qn("w:pPr"))
        if p_pr is not None:
            p_pr.addnext(start)
        else:
            first.insert(0, start)
        last.append(end)

    def _wrap_runs(self, p: Element, change: Change) -> None:
        """Put each stretch of neighbouring runs in one change element (inside a hyperlink, not round it)."""
        for run_group in _run_groups(p):
            wrapper = self.mark(change)
            run_group[0].addprevious(wrapper)
            for run in run_group:
                wrapper.append(run)  # lxml moves it
                if change == "del":
                    _as_deleted(run)

    def _mark_paragraph_mark(self, p: Element, change: Change) -> None:
        p_pr = p.find(qn("w:pPr"))
        if p_pr is None:
            p_pr = OxmlElement("w:pPr")
            p.insert(0, p_pr)
        r_pr = p_pr.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            _insert_before(p_pr, r_pr, _AFTER_PPR_RPR)
        r_pr.insert(0, self.mark(change))  # the schema puts the change before any formatting

    def restyled(self, p: Element, old_style_id: str) -> None:
        """Track a change of paragraph style (a heading's level): rejecting it gives back `old_style_id`."""
        p_pr = p.get_or_add_pPr()
        before = OxmlElement("w:pPr")
        for child in p_pr:
            if child.tag not in (qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange")):
                before.append(copy.deepcopy(child))
        style = before.find(qn("w:pStyle"))
        if style is None:
            style = OxmlElement("w:pStyle")
            before.insert(0, style)
        style.set(qn("w:val"), old_style_id)
        change = self.mark("pPrChange")
        change.append(before)
        p_pr.append(change)  # last in the paragraph's properties, as the schema puts it

    # -- words inside a paragraph ----------------------------------------------------

    def deleted_at_end(self, p: Element, text: str) -> None:
        """Deleted text at the end of a paragraph, formatted as its last run."""
        runs = list(_runs(p))
        wrapper = self.mark("del")
        wrapper.append(_text_run(text, runs[-1] if runs else None, deleted=True))
        p.append(wrapper)

    def words(self, paragraphs: Sequence[Element], spans: Sequence[Span]) -> None:
        """Mark the inserted words of paragraphs written as they now read, and put back deleted words.

        `spans` is the word diff of their text (paragraphs joined by a space, as
        plain_text joins them). The written runs keep their formatting: each is split
        where an inserted stretch starts or ends. Text the writer added that the diff
        does not know (a paragraph number) is left unmarked; a deleted stretch takes
        the formatting of the run it follows.
        """
        chars = list(_characters(paragraphs))
        new_side, deletions = _new_side(spans)
        matched = _match("".join(c.char for c in chars), "".join(ch for ch, _ in new_side))
        inserted = _inserted_flags(len(chars), matched, [op == "insert" for _, op in new_side])
        places = _deletion_places(deletions, matched, [c.run is not None for c in chars])
        self._rewrite(paragraphs, chars, inserted, places)

    def _rewrite(
        self,
        paragraphs: Sequence[Element],
        chars: list[_Char],
        inserted: list[bool],
        places: dict[int, list[str]],
    ) -> None:
        """Split each run into inserted and unchanged pieces, with deleted text after the char it follows."""
        by_run: dict[int, list[int]] = {}
        for index, c in enumerate(chars):
            if c.run is not None:
                by_run.setdefault(id(c.run), []).append(index)
        for p in paragraphs:
            if -1 in places and p is paragraphs[0]:
                self._deleted_at_start(p, places.pop(-1))
            for run in list(_runs(p)):
                indexes = by_run.get(id(run), [])
                if indexes and (any(inserted[i] for i in indexes) or any(i in places for i in indexes)):
                    self._split(run, [chars[i] for i in indexes], [inserted[i] for i in indexes], indexes, places)
            _merge_neighbours(p)

    def _deleted_at_start(self, p: Element, texts: list[str]) -> None:
        first = next(iter(_runs(p)), None)
        wrapper = self.mark("del")
        wrapper.append(_text_run("".join(texts), first, deleted=True))
        if first is not None:
            first.addprevious(wrapper)
        else:
            p.append(wrapper)

    def _split(
        self, run: Element, chars: list[_Char], flags: list[bool], indexes: list[int], places: dict[int, list[str]]
    ) -> None:
        pieces: list[Element] = []
        current: list[Element] = []  # the children of the piece being built
        current_flag = flags[0]
        r_pr = run.find(qn("w:rPr"))

        def close() -> None:
            if current:
                pieces.append(self._piece(r_pr, list(current), current_flag))
                current.clear()

        children = [c for c in run if c.tag != qn("w:rPr")]
        for child in children:
            own = [k for k, c in enumerate(chars) if c.element is child]
            if not own:  # a footnote mark, a field: it goes with the text around it
                current.append(copy.deepcopy(child))
                continue
            for k in own:
                if flags[k] != current_flag:
                    close()
                    current_flag = flags[k]
                current.append(_one_char(child, chars[k].char))
                if indexes[k] in places:
                    close()
                    wrapper = self.mark("del")
                    wrapper.append(_text_run("".join(places.pop(indexes[k])), run, deleted=True))
                    pieces.append(wrapper)
        close()
        for piece in pieces:
            run.addprevious(piece)
        run.getparent().remove(run)

    def _piece(self, r_pr: Element | None, children: list[Element], inserted: bool) -> Element:
        run = OxmlElement("w:r")
        if r_pr is not None:
            run.append(copy.deepcopy(r_pr))
        for child in _joined_text(children):
            run.append(child)
        if not inserted:
            return run
        wrapper = self.mark("ins")
        wrapper.append(run)
        return wrapper


# -- helpers ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Char:
    char: str
    run: Element | None  # None: the space standing between two paragraphs
    element: Element | None  # the w:t (or w:tab, w:br) it is in


def _characters(paragraphs: Sequence[Element]) -> Iterator[_Char]:
    for n, p in enumerate(paragraphs):
        if n:
            yield _Char(" ", None, None)
        for run in _runs(p):
            for child in run:
                if child.tag == qn("w:t"):
                    for ch in child.text or "":
                        yield _Char(ch, run, child)
                elif child.tag in _ONE_CHAR:
                    yield _Char(_ONE_CHAR[child.tag], run, child)


def _runs(p: Element) -> Iterator[Element]:
    """The runs of a paragraph in reading order, also inside hyperlinks and fields; not tracked ones."""
    for run in p.iter(qn("w:r")):
        if not any(a.tag in _TRACKED for a in run.iterancestors()):
            yield run


def _run_groups(p: Element) -> list[list[Element]]:
    """Neighbouring untracked runs with the same parent."""
    groups: list[list[Element]] = []
    for run in _runs(p):
        previous = run.getprevious()
        if groups and previous is groups[-1][-1]:
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups


def _as_deleted(run: Element) -> None:
    for t in run.iter(qn("w:t")):
        t.tag = qn("w:delText")
    for instr in run.iter(qn("w:instrText")):
        instr.tag = qn("w:delInstrText")


def _new_side(spans: Sequence[Span]) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """The text as it now reads, char by char with its op; deleted texts with the position they stood at."""
    chars: list[tuple[str, str]] = []
    deletions: list[tuple[int, str]] = []
    for index, span in enumerate(spans):
        if span.op != "delete":
            chars.extend((ch, span.op) for ch in span.text)
            continue
        text = span.text
        if chars and not chars[-1][0].isspace() and not text[:1].isspace():
            text = " " + text  # the words' own space: the newer text ends before it
        if index + 1 < len(spans) and spans[index + 1].op == "insert" and not text[-1:].isspace():
            text += " "  # keep a replaced last word apart from its replacement
        deletions.append((len(chars), text))
    return chars, deletions


def _fold(text: str) -> str:
    """Compare spacing loosely: tabs, line breaks and no-break spaces are spaces."""
    return text.replace("\t", " ").replace("\n", " ").replace("\u00a0", " ")


def _match(written: str, new: str) -> dict[int, int]:
    """Char index in the written text -> char index in the diff's new text, where they match."""
    matcher = difflib.SequenceMatcher(None, _fold(written), _fold(new), autojunk=False)
    matched: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            matched[block.a + k] = block.b + k
    return matched


def _inserted_flags(count: int, matched: dict[int, int], inserted_new: list[bool]) -> list[bool]:
    """Which written chars are inserted; one the diff does not know is inserted only between inserted ones."""
    flags: list[bool | None] = [inserted_new[matched[i]] if i in matched else None for i in range(count)]
    if all(f is None for f in flags):
        return [False] * count
    before: list[bool] = []
    last = True
    for flag in flags:
        last = last if flag is None else flag
        before.append(last)
    after: list[bool] = []
    last = True
    for flag in reversed(flags):
        last = last if flag is None else flag
        after.append(last)
    after.reverse()
    return [f if f is not None else (b and a) for f, b, a in zip(flags, before, after, strict=True)]


def _deletion_places(
    deletions: list[tuple[int, str]], matched: dict[int, int], in_run: list[bool]
) -> dict[int, list[str]]:
    """Written char index each deleted text follows (-1: before the first).

    A deletion is put after the last written char matching a char before it, and
    never after the space standing between two paragraphs (it has no run to follow).
    """
    by_new = {b: a for a, b in matched.items() if in_run[a]}
    places: dict[int, list[str]] = {}
    last, known = -1, 0
    for position, text in deletions:
        for b in range(known, position):
            last = by_new.get(b, last)
        known = max(known, position)
        places.setdefault(last, []).append(text)
    return places


def _one_char(element: Element, char: str) -> Element:
    if element.tag != qn("w:t"):
        return copy.deepcopy(element)
    t = OxmlElement("w:t")
    t.text = char
    return t


def _joined_text(children: list[Element]) -> list[Element]:
    """Neighbouring one-char w:t elements joined into one (space preserved)."""
    out: list[Element] = []
    for child in children:
        if child.tag == qn("w:t") and out and out[-1].tag == qn("w:t"):
            out[-1].text = (out[-1].text or "") + (child.text or "")
        else:
            out.append(child)
    for t in out:
        if t.tag == qn("w:t"):
            t.set(qn("xml:space"), "preserve")
    return out


def _text_run(text: str, like: Element | None, deleted: bool) -> Element:
    """A run of `text` formatted as `like`."""
    run = OxmlElement("w:r")
    r_pr = like.find(qn("w:rPr")) if like is not None else None
    if r_pr is not None:
        run.append(copy.deepcopy(r_pr))
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    return run


def _merge_neighbours(p: Element) -> None:
    """Neighbouring w:ins (or w:del) elements become one, so Next Change steps once per change."""
    for parent in [p, *p.iter(qn("w:hyperlink"))]:
        previous: Element | None = None
        for child in list(parent):
            if previous is not None and child.tag == previous.tag and child.tag in (qn("w:ins"), qn("w:del")):
                for run in list(child):
                    previous.append(run)
                parent.remove(child)
                continue
            previous = child


def _insert_before(parent: Element, child: Element, later: tuple[str, ...]) -> None:
    """Append `child`, but before any of the `later` elements the schema puts after it."""
    anchor = next((c for c in parent if c.tag in later), None)
    if anchor is not None:
        anchor.addprevious(child)
    else:
        parent.append(child)
