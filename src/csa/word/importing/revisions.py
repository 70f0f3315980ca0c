"""Tracked changes in a document being imported: count them, or accept or reject them all.

Word records an insertion as `w:ins` around runs and a deletion as `w:del` around
runs whose text is `w:delText`; a moved passage as `w:moveFrom` (where it was) and
`w:moveTo` (where it went); a paragraph mark inserted or deleted (paragraphs joined
or split) as `w:ins`/`w:del` in the paragraph mark's run properties; a table row
inserted or deleted as `w:ins`/`w:del` in its row properties; and formatting changes
as `w:pPrChange`, `w:rPrChange` and the like, holding the properties before.
Accepting keeps the new text, rejecting the old; either way no change is left.
"""

from __future__ import annotations

from typing import Literal

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Decision = Literal["accept", "reject"]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_INSERTED = (w("ins"), w("moveTo"))
_DELETED = (w("del"), w("moveFrom"))
_RANGE_MARKS = tuple(w(t) for t in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"))
_PROPERTY_CHANGES = tuple(
    w(t)
    for t in (
        "pPrChange",
        "rPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "sectPrChange",
        "tblGridChange",
        "numberingChange",
        "tblPrExChange",
    )
)
_CELL_CHANGES = (w("cellIns"), w("cellDel"), w("cellMerge"))


def count(root: etree._Element) -> int:
    """How many tracked changes `root` holds (a moved passage counts twice: from and to, as Word lists it)."""
    tags = (*_INSERTED, *_DELETED, *_PROPERTY_CHANGES, *_CELL_CHANGES)
    return sum(1 for el in root.iter(*tags))


def resolve(root: etree._Element, decision: Decision) -> None:
    """Accept or reject every tracked change in `root`, in place."""
    keep, drop = (_INSERTED, _DELETED) if decision == "accept" else (_DELETED, _INSERTED)
    _table_rows(root, drop)
    _paragraph_marks(root, drop, keep)
    for el in list(root.iter(*drop)):
        _remove(el)
    for el in list(root.iter(*keep)):
        if el.getparent() is not None and el.getparent().tag == w("rPr"):
            continue  # a mark on a paragraph or run's properties: handled above
        _unwrap(el)
    for el in list(root.iter(w("delText"), w("delInstrText"))):
        el.tag = w("t") if el.tag == w("delText") else w("instrText")
    for el in list(root.iter(*_RANGE_MARKS, *_CELL_CHANGES)):
        _remove(el)
    for el in list(root.iter(*_PROPERTY_CHANGES)):
        _property_change(el, decision)


def _table_rows(root: etree._Element, drop: tuple[str, ...]) -> None:
    """A row marked as inserted (rejecting) or deleted (accepting) goes; the mark on a kept row goes."""
    for row in list(root.iter(w("tr"))):
        props = row.find(w("trPr"))
        if props is None:
            continue
        marks = [m for m in props if m.tag in (w("ins"), w("del"))]
        if any(m.tag in drop for m in marks):
            _remove(row)
        else:
            for mark in marks:
                props.remove(mark)


def _paragraph_marks(root: etree._Element, drop: tuple[str, ...], keep: tuple[str, ...]) -> None:
    """A paragraph whose mark goes is joined to the next paragraph (which keeps its own properties, as in Word)."""
    for mark in list(root.iter(*drop, *keep)):
        props = mark.getparent()
        if props is None or props.tag != w("rPr") or props.getparent() is None or props.getparent().tag != w("pPr"):
            continue
        paragraph = props.getparent().getparent()
        props.remove(mark)
        if mark.tag in drop and paragraph is not None:
            _join_with_next(paragraph)


def _join_with_next(paragraph: etree._Element) -> None:
    following = paragraph.getnext()
    if following is None or following.tag != w("p"):
        return  # the last paragraph of a cell or the body keeps its mark
    content = [c for c in paragraph if c.tag != w("pPr")]
    at = 1 if following.find(w("pPr")) is not None else 0
    for offset, child in enumerate(content):
        following.insert(at + offset, child)
    _remove(paragraph)


def _property_change(change: etree._Element, decision: Decision) -> None:
    """Accepting keeps the properties as they are; rejecting puts back those recorded before the change."""
    props = change.getparent()
    if props is None:
        return
    props.remove(change)
    if decision == "accept":
        return
    before = next(iter(change), None)  # the properties as they were: <w:pPr>, <w:rPr>, ...
    kept = {w("rPr"), w("sectPr"), w("numPr")} if props.tag == w("pPr") else set()
    for child in list(props):
        if child.tag not in kept:
            props.remove(child)
    if before is not None:
        for child in before:
            props.append(child)


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        _keep_tail(el)
        parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    at = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(at + offset, child)
    _remove(el)


def _keep_tail(el: etree._Element) -> None:
    # WordprocessingML has no mixed content, but keep any tail text rather than lose it silently.
    if el.tail and el.tail.strip():
        previous = el.getprevious()
        parent = el.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        elif parent is not None:
            parent.text = (parent.text or "") + el.tail
