"""What a PDF holds for a reader: its structure tree with the text of each element, and its painted text and fills.

Read with pikepdf (structure) and pdfplumber (marked content), once per file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf

from .conftest import normalise


@dataclass(frozen=True)
class Painted:
    """Per page: the characters (with their marked-content ids) and the filled shapes, in drawing order."""

    chars: list[list[dict[str, Any]]]
    fills: list[list[dict[str, Any]]]


@cache
def painted(pdf: Path) -> Painted:
    with pdfplumber.open(pdf) as doc:
        chars = [list(page.chars) for page in doc.pages]
        fills = [[s for s in page.rects + page.curves if s.get("fill")] for page in doc.pages]
    return Painted(chars, fills)


@dataclass
class Element:
    """One structure element: its type (/S), alternative text, own text and children."""

    tag: str
    alt: str | None = None
    texts: list[str] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def text(self) -> str:
        return normalise("\n".join(t for e in self.walk() for t in e.texts))


@cache
def structure_tree(pdf: Path) -> Element:
    """The structure tree, each element with the text of the marked content it points to."""
    content = _text_by_mcid(pdf)
    with pikepdf.open(pdf) as doc:
        pages = {page.objgen: i for i, page in enumerate(doc.pages)}
        root = Element("StructTreeRoot")
        if "/StructTreeRoot" in doc.Root:  # an untagged PDF has an empty tree
            _add_kids(root, doc.Root.StructTreeRoot, None, pages, content)
    return root


def _text_by_mcid(pdf: Path) -> dict[tuple[int, int], str]:
    """Text of each marked-content sequence, by (page index, MCID); a new line where the text moves down."""
    texts: dict[tuple[int, int], list[str]] = defaultdict(list)
    last_top: dict[tuple[int, int], float] = {}
    for number, chars in enumerate(painted(pdf).chars):
        for char in chars:
            if char.get("mcid") is None:
                continue
            key = (number, char["mcid"])
            if key in last_top and char["top"] > last_top[key] + 1:
                texts[key].append("\n")
            last_top[key] = char["top"]
            texts[key].append(char["text"])
    return {key: "".join(chars) for key, chars in texts.items()}


def _add_kids(
    parent: Element,
    node: pikepdf.Dictionary,
    page: int | None,
    pages: dict[tuple[int, int], int],
    content: dict[tuple[int, int], str],
) -> None:
    if "/Pg" in node:
        page = pages[node.Pg.objgen]
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int) and page is not None:  # marked content on this element's page
            parent.texts.append(content.get((page, kid), ""))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            mcr_page = pages[kid.Pg.objgen] if "/Pg" in kid else page
            parent.texts.append(content.get((mcr_page, int(kid.MCID)), ""))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            element = Element(str(kid.S)[1:], str(kid.Alt) if "/Alt" in kid else None)
            parent.children.append(element)
            _add_kids(element, kid, page, pages, content)
