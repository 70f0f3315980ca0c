"""What every block writer shares while a version is written: the document, its ids, the chapter being written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from jinja2 import Environment

from csa.content.load import load_file
from csa.model import Block, Chapter
from csa.nodes import Map, Seq, to_plain
from csa.word.common.ids import IdRecorder
from csa.word.export.runs import InlineContext


@dataclass
class WordWriter:
    docx: DocxDocument
    env: Environment  # the templates the drawings' SVG comes from
    ids: IdRecorder
    inline: InlineContext
    version_dir: Path  # the version's folder: what Word cannot edit is recorded from its chapter files
    priority_names: Mapping[str, str] = field(default_factory=dict)  # id -> name, of the version's diagram
    chapter: Chapter | None = None
    after_number: str = "."  # what follows a paragraph's number: "" in a committee report (settings: numbering)
    numbering: ListNumbering = field(init=False)

    def __post_init__(self) -> None:
        self.numbering = ListNumbering(self.docx)

    def key(self, block: Block) -> str:
        """The differ's key of a block of the chapter being written (csa.diff.compare)."""
        return f"{self.chapter_id}/{block.id}"

    @property
    def chapter_id(self) -> str:
        return self.chapter.id if self.chapter else ""

    def mark(self, paragraph: DocxParagraph, block: Block, source: Any = None) -> str:
        """Bookmark a block's first paragraph."""
        return self.ids.mark(paragraph, block.type, self.chapter_id, self.key(block), block.id, source)

    def mark_part(self, paragraph: DocxParagraph, kind: str, key: str, part_id: str, source: Any = None) -> str:
        """Bookmark a list item's or table row's first paragraph."""
        return self.ids.mark(paragraph, kind, self.chapter_id, key, part_id, source)

    def source(self, block: Block) -> Any:
        """The block as its chapter file holds it ({"id": ..., "diagram": {...}}), for what Word cannot edit."""
        if self.chapter is None:
            return None
        root = load_file(self.version_dir / Path(self.chapter.source).name)[0].root
        blocks = root.get("blocks") if isinstance(root, Map) else None
        for node in blocks.items if isinstance(blocks, Seq) else []:
            plain = to_plain(node)
            if isinstance(plain, dict) and plain.get("id") == block.id and block.type in plain:
                return plain
        index = self.chapter.blocks.index(block)  # no id written: the model numbers blocks in file order
        return to_plain(blocks.items[index]) if isinstance(blocks, Seq) and index < len(blocks.items) else None


class ListNumbering:
    """Word numbers every paragraph of a "List Number" style as one list; each of ours restarts at 1."""

    def __init__(self, docx: DocxDocument) -> None:
        self.docx = docx
        self.numbering = docx.part.numbering_part.element

    def restart(self, style: str) -> int | None:
        """A new numbering instance of the style's list, starting at 1 (None: the style numbers nothing)."""
        p_pr = self.docx.styles[style].element.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        if num_pr is None or num_pr.numId is None:
            return None
        abstract = self.numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
        num = self.numbering.add_num(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        return int(num.numId)
