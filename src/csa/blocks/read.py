"""Reading blocks from YAML nodes (already checked against the schema) into the model.

`BlockReader` holds what every kind's reader shares: the chapter being read,
paragraph numbering, the inline-Markdown checks and the problems found. Each
kind's own reader is a function registered in `csa.blocks`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from csa.content.load import Map, Node, RawVersion, Scalar, Seq, image_data_uri, leaves_folder, marks_in, to_plain
from csa.errors import Mark, Problem
from csa.inline import ALLOWED_SCHEMES, render_inline
from csa.model import (
    Block,
    Chart,
    Column,
    Diagram,
    Figure,
    Heading,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Priority,
    Ref,
    Signature,
    Table,
    TableRow,
)

if TYPE_CHECKING:
    from csa.blocks import BlockKind


class BlockReader:
    """Reads one chapter's blocks, numbering paragraphs and giving each part an id."""

    def __init__(
        self,
        chapter_id: str,
        label: str | None,
        version: RawVersion,
        problems: list[Problem],
        kinds: dict[str, BlockKind[Block]],
    ):
        self.chapter_id = chapter_id
        self.label = label
        self.version = version
        self.problems = problems
        self.kinds = kinds  # YAML key -> kind
        self.paragraphs = 0
        self.anchor_links: list[tuple[str, Mark]] = []  # (#target, where written), checked once all chapters are read

    def read(self, nodes: Sequence[Node]) -> tuple[Block, ...]:
        return tuple(self._block(i, node) for i, node in enumerate(nodes, start=1))

    def _block(self, index: int, node: Node) -> Block:
        assert isinstance(node, Map)
        key = next(k for k in node.entries if k != "id")
        given = node.entries.get("id")
        block_id = str(to_plain(given)) if given else f"{self.chapter_id}-{index}"
        return self.kinds[key].read(self, key, block_id, node)

    def next_number(self) -> str:
        """The next paragraph number in this chapter: "3.6", or "6" in the foreword."""
        self.paragraphs += 1
        return f"{self.label}.{self.paragraphs}" if self.label else str(self.paragraphs)

    def text(self, node: Node) -> str:
        """Inline Markdown, checked: no raw HTML, no inline images, only safe links."""
        assert isinstance(node, Scalar)
        text = str(node.value)
        rendered = render_inline(text)
        for raw, mark in zip(rendered.raw_html, marks_in(node, rendered.raw_html), strict=True):
            self.problems.append(
                Problem(mark, f"raw HTML {raw!r} is not allowed", "use Markdown: *italic*, **bold**, ^sup^")
            )
        for src, mark in zip(rendered.images, marks_in(node, rendered.images), strict=True):
            self.problems.append(
                Problem(mark, f"inline image {src!r} is not allowed", "use a figure block with alt text")
            )
        for href, mark in zip(rendered.links, marks_in(node, rendered.links), strict=True):
            scheme = href.split(":", 1)[0].lower() if ":" in href else ""
            if href.startswith("#"):
                self.anchor_links.append((href[1:], mark))
            elif scheme not in ALLOWED_SCHEMES:
                self.problems.append(
                    Problem(
                        mark,
                        f"link {href!r} is not allowed (expected an http, https or mailto address, or #anchor)",
                    )
                )
        return text

    def optional_text(self, node: Node | None) -> str | None:
        return self.text(node) if node is not None else None

    def list(self, block_id: str, node: Node, ordered: bool) -> ListBlock:
        assert isinstance(node, Seq)
        items = []
        for i, item in enumerate(node.items, start=1):
            item_id = f"{block_id}-{i}"
            if isinstance(item, Map):
                nested_key = "numbers" if "numbers" in item.entries else "bullets"
                nested = item.entries.get(nested_key)
                children = self.list(f"{item_id}-list", nested, nested_key == "numbers") if nested else None
                items.append(ListItem(item_id, self.text(item.entries["text"]), children, mark=item.mark))
            else:
                items.append(ListItem(item_id, self.text(item), mark=item.mark))
        return ListBlock(block_id, ordered, tuple(items), mark=node.mark)

    def cell(self, node: Node) -> str:
        if isinstance(node, Scalar) and not isinstance(node.value, str):
            return str(node.value)
        return self.text(node)


def value(node: Map, key: str) -> Node:
    return node.entries[key]


def items(node: Node) -> tuple[Node, ...]:
    assert isinstance(node, Seq)
    return node.items


def ref(node: Node) -> Ref:
    return Ref(str(to_plain(node)), node.mark)


# -- each kind's reader: (reader, YAML key, block id, the block's node) -> model ---------


def read_paragraph(reader: BlockReader, key: str, block_id: str, node: Map) -> Paragraph:
    number = reader.next_number() if key == "numbered" else None
    return Paragraph(block_id, reader.text(value(node, key)), number, mark=node.mark)


def read_heading(reader: BlockReader, key: str, block_id: str, node: Map) -> Heading:
    return Heading(block_id, reader.text(value(node, key)), mark=node.mark)


