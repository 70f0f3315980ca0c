"""Where each part of a redline is written: the newer order, and the older place of a moved part.

The differ lists parts in the newer version's order, removed ones near where they
stood. In Word, rejecting every change must give the older text back in its order,
so a removed part is written right after the part that came before it in the older
version (at that part's older place, if it moved too). A Word move has two ends: the
part is written where it now stands (moved to) and again where it stood (moved from).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from csa.textdiff.pair import Pair

Place = Literal["here", "moved-from", "moved-to"]


@dataclass(frozen=True)
class Slot:
    """One part written at one place: where it stands, or one end of a move."""

    pair: Pair[Any]
    place: Place


def slots(pairs: Sequence[Pair[Any]], old_parts: Sequence[Any]) -> list[Slot]:
    """The parts in writing order: each where it stands, each removed or moved one where it stood.

    `old_parts` are the parts of the older version in their order (the `old` of the
    pairs). Every part of the older version is then written in its order, so
    rejecting every change gives it back; the newer version's parts are in theirs.
    A part in both versions is moved when the differ says so, or when keeping it in
    place would put the older version's parts out of order.
    """
    order = {id(part): index for index, part in enumerate(old_parts)}

    def old_index(pair: Pair[Any]) -> int:
        return order.get(id(pair.old), -1)

    kept = [p for p in pairs if p.old is not None and p.new is not None and old_index(p) >= 0]
    in_order = {id(kept[i]) for i in _increasing(kept, old_index)}
    moved = {id(p) for p in kept if p.moved or id(p) not in in_order}
    written = [Slot(p, "moved-to" if id(p) in moved else "here") for p in pairs if p.new is not None]
    older = sorted((p for p in pairs if p.old is not None and old_index(p) >= 0), key=old_index)
    where_it_stood: dict[int, Slot] = {}  # id(pair) -> the slot that holds its older place
    for position, pair in enumerate(older):
        if pair.new is not None and id(pair) not in moved:
            where_it_stood[id(pair)] = next(s for s in written if s.pair is pair)
            continue
        slot = Slot(pair, "here" if pair.new is None else "moved-from")
        before = older[position - 1] if position else None
        anchor = where_it_stood.get(id(before)) if before is not None else None
        at = next(i for i, s in enumerate(written) if s is anchor) + 1 if anchor is not None else 0
        written.insert(at, slot)
        where_it_stood[id(pair)] = slot
    return written


def _increasing(pairs: Sequence[Pair[Any]], key: Callable[[Pair[Any]], int]) -> list[int]:
    """Positions of a longest run of pairs (not necessarily adjacent) whose keys increase."""
    tails: list[int] = []  # tails[k]: position of the smallest last key of an increasing run of length k + 1
    previous: list[int] = [-1] * len(pairs)
    for i, pair in enumerate(pairs):
        k = bisect.bisect_left([key(pairs[t]) for t in tails], key(pair))
        previous[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
        else:
            tails[k] = i
    run, i = [], tails[-1] if tails else -1
    while i >= 0:
        run.append(i)
        i = previous[i]
    return run[::-1]
