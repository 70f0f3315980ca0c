"""Version-control rows for the command line: choose them, then format as text, Markdown or JSON."""

from __future__ import annotations

import json

import click

from csa.diff.changelog import Row, generated_row, row_for, table_rows
from csa.diff.compare import compare_versions
from csa.errors import unknown_value
from csa.model import Document, Version


def changelog_rows(document: Document, number: str | None, against: str | None, whole: bool) -> tuple[Row, ...]:
    """The rows `csa changelog` prints; an unknown version is a usage mistake."""
    version = require_version(document, number, "VERSION") if number else document.latest
    if against:
        old = require_version(document, against, "--against")
        return (generated_row(document, compare_versions(old, version)),)
    if whole:
        return table_rows(document, version)
    row = row_for(document, version)
    if row is None:
        reason = "no predecessor in the repository and none recorded in document.yaml (compare it with --against A)"
        if number:
            raise click.BadParameter(f"version {version.number} has no row: {reason}", param_hint="VERSION")
        # Not "Invalid value for VERSION": the user gave none; the latest was chosen for them.
        raise click.UsageError(f"the latest version, {version.number}, has no row: {reason}")
    return (row,)


def require_version(document: Document, number: str, param: str) -> Version:
    """The version with that number, given on the command line as `param`; an unknown one is a usage mistake."""
    version = document.version(number)
    if version is None:
        raise unknown_value("version", number, [v.number for v in document.versions], param)
    return version


def format_rows(rows: tuple[Row, ...], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(
            {
                "rows": [
                    {"version": r.version, "date": r.date, "changes": list(r.changes), "generated": r.generated}
                    for r in rows
                ]
            },
            indent=2,
            ensure_ascii=False,
        )
    if fmt == "markdown":
        lines = ["| Version | Date | Changes |", "| --- | --- | --- |"]
        for row in rows:
            changes = "<br>".join(_escape_cell(c) for c in row.changes)
            lines.append(f"| {row.version} | {row.date} | {changes} |")
        return "\n".join(lines)
    blocks = []
    for row in rows:
        source = "generated" if row.generated else "recorded"
        blocks.append("\n".join([f"{row.version}  {row.date}  ({source})", *(f"  - {c}" for c in row.changes)]))
    return "\n\n".join(blocks)


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")
