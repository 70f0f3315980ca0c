"""The content format: which csa can read a project's content, and what to change when it is older.

`document.yaml` says the format its document is written in (`format: 1`); without the key it is
format 1, the content csa 0.2.0 reads. A change to what content must say (a key renamed, a block
kind changed) adds a FormatChange with the next format number, saying what to do, so content written
for an older csa is told what to change instead of failing on its first unknown key, and content
written for a newer csa says "raise the csa you pin" instead of listing problems this csa cannot
judge.
"""

from __future__ import annotations

from dataclasses import dataclass

from csa import __version__
from csa.content.load import LoadedFile
from csa.errors import CsaError, Mark, Problem
from csa.nodes import Map, Scalar

FIRST_FORMAT = 1  # content without `format:` is written in this one


@dataclass(frozen=True)
class FormatChange:
    """What format `format` changed in content written for the format before it."""

    format: int
    changed: str  # what content written for the older format says differently
    to_do: str  # what the author changes, in words an author follows
    compatible: bool = False  # True when older content still builds as it is (nothing to do)


# Oldest first. Format 1 is the first recorded: content written before formats were (csa 0.1.0
# and 0.2.0) is format 1, so there is nothing to change yet.
FORMAT_CHANGES: tuple[FormatChange, ...] = ()


def current_format() -> int:
    """The format this csa reads and `csa init` writes: the last change's, else the first format."""
    return max((c.format for c in FORMAT_CHANGES), default=FIRST_FORMAT)


def format_problems(meta: LoadedFile | None) -> list[Problem]:
    """What an older content format needs changed, one problem per change, at the `format:` value.

    A format newer than this csa reads raises CsaError with that one problem: whatever else the
    content says may be right for the newer csa, so listing it would only mislead.
    """
    node = meta.root.entries.get("format") if meta is not None and isinstance(meta.root, Map) else None
    if not isinstance(node, Scalar) or type(node.value) is not int or node.value < FIRST_FORMAT:
        return []  # missing: the first format; not a format number: the schema says so
    written, current = node.value, current_format()
    if written > current:
        raise CsaError([_too_new(written, current, node.mark)])
    return [_older(change, written, current, node.mark) for change in FORMAT_CHANGES if change.format > written]


def _too_new(written: int, current: int, where: Mark) -> Problem:
    return Problem(
        where,
        f"content format {written} is newer than csa {__version__} reads (format {current})",
        f"raise the csa this project pins (requirements.txt or pyproject.toml) to a release that reads"
        f" format {written}, as csa's CHANGELOG.md names it; or install a newer csa",
        code="format-too-new",
    )


def _older(change: FormatChange, written: int, current: int, where: Mark) -> Problem:
    """One change since the content's format: an error saying what to change, a warning when it still builds."""
    message = f"content format {written} is older than csa {__version__} reads (format {current}): in format {change.format}, {change.changed}"
    if change.compatible:
        hint = f"it still builds; to bring it up to date: {change.to_do}, then set format: {current}"
        return Problem(where, message, hint, severity="warning", code="format-older")
    return Problem(where, message, f"{change.to_do}, then set format: {current}", code="format-older")
