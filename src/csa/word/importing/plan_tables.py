"""An action plan's tables read back from Word: `actions` and `indicators` blocks.

The export (word/export/plan_blocks.py) records each block's YAML and bookmarks each row by
its action's or indicator's id. An actions table comes back as an `actions` block:
rows paired with the recorded actions by id; the action's words and its latest
progress read from the cells; earlier updates kept from the record; lead, due, status
and measure kept unless the printed words changed (then parsed back, or kept and said
when they cannot be). A row without a bookmark is a new action; a recorded action
with no row is gone. An indicators block is its recorded YAML (its figures are data,
edited in YAML); a figure edited in Word is said, not taken.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from csa.content.writer import Word
from csa.dates import long_date
from csa.inline import plain_text

Say = Callable[[str], None]  # lists a problem in review.md, with where it was
STATUSES = ("not started", "on track", "at risk", "off track", "complete")
ACTION_KEYS = ("id", "action", "lead", "due", "status", "measure", "progress")
INDICATOR_KEYS = ("id", "name", "baseline", "latest", "better", "provisional", "source", "focus")


@dataclass(frozen=True)
class PlanRow:
    id: str | None  # the bookmarked action's or indicator's id; None for a row a partner added
    cells: dict[str, list[str]]  # column heading (lower case) -> the cell's paragraphs, as Markdown


def read_actions(source: dict[str, Any], rows: list[PlanRow], used: set[str], say: Say) -> dict[str, Any]:
    """The `actions` block (without its id) the table now says; `used` holds the plan's action ids."""
    recorded = {str(a.get("id")): a for a in source.get("actions", []) if isinstance(a, dict)}
    default_lead = _default_lead(recorded, rows)
    actions = []
    for row in rows:
        old = recorded.get(row.id or "")
        if old is None:
            action = _new_action(row, used, say)
            if action is not None:
                actions.append(action)
            continue
        actions.append(_action(old, row, default_lead, say))
    return {"actions": actions}


def _default_lead(recorded: dict[str, dict[str, Any]], rows: list[PlanRow]) -> str | None:
    """What the lead column printed for actions with no lead of their own: the priority's lead, most often seen."""
    printed = [_words(row, "lead") for row in rows if row.id in recorded and not recorded[row.id or ""].get("lead")]
    counted = Counter(p for p in printed if p is not None)
    return counted.most_common(1)[0][0] if counted else None


def _action(old: dict[str, Any], row: PlanRow, default_lead: str | None, say: Say) -> dict[str, Any]:
    action = _as_written(old)
    what = _words(row, "action")
    if what is not None and plain_text(what) != plain_text(str(old.get("action", ""))):
        action["action"] = what
    lead = _words(row, "lead")
    if lead is not None and lead != (old.get("lead") or default_lead or ""):
        _set(action, "lead", lead)
    measure = _words(row, "measure")
    if measure is not None and plain_text(measure) != plain_text(str(old.get("measure") or "")):
        _set(action, "measure", measure)
    _due(action, _words(row, "due"), say)
    _status(action, _words(row, "status"), say)
    if "progress" in row.cells:
        _progress(action, row.cells["progress"])
    return _in_order(action, ACTION_KEYS)


def _as_written(recorded: dict[str, Any]) -> dict[str, Any]:
    """A recorded action as its chapter file has it: the ids and words unquoted, dates as dates (the record holds text)."""
    action = dict(recorded)
    action["id"] = Word(str(recorded["id"]))
    for key in ("due", "status"):
        if key in action:
            action[key] = _as_date(action[key]) or Word(str(action[key]))
    action["progress"] = [
        _in_order({**p, **({"date": _as_date(p["date"])} if "date" in p else {})}, ("date", "text"))
        for p in recorded.get("progress", [])
        if isinstance(p, dict)
    ]
    if not action["progress"]:
        del action["progress"]
    return action


def restored_indicators(source: dict[str, Any]) -> dict[str, Any]:
    """The recorded indicators block (without its id), each indicator's keys in the order people write them."""
    return {"indicators": [_in_order(i, INDICATOR_KEYS) for i in source.get("indicators", []) if isinstance(i, dict)]}


