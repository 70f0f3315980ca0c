"""Two versions -> a structural diff: chapters, blocks, list items, table rows, words.

Chapters and then each chapter's blocks are aligned (textdiff/align.py): unchanged,
moved, revised, added or removed. How a block of each kind is compared (its
texts, its parts) is declared with the kind in csa.blocks.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from csa.blocks import block_texts, kind_of
from csa.blocks.differ import one_sided
from csa.inline import plain_text
from csa.model import Block, Chapter, Footnote, Version
from csa.textdiff.align import REVISED_THRESHOLD, align
from csa.textdiff.pair import Pair, Status
from csa.textdiff.words import TextDiff, similarity, text_diff

__all__ = ["ChapterDiff", "MetadataChange", "Pair", "VersionDiff", "block_texts", "compare_versions"]


@dataclass(frozen=True)
class ChapterDiff(Pair[Chapter]):
    """A chapter in both versions (or one): its title is its one field, its blocks its children.

    A renamed file is no change a reader can see (the JSON diff still records it).
    """

    notes: tuple[Pair[Footnote], ...] = ()  # its footnotes, known by label

    @property
    def blocks(self) -> tuple[Pair[Any], ...]:
        return self.children

    @property
    def status(self) -> Status:
        status = super().status
        return "revised" if status == "equal" and self.changed_notes else status

    @property
    def minor(self) -> bool:
        return super().minor and all(n.minor for n in self.changed_notes)

    @property
    def changed_notes(self) -> tuple[Pair[Footnote], ...]:
        return tuple(n for n in self.notes if n.changed)

    @property
    def title(self) -> TextDiff | None:
        return self.fields[0] if self.fields else None

    @property
    def chapter(self) -> Chapter:
        """The chapter as it stands now (or stood, if removed)."""
        return self.part


def chapter_diff(
    old: Chapter | None, new: Chapter | None, blocks: tuple[Pair[Any], ...] = (), moved: bool = False
) -> ChapterDiff:
    chapter = new or old
    assert chapter is not None
    if old is None or new is None:
        texts = tuple(t for b in chapter.blocks for t in block_texts(b))
        return ChapterDiff("chapter", chapter.id, old, new, texts=(texts, ()) if new is None else ((), texts))
    title = text_diff(old.title, new.title)
    notes = footnote_pairs(old, new)
    return ChapterDiff("chapter", chapter.id, old, new, fields=(title,), children=blocks, moved=moved, notes=notes)


def footnote_pairs(old: Chapter, new: Chapter) -> tuple[Pair[Footnote], ...]:
    """A chapter's footnotes in both versions, paired by label; a renumbered note is no change."""
    before = {n.label: n for n in old.footnotes}
    after = {n.label: n for n in new.footnotes}
    labels = [*after, *(label for label in before if label not in after)]
    return tuple(_footnote_pair(new.id, before.get(label), after.get(label)) for label in labels)


def _footnote_pair(chapter_key: str, old: Footnote | None, new: Footnote | None) -> Pair[Footnote]:
    note = new or old
    assert note is not None
    key = f"{chapter_key}/footnote-{note.label}"
    if old is None or new is None:
        return one_sided("footnote", key, old, new, False, [note.text])
    return Pair("footnote", key, old, new, (text_diff(old.text, new.text),))


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

    @property
    def content_changed(self) -> bool:
        """What a reader sees differs: a chapter, or the printed or effective date.

        Not the status or the version superseded, which every new version changes:
        a draft imported from an untouched export of 4.0 says what 4.0 says.
        """
        return bool(self.changed_chapters) or any(m.field in ("date", "effective") for m in self.metadata)


def compare_versions(old: Version, new: Version) -> VersionDiff:
    """Everything that differs between two versions, in the new version's order.

    Remembered by content: a build compares the same two versions for the version-control
    rows, the change-note check and the redline, and `csa serve` after every save (where
    only the edited version's content is new). Versions are frozen, so equal content
    gives an equal diff; hashing one costs well under a millisecond, a diff tens.
    """
    return _compared(old, new)


@functools.lru_cache(maxsize=32)
def _compared(old: Version, new: Version) -> VersionDiff:
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
    note: dict[str, str] = {}  # pair key -> other chapter's name
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
        note[r.key] = ac.chapter.short_name
        note[a.key] = rc.chapter.short_name
    if not note:
        return chapters
    return tuple(
        replace(c, children=tuple(replace(b, elsewhere=note[b.key]) if b.key in note else b for b in c.blocks))
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

    out = []
    for a, b, moved in align(old, new, signature, same_chapter, threshold=0.6):
        if a is None or b is None:
            out.append(chapter_diff(a, b))
            continue
        aligned = align(a.blocks, b.blocks, _block_signature, _block_similarity, same_in_place=_same_in_place)
        blocks = tuple(_block_pair(x, y, m, b.id) for x, y, m in aligned)
        out.append(chapter_diff(a, b, blocks, moved))
    return tuple(out)


# -- blocks -------------------------------------------------------------------


def _block_signature(block: Block) -> str:
    return f"{block.type}:{_block_text(block)}"


def _block_similarity(a: Block, b: Block) -> float:
    if a.type != b.type:
        return 0.0
    comparable = kind_of(a).comparable
    if comparable is not None and not comparable(a, b):
        return 0.0
    return similarity(_block_text(a), _block_text(b))


def _same_in_place(a: Block, b: Block) -> bool:
    return a.type == b.type and kind_of(b).same_in_place


def _block_text(block: Block) -> str:
    return " ".join(plain_text(t) for t in block_texts(block))


def _block_pair(old: Block | None, new: Block | None, moved: bool, chapter_key: str) -> Pair[Any]:
    """One block in both versions, known by its path: chapter id / block id."""
    if old is None or new is None:
        block = old or new
        assert block is not None
        return one_sided(block.type, f"{chapter_key}/{block.id}", old, new, moved, block_texts(block))
    return kind_of(new).compare(old, new, moved, f"{chapter_key}/{new.id}")
