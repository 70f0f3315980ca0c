"""Two versions -> a structural diff: chapters, blocks, list items, table rows, words.

Parts are aligned in three passes: the longest run of identical parts in order
(unchanged), then identical parts out of order (moved), then the most similar
remaining parts of the same kind (revised, so a reworded paragraph is not
"removed + added"). What is left was added or removed; removed parts are placed
where they stood, so a redline can show them in context.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from csa.diff.words import TextDiff, similarity, text_diff
from csa.inline import plain_text
from csa.model import (
    Block,
    Chapter,
    Chart,
    Diagram,
    Figure,
    Heading,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Signature,
    Table,
    TableRow,
    Version,
)

Status = Literal["equal", "revised", "added", "removed"]
REVISED_THRESHOLD = 0.5


def _changed(status: Status, moved: bool) -> bool:
    """A part changed if its content differs or it moved (a moved part may be word-for-word the same)."""
    return status != "equal" or moved


@dataclass(frozen=True)
class Pair:
    """One part in both versions (or one of them), with what changed inside it."""

    kind: str  # paragraph, heading, list, item, table, row, note, figure, signature
    old: Any | None
    new: Any | None
    fields: tuple[TextDiff, ...] = ()  # the part's own texts, old -> new
    children: tuple[Pair, ...] = ()  # list items, table rows, nested items
    moved: bool = False
    elsewhere: str | None = None  # for a part that moved between chapters: the other chapter

    @property
    def status(self) -> Status:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if any(f.changed for f in self.fields) or any(c.status != "equal" or c.moved for c in self.children):
            return "revised"
        return "equal"

    @property
    def changed(self) -> bool:
        return _changed(self.status, self.moved)

    @property
    def minor(self) -> bool:
        """Changed, but only in whitespace, punctuation or capitalisation."""
        if self.status != "revised" or self.moved:
            return False
        own = [f for f in self.fields if f.changed]
        kids = [c for c in self.children if c.changed]
        return all(f.minor for f in own) and all(c.minor for c in kids)

    def walk(self) -> list[Pair]:
        return [self, *(p for c in self.children for p in c.walk())]

    @property
    def part(self) -> Any:
        """The part as it stands now, or stood if removed."""
        part = self.new if self.new is not None else self.old
        assert part is not None
        return part

    @property
    def words(self) -> tuple[int, int]:
        """(words inserted, words deleted), counting whole added or removed parts."""
        if self.old is None or self.new is None:
            count = sum(len(plain_text(t).split()) for t in block_texts(self.old or self.new))
            return (count, 0) if self.old is None else (0, count)
        inserted = sum(f.words_inserted for f in self.fields)
        deleted = sum(f.words_deleted for f in self.fields)
        for child in self.children:
            ins, dels = child.words
            inserted, deleted = inserted + ins, deleted + dels
        return inserted, deleted


@dataclass(frozen=True)
class ChapterDiff:
    old: Chapter | None
    new: Chapter | None
    blocks: tuple[Pair, ...] = ()
    title: TextDiff | None = None
    moved: bool = False

    @property
    def status(self) -> Status:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        # a renamed file is no change a reader can see; the JSON diff still records it
        if (self.title and self.title.changed) or any(b.changed for b in self.blocks):
            return "revised"
        return "equal"

    @property
    def changed(self) -> bool:
        return _changed(self.status, self.moved)

    @property
    def minor(self) -> bool:
        if self.status != "revised" or self.moved:
            return False
        if self.title and self.title.changed and not self.title.minor:
            return False
        return all(b.minor for b in self.blocks if b.changed)

    @property
    def chapter(self) -> Chapter:
        """The chapter as it stands now (or stood, if removed)."""
        chapter = self.new or self.old
        assert chapter is not None
        return chapter

    @property
    def words(self) -> tuple[int, int]:
        """(words inserted, words deleted) across the chapter."""
        if self.old is None or self.new is None:
            count = sum(len(plain_text(t).split()) for b in self.chapter.blocks for t in block_texts(b))
            return (count, 0) if self.old is None else (0, count)
        inserted = self.title.words_inserted if self.title else 0
        deleted = self.title.words_deleted if self.title else 0
        for block in self.blocks:
            ins, dels = block.words
            inserted, deleted = inserted + ins, deleted + dels
        return inserted, deleted


@dataclass(frozen=True)
class MetadataChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class VersionDiff:
    old: Version
    new: Version
    metadata: tuple[MetadataChange, ...] = ()
    chapters: tuple[ChapterDiff, ...] = field(default=())

    @property
    def changed_chapters(self) -> tuple[ChapterDiff, ...]:
        return tuple(c for c in self.chapters if c.changed)

    @property
    def changed(self) -> bool:
        return bool(self.metadata) or bool(self.changed_chapters)


def compare_versions(old: Version, new: Version) -> VersionDiff:
    """Everything that differs between two versions, in the new version's order."""
    chapters = _moves_between_chapters(_chapters(old.chapters, new.chapters))
    return VersionDiff(old, new, _metadata(old, new), chapters)


