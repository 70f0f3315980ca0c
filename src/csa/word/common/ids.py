"""How a .docx we export says which chapter, block, list item and table row each paragraph is.

Shared by the export (writes them) and the import (reads them back, so the differ
sees edits rather than new blocks). The convention, version 1:

- A hidden bookmark `_csa<N>` (N counts from 1; Word hides bookmarks whose name
  starts with "_") spans the content of the paragraph that starts each chapter
  (its Heading 1), each block (its first paragraph), each list item and each
  table row (its first cell's first paragraph; an action plan's action and
  indicator rows too, kind "row", keyed by the action's or indicator's id), each
  indicator's generated chart (kind "indicator-chart"), each footnote's text, each
  paragraph and list item a report's live block prints after its first (kind
  "live-part": read from the plan, not from Word), and the first paragraph of a
  committee report's closing (kind "report-closing": its recommendations, attachments
  and contacts, printed from the version's header).
- A custom XML part (`customXml/item1.xml`, namespace `urn:csa:ids:1`) says what
  each bookmark marks:

      <ids xmlns="urn:csa:ids:1" document="kent-csa" version="4.0">
        <anchor bookmark="_csa1" kind="chapter" chapter="introduction" key="introduction" id="introduction">
          <source>{"file": "01-introduction.yaml", "kind": "chapter", "title": "Introduction"}</source>
        </anchor>
        <anchor bookmark="_csa2" kind="paragraph" chapter="introduction" key="introduction/p1" id="p1"/>
        <anchor bookmark="_csa9" kind="diagram" ... ><source>{"id": ..., "diagram": {...}}</source></anchor>
      </ids>

  `key` is the differ's stable key of the part (csa.textdiff.pair.Pair.key:
  chapter/block, chapter/block/item, chapter/table/row, chapter/footnote-<label>).
  `source` (JSON) is present where Word cannot edit what the part was made from:
  a chapter's file name, kind and title; a diagram's or chart's block exactly as
  its chapter file holds it (the image in the .docx is drawn from it); an
  `actions` block (Word prints only each action's latest update) and an
  `indicators` block (Word prints computed figures and charts drawn from it); and, on a
  table row's anchor (on the table's own anchor for its header row), the cells of
  that row which name a priority by id, which Word shows only as words:

      <source>{"priority_cells": [{"cell": 1, "priority": "serious-organised-crime",
        "name": "Serious Violence & Organised Crime", "text": "Serious and Organised Crime"}]}</source>

  `cell` counts the row's cells from 1, `name` is the priority's name in the version
  (what `{priority: id}` prints), `text` the words given instead (`{priority: id, text: ...}`),
  absent when the cell printed the name (see PriorityCell).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from csa.inline import plain_text

NAMESPACE = "urn:csa:ids:1"
BOOKMARK_PREFIX = "_csa"
PART_NAME = "/customXml/item1.xml"
PROPS_NAME = "/customXml/itemProps1.xml"
LIVE_PART = "live-part"  # a paragraph or item a live block prints after its first
REPORT_CLOSING = "report-closing"  # the first paragraph of a report's recommendations, attachments and contacts
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


@dataclass(frozen=True)
class Anchor:
    """What one bookmark marks."""

    bookmark: str  # "_csa12"
    kind: str  # "chapter", a block kind ("paragraph", ...), "item", "row", "indicator-chart", "footnote", LIVE_PART
    # or REPORT_CLOSING
    chapter: str  # the chapter's id
    key: str  # the differ's stable key of the part
    id: str  # the part's own id (chapter, block, item or row id; a footnote's label)
    source: Any = None  # JSON-able: what Word cannot edit (see the module's docstring)


@dataclass(frozen=True)
class PriorityCell:
    """A table cell that named a priority by id when exported: `{priority: id}` or `{priority: id, text: ...}`."""

    cell: int  # its place in its row, counted from 1
    priority: str  # the priority's (or theme's) id
    name: str  # the priority's name in the exported version: what `{priority: id}` prints
    text: str | None = None  # the words the cell gave instead of the name, if it gave any

    def as_written(self, shown: str) -> dict[str, str]:
        """The cell as a chapter file writes it, from the words Word shows in it now.

        The name still shown gives `{priority: id}`; the words it gave, unchanged, give them
        back; words a reader changed are kept as its `text:`, so the cell still names the
        priority (the differ pairs the row by it) and prints what the reader wrote.
        """
        if self.text is not None and plain_text(shown) == plain_text(self.text):
            return {"priority": self.priority, "text": self.text}
        if plain_text(shown) == plain_text(self.name):
            return {"priority": self.priority}
        return {"priority": self.priority, "text": shown}


PRIORITY_CELLS = "priority_cells"  # the key of a row's (or table's) source listing them


def priority_cells_source(cells: list[PriorityCell]) -> dict[str, Any] | None:
    """An anchor's source recording a row's priority cells (None: the row has none)."""
    if not cells:
        return None
    listed = [{k: v for k, v in vars(c).items() if v is not None} for c in cells]
    return {PRIORITY_CELLS: listed}


def priority_cells(anchor: Anchor) -> tuple[PriorityCell, ...]:
    """The priority cells a row's (or a table's header row's) anchor records; () if none or not well-formed."""
    listed = anchor.source.get(PRIORITY_CELLS) if isinstance(anchor.source, dict) else None
    cells = []
    for record in listed if isinstance(listed, list) else []:
        try:
            text = record.get("text")
            cells.append(
                PriorityCell(
                    int(record["cell"]),
                    str(record["priority"]),
                    str(record["name"]),
                    None if text is None else str(text),
                )
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            continue  # a record someone edited by hand: the cell is read as words
    return tuple(cells)


@dataclass(frozen=True)
class DocxIds:
    """Every anchor of one exported version, in document order."""

    document: str
    version: str
    anchors: tuple[Anchor, ...] = ()
    _by_bookmark: dict[str, Anchor] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_bookmark.update({a.bookmark: a for a in self.anchors})

    def anchor(self, bookmark: str) -> Anchor | None:
        """The anchor a bookmark name marks (None: not one of ours)."""
        return self._by_bookmark.get(bookmark)


class IdRecorder:
    """Puts the bookmarks in while a document is written, and remembers what each marks."""

    def __init__(self, document: str, version: str) -> None:
        self.document, self.version = document, version
        self._anchors: list[Anchor] = []

    def mark(self, paragraph: Any, kind: str, chapter: str, key: str, part_id: str, source: Any = None) -> str:
        """Bookmark the content of `paragraph` (a python-docx Paragraph or its w:p) as the part; returns the name."""
        name = f"{BOOKMARK_PREFIX}{len(self._anchors) + 1}"
        add_bookmark(getattr(paragraph, "_p", paragraph), name, len(self._anchors) + 1)
        self._anchors.append(Anchor(name, kind, chapter, key, part_id, source))
        return name

    @property
    def ids(self) -> DocxIds:
        return DocxIds(self.document, self.version, tuple(self._anchors))


def add_bookmark(p: Any, name: str, number: int) -> None:
    """A bookmark around everything in the w:p `p` after its properties."""
    start = etree.SubElement(p, qn("w:bookmarkStart"), {qn("w:id"): str(number), qn("w:name"): name})
    p.remove(start)
    properties = p.find(qn("w:pPr"))
    p.insert(0 if properties is None else 1, start)
    etree.SubElement(p, qn("w:bookmarkEnd"), {qn("w:id"): str(number)})


def bookmarks(p: Any) -> tuple[str, ...]:
    """Names of our bookmarks that start in the w:p `p` (or a python-docx Paragraph), in order."""
    element = getattr(p, "_p", p)
    names = (b.get(qn("w:name"), "") for b in element.iter(qn("w:bookmarkStart")))
    return tuple(n for n in names if n.startswith(BOOKMARK_PREFIX))


def ids_xml(ids: DocxIds) -> bytes:
    """The custom XML part's bytes."""
    root = etree.Element(_tag("ids"), {"document": ids.document, "version": ids.version}, nsmap={None: NAMESPACE})
    for a in ids.anchors:
        attributes = {"bookmark": a.bookmark, "kind": a.kind, "chapter": a.chapter, "key": a.key, "id": a.id}
        element = etree.SubElement(root, _tag("anchor"), attributes)
        if a.source is not None:
            etree.SubElement(element, _tag("source")).text = json.dumps(a.source, ensure_ascii=False, sort_keys=True)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def parse_ids(data: bytes) -> DocxIds:
    """The ids from the custom XML part's bytes.

    ValueError if they are not ours or are damaged, its message what is wrong with the record in
    words a reader follows ("is cut short or garbled at bookmark _csa3").
    """
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"is cut short or garbled (line {exc.lineno})") from exc
    if root.tag != _tag("ids"):
        raise ValueError(f"is not a csa ids part (it starts with {etree.QName(root).localname!r})")
    return DocxIds(
        root.get("document", ""), root.get("version", ""), tuple(_anchor(e) for e in root.iter(_tag("anchor")))
    )


