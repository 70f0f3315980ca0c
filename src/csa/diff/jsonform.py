"""The diff as JSON: a documented, stable form for tools (format "csa-diff/1").

See docs/diff-json.md. Fields are only ever added within a format version;
anything else bumps the version.
"""

from __future__ import annotations

from typing import Any, cast

from csa.blocks.plan_changes import PlanChanges, plan_changes
from csa.blocks.table import cell_texts
from csa.diff.compare import ChapterDiff, Pair
from csa.diff.redline import Redline
from csa.model import Table
from csa.textdiff.words import TextDiff

FORMAT = "csa-diff/1"


def diff_to_json(redline: Redline) -> dict[str, Any]:
    diff = redline.diff
    inserted, deleted = redline.words
    out = {
        "format": FORMAT,
        "document": redline.document.id,
        "old": _version(diff.old),
        "new": _version(diff.new),
        "changed": diff.changed,
        "summary": {
            "changes": redline.total,
            "chapters_changed": sum(1 for c in diff.chapters if c.changed),
            "words_inserted": inserted,
            "words_deleted": deleted,
        },
        "changelog": list(redline.row.changes),
        "metadata": [{"field": m.field, "old": m.old, "new": m.new} for m in diff.metadata],
        "chapters": [_chapter(c, redline) for c in diff.chapters],
    }
    if redline.document.type == "action-plan":
        out["plan"] = _plan(plan_changes(diff.old, diff.new))
    return out


def _plan(changes: PlanChanges) -> dict[str, Any]:
    """An action plan's actions and indicators that changed, by id, and how many actions were kept."""
    return {
        "actions_kept": changes.kept,
        "actions": [
            {
                "id": c.action.id,
                "status": c.status,
                "action": c.wording.new or None,
                "old_action": c.wording.old or None,
            }
            for c in changes.actions
            if c.status != "kept"
        ],
        "indicators": [
            {"id": c.indicator.id, "status": c.status, "name": c.name, **_text(c.figures)}
            for c in changes.indicators
            if c.status != "kept"
        ],
    }


def _version(version: Any) -> dict[str, Any]:
    return {
        "version": version.number,
        "date": version.date,
        "effective": version.effective.isoformat(),
        "status": version.status,
    }


def _chapter(chapter: ChapterDiff, redline: Redline) -> dict[str, Any]:
    inserted, deleted = chapter.words
    return {
        "id": chapter.chapter.id,
        "old_id": chapter.old.id if chapter.old else None,
        "name": chapter.new.short_name if chapter.new else None,
        "old_name": chapter.old.short_name if chapter.old else None,
        "title": _text(chapter.title) if chapter.title else _title_only(chapter),
        "status": chapter.status,
        "moved": chapter.moved,
        "minor": chapter.minor,
        "words": {"inserted": inserted, "deleted": deleted},
        "changes": [_pair(p, redline) for p in chapter.blocks if p.changed],
    }


def _title_only(chapter: ChapterDiff) -> dict[str, Any]:
    title = chapter.chapter.title
    return {"old": title if chapter.old else None, "new": title if chapter.new else None, "spans": []}


def _pair(pair: Pair[Any], redline: Redline) -> dict[str, Any]:
    part = pair.part
    out: dict[str, Any] = {
        "kind": pair.kind,
        "status": pair.status,
        "anchor": redline.anchor(pair) or None,
        "id": pair.new.id if pair.new is not None else None,
        "old_id": pair.old.id if pair.old is not None else None,
        "number": getattr(pair.new, "number", None),
        "old_number": getattr(pair.old, "number", None),
        "moved": pair.moved,
        "moved_between_chapters": pair.elsewhere,
        "minor": pair.minor,
    }
    if pair.kind == "row":
        table = _table_of(redline, pair)
        starts = part.starts
        out["key"] = part.cells[0].text if part.cells else ""
        out["cells"] = [
            {"column": _column_name(table, starts[i] if i < len(starts) else i), **_text(f)}
            for i, f in enumerate(pair.fields)
            if f.changed
        ]
    else:
        out["texts"] = [_text(f) for f in pair.fields if f.changed]
    if pair.status in ("added", "removed") and pair.kind != "row":
        out["text"] = list(pair.texts[0] or pair.texts[1])
    elif pair.kind == "row" and pair.status in ("added", "removed"):
        out["cells"] = ["\n".join(cell_texts(c)) for c in part.cells]
    changed_children = [c for c in pair.children if c.changed]
    if changed_children:
        out["children"] = [_pair(c, redline) for c in changed_children]
    return out


def _table_of(redline: Redline, row: Pair[Any]) -> Table | None:
    """The table a row belongs to: the pair whose key is the row's path without its last step."""
    table_key = row.key.removeprefix("was:").rsplit("/", 1)[0]
    for chapter in redline.diff.chapters:
        for block in chapter.blocks:
            if block.key == table_key and block.new is not None:
                return cast(Table, block.new)
    return None


def _column_name(table: Table | None, column: int) -> str:
    """A column by its header's text, or its number (from 1) where it has none."""
    name = table.column_name(column) if table else ""
    return name or str(column + 1)


def _text(diff: TextDiff) -> dict[str, Any]:
    return {"old": diff.old, "new": diff.new, "spans": [{"op": s.op, "text": s.text} for s in diff.spans]}