def _moves_between_chapters(chapters: tuple[ChapterDiff, ...]) -> tuple[ChapterDiff, ...]:
    """A block removed from one chapter and added, much the same, to another has moved."""
    removed = [(c, b) for c in chapters if c.old and c.new for b in c.blocks if b.status == "removed"]
    added = [(c, b) for c in chapters if c.old and c.new for b in c.blocks if b.status == "added"]
    candidates = sorted(
        (
            (_block_similarity(r.part, a.part), ri, ai)
            for ri, (rc, r) in enumerate(removed)
            for ai, (ac, a) in enumerate(added)
            if rc is not ac
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    note: dict[int, str] = {}  # id(pair) -> other chapter's name
    used_r: set[int] = set()
    used_a: set[int] = set()
    for score, ri, ai in candidates:
        if score < REVISED_THRESHOLD:
            break
        if ri in used_r or ai in used_a:
            continue
        used_r.add(ri)
        used_a.add(ai)
        (rc, r), (ac, a) = removed[ri], added[ai]
        note[id(r)] = ac.chapter.short_name
        note[id(a)] = rc.chapter.short_name
    if not note:
        return chapters
    return tuple(
        replace(c, blocks=tuple(replace(b, elsewhere=note[id(b)]) if id(b) in note else b for b in c.blocks))
        for c in chapters
    )


def _metadata(old: Version, new: Version) -> tuple[MetadataChange, ...]:
    fields = {
        "date": (old.date, new.date),
        "effective": (old.effective.isoformat(), new.effective.isoformat()),
        "status": (old.status, new.status),
        "supersedes": (old.supersedes or "", new.supersedes or ""),
    }
    return tuple(MetadataChange(k, a, b) for k, (a, b) in fields.items() if a != b)


# -- chapters -----------------------------------------------------------------


def _chapters(old: Sequence[Chapter], new: Sequence[Chapter]) -> tuple[ChapterDiff, ...]:
    def signature(chapter: Chapter) -> str:
        return chapter.id

    def content(chapter: Chapter) -> str:
        return " ".join([chapter.title, *(_block_text(b) for b in chapter.blocks)])

    def same_chapter(a: Chapter, b: Chapter) -> float:
        # a chapter whose file was renamed is still the same chapter if its text is
        return similarity(content(a), content(b)) if a.kind == b.kind else 0.0

    pairs = align(old, new, signature, same_chapter, threshold=0.6)
    out = []
    for a, b, moved in pairs:
        if a is None or b is None:
            out.append(ChapterDiff(a, b))
            continue
        blocks = tuple(
            _block_pair(x, y, m) for x, y, m in align(a.blocks, b.blocks, _block_signature, _block_similarity)
        )
        out.append(ChapterDiff(a, b, blocks, text_diff(a.title, b.title), moved))
    return tuple(out)


# -- blocks -------------------------------------------------------------------


def _block_signature(block: Block) -> str:
    return f"{block.type}:{_block_text(block)}"


def _block_similarity(a: Block, b: Block) -> float:
    if a.type != b.type:
        return 0.0
    if isinstance(a, Paragraph) and isinstance(b, Paragraph) and (a.number is None) != (b.number is None):
        return 0.0
    return similarity(_block_text(a), _block_text(b))


def _block_text(block: Block) -> str:
    return " ".join(plain_text(t) for t in block_texts(block))


def block_texts(block: Any) -> list[str]:
    """Every text a block holds, in reading order (Markdown source)."""
    if isinstance(block, (Paragraph, Heading)):
        return [block.text]
    if isinstance(block, ListBlock):
        return [t for item in block.items for t in block_texts(item)]
    if isinstance(block, ListItem):
        return [block.text, *(block_texts(block.children) if block.children else [])]
    if isinstance(block, Table):
        return [*([block.caption] if block.caption else []), *block.header, *(c for r in block.rows for c in r.cells)]
    if isinstance(block, Note):
        return [t for t in (block.title, block.text) if t] + (block_texts(block.bullets) if block.bullets else [])
    if isinstance(block, Figure):
        return [block.alt, *([block.caption] if block.caption else [])]
    if isinstance(block, Signature):
        return [block.name, *block.roles]
    if isinstance(block, Diagram):
        includes = [f"{p.name} includes: {p.includes}" for p in block.priorities if p.includes]
        return [
            *(p.name for p in block.priorities),
            *includes,
            *block.themes,
            block.beside_title,
            *block.beside,
            *([block.caption] if block.caption else []),
        ]
    if isinstance(block, Chart):
        # the bars are the table's numbers, compared with the table; the chart itself is its caption
        return [block.caption or "", f"{block.label_header} / {block.value_header}"]
    return []


def _block_pair(old: Block | None, new: Block | None, moved: bool) -> Pair:
    kind = (old or new).type  # type: ignore[union-attr]
    if old is None or new is None:
        return Pair(kind, old, new, moved=moved)
    if isinstance(old, ListBlock) and isinstance(new, ListBlock):
        return Pair("list", old, new, children=_items(old.items, new.items), moved=moved)
    if isinstance(old, Table) and isinstance(new, Table):
        return _table_pair(old, new, moved)
    if isinstance(old, Note) and isinstance(new, Note):
        fields: tuple[TextDiff, ...] = (text_diff(old.title, new.title), text_diff(old.text, new.text))
        children = _items(old.bullets.items if old.bullets else (), new.bullets.items if new.bullets else ())
        return Pair("note", old, new, fields, children, moved)
    if isinstance(old, Figure) and isinstance(new, Figure):
        fields = (text_diff(old.alt, new.alt), text_diff(old.caption, new.caption))
        if old.data_uri != new.data_uri:
            fields += (text_diff(f"image {old.src} (before)", f"image {new.src} (after)"),)
        return Pair("figure", old, new, fields, moved=moved)
    fields = tuple(text_diff(a, b) for a, b in zip(block_texts(old), block_texts(new), strict=False))
    lengths = len(block_texts(old)), len(block_texts(new))
    if lengths[0] != lengths[1]:
        fields += (text_diff(" ".join(block_texts(old)), " ".join(block_texts(new))),)
    return Pair(kind, old, new, fields, moved=moved)


def _items(old: Sequence[ListItem], new: Sequence[ListItem]) -> tuple[Pair, ...]:
    def signature(item: ListItem) -> str:
        return " ".join(plain_text(t) for t in block_texts(item))

    def item_similarity(a: ListItem, b: ListItem) -> float:
        return similarity(plain_text(a.text), plain_text(b.text))

    return tuple(_item_pair(a, b, m) for a, b, m in align(old, new, signature, item_similarity))


def _item_pair(old: ListItem | None, new: ListItem | None, moved: bool) -> Pair:
    if old is None or new is None:
        return Pair("item", old, new, moved=moved)
    children = _items(old.children.items if old.children else (), new.children.items if new.children else ())
    return Pair("item", old, new, (text_diff(old.text, new.text),), children, moved)


def _table_pair(old: Table, new: Table, moved: bool) -> Pair:
    header = tuple(text_diff(a, b) for a, b in _padded(old.header, new.header))
    caption = (text_diff(old.caption, new.caption),)

    def first_column(row: TableRow) -> str:
        return plain_text(row.cells[0]).lower() if row.cells else ""

    def row_similarity(a: TableRow, b: TableRow) -> float:
        return similarity(first_column(a), first_column(b))

    rows = []
    for a, b, m in align(old.rows, new.rows, first_column, row_similarity, threshold=0.6):
        cells = tuple(text_diff(x, y) for x, y in _padded(a.cells if a else (), b.cells if b else ()))
        rows.append(Pair("row", a, b, cells if a and b else (), moved=m))
    return Pair("table", old, new, caption + header, tuple(rows), moved)


def _padded(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, str]]:
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else "", b[i] if i < len(b) else "") for i in range(n)]


