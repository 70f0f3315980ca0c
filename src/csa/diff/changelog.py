"""The version-control table, written from what changed.

Each version whose predecessor's content is in the repository gets a row
generated from the diff, in the house style of the published table ("Ch.7 -
2 table rows revised (Anti-social Behaviour, Serious and Organised Crime)").
Versions whose predecessor is not here keep the row recorded in document.yaml.
An editor's change note for a chapter replaces the generated entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from csa.blocks import BY_NAME, KINDS, BlockKind
from csa.blocks.differ import MAX_NAMED, counted, noun_plural
from csa.diff.compare import ChapterDiff, Pair, VersionDiff, compare_versions
from csa.diff.lineage import compared_pairs
from csa.errors import Problem
from csa.model import Document, Footnote, HistoryRow, Version, version_key


@dataclass(frozen=True)
class Row:
    """A version-control row and where it came from."""

    version: str
    date: str
    changes: tuple[str, ...]
    generated: bool  # False: recorded in document.yaml

    def as_history(self) -> HistoryRow:
        return HistoryRow(self.version, self.date, self.changes)


def predecessor(document: Document, version: Version) -> Version | None:
    """The version this one supersedes, when its content is in the repository."""
    return document.version(version.supersedes) if version.supersedes else None


def row_for(document: Document, version: Version) -> Row | None:
    old = predecessor(document, version)
    if old is not None:
        return generated_row(document, compare_versions(old, version))
    recorded = next((r for r in document.history if r.version == version.number), None)
    return Row(recorded.version, recorded.date, recorded.changes, False) if recorded else None


def table_rows(document: Document, upto: Version) -> tuple[Row, ...]:
    """Every row the version-control table of `upto` prints, oldest first."""
    limit = version_key(upto.number)
    rows = {r.version: Row(r.version, r.date, r.changes, False) for r in document.history}
    by_number = {v.number: v for v in document.versions}
    for older, newer in compared_pairs({v.number: v.supersedes for v in document.versions}, upto.number):
        rows[newer] = generated_row(document, compare_versions(by_number[older], by_number[newer]))
    return tuple(
        sorted((r for r in rows.values() if version_key(r.version) <= limit), key=lambda r: version_key(r.version))
    )


def version_control_rows(document: Document, version: Version) -> tuple[HistoryRow, ...]:
    """The rows as the templates print them."""
    return tuple(r.as_history() for r in table_rows(document, version))


def generated_row(document: Document, diff: VersionDiff) -> Row:
    notes = {n.chapter_id: n.text for n in diff.new.change_notes}
    changes = [refreshed(document), *metadata_entries(diff)]
    for chapter in diff.changed_chapters:
        note = notes.get(chapter.chapter.id)
        changes.append(f"{name_of_chapter(chapter)} - {note or describe_chapter(chapter)}")
    return Row(diff.new.number, diff.new.date, tuple(changes), True)


def refreshed(document: Document) -> str:
    """ "Refreshed Kent Community Safety Agreement (CSA)", in the document's own words."""
    wording = document.settings.words.refreshed
    if wording is None:
        wording = "Refreshed {title} ({short_title})" if document.short_title else "Refreshed {title}"
    return wording.format(title=document.title, short_title=document.short_title or "")


def metadata_entries(diff: VersionDiff) -> list[str]:
    fields = {m.field for m in diff.metadata}
    if "effective" in fields:
        return [f"Effective date changed to {diff.new.date}"]
    if "date" in fields:
        return [f"Document date changed to {diff.new.date}"]
    return []


def name_of_chapter(chapter: ChapterDiff) -> str:
    return chapter.chapter.short_name


def describe_chapter(chapter: ChapterDiff) -> str:
    """What changed in one chapter, specific enough to act on."""
    if chapter.status == "added":
        return f"new {chapter.chapter.kind} '{chapter.chapter.title}' added"
    if chapter.status == "removed":
        return f"{chapter.chapter.kind} '{chapter.chapter.title}' removed"
    parts: list[str] = []
    assert chapter.old is not None
    if chapter.title and chapter.title.changed:
        parts.append(f"title changed to '{chapter.chapter.title}'")
    if chapter.moved:
        parts.append(f"moved (was {chapter.old.short_name})")
    if chapter.minor:
        return "minor changes (punctuation, capitalisation or spacing)"
    parts.extend(_describe_blocks(chapter.blocks))
    parts.extend(_describe_notes(chapter.changed_notes))
    return "; ".join(parts) if parts else "minor changes (punctuation, capitalisation or spacing)"


def _describe_blocks(blocks: Sequence[Pair[Any]]) -> list[str]:
    changed = [b for b in blocks if b.changed and not _only_copies_changed(b)]
    substantive = [b for b in changed if not b.minor]
    parts = []
    for kind in KINDS:
        of_kind = [b for b in substantive if b.kind == kind.name]
        for status in ("revised", "added", "removed"):
            group = [b for b in of_kind if b.status == status and not b.moved and not b.elsewhere]
            if group:
                parts.extend(_describe_group(kind, status, group))
        for pair in (b for b in of_kind if b.elsewhere):
            direction = "moved from" if pair.status == "added" else "moved to"
            parts.append(f"{_names(kind, [pair], pair.status)} {direction} {pair.elsewhere}")
        moved = [b for b in of_kind if b.moved]
        if moved and kind.describe is not None:
            parts.extend(
                _described(kind, pair, "moved and updated" if pair.status == "revised" else "moved") for pair in moved
            )
        elif moved:
            revised = any(f.changed for b in moved for f in b.fields) or any(
                c.changed for b in moved for c in b.children
            )
            parts.append(f"{_names(kind, moved, 'moved')} moved{' and revised' if revised else ''}")
    minor = [b for b in changed if b.minor]
    if minor:
        parts.append("minor changes to " + _join([counted(BY_NAME[k].noun, n) for k, n in _counts(minor)]))
    return parts


