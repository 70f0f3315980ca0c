"""Reads one chapter's blocks: each kind's reader (in csa.blocks) with the chapter's state.

The state is what validation tracks across a chapter: paragraph numbers, the last heading's
level, footnote citations, hand-typed references, links to check once every chapter is read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from csa.blocks import BlockKind
from csa.blocks.read import cell_form_problems, cell_text_nodes, ref
from csa.content.footnotes import ChapterFootnotes
from csa.content.load import RawVersion, image_data_uri, leaves_folder
from csa.content.numbering import ParagraphNumbers
from csa.content.references import Mention, MentionFinder
from csa.errors import Mark, Problem
from csa.inline import ALLOWED_SCHEMES, RESERVED_CHARS, as_references, render_inline, unclosed_markers
from csa.model import Block, Cell, ListBlock, ListItem
from csa.nodes import Map, Node, Scalar, Seq, marks_in, to_plain


class ChapterReader:
    """Reads one chapter's blocks, numbering paragraphs and giving each part an id."""

    def __init__(
        self,
        chapter_id: str,
        label: str | None | bool,  # paragraphs are numbered "<label>.N", or "N" when None, or not at all: False
        version: RawVersion,
        problems: list[Problem],
        kinds: dict[str, BlockKind[Block]],
        footnotes: ChapterFootnotes | None = None,
        mention_finder: MentionFinder | None = None,  # None: hand-typed numbers are not looked for
    ):
        self.chapter_id = chapter_id
        self.label = label
        self.version = version
        self.problems = problems
        self.kinds = kinds  # YAML key -> kind
        self.paragraph_numbers = ParagraphNumbers(label)
        self.heading_level = 1  # of the last heading read: the chapter's title is level 1
        self.anchor_links: list[tuple[str, Mark]] = []  # (#target, where written), checked once all chapters are read
        self.footnotes = footnotes or ChapterFootnotes(chapter_id, None, 1)
        self.mention_finder = mention_finder
        self.mentions: list[Mention] = []  # hand-typed numbers, checked against the superseded version
        self.given_ids: list[tuple[str, Mark]] = []  # (id: written on a block, where), checked across chapters

    def read(self, nodes: Sequence[Node]) -> tuple[Block, ...]:
        return tuple(self._block(i, node) for i, node in enumerate(nodes, start=1))

    def _block(self, index: int, node: Node) -> Block:
        assert isinstance(node, Map)
        key = next(k for k in node.entries if k != "id")
        given = node.entries.get("id")
        block_id = str(to_plain(given)) if given else f"{self.chapter_id}-{index}"
        if given:
            self.given_ids.append((block_id, given.mark))
        return self.kinds[key].read(self, key, block_id, node)

    def next_number(self) -> str | None:
        """The next paragraph number in this chapter: "3.6", "6" in the foreword, None when unnumbered."""
        return self.paragraph_numbers.next()

    def text(self, node: Node) -> str:
        """Inline Markdown, checked, with its footnote citations numbered and its references marked."""
        assert isinstance(node, Scalar)
        text = self.checked_text(node)
        if self.mention_finder is not None:
            self.mentions.extend(self.mention_finder.find(text, node))
        return as_references(self.footnotes.cite(text, node, self.problems))

    def note_text(self, node: Node) -> str:
        """A footnote's text: checked, with its references marked (a note cites no notes)."""
        return as_references(self.checked_text(node))

    def checked_text(self, node: Node) -> str:
        """Inline Markdown, checked: no raw HTML, no inline images, only safe links."""
        assert isinstance(node, Scalar)
        text = str(node.value)
        if reserved := RESERVED_CHARS.search(text):
            self.problems.append(
                Problem(node.mark, f"character U+{ord(reserved[0]):04X} is not allowed in text", "delete it")
            )
        rendered = render_inline(text)
        self._unclosed_markers(text, node)
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

    def _unclosed_markers(self, text: str, node: Scalar) -> None:
        """A warning for each `**bold`, `*em` or `[link](` never closed: the reader would see the marker."""
        unclosed = unclosed_markers(text)
        for found, mark in zip(unclosed, marks_in(node, tuple(u.written for u in unclosed)), strict=True):
            self.problems.append(Problem(mark, found.message, found.hint, severity="warning", code="unclosed-marker"))

    def cite(self, label: str, node: Scalar) -> str:
        """A footnote citation written in a field of its own (an indicator's source), numbered in order."""
        return self.footnotes.cite(label, node, self.problems)

    def figure(self, src: str, mark: Mark) -> str:
        """The data URI of the version's figure file `src`, or "" once its absence is reported."""
        version = self.version
        data = version.assets.get(src)
        if data is None:
            if leaves_folder(src):
                message = f"figure src {src!r} must be a file in this version's figures/ folder"
            else:
                message = f"figure file {src!r} not found (expected it in {version.folder}/figures/)"
            if src not in version.refused_assets:  # else already reported while loading
                self.problems.append(Problem(mark, message))
            data_uri = ""
        else:
            data_uri = image_data_uri(src, data)
        return data_uri

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

    def cell(self, node: Node, list_id: str) -> Cell:
        """A cell: text (a number, or Markdown whose line breaks are kept), or a mapping (see the schema's cell)."""
        if isinstance(node, Scalar):
            return Cell(self._cell_paragraphs(node), mark=node.mark)
        assert isinstance(node, Map)
        entries = node.entries
        self.problems.extend(cell_form_problems(node))
        texts = cell_text_nodes(node)
        list_key = next((k for k in ("bullets", "numbers") if k in entries), None)
        span = entries.get("span")
        priority = entries.get("priority")
        return Cell(
            tuple(p for t in texts for p in self._cell_paragraphs(t)),
            self.list(list_id, entries[list_key], list_key == "numbers") if list_key else None,
            int(to_plain(span)) if span else 1,
            mark=node.mark,
            priority=ref(priority) if priority is not None else None,
            rows=int(to_plain(entries["rows"])) if "rows" in entries else 1,
        )

    def _cell_paragraphs(self, node: Node) -> tuple[str, ...]:
        """A blank line starts a new paragraph; a single line break stays one (Markdown would join the lines)."""
        assert isinstance(node, Scalar)
        if not isinstance(node.value, str):
            return (str(node.value),)
        text = self.text(node)
        if "\n" not in text.strip():
            return (text,)
        return tuple(p.strip() for p in re.split(r"\n[ \t]*\n", text.strip()))
