"""One part of a document in two versions: the unit every comparison is made of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from csa.inline import plain_text
from csa.model import BlockType
from csa.textdiff.words import TextDiff

Status = Literal["equal", "revised", "added", "removed"]
PartKind = BlockType | Literal["chapter", "item", "row", "footnote"]
P = TypeVar("P")


def changed(status: Status, moved: bool) -> bool:
    """A part changed if its content differs or it moved (a moved part may be word-for-word the same)."""
    return status != "equal" or moved


def word_count(texts: list[str]) -> int:
    return sum(len(plain_text(t).split()) for t in texts)


@dataclass(frozen=True)
class Pair(Generic[P]):
    """One part in both versions (or one of them), with what changed inside it.

    `key` is the part's stable path ("leads/leads-table/leads-table-road-safety"),
    unique within one comparison: anchors, moves and look-ups use it.
    """

    kind: PartKind
    key: str
    old: P | None
    new: P | None
    fields: tuple[TextDiff, ...] = ()  # the part's own texts, old -> new
    children: tuple[Pair[Any], ...] = ()  # list items, table rows, nested items
    moved: bool = False
    elsewhere: str | None = None  # for a part that moved between chapters: the other chapter
    texts: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # every text of old and new, for word counts
    counts_words: bool = True  # False where the words are another part's (a chart's labels are its table's)

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
        return changed(self.status, self.moved)

    @property
    def minor(self) -> bool:
        """Changed, but only in whitespace, punctuation or capitalisation."""
        if self.status != "revised" or self.moved:
            return False
        own = [f for f in self.fields if f.changed]
        kids = [c for c in self.children if c.changed]
        return all(f.minor for f in own) and all(c.minor for c in kids)

    def walk(self) -> list[Pair[Any]]:
        return [self, *(p for c in self.children for p in c.walk())]

    @property
    def part(self) -> P:
        """The part as it stands now, or stood if removed."""
        part = self.new if self.new is not None else self.old
        assert part is not None
        return part

    @property
    def words(self) -> tuple[int, int]:
        """(words inserted, words deleted), counting whole added or removed parts."""
        if not self.counts_words:
            return 0, 0
        if self.old is None:
            return word_count(list(self.texts[1])), 0
        if self.new is None:
            return 0, word_count(list(self.texts[0]))
        inserted = sum(f.words_inserted for f in self.fields)
        deleted = sum(f.words_deleted for f in self.fields)
        for child in self.children:
            ins, dels = child.words
            inserted, deleted = inserted + ins, deleted + dels
        return inserted, deleted