def _describe_notes(notes: Sequence[Pair[Footnote]]) -> list[str]:
    """ "footnote 2 revised", "footnotes 3 and 4 added": numbered as the version printing them does."""
    parts = []
    for status in ("revised", "added", "removed"):
        numbers = [str(n.part.number) for n in notes if n.status == status]
        if numbers:
            parts.append(f"{'footnote' if len(numbers) == 1 else 'footnotes'} {_join(numbers)} {status}")
    return parts


def _only_copies_changed(pair: Pair[Any]) -> bool:
    """Only parts copied from another block changed: that block's entry says so."""
    copies = BY_NAME[pair.kind].copies_parts
    if copies is None or pair.status != "revised" or pair.moved or not copies(pair.part):
        return False
    return not any(f.changed for f in pair.fields)


def _counts(pairs: list[Pair[Any]]) -> list[tuple[str, int]]:
    kinds: dict[str, int] = {}
    for pair in pairs:
        kinds[pair.kind] = kinds.get(pair.kind, 0) + 1
    return list(kinds.items())


def _describe_group(kind: BlockKind[Any], status: str, group: list[Pair[Any]]) -> list[str]:
    if status == "revised" and kind.describe is not None:
        return [_described(kind, pair, "updated") for pair in group]
    if status == "revised" and kind.parts_noun is not None:
        return [_describe_children(group, kind)]
    return [f"{_names(kind, group, status)} {status}"]


def _described(kind: BlockKind[Any], pair: Pair[Any], verb: str) -> str:
    """ "priorities diagram updated ('Substance Misuse' renamed 'Substance Misuse and Addiction'; theme added)"."""
    assert kind.describe is not None
    subject, details = kind.describe(pair)
    if not subject and details and verb == "updated":  # the details name what changed ("action 'X' completed")
        return "; ".join(details)
    subject = subject or kind.noun  # "actions table moved and updated (...)"
    return f"{subject} {verb} ({'; '.join(details)})" if details else f"{subject} {verb}"


def _describe_children(group: list[Pair[Any]], kind: BlockKind[Any]) -> str:
    children = [c for pair in group for c in pair.children if c.changed]
    phrases = []
    for status in ("revised", "added", "removed"):
        of_status = [c for c in children if c.status == status and not c.moved]
        if of_status:
            phrases.append(_counted(kind, of_status, status))
    moved = [c for c in children if c.moved and c.status == "equal"]
    if moved:
        phrases.append(_counted(kind, moved, "moved"))
    moved_revised = [c for c in children if c.moved and c.status == "revised"]
    if moved_revised:
        phrases.append(_counted(kind, moved_revised, "moved and revised"))
    if kind.fields_noun is not None and any(f.changed for pair in group for f in pair.fields):
        phrases.append(f"{kind.fields_noun} revised")
    return "; ".join(phrases)


def _names(kind: BlockKind[Any], pairs: list[Pair[Any]], status: str) -> str:
    """'paragraphs 3.6 and 3.7', 'former paragraph 3.1', or a count such as '2 headings'."""
    if kind.change_log_name is not None and len(pairs) <= MAX_NAMED:
        names = [kind.change_log_name(p.part) for p in pairs]
        if all(names):
            word = kind.noun if len(pairs) == 1 else noun_plural(kind.noun)
            former = "former " if status == "removed" and kind.former_when_removed else ""
            return f"{former}{word} {_join([n for n in names if n])}"
    return counted(kind.noun, len(pairs))


def _counted(kind: BlockKind[Any], pairs: list[Pair[Any]], status: str) -> str:
    """'2 table rows revised (Anti-social Behaviour, Road Safety)' or just the count."""
    assert kind.parts_noun is not None
    names = [kind.part_name(p) for p in pairs] if kind.part_name else [None]
    listed = f" ({', '.join(n for n in names if n)})" if len(pairs) <= MAX_NAMED and all(names) else ""
    return f"{counted(kind.parts_noun, len(pairs))} {status}{listed}"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def note_problems(document: Document, strict: bool = False) -> list[Problem]:
    """A note on a chapter that did not change is an error; under --strict, so is a changed chapter without one."""
    problems = []
    for version in document.versions:
        old = predecessor(document, version)
        if old is None:
            continue
        diff = compare_versions(old, version)
        changed = {c.chapter.id for c in diff.changed_chapters}
        for note in version.change_notes:
            if note.chapter_id not in changed:
                problems.append(
                    Problem(
                        note.mark,
                        f"change note for '{note.chapter_id}', which did not change since {old.number}",
                        "remove the note",
                    )
                )
        if strict:
            noted = {n.chapter_id for n in version.change_notes}
            for chapter in diff.changed_chapters:
                if chapter.chapter.id not in noted:
                    problems.append(
                        Problem(
                            version.mark,
                            f"'{chapter.chapter.id}' changed since {old.number} but has no change note",
                            f"generated: {describe_chapter(chapter)}",
                            severity="warning",
                        )
                    )
    return problems
