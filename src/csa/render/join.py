"""The parts' PDFs (render/paged.py) joined into one, as if written in one piece.

What a reader or assistive tool gets from the PDF is what one write of the
whole document gives: the first part's catalogue (language, PDF/UA metadata,
viewer preferences) and document information; every page, numbered in order
in one tag tree (one Document element holding each part's elements, the
parent tree renumbered as WeasyPrint numbers it: pages first, then link
annotations); one name tree of every part's own anchors, which the links of
any part name; and one outline built from every part's bookmarks by their
levels. Each part keeps its own subsets of the fonts.

The bytes depend on the parts' bytes alone: the file identifier is computed
from the content.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from csa.render.paged import Bookmark, WrittenPart

# The catalogue entries the join builds itself; the rest are the first part's.
_JOINED = {"/Type", "/Pages", "/Outlines", "/Names", "/StructTreeRoot"}


def join_parts(parts: Sequence[WrittenPart]) -> bytes:
    """One PDF of the parts' pages; a link to an anchor no part holds is logged as WeasyPrint would."""
    joined = _Joined(pikepdf.new())
    sources = [pikepdf.open(io.BytesIO(part.pdf)) for part in parts]
    try:
        for part, source in zip(parts, sources, strict=True):
            joined.add(part, source)
        joined.finish(sources[0])
        out = io.BytesIO()
        joined.pdf.save(
            out,
            deterministic_id=True,
            min_version=sources[0].pdf_version,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    finally:
        for source in sources:
            source.close()
        joined.pdf.close()
    return out.getvalue()


@dataclass
class _Joined:
    pdf: pikepdf.Pdf
    page_elements: list[pikepdf.Object] = field(default_factory=list)  # each page's marked content, by MCID
    annotations: list[tuple[pikepdf.Object, pikepdf.Object]] = field(default_factory=list)  # (annotation, element)
    elements: list[pikepdf.Object] = field(default_factory=list)  # the Document element's children
    destinations: dict[str, pikepdf.Object] = field(default_factory=dict)
    bookmarks: list[tuple[Bookmark, pikepdf.Object]] = field(default_factory=list)  # with its page
    links: list[str] = field(default_factory=list)

    def add(self, part: WrittenPart, source: pikepdf.Pdf) -> None:
        first = len(self.pdf.pages)
        tree = source.Root.StructTreeRoot
        top = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
        for element in top.K:
            del element[pikepdf.Name.P]  # re-parented below: copied as is, it would bring the part's whole tree
        with warnings.catch_warnings():  # that named destinations are not copied: _destinations joins them
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            self.pdf.pages.extend(source.pages)
        pages = self.pdf.pages[first:]
        nums = list(tree.ParentTree.Nums)
        parents = dict(zip((int(key) for key in nums[::2]), nums[1::2], strict=True))
        annotations: dict[int, pikepdf.Object] = {}  # by the number the part gave it: its place in the tag tree
        for number, page in enumerate(pages):
            self.page_elements.append(_copied(self.pdf, parents[number]))
            page.obj.StructParents = first + number
            for annotation in page.obj.get(pikepdf.Name.Annots, []):
                if pikepdf.Name.StructParent in annotation:
                    annotations[int(annotation.StructParent)] = annotation
        for key in sorted(annotations):
            self.annotations.append((annotations[key], _copied(self.pdf, parents[key])))
        self.elements.extend(_copied(self.pdf, element) for element in top.K)
        names = list(_name_tree(source))
        for name, destination in zip(names[::2], names[1::2], strict=True):
            if str(name) in part.anchors:  # not one lent to it for a link to another part
                self.destinations.setdefault(str(name), _copied(self.pdf, destination))
        self.bookmarks.extend((mark, pages[mark[0]].obj) for mark in part.bookmarks)
        self.links.extend(part.links)

    def finish(self, front: pikepdf.Pdf) -> None:
        for key, value in front.Root.items():
            if key not in _JOINED:
                self.pdf.Root[key] = _copied(self.pdf, value)
        self.pdf.trailer.Info = _copied(self.pdf, front.trailer.Info)
        self._tag_tree()
        self._destinations()
        self._outline()

    def _tag_tree(self) -> None:
        pdf = self.pdf
        nums: list[Any] = []
        for number, elements in enumerate(self.page_elements):
            nums += [number, elements]
        for number, (annotation, element) in enumerate(self.annotations, start=len(self.page_elements)):
            annotation.StructParent = number
            nums += [number, element]
        root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
        document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root))
        for element in self.elements:
            element.P = document
        document.K = pikepdf.Array(self.elements)
        root.K = pikepdf.Array([document])
        pdf.Root.StructTreeRoot = root

    def _destinations(self) -> None:
        for missing in sorted(set(self.links) - set(self.destinations)):
            logging.getLogger("weasyprint").error("No anchor #%s for internal URI reference", missing)
        if not self.destinations:
            return
        names: list[Any] = []
        for name in sorted(self.destinations):
            names += [pikepdf.String(name), self.destinations[name]]
        self.pdf.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=pikepdf.Array(names)))

    def _outline(self) -> None:
        tree = _bookmark_tree(self.bookmarks)
        if tree:
            outlines = self.pdf.make_indirect(pikepdf.Dictionary())
            count = _add_outlines(self.pdf, tree, outlines)
            outlines.Count = count
            self.pdf.Root.Outlines = outlines


