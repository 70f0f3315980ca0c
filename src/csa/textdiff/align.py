"""Alignment of two sequences of parts: which old part became which new part.

Parts are aligned in three passes: the longest run of identical parts in order
(unchanged), then identical parts out of order (moved), then the most similar
remaining parts (revised, so a reworded paragraph is not "removed + added").
What is left was added or removed; removed parts are placed where they stood,
so a redline can show them in context.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
Aligned = list[tuple[T | None, T | None, bool]]

REVISED_THRESHOLD = 0.5


def align(
    old: Sequence[T],
    new: Sequence[T],
    signature: Callable[[T], str],
    similar: Callable[[T, T], float],
    threshold: float = REVISED_THRESHOLD,
    same_in_place: Callable[[T, T], bool] | None = None,
) -> Aligned[T]:
    """(old, new, moved) triples in new order, removed parts where they stood.

    `same_in_place(a, b)`: whether an old and a new part left over at the same
    place are still one part, however much was rewritten (a list whose items all
    changed is still that list, revised: its items are then compared one by one,
    which tells a reviewer far more than "list removed, list added").
    """
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
    if same_in_place is not None:
        _pair_in_place(old, new, same_in_place, (free_old, free_new), in_order, match_of_new)
    return _in_new_order(old, new, match_of_new, moved)


def _pair_in_place(
    old: Sequence[T],
    new: Sequence[T],
    same: Callable[[T, T], bool],
    free: tuple[list[int], list[int]],
    anchors: dict[int, int],
    match_of_new: dict[int, int],
) -> None:
    free_old, free_new = free
    for j in list(free_new):
        i = next((i for i in free_old if same(old[i], new[j]) and not _out_of_order(i, j, anchors)), None)
        if i is not None:
            match_of_new[j] = i
            free_old.remove(i)
            free_new.remove(j)


def _out_of_order(i: int, j: int, anchors: dict[int, int]) -> bool:
    """True when old part i and new part j sit on different sides of an unchanged part."""
    return any((nj < j) != (oi < i) for nj, oi in anchors.items())


def _in_new_order(old: Sequence[T], new: Sequence[T], match_of_new: dict[int, int], moved: set[int]) -> Aligned[T]:
    matched_old = set(match_of_new.values())
    result: Aligned[T] = []
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