# -- alignment ----------------------------------------------------------------


def align(
    old: Sequence[Any],
    new: Sequence[Any],
    signature: Callable[[Any], str],
    similar: Callable[[Any, Any], float],
    threshold: float = REVISED_THRESHOLD,
) -> list[tuple[Any | None, Any | None, bool]]:
    """(old, new, moved) triples in new order, removed parts where they stood."""
    old_keys, new_keys = [signature(x) for x in old], [signature(x) for x in new]
    match_of_new: dict[int, int] = {}
    moved: set[int] = set()
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            match_of_new[block.b + k] = block.a + k
    in_order = dict(match_of_new)
    free_old = [i for i in range(len(old)) if i not in match_of_new.values()]
    free_new = [j for j in range(len(new)) if j not in match_of_new]
    # identical parts that changed place
    for j in list(free_new):
        i = next((i for i in free_old if old_keys[i] == new_keys[j]), None)
        if i is not None:
            match_of_new[j] = i
            moved.add(j)
            free_old.remove(i)
            free_new.remove(j)
    # the most similar remaining parts are the same part, revised
    candidates = sorted(
        ((similar(old[i], new[j]), i, j) for i in free_old for j in free_new),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    for score, i, j in candidates:
        if score < threshold:
            break
        if i in free_old and j in free_new:
            match_of_new[j] = i
            free_old.remove(i)
            free_new.remove(j)
            if _out_of_order(i, j, in_order):
                moved.add(j)
    _pair_containers_in_place(old, new, free_old, free_new, in_order, match_of_new)
    return _in_new_order(old, new, match_of_new, moved)


_CONTAINERS = {"list", "table", "note", "figure"}


def _pair_containers_in_place(
    old: Sequence[Any],
    new: Sequence[Any],
    free_old: list[int],
    free_new: list[int],
    anchors: dict[int, int],
    match_of_new: dict[int, int],
) -> None:
    """A list (table, note, figure) rewritten in the same place is still that list, revised.

    Their items are compared one by one, which tells a reviewer far more than
    "list removed, list added".
    """
    for j in list(free_new):
        kind = getattr(new[j], "type", None)
        if kind not in _CONTAINERS:
            continue
        i = next((i for i in free_old if old[i].type == kind and not _out_of_order(i, j, anchors)), None)
        if i is not None:
            match_of_new[j] = i
            free_old.remove(i)
            free_new.remove(j)


def _out_of_order(i: int, j: int, anchors: dict[int, int]) -> bool:
    """True when old part i and new part j sit on different sides of an unchanged part."""
    return any((nj < j) != (oi < i) for nj, oi in anchors.items())


def _in_new_order(
    old: Sequence[Any], new: Sequence[Any], match_of_new: dict[int, int], moved: set[int]
) -> list[tuple[Any | None, Any | None, bool]]:
    matched_old = set(match_of_new.values())
    result: list[tuple[Any | None, Any | None, bool]] = []
    removed = [i for i in range(len(old)) if i not in matched_old]
    placed: set[int] = set()

    def place_removed_after(old_index: int) -> None:
        for i in removed:
            if i not in placed and _predecessor(i, matched_old) == old_index:
                placed.add(i)
                result.append((old[i], None, False))

    place_removed_after(-1)
    for j in range(len(new)):
        i = match_of_new.get(j)
        result.append((old[i] if i is not None else None, new[j], j in moved))
        if i is not None:
            place_removed_after(i)
    for i in removed:
        if i not in placed:
            result.append((old[i], None, False))
    return result


def _predecessor(i: int, matched_old: set[int]) -> int:
    """The nearest part before old part i that is still in the new version (-1: none)."""
    return max((k for k in matched_old if k < i), default=-1)
