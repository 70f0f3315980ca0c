"""What the kinds share to be compared (csa/blocks/<kind>.py holds each one's texts and pairing):
whole-block and one-sided pairs, padding, and the change log's counted and named changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from csa.blocks.plan_changes import by_id
from csa.inline import plain_text
from csa.model import Words
from csa.textdiff.align import align
from csa.textdiff.pair import Pair, PartKind
from csa.textdiff.words import TextDiff, similarity, text_diff

T = TypeVar("T")
MAX_NAMED = 3  # the change log names at most this many parts in an entry, else counts them
MAX_NAME_CHARS = 40  # and only names this short

# -- texts: every text a block holds, in reading order (Markdown source) -------------


def caption_texts(caption: str | None) -> list[str]:
    return [caption] if caption else []


# -- pairs: one block in two versions ------------------------------------------------


class Captioned(Protocol):
    @property
    def caption(self) -> str | None: ...


def caption_reference(block: Captioned, words: Words) -> str | None:
    """A captioned block is cross-referenced by its caption's words."""
    return plain_text(block.caption) if block.caption else None


def whole(kind: PartKind, texts: Callable[[Any], list[str]]) -> Callable[[Any, Any, bool, str], Pair[Any]]:
    """Compare a block text by text (a paragraph, a signature, a drawing's words)."""

    def pair(old: Any, new: Any, moved: bool, key: str) -> Pair[Any]:
        before, after = texts(old), texts(new)
        fields = tuple(text_diff(a, b) for a, b in zip(before, after, strict=False))
        if len(before) != len(after):
            fields += (text_diff(" ".join(before), " ".join(after)),)
        return Pair(kind, key, old, new, fields, moved=moved)

    return pair


def fields_by_id(
    old: Sequence[T], new: Sequence[T], id_of: Callable[[T], str], texts: Callable[[T], list[str]]
) -> tuple[TextDiff, ...]:
    return tuple(
        text_diff(a, b)
        for before, after in by_id(old, new, id_of)
        for a, b in padded(texts(before) if before else [], texts(after) if after else [])
    )


def one_sided(kind: PartKind, key: str, old: Any, new: Any, moved: bool, texts: list[str]) -> Pair[Any]:
    """An added or removed part; its texts count towards the words inserted or deleted.

    A removed part's key starts "was:": a new part may since have taken its id.
    """
    if new is None:
        return Pair(kind, f"was:{key}", old, new, moved=moved, texts=(tuple(texts), ()))
    return Pair(kind, key, old, new, moved=moved, texts=((), tuple(texts)))


def padded(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, str]]:
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else "", b[i] if i < len(b) else "") for i in range(n)]


# -- change-log words for a revised drawing --------------------------------------------


Described = tuple[str, list[str]]  # what the block is ("": the details name it), and what changed in it


def named_changes(
    noun: str,
    old: Sequence[T],
    new: Sequence[T],
    name: Callable[[T], str],
    differs: Callable[[T, T], bool] | None = None,
    difference: tuple[str, str] = ("changed", "changed"),
    key: Callable[[T], str] | None = None,
) -> list[str]:
    """What happened to the named things: renamed, added, removed, `difference`, reordered.

    Things are paired by `key` (default: their name), then the most similar names.
    A few short names are given ("theme 'Cyber crime' added"); more, or long
    ones, are counted ("5 bars added"), as the version-control table does.
    """
    renamed: list[tuple[str, str]] = []
    added: list[str] = []
    removed: list[str] = []
    different: list[str] = []
    reordered = False
    for a, b, moved in align(old, new, key or name, lambda a, b: similarity(name(a), name(b))):
        reordered = reordered or moved
        if a is None and b is not None:
            added.append(name(b))
        elif b is None and a is not None:
            removed.append(name(a))
        elif a is not None and b is not None and name(a) != name(b):
            renamed.append((name(a), name(b)))
        elif a is not None and b is not None and differs is not None and differs(a, b):
            different.append(name(b))
    details = []
    if renamed:
        named = all(short_name(x) and short_name(y) for x, y in renamed) and len(renamed) <= MAX_NAMED
        details += [f"'{x}' renamed '{y}'" for x, y in renamed] if named else [f"{counted(noun, len(renamed))} renamed"]
    if different:
        named = len(different) <= MAX_NAMED and all(short_name(n) for n in different)
        quoted = ", ".join(f"'{n}'" for n in different)
        details.append(f"{quoted} {difference[0]}" if named else f"{len(different)} {difference[1]}")
    for names, what in ((added, "added"), (removed, "removed")):
        if names:
            details.append(_listed(noun, names, what))
    if reordered:
        details.append(f"{noun_plural(noun)} reordered")
    return details


def _listed(noun: str, names: list[str], what: str) -> str:
    """ "theme 'Cyber crime' added", "2 bars added"."""
    if len(names) <= MAX_NAMED and all(short_name(n) for n in names):
        quoted = ", ".join(f"'{n}'" for n in names)
        return f"{_noun(noun, len(names))} {quoted} {what}"
    return f"{counted(noun, len(names))} {what}"


def counted(noun: str, n: int) -> str:
    """ "1 table row", "3 table rows", "2 priorities": how the version-control table counts parts."""
    return f"{n} {_noun(noun, n)}"


def _noun(noun: str, n: int) -> str:
    return noun if n == 1 else noun_plural(noun)


def noun_plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def short_name(text: str) -> str | None:
    """The text, if short enough to name a part in the version-control table."""
    return text if len(text) <= MAX_NAME_CHARS else None


def listed_changes(noun: str, names: list[str], what: str) -> str:
    """ "action 'Run a campaign' added", "actions 'A' and 'B' removed", "5 actions added"; "" for none."""
    if not names:
        return ""
    if len(names) > MAX_NAMED:
        return f"{counted(noun, len(names))} {what}"
    quoted = [f"'{n}'" for n in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    return f"{_noun(noun, len(names))} {listed} {what}"