_ANCHOR_FIELDS = ("bookmark", "kind", "chapter", "key", "id")


def _anchor(element: Any) -> Anchor:
    where = f"bookmark {element.get('bookmark')}" if element.get("bookmark") else "a bookmark"
    missing = [name for name in _ANCHOR_FIELDS if name not in element.attrib]
    if missing:
        raise ValueError(f"has no {' or '.join(missing)} for {where}")
    source = element.find(_tag("source"))
    try:
        recorded = json.loads(source.text or "null") if source is not None else None
    except ValueError:
        raise ValueError(f"is cut short or garbled at {where}") from None
    bookmark, kind, chapter, key, part_id = (str(element.attrib[name]) for name in _ANCHOR_FIELDS)
    return Anchor(bookmark, kind, chapter, key, part_id, recorded)


def write_ids(docx: DocxDocument, ids: DocxIds) -> None:
    """Add the ids as the document's custom XML part (with its properties part, as Word keeps them)."""
    package = docx.part.package
    item = Part(PackURI(PART_NAME), "application/xml", ids_xml(ids), package)
    # a datastore item id Word needs; derived from the version so builds stay byte-identical
    guid = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{NAMESPACE}:{ids.document}/{ids.version}")).upper() + "}"
    props = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<ds:datastoreItem xmlns:ds="{_DS}" ds:itemID="{guid}">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    )
    item.relate_to(
        Part(PackURI(PROPS_NAME), CT.OFC_CUSTOM_XML_PROPERTIES, props.encode(), package), RT.CUSTOM_XML_PROPS
    )
    docx.part.relate_to(item, RT.CUSTOM_XML)


def read_ids(docx: DocxDocument) -> DocxIds | None:
    """The ids of a document we exported (None: it has no csa ids part). ValueError if the part is damaged."""
    for part in _custom_xml_parts(docx):
        try:
            root = etree.fromstring(part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            if NAMESPACE.encode() in part.blob:  # ours, damaged: say so, rather than import it as a stranger's file
                return parse_ids(part.blob)
            continue  # another program's part
        if root.tag == _tag("ids"):
            return parse_ids(part.blob)
    return None


def _custom_xml_parts(docx: DocxDocument) -> Iterator[Part]:
    for rel in docx.part.rels.values():
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external:
            yield rel.target_part
