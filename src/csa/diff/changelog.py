"""Rows of a version's version-control table."""

from __future__ import annotations

from ..model import Document, HistoryRow, Version


def version_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def version_control_rows(document: Document, version: Version) -> tuple[HistoryRow, ...]:
    """The rows printed in `version`: every recorded row up to and including it."""
    limit = version_key(version.number)
    rows = [r for r in document.history if version_key(r.version) <= limit]
    return tuple(sorted(rows, key=lambda r: version_key(r.version)))
