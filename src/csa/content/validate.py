"""Raw files -> the document model, or every problem found on the way.

First each file is checked against its schema (schema_check), then the files
are read into the model, then the cross-references between files are checked.
Problems are collected throughout and raised once, so an author fixes every
mistake in one pass.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import string
from collections.abc import Sequence

from csa.content.drawings import read_chart, read_diagram, ref, resolve
from csa.content.load import LoadedFile, Map, Node, RawDocument, RawVersion, Scalar, Seq, marks_in, to_plain
from csa.content.schema_check import check_file, unknown_key
from csa.errors import CsaError, Mark, Problem
from csa.inline import ALLOWED_SCHEMES, render_inline
from csa.model import (
    Block,
    ChangeNote,
    Chapter,
    Contact,
    Document,
    Figure,
    Heading,
    HistoryRow,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Signature,
    Table,
    TableRow,
    Version,
    version_key,
)
from csa.publish.freeze import frozen_problems

BLOCK_TYPES = (
    "numbered",
    "paragraph",
    "heading",
    "bullets",
    "numbers",
    "table",
    "note",
    "figure",
    "signature",
    "diagram",
    "chart",
)
_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def validate(raw: RawDocument) -> Document:
    """The document model; raises CsaError listing every problem found."""
    problems: list[Problem] = list(raw.problems)
    meta = _checked(raw.meta, "document", problems)
    versions = []
    for raw_version in raw.versions:
        version = _version(raw_version, meta, problems)
        if version is not None:
            versions.append(version)
    versions.sort(key=lambda v: version_key(v.number))
    _check_version_chain(raw, versions, meta, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors or meta is None:
        raise CsaError(errors or problems)
    plain = to_plain(meta)
    return Document(
        id=raw.id,
        title=plain["title"],
        short_title=plain.get("short_title"),
        partnership=plain["partnership"],
        author=plain["author"],
        partners=tuple(plain.get("partners", ())),
        licence=plain["licence"],
        history=tuple(HistoryRow(str(r["version"]), r["date"], tuple(r["changes"])) for r in plain["history"]),
        versions=tuple(versions),
    )


def _checked(loaded: LoadedFile | None, schema: str, problems: list[Problem]) -> Map | None:
    """The file's root when it loaded whole and matches its schema, else None (schema problems recorded).

    The loader's problems are the document's (`RawDocument.problems`), reported once by validate().
    """
    if loaded is None:
        return None
    found = check_file(loaded, schema)
    problems.extend(found)
    if not loaded.intact or found or not isinstance(loaded.root, Map):
        return None
    return loaded.root


def _version(raw: RawVersion, doc_meta: Map | None, problems: list[Problem]) -> Version | None:
    meta = _checked(raw.meta, "version", problems)
    chapters = _chapters(raw, problems)
    if meta is None or doc_meta is None or chapters is None:
        return None
    plain = to_plain(meta)
    if plain["version"] != raw.folder:
        problems.append(
            Problem(
                meta.entries["version"].mark,
                f"version {plain['version']!r} does not match its folder name {raw.folder!r}",
                f'rename the folder to {plain["version"]!r} or set version: "{raw.folder}"',
            )
        )
    _check_change_notes(meta, chapters, problems)
    problems.extend(frozen_problems(raw, meta))
    contact = {**to_plain(doc_meta)["contact"], **plain.get("contact", {})}
    return Version(
        number=plain["version"],
        date=plain["date"],
        effective=dt.date.fromisoformat(plain["effective"]),
        status=plain["status"],
        supersedes=plain.get("supersedes"),
        contact=Contact(
            intro=contact["intro"],
            team=contact.get("team", ""),
            address=tuple(contact["address"]),
            email=contact["email"],
            phone=contact["phone"],
            other_formats=contact["other_formats"],
        ),
        chapters=chapters,
        change_notes=_change_notes(meta),
        folder=raw.folder,
        mark=Mark(raw.meta.name) if raw.meta else Mark(raw.folder),
    )


def _chapters(raw: RawVersion, problems: list[Problem]) -> tuple[Chapter, ...] | None:
    """All chapters of a version, numbered; None if any file is broken."""
    counters = {"chapter": 0, "appendix": 0}
    seen: dict[str, str] = {}
    chapters = []
    anchor_links: list[tuple[str, Mark]] = []
    broken = False
    for chapter_id, loaded in raw.chapters:
        root = _checked(loaded, "chapter", problems)
        if chapter_id in seen:
            problems.append(
                Problem(
                    Mark(loaded.name),
                    f"duplicate chapter id {chapter_id!r} (also {seen[chapter_id]})",
                    "each chapter file needs its own slug after the NN- prefix",
                )
            )
        seen[chapter_id] = loaded.name
        if root is None:
            broken = True
            continue
        kind = to_plain(root.entries["kind"])
        label = None
        if kind in counters:
            counters[kind] += 1
            label = _label(kind, counters[kind])
        reader = _BlockReader(chapter_id, label, raw, problems)
        blocks = root.entries["blocks"]
        assert isinstance(blocks, Seq)
        chapters.append(
            Chapter(
                id=chapter_id,
                kind=kind,
                title=to_plain(root.entries["title"]),
                label=label,
                blocks=reader.read(blocks.items),
                source=loaded.name,
            )
        )
        anchor_links.extend(reader.anchor_links)
    if broken:
        return None
    _check_cross_references(chapters, anchor_links, problems)
    return resolve(chapters, problems)


def _label(kind: str, n: int) -> str:
    if kind == "appendix":
        return string.ascii_uppercase[n - 1] if n <= 26 else f"A{n - 26}"
    return str(n)


class _BlockReader:
    """Reads one chapter's blocks, numbering paragraphs and giving each part an id."""

    def __init__(self, chapter_id: str, label: str | None, version: RawVersion, problems: list[Problem]):
        self.chapter_id = chapter_id
        self.label = label
        self.version = version
        self.problems = problems
        self.paragraphs = 0
        self.anchor_links: list[tuple[str, Mark]] = []  # (#target, where written), checked once all chapters are read

    def read(self, nodes: Sequence[Node]) -> tuple[Block, ...]:
        return tuple(self._block(i, node) for i, node in enumerate(nodes, start=1))

    def _block(self, index: int, node: Node) -> Block:
        assert isinstance(node, Map)
        kind = next(k for k in node.entries if k != "id")
        value = node.entries[kind]
        given = node.entries.get("id")
        block_id = str(to_plain(given)) if given else f"{self.chapter_id}-{index}"
        if kind in ("numbered", "paragraph"):
            number = None
            if kind == "numbered":
                self.paragraphs += 1
                number = f"{self.label}.{self.paragraphs}" if self.label else str(self.paragraphs)
            return Paragraph(block_id, self._text(value), number, mark=node.mark)
        if kind == "heading":
            return Heading(block_id, self._text(value), mark=node.mark)
        if kind in ("bullets", "numbers"):
            return self._list(block_id, value, ordered=kind == "numbers")
        if kind == "table":
            return self._table(block_id, value)
        if kind == "note":
            return self._note(block_id, value)
        if kind == "figure":
            return self._figure(block_id, value)
        if kind == "diagram":
            return read_diagram(block_id, value, self._text)
        if kind == "chart":
            return read_chart(block_id, value, self._text)
        plain = to_plain(value)
        return Signature(block_id, plain["name"], tuple(plain.get("roles", ())), mark=node.mark)

    def _text(self, node: Node) -> str:
        assert isinstance(node, Scalar)
        text = str(node.value)
        rendered = render_inline(text)
        for raw, mark in zip(rendered.raw_html, marks_in(node, rendered.raw_html), strict=True):
            self.problems.append(
                Problem(
                    mark,
                    f"raw HTML {raw!r} is not allowed",
                    "use Markdown: *italic*, **bold**, ^sup^",
                )
            )
        for src, mark in zip(rendered.images, marks_in(node, rendered.images), strict=True):
            self.problems.append(
                Problem(
                    mark,
                    f"inline image {src!r} is not allowed",
                    "use a figure block with alt text",
                )
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

    def _list(self, block_id: str, node: Node, ordered: bool) -> ListBlock:
        assert isinstance(node, Seq)
        items = []
        for i, item in enumerate(node.items, start=1):
            item_id = f"{block_id}-{i}"
            if isinstance(item, Map):
                nested_key = "numbers" if "numbers" in item.entries else "bullets"
                nested = item.entries.get(nested_key)
                children = self._list(f"{item_id}-list", nested, nested_key == "numbers") if nested else None
                items.append(ListItem(item_id, self._text(item.entries["text"]), children, mark=item.mark))
            else:
                items.append(ListItem(item_id, self._text(item), mark=item.mark))
        return ListBlock(block_id, ordered, tuple(items), mark=node.mark)

    def _table(self, block_id: str, node: Node) -> Table:
        assert isinstance(node, Map)
        header = tuple(self._cell(c) for c in _items(node.entries["header"]))
        rows = []
        used: set[str] = set()
        for i, row in enumerate(_items(node.entries["rows"]), start=1):
            cells = tuple(self._cell(c) for c in _items(row))
            if len(cells) > len(header):
                self.problems.append(
                    Problem(
                        row.mark,
                        f"table row has {len(cells)} cells (expected at most {len(header)}, one per header)",
                    )
                )
            cells = cells + ("",) * (len(header) - len(cells))
            marks = tuple(c.mark for c in _items(row))
            rows.append(TableRow(_row_id(block_id, cells[0], i, used), cells, mark=row.mark, cell_marks=marks))
        caption = node.entries.get("caption")
        return Table(block_id, header, tuple(rows), self._text(caption) if caption else None, mark=node.mark)

    def _cell(self, node: Node) -> str:
        if isinstance(node, Scalar) and not isinstance(node.value, str):
            return str(node.value)
        return self._text(node)

    def _note(self, block_id: str, node: Node) -> Note:
        if isinstance(node, Scalar):
            return Note(block_id, None, self._text(node), None, mark=node.mark)
        assert isinstance(node, Map)
        title, text, bullets, includes = (node.entries.get(k) for k in ("title", "text", "bullets", "includes_from"))
        return Note(
            block_id,
            self._text(title) if title else None,
            self._text(text) if text else None,
            self._list(f"{block_id}-list", bullets, ordered=False) if bullets else None,
            ref(includes) if includes else None,
            mark=node.mark,
        )

    def _figure(self, block_id: str, node: Node) -> Figure:
        assert isinstance(node, Map)
        plain = to_plain(node)
        src = plain["src"]
        data = self.version.assets.get(src)
        suffix = "." + src.rsplit(".", 1)[-1].lower() if "." in src else ""
        if data is None:
            if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith(("/", "\\")) or ".." in src.split("/"):
                message = f"figure src {src!r} must be a file in this version's figures/ folder"
            else:
                message = f"figure file {src!r} not found (expected it in {self.version.folder}/figures/)"
            if src not in self.version.refused_assets:  # else already reported while loading
                self.problems.append(Problem(node.entries["src"].mark, message))
            data_uri = ""
        else:
            data_uri = f"data:{_MIME[suffix]};base64,{base64.b64encode(data).decode('ascii')}"
        caption = node.entries.get("caption")
        return Figure(
            block_id,
            src,
            data_uri,
            plain["alt"],
            self._text(caption) if caption else None,
            mark=node.mark,
        )


def _items(node: Node) -> tuple[Node, ...]:
    assert isinstance(node, Seq)
    return node.items


def _row_id(table_id: str, first_cell: str, index: int, used: set[str]) -> str:
    """Rows are known by their first column, so a row keeps its id when rows move."""
    slug = re.sub(r"[^a-z0-9]+", "-", first_cell.lower()).strip("-")[:40] or f"row{index}"
    row_id = f"{table_id}-{slug}"
    while row_id in used:
        row_id += f"-{index}"
    used.add(row_id)
    return row_id


def _check_cross_references(chapters: list[Chapter], links: list[tuple[str, Mark]], problems: list[Problem]) -> None:
    anchors = {"contents", "version-control"} | {c.id for c in chapters}
    for chapter in chapters:
        for block in chapter.blocks:
            anchors.add(block.id)
            if isinstance(block, Paragraph) and block.number:
                anchors.add(f"para-{block.number}")
    for target, mark in links:
        if target not in anchors:
            problems.append(
                Problem(
                    mark,
                    f"cross-reference #{target} points nowhere (expected a chapter id, block id or para-N.N)",
                )
            )


def _check_change_notes(meta: Map, chapters: tuple[Chapter, ...], problems: list[Problem]) -> None:
    notes = meta.entries.get("changes")
    if not isinstance(notes, Map):
        return
    ids = [c.id for c in chapters] + ["metadata"]
    for key, mark in notes.key_marks.items():
        if key not in ids:
            problems.append(unknown_key(key, ids, mark, "'changes' (expected a chapter id)"))


def _change_notes(meta: Map) -> tuple[ChangeNote, ...]:
    notes = meta.entries.get("changes")
    if not isinstance(notes, Map):
        return ()
    return tuple(ChangeNote(key, str(to_plain(value)), notes.key_marks[key]) for key, value in notes.entries.items())


def _check_version_chain(raw: RawDocument, versions: list[Version], meta: Map | None, problems: list[Problem]) -> None:
    recorded = {str(r["version"]) for r in to_plain(meta)["history"]} if meta is not None else set()
    by_number: dict[str, Version] = {}
    for version in versions:
        mark = _version_mark(raw, version.folder)
        if version.number in by_number:
            problems.append(
                Problem(
                    mark,
                    f"version {version.number} is given twice (also in {by_number[version.number].folder}/)",
                )
            )
        by_number[version.number] = version
    for version in versions:
        mark = _version_mark(raw, version.folder, "supersedes")
        if version.supersedes and version.supersedes not in by_number and version.supersedes not in recorded:
            known = sorted(set(by_number) | recorded, key=version_key)
            problems.append(
                Problem(
                    mark,
                    f"supersedes unknown version {version.supersedes!r}",
                    f"expected one of: {', '.join(known)}",
                )
            )
    for version in versions:
        seen = [version.number]
        current = version
        while current.supersedes in by_number:
            current = by_number[current.supersedes]
            if current.number in seen:
                chain = " -> ".join([*seen, current.number])
                problems.append(
                    Problem(
                        _version_mark(raw, version.folder, "supersedes"),
                        f"versions supersede each other in a loop ({chain})",
                    )
                )
                break
            seen.append(current.number)


def _version_mark(raw: RawDocument, folder: str, key: str | None = None) -> Mark:
    for v in raw.versions:
        if v.folder == folder and v.meta is not None and isinstance(v.meta.root, Map):
            if key and key in v.meta.root.entries:
                return v.meta.root.entries[key].mark
            return v.meta.root.mark
    return Mark(folder)
