"""An action plan's actions (id, action, lead, due, status, measure, progress), printed as a table."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from csa.blocks.differ import Described, fields_by_id, listed_changes
from csa.blocks.kind import BlockKind, NamedPart
from csa.blocks.plan_changes import ACTION_STATUSES, action_changes
from csa.blocks.read import BlockReader, items, value
from csa.inline import plain_text
from csa.model import Action, ActionsBlock, Progress
from csa.nodes import Map, Node, Scalar, to_plain
from csa.textdiff.pair import Pair


def read_actions(reader: BlockReader, key: str, block_id: str, node: Map) -> ActionsBlock:
    """An action plan's actions; ids are checked for repeats across the version by validation."""
    return ActionsBlock(block_id, tuple(_action(reader, a) for a in items(value(node, key))), mark=node.mark)


def _action(reader: BlockReader, node: Node) -> Action:
    assert isinstance(node, Map)
    entries = node.entries
    due = entries.get("due")
    status = entries.get("status")
    return Action(
        id=str(to_plain(entries["id"])),
        action=reader.text(entries["action"]),
        lead=reader.optional_text(entries.get("lead")),
        due=_due(due),
        status=to_plain(status) if status is not None else None,
        measure=reader.optional_text(entries.get("measure")),
        progress=tuple(_progress(reader, p) for p in items(entries["progress"])) if "progress" in entries else (),
        mark=entries["id"].mark,
        due_mark=due.mark if due is not None else node.mark,
    )


def _due(node: Node | None) -> dt.date | Literal["ongoing"] | None:
    if node is None:
        return None
    assert isinstance(node, Scalar)
    return node.value if isinstance(node.value, dt.date) else "ongoing"


def _progress(reader: BlockReader, node: Node) -> Progress:
    assert isinstance(node, Map)
    date = node.entries.get("date")
    when = date.value if isinstance(date, Scalar) and isinstance(date.value, dt.date) else None
    return Progress(reader.text(node.entries["text"]), when, mark=date.mark if date is not None else node.mark)


def actions_texts(block: ActionsBlock) -> list[str]:
    return [t for action in block.actions for t in action_texts(action)]


def action_texts(action: Action) -> list[str]:
    """The action, its lead, due date, status and measure as printed, then every update (latest last)."""
    fields = (action.action, action.lead, _due_words(action), action.status, action.measure)
    return [t for t in fields if t] + [p.text for p in action.progress]


def action_fields(action: Action) -> list[str]:
    """The action's texts in fixed places (a field it lacks is ""), then every update.

    Compared place by place, so a status given ("complete") is a change to the status
    alone, not to every text after it as when absent fields are left out.
    """
    fields = (action.action, action.lead, _due_words(action), action.status, action.measure)
    return [t or "" for t in fields] + [p.text for p in action.progress]


def _due_words(action: Action) -> str | None:
    return action.due if isinstance(action.due, str) or action.due is None else f"due {action.due.isoformat()}"


def actions_pair(old: ActionsBlock, new: ActionsBlock, moved: bool, key: str) -> Pair[ActionsBlock]:
    """Each action's texts against the same action's (by id); an added or removed action against nothing."""
    fields = fields_by_id(old.actions, new.actions, lambda a: a.id, action_fields)
    return Pair("actions", key, old, new, fields, moved=moved)


def describe_actions(pair: Pair[ActionsBlock]) -> Described:
    """("", ["action 'Refresh the website' completed", "action 'Run a campaign' added",
    "progress on action 'Support the strategy' updated"]) (more than MAX_NAMED: "progress on 5 actions updated").

    The details stand alone in the change-log entry (no subject): each names what happened to the actions.
    """
    assert pair.old is not None and pair.new is not None
    changes = action_changes(pair.old.actions, pair.new.actions)
    details = [listed_changes("action", [c.short for c in changes if c.status == s], s) for s in ACTION_STATUSES[:-1]]
    updated = [c.short for c in changes if c.status == "progress updated"]
    if updated:  # named as the other changes are, so a partner's update is found by its action
        details.append("progress on " + listed_changes("action", updated, "updated"))
    return "", [d for d in details if d]


def action_parts(block: ActionsBlock) -> tuple[NamedPart, ...]:
    """Each action, named by its words as in the table."""
    return tuple(NamedPart(a.id, plain_text(a.action), "action", a.mark) for a in block.actions)


KIND: BlockKind[ActionsBlock] = BlockKind(
    "actions",
    ActionsBlock,
    {"actions": "An action plan's actions (id, action, lead, due, status, measure, progress), printed as a table"},
    "actions",
    read_actions,
    actions_texts,
    "actions table",
    actions_pair,
    same_in_place=True,
    describe=describe_actions,
    named_parts=action_parts,
)
