"""Start the next version: copy the latest version's files and reset its metadata."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from csa.content.version_numbers import check_number, effective_date
from csa.errors import CsaError, Mark, Problem
from csa.model import Document
from csa.project import version_dir


def new_version(
    document: Document,
    document_folder: Path,
    number: str,
    printed_date: str,
    effective: dt.date | None = None,
    as_at: dt.date | None = None,
) -> Path:
    """Copy the latest version to versions/<number>/ as a draft; returns the new folder.

    An action plan's new year reports progress as at `as_at`; without it the previous year's is kept
    (the command line says so, as a kept date otherwise passes unnoticed).
    """
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
        fresh.update({"delivers": meta["delivers"], "as_at": as_at or meta["as_at"], "stage": "draft"})
    elif as_at is not None:
        raise CsaError([Problem(where, f"{document.id} is not an action plan: it has no as_at date to set")])
    (target / "version.yaml").write_text(yaml.safe_dump(fresh, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target