def _in_order(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """`keys` first in that order, then any others (the record sorts them)."""
    return {**{k: data[k] for k in keys if k in data}, **{k: v for k, v in data.items() if k not in keys}}


def _set(action: dict[str, Any], key: str, value: str) -> None:
    if value:
        action[key] = value
    else:
        action.pop(key, None)


def _due(action: dict[str, Any], printed: str | None, say: Say) -> None:
    if printed is None or printed == _due_words(action.get("due")):
        return
    if not printed:
        action.pop("due", None)
    elif printed.lower() == "ongoing":
        action["due"] = Word("ongoing")
    elif (date := _date(printed)) is not None:
        action["due"] = date
    else:
        say(f'action {action["id"]}: due "{printed}" is no date (as "31 March 2020") nor "Ongoing": kept as it was')


def _due_words(due: Any) -> str:
    if due == "ongoing":
        return "Ongoing"
    date = _as_date(due)
    return long_date(date) if date else ""


def _status(action: dict[str, Any], printed: str | None, say: Say) -> None:
    if printed is None or printed.lower() == str(action.get("status") or ""):
        return
    if not printed:
        action.pop("status", None)
    elif printed.lower() in STATUSES:
        action["status"] = Word(printed.lower())
    else:
        say(f'action {action["id"]}: status "{printed}" is not one of {", ".join(STATUSES)}: kept as it was')


def _progress(action: dict[str, Any], paragraphs: list[str]) -> None:
    """The cell is the latest update: its date line (if any), then its paragraphs."""
    updates = [dict(p) for p in action.get("progress", []) if isinstance(p, dict)]
    latest = updates[-1] if updates else {}
    date = _date(paragraphs[0]) if paragraphs else None
    texts = paragraphs[1:] if date is not None else paragraphs
    text = "\n\n".join(t for t in texts if t.strip())
    old_texts = re.split(r"\n[ \t]*\n", str(latest.get("text", "")).strip())
    unchanged = [plain_text(t) for t in texts if t.strip()] == [plain_text(t) for t in old_texts if t.strip()]
    old_date = _as_date(latest.get("date"))
    if unchanged and date == old_date:
        return
    if not text:
        updates = updates[:-1]
    elif latest:
        latest["text"] = latest["text"] if unchanged else text
        _set_date(latest, date)
        updates[-1] = latest
    else:
        updates.append(_set_date({"text": text}, date))
    if updates:
        action["progress"] = updates
    else:
        action.pop("progress", None)


def _set_date(update: dict[str, Any], date: dt.date | None) -> dict[str, Any]:
    if date is not None:
        update["date"] = date
    else:
        update.pop("date", None)
    return update


def _new_action(row: PlanRow, used: set[str], say: Say) -> dict[str, Any] | None:
    """A row a partner added: an action with an id made from its words."""
    what = _words(row, "action")
    if not what:
        say("a row added to an actions table with no action in its first cell is not kept")
        return None
    action: dict[str, Any] = {"id": Word(_unique_id(what, used)), "action": what}
    _action_fields(action, row, say)
    return _in_order(action, ACTION_KEYS)


def _action_fields(action: dict[str, Any], row: PlanRow, say: Say) -> None:
    for key in ("lead", "measure"):
        if words := _words(row, key):
            action[key] = words
    _due(action, _words(row, "due"), say)
    _status(action, _words(row, "status"), say)
    if "progress" in row.cells:
        _progress(action, row.cells["progress"])


def _unique_id(words: str, used: set[str]) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", plain_text(words).lower())[:5]) or "action"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def indicators_edited(
    source: dict[str, Any], rows: list[PlanRow], printed: Callable[[str], list[str] | None], say: Say
) -> None:
    """Say each indicator row whose figures in Word differ from what the export printed (`printed(id)`, if known)."""
    recorded = {str(i.get("id")) for i in source.get("indicators", []) if isinstance(i, dict)}
    for row in rows:
        if row.id is None or row.id not in recorded:
            say("a row added to an indicators table is not kept: indicators are added in the chapter's YAML")
            continue
        words = [plain_text(p) for column, cell in row.cells.items() if column != "indicator" for p in cell]
        expected = printed(row.id)
        if expected is not None and _squeezed(words) != _squeezed(expected):
            say(f"indicator {row.id}: figures edited in Word are not kept; edit them in the chapter's YAML")
    missing = recorded - {row.id for row in rows}
    for indicator in sorted(missing):
        say(f"indicator {indicator}: its row was deleted in Word, which does not delete it; edit the chapter's YAML")


def _squeezed(words: list[str]) -> str:
    """The words without any space: a line break in Word, or name and source run together, change nothing."""
    return "".join("".join(words).split())


def _words(row: PlanRow, column: str) -> str | None:
    """The cell's words, its paragraphs joined; None when the table has no such column."""
    cell = row.cells.get(column)
    return None if cell is None else " ".join(p for p in cell if p.strip()).strip()


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(" ".join(text.split()), "%d %B %Y").date()
    except ValueError:
        return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
