"""A redline of two versions: what the templates need to mark every change in place.

The redline shows the whole of the newer version, numbered as it is, with
words inserted and deleted marked; removed parts appear where they stood and
moved parts say where they came from. Each change gets an anchor
(change-1, change-2, ...) in reading order for navigation and for the links
from the change-log rows at the top.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csa.diff.changelog import Row, describe_chapter, generated_row, metadata_entries, refreshed
from csa.diff.compare import ChapterDiff, Pair, VersionDiff
from csa.model import Document


@dataclass(frozen=True)
class ChapterView:
    diff: ChapterDiff
    anchor: str
    changes: int  # changed parts (the title counts as one)
    first_change: str | None
    entry: str | None  # the change-log entry for this chapter


@dataclass(frozen=True)
class Redline:
    document: Document
    diff: VersionDiff
    row: Row
    chapters: tuple[ChapterView, ...]
    anchors: dict[str, str]  # key of a Pair or ChapterDiff -> "change-N"

    def anchor(self, part: Pair[Any] | ChapterDiff) -> str:
        return self.anchors.get(part.key, "")

    @property
    def general_entries(self) -> tuple[str, ...]:
        """The row's entries about the whole document ("Refreshed ...", a new date), before each chapter's."""
        return (refreshed(self.document), *metadata_entries(self.diff))

    @property
    def total(self) -> int:
        return len(self.anchors)

    @property
    def words(self) -> tuple[int, int]:
        inserted = sum(c.diff.words[0] for c in self.chapters)
        deleted = sum(c.diff.words[1] for c in self.chapters)
        return inserted, deleted


def build_redline(document: Document, diff: VersionDiff) -> Redline:
    anchors: dict[str, str] = {}
    notes = {n.chapter_id: n.text for n in diff.new.change_notes}
    views = []
    for chapter in diff.chapters:
        first = len(anchors)
        if chapter.status in ("added", "removed") or chapter.moved or (chapter.title and chapter.title.changed):
            anchors[chapter.key] = f"change-{len(anchors) + 1}"
        if chapter.status not in ("added", "removed"):
            for pair in chapter.blocks:
                _number_changes(pair, anchors)
        count = len(anchors) - first
        views.append(
            ChapterView(
                diff=chapter,
                anchor=chapter.chapter.id,  # the id cross-references in the text point at
                changes=count,
                first_change=f"change-{first + 1}" if count else None,
                entry=(notes.get(chapter.chapter.id) or describe_chapter(chapter)) if chapter.changed else None,
            )
        )
    return Redline(document, diff, generated_row(document, diff), tuple(views), anchors)


def _number_changes(pair: Pair[Any], anchors: dict[str, str]) -> None:
    """A part with its own change gets an anchor; an unchanged container passes on to its children."""
    if not pair.changed:
        return
    own = pair.status in ("added", "removed") or pair.moved or any(f.changed for f in pair.fields)
    if own or not pair.children:
        anchors[pair.key] = f"change-{len(anchors) + 1}"
    if pair.status == "revised":
        for child in pair.children:
            _number_changes(child, anchors)


@dataclass(frozen=True)
class WordChange:
    where: str  # "Ch.6 6.7", "Appendix A"
    deleted: str
    inserted: str

    @property
    def size(self) -> int:
        return len(self.deleted.split()) + len(self.inserted.split())


def largest_word_changes(redline: Redline, most: int) -> list[WordChange]:
    """The biggest runs of replaced words in revised text, biggest first."""
    found: list[WordChange] = []
    for view in redline.chapters:
        for block in view.diff.blocks:
            for pair in block.walk():
                if pair.status != "revised":
                    continue
                number = getattr(pair.part, "number", None)
                where = view.diff.chapter.short_name + (f" {number}" if number else "")
                for field in pair.fields:
                    found.extend(_runs(where, field.spans))
    return sorted(found, key=lambda c: -c.size)[:most]


def _runs(where: str, spans: tuple) -> list[WordChange]:  # type: ignore[type-arg]
    runs, deleted, inserted = [], "", ""
    for span in (*spans, None):
        if span is not None and span.op != "equal":
            deleted += span.text if span.op == "delete" else ""
            inserted += span.text if span.op == "insert" else ""
            continue
        if deleted or inserted:
            runs.append(WordChange(where, deleted.strip(), inserted.strip()))
        deleted = inserted = ""
    return runs