def _name_tree(source: pikepdf.Pdf) -> pikepdf.Array:
    """The part's named destinations: WeasyPrint writes them as one flat, sorted Names array."""
    names = source.Root.get(pikepdf.Name.Names)
    dests = names.get(pikepdf.Name.Dests) if names is not None else None
    flat = dests.get(pikepdf.Name.Names) if dests is not None else None
    return flat if isinstance(flat, pikepdf.Array) else pikepdf.Array()


def _copied(pdf: pikepdf.Pdf, value: Any) -> Any:
    """A part's object in the joined PDF: what it refers to copied (a page as the pages were: the same copy)."""
    if not isinstance(value, pikepdf.Object):
        return value  # a number
    if value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copied(pdf, item) for key, item in value.items()})
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copied(pdf, item) for item in value])
    return value


@dataclass
class _Node:
    label: str
    page: pikepdf.Object
    x: float
    y: float
    state: str
    children: list[_Node] = field(default_factory=list)


def _bookmark_tree(bookmarks: Sequence[tuple[Bookmark, pikepdf.Object]]) -> list[_Node]:
    """Bookmarks nested by level as WeasyPrint nests them (weasyprint.anchors.make_page_bookmark_tree):
    a skipped level (an h1, then an h3) nests one deeper, not two."""
    root: list[_Node] = []
    skipped: list[int] = []
    last_by_depth = [root]
    previous = 0
    for (_, level, label, x, y, state), page in bookmarks:
        if level > previous:
            skipped.append(level - previous - 1)
        else:
            temp = level
            while temp < previous:
                temp += 1 + skipped.pop()
            if temp > previous:
                skipped.append(temp - previous - 1)
        previous = level
        depth = level - sum(skipped)
        node = _Node(label, page, x, y, state)
        last_by_depth[depth - 1].append(node)
        del last_by_depth[depth:]
        last_by_depth.append(node.children)
    return root


def _add_outlines(pdf: pikepdf.Pdf, nodes: Sequence[_Node], parent: pikepdf.Object) -> int:
    """Outline items for `nodes` under `parent` (as weasyprint.pdf.anchors.add_outlines); the open count."""
    count = len(nodes)
    items: list[pikepdf.Object] = []
    for node in nodes:
        item = pdf.make_indirect(
            pikepdf.Dictionary(
                Title=pikepdf.String(node.label),
                Dest=pikepdf.Array([node.page, pikepdf.Name.XYZ, node.x, node.y, 0]),
                Parent=parent,
            )
        )
        children = _add_outlines(pdf, node.children, item) if node.children else 0
        item.Count = -children if node.state == "closed" else children
        if node.state != "closed":
            count += children
        if items:
            item.Prev = items[-1]
            items[-1].Next = item
        items.append(item)
    if items:
        parent.First, parent.Last = items[0], items[-1]
    return count
