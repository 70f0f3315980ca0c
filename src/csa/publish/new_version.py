"""Start the next version: copy the latest version's files and reset its metadata."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import click
import yaml

from csa.errors import CsaError, Mark, Problem
from csa.model import Document
from csa.project import version_dir

_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}


def effective_from(printed: str) -> dt.date | None:
    """'April 2021' -> 2021-04-01; None when the printed date is not 'Month YYYY'."""
    match = re.fullmatch(r"\s*([A-Za-z]+)\s+(\d{4})\s*", printed)
    if not match or match.group(1).lower() not in _MONTHS:
        return None
    return dt.date(int(match.group(2)), _MONTHS[match.group(1).lower()], 1)


def check_number(number: str, param: str) -> None:
    """A version number given on the command line as `param` must be of the form 5.0, or a plan year
    such as 2019-20 (a usage mistake if not)."""
    if not re.fullmatch(r"\d+[.-]\d+", number):
        raise click.BadParameter(
            f"{number!r} is not a version number (expected a form like 5.0, or a plan year like 2019-20)",
            param_hint=param,
        )


def effective_date(printed: str, effective: dt.date | None) -> dt.date:
    """The date a new version takes effect: `effective` if given, else the first day of the printed 'Month YYYY'."""
    when = effective or effective_from(printed)
    if when is None:
        raise click.BadParameter(
            f"cannot tell the effective date from {printed!r}"
            " (expected a form like 'April 2021', or give --effective YYYY-MM-DD)",
            param_hint="--date",
        )
    return when


def new_version(
    document: Document,
    document_folder: Path,
    number: str,
    printed_date: str,
    effective: dt.date | None = None,
) -> Path:
    """Copy the latest version to versions/<number>/ as a draft; returns the new folder."""
    latest = document.latest
    target = version_dir(document_folder, number)
    where = Mark(str(target))
    check_number(number, "VERSION")
    if target.exists() or document.version(number):
        raise CsaError([Problem(where, f"version {number} already exists")])
    effective = effective_date(printed_date, effective)
    source = version_dir(document_folder, latest.folder)
    shutil.copytree(source, target)
    meta = yaml.safe_load((source / "version.yaml").read_text(encoding="utf-8"))
    fresh = {
        "version": number,
        "date": printed_date,
        "effective": effective,
        "status": "draft",
        "supersedes": latest.number,
    }
    if "contact" in meta:
        fresh["contact"] = meta["contact"]
    if "delivers" in meta:  # an action plan's: it delivers the same agreement until edited; a new report comes later
        fresh.update({"delivers": meta["delivers"], "as_at": meta["as_at"], "stage": "draft"})
    (target / "version.yaml").write_text(yaml.safe_dump(fresh, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target
