"""What happened to an action plan's actions and indicators between two versions, by their ids.

One classification serves the change log (per actions or indicators block), the JSON diff,
the redline's marks and the report to the partnership (across the whole version, so an
action moved to another section is kept, not removed and added).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from csa.inline import plain_text
from csa.model import Action, ActionsBlock, Indicator, Indicators, Version
from csa.textdiff.words import TextDiff, text_diff

ActionStatus = Literal["added", "completed", "removed", "re-worded", "progress updated", "kept"]
IndicatorStatus = Literal["added", "removed", "updated", "renamed", "kept"]
# The order the change log and the report list them in.
ACTION_STATUSES: tuple[ActionStatus, ...] = ("completed", "added", "removed", "re-worded", "progress updated")
INDICATOR_STATUSES: tuple[IndicatorStatus, ...] = ("added", "removed", "updated", "renamed")
NAME_CHARS = 60  # an action or indicator is named by its first words, up to this many characters

T = TypeVar("T")


def by_id(old: Sequence[T], new: Sequence[T], id_of: Callable[[T], str]) -> list[tuple[T | None, T | None]]:
    """Parts matched by their stable id: in the new order, then those removed."""
    olds = {id_of(a): a for a in old}
    news = {id_of(b) for b in new}
    return [(olds.get(id_of(b)), b) for b in new] + [(a, None) for a in old if id_of(a) not in news]


@dataclass(frozen=True)
class ActionChange:
    """One action in two versions and what happened to it (one status; completion first)."""

    status: ActionStatus
    old: Action | None
    new: Action | None

    @property
    def action(self) -> Action:
        found = self.new or self.old
        assert found is not None
        return found

    @property
    def name(self) -> str:
        """Its words as a reader sees them (the new wording when re-worded)."""
        return plain_text(self.action.action)

    @property
    def short(self) -> str:
        return shortened(self.name)

    @property
    def wording(self) -> TextDiff:
        """The action's words, old to new (the redline marks a re-wording with it)."""
        return text_diff(self.old.action if self.old else "", self.new.action if self.new else "")


@dataclass(frozen=True)
class IndicatorChange:
    status: IndicatorStatus
    old: Indicator | None
    new: Indicator | None

    @property
    def indicator(self) -> Indicator:
        found = self.new or self.old
        assert found is not None
        return found

    @property
    def name(self) -> str:
        return plain_text(self.indicator.name)

    @property
    def short(self) -> str:
        return shortened(self.name)

    @property
    def figures(self) -> TextDiff:
        """Its figures in words, old to new: "42,072 (2017) to 47,967 (2018)"."""
        return text_diff(figure_words(self.old) if self.old else "", figure_words(self.new) if self.new else "")

    @property
    def updated_words(self) -> str:
        """ "updated from 47 to 49": what an updated indicator's figures were and are ("updated" otherwise)."""
        if self.status != "updated" or self.old is None or self.new is None:
            return self.status
        return f"updated {figure_change(self.old, self.new)}".rstrip()


def action_status(old: Action | None, new: Action | None) -> ActionStatus:
    if old is None:
        return "added"
    if new is None:
        return "removed"
    if new.complete and not old.complete:
        return "completed"
    if plain_text(old.action) != plain_text(new.action):
        return "re-worded"
    if old.progress != new.progress:
        return "progress updated"
    return "kept"


def action_changes(old: Sequence[Action], new: Sequence[Action]) -> tuple[ActionChange, ...]:
    """Every action of either version, paired by id, in the new order then those removed."""
    return tuple(ActionChange(action_status(a, b), a, b) for a, b in by_id(old, new, lambda x: x.id))


def figure_words(indicator: Indicator) -> str:
    """ "42,072 (2017 (Jan-Dec)) to 47,967 (2018 (Jan-Dec)), unvalidated data": what the figures say."""
    baseline, latest = indicator.baseline, indicator.latest
    words = f"{indicator.field('baseline')} ({baseline.period}) to {indicator.field('latest')} ({latest.period})"
    return words + (", unvalidated data" if indicator.provisional else "")


def figure_change(old: Indicator, new: Indicator) -> str:
    """ "from 47 to 49" when only the latest figure changed; each changed reading named when more did
    ("baseline from 120 to 118, latest from 47 (2018) to 49 (2019)"); "" when no figure changed."""
    changed = [
        (name, before, after)
        for name, before, after in (("baseline", old.baseline, new.baseline), ("latest", old.latest, new.latest))
        if (before.value, before.period) != (after.value, after.period)
    ]
    words = []
    for name, before, after in changed:
        was, now = old.field(name), new.field(name)
        if before.period != after.period:
            was, now = f"{was} ({before.period})", f"{now} ({after.period})"
        named = f"{name} " if len(changed) > 1 or name == "baseline" else ""
        words.append(f"{named}from {was} to {now}")
    if old.provisional != new.provisional:
        words.append("now unvalidated data" if new.provisional else "now validated data")
    return ", ".join(words)


def indicator_status(old: Indicator | None, new: Indicator | None) -> IndicatorStatus:
    if old is None:
        return "added"
    if new is None:
        return "removed"
    if figure_words(old) != figure_words(new):
        return "updated"
    return "renamed" if plain_text(old.name) != plain_text(new.name) else "kept"


def indicator_changes(old: Sequence[Indicator], new: Sequence[Indicator]) -> tuple[IndicatorChange, ...]:
    return tuple(IndicatorChange(indicator_status(a, b), a, b) for a, b in by_id(old, new, lambda x: x.id))


@dataclass(frozen=True)
class PlanChanges:
    """Every action and indicator of two plan versions, compared by id across the whole version."""

    actions: tuple[ActionChange, ...]
    indicators: tuple[IndicatorChange, ...]

    def actions_that(self, status: ActionStatus) -> tuple[ActionChange, ...]:
        return tuple(c for c in self.actions if c.status == status)

    def indicators_that(self, status: IndicatorStatus) -> tuple[IndicatorChange, ...]:
        return tuple(c for c in self.indicators if c.status == status)

    @property
    def kept(self) -> int:
        """Actions in both versions, changed or not, and not completed in this one."""
        return sum(1 for c in self.actions if c.old is not None and c.new is not None and c.status != "completed")

    @property
    def changed(self) -> bool:
        return any(c.status != "kept" for c in self.actions) or any(c.status != "kept" for c in self.indicators)


def plan_changes(old: Version, new: Version) -> PlanChanges:
    return PlanChanges(
        action_changes(all_actions(old), all_actions(new)),
        indicator_changes(all_indicators(old), all_indicators(new)),
    )


def all_actions(version: Version) -> list[Action]:
    return [a for c in version.chapters for b in c.blocks if isinstance(b, ActionsBlock) for a in b.actions]


def all_indicators(version: Version) -> list[Indicator]:
    return [i for c in version.chapters for b in c.blocks if isinstance(b, Indicators) for i in b.indicators]


def shortened(text: str, limit: int = NAME_CHARS) -> str:
    """The text, or its first words up to `limit` characters and an ellipsis."""
    text = text.rstrip(".")  # a quoted name ends at the quote, not at the sentence's full stop
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-")
    return cut + "…"