def read_list(reader: BlockReader, key: str, block_id: str, node: Map) -> ListBlock:
    return reader.list(block_id, value(node, key), ordered=key == "numbers")


def read_table(reader: BlockReader, key: str, block_id: str, node: Map) -> Table:
    table = value(node, key)
    assert isinstance(table, Map)
    header = tuple(reader.cell(c) for c in items(table.entries["header"]))
    rows = []
    used: set[str] = set()
    for i, row in enumerate(items(table.entries["rows"]), start=1):
        cells = tuple(reader.cell(c) for c in items(row))
        if len(cells) > len(header):
            reader.problems.append(
                Problem(
                    row.mark,
                    f"table row has {len(cells)} cells (expected at most {len(header)}, one per header)",
                )
            )
        cells = cells + ("",) * (len(header) - len(cells))
        marks = tuple(c.mark for c in items(row))
        rows.append(TableRow(_row_id(block_id, cells[0], i, used), cells, mark=row.mark, cell_marks=marks))
    caption = reader.optional_text(table.entries.get("caption"))
    return Table(block_id, header, tuple(rows), caption, mark=table.mark)


def _row_id(table_id: str, first_cell: str, index: int, used: set[str]) -> str:
    """Rows are known by their first column, so a row keeps its id when rows move."""
    slug = re.sub(r"[^a-z0-9]+", "-", first_cell.lower()).strip("-")[:40] or f"row{index}"
    row_id = f"{table_id}-{slug}"
    while row_id in used:
        row_id += f"-{index}"
    used.add(row_id)
    return row_id


def read_note(reader: BlockReader, key: str, block_id: str, node: Map) -> Note:
    note = value(node, key)
    if isinstance(note, Scalar):
        return Note(block_id, None, reader.text(note), None, mark=note.mark)
    assert isinstance(note, Map)
    bullets, includes = note.entries.get("bullets"), note.entries.get("includes_from")
    return Note(
        block_id,
        reader.optional_text(note.entries.get("title")),
        reader.optional_text(note.entries.get("text")),
        reader.list(f"{block_id}-list", bullets, ordered=False) if bullets else None,
        ref(includes) if includes else None,
        mark=note.mark,
    )


def read_figure(reader: BlockReader, key: str, block_id: str, node: Map) -> Figure:
    figure = value(node, key)
    assert isinstance(figure, Map)
    plain = to_plain(figure)
    src = plain["src"]
    version = reader.version
    data = version.assets.get(src)
    if data is None:
        if leaves_folder(src):
            message = f"figure src {src!r} must be a file in this version's figures/ folder"
        else:
            message = f"figure file {src!r} not found (expected it in {version.folder}/figures/)"
        if src not in version.refused_assets:  # else already reported while loading
            reader.problems.append(Problem(figure.entries["src"].mark, message))
        data_uri = ""
    else:
        data_uri = image_data_uri(src, data)
    caption = reader.optional_text(figure.entries.get("caption"))
    return Figure(block_id, src, data_uri, plain["alt"], caption, mark=figure.mark)


def read_signature(reader: BlockReader, key: str, block_id: str, node: Map) -> Signature:
    plain = to_plain(value(node, key))
    return Signature(block_id, plain["name"], tuple(plain.get("roles", ())), mark=node.mark)


def read_diagram(reader: BlockReader, key: str, block_id: str, node: Map) -> Diagram:
    """A Diagram whose `beside` items are still to be filled in by `content.drawings.resolve`."""
    diagram = value(node, key)
    assert isinstance(diagram, Map)
    beside = diagram.entries["beside"]
    assert isinstance(beside, Map)
    return Diagram(
        block_id,
        priorities=tuple(_priority(p, reader) for p in items(diagram.entries["priorities"])),
        themes=tuple(reader.text(t) for t in items(diagram.entries["themes"])),
        beside_title=reader.text(beside.entries["title"]),
        beside_list=ref(beside.entries["list"]),
        caption=reader.optional_text(diagram.entries.get("caption")),
        mark=diagram.mark,
    )


def _priority(node: Node, reader: BlockReader) -> Priority:
    if isinstance(node, Map):
        return Priority(
            reader.text(node.entries["name"]), reader.optional_text(node.entries.get("includes")), node.mark
        )
    return Priority(reader.text(node), mark=node.mark)


def read_chart(reader: BlockReader, key: str, block_id: str, node: Map) -> Chart:
    """A Chart whose bars are still to be filled in by `content.drawings.resolve`."""
    chart = value(node, key)
    assert isinstance(chart, Map)
    label = chart.entries.get("label_column")
    return Chart(
        block_id,
        kind=to_plain(chart.entries["type"]),
        table=ref(chart.entries["table"]),
        value_column=_column(chart.entries["value_column"]),
        label_column=_column(label) if label else Column(1),
        caption=reader.optional_text(chart.entries.get("caption")),
        mark=chart.mark,
    )


def _column(node: Node) -> Column:
    assert isinstance(node, Scalar) and isinstance(node.value, int)
    return Column(node.value, node.mark)
