"""Start a document: the fewest files that validate and build, for the author to fill in."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import yaml

from csa.atomic import write_new_folder
from csa.content.format import current_format
from csa.content.schema import load_schema
from csa.content.version_numbers import check_number, effective_date
from csa.errors import display_path
from csa.project import Project, version_dir

# The folder name is the document id, and the id names every output (dover-csp/1.0/dover-csp-1.0.pdf).
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

FIRST_CHAPTER = "01-introduction.yaml"

GUIDANCE = (
    "Replace this paragraph with the introduction: what the document is for, whom it serves and"
    " the period it covers. Add further chapters as files beside this one, named 02-slug.yaml,"
    " 03-slug.yaml and so on, in the order they are printed."
)


FIRST_NUMBER = "1.0"  # a first version's number when neither --version nor (from Word) its cover gives one


@dataclass(frozen=True)
class Given:
    """What the command line gave (None: read it from the Word document)."""

    title: str | None = None
    partnership: str | None = None
    printed: str | None = None
    effective: dt.date | None = None


def start_document(
    project: Project,
    doc_id: str,
    title: str,
    partnership: str,
    number: str,
    printed: str,
    effective: dt.date | None = None,
    *,
    report_on: str | None = None,
    report: bool = False,
) -> Path:
    """Write content/<doc_id>/ of `project`: document.yaml and a draft first version of one chapter; returns the folder.

    With `report`, a committee report to the partnership (on the action plan `report_on`, when given):
    numbered sections, and its header in version.yaml for the author to fill in.
    Every refusal is a usage mistake (click.BadParameter), raised before anything is written.
    """
    folder = project.document_dir(doc_id)
    check_new_id(doc_id, folder, project.root)
    if report_on is not None:
        _check_plan(project, report_on)
    files = document_files(doc_id, title, partnership, number, printed, effective, report_on=report_on, report=report)
    write_new_folder(folder, files)
    return folder


def check_new_id(doc_id: str, folder: Path, root: Path) -> None:
    """A usage mistake (click.BadParameter) unless `doc_id` is an id and its folder is not there yet."""
    check_id(doc_id)
    if folder.exists():
        raise click.BadParameter(
            f"{display_path(folder, root)} already exists (choose another id;"
            f" to start a new version of it: csa new-version --document {doc_id})",
            param_hint="ID",
        )


def document_files(
    doc_id: str,
    title: str,
    partnership: str,
    number: str,
    printed: str,
    effective: dt.date | None = None,
    *,
    report_on: str | None = None,
    report: bool = False,
) -> dict[str, bytes]:
    """The files of a new document's folder (relative path: bytes), or a usage mistake (click.BadParameter).

    With `report`, a committee report (on the action plan `report_on`, which the caller has checked).
    """
    check_id(doc_id)
    for value, param in ((title, "--title"), (partnership, "--partnership")):
        if not value.strip():
            raise click.BadParameter("must not be empty", param_hint=param)
    check_number(number, "--version")
    version = {"version": number, "date": printed, "effective": effective_date(printed, effective), "status": "draft"}
    fields = document_fields(title, partnership)
    chapter = {"kind": "chapter", "title": "Introduction", "blocks": [{"paragraph": GUIDANCE}]}
    if report:
        fields = {**fields, **report_fields(report_on)}
        version["header"] = {"subject": title, "to": {"body": partnership}, "classification": "For Information"}
        chapter = {"kind": "chapter", "title": "Background", "blocks": [{"numbered": REPORT_GUIDANCE}]}
    first = version_dir(Path(), number)
    return {
        "document.yaml": _yaml(fields),
        (first / "version.yaml").as_posix(): _yaml(version),
        (first / FIRST_CHAPTER).as_posix(): _yaml(chapter),
    }


REPORT_GUIDANCE = (
    "Replace this paragraph with the report's background. Each chapter file is a numbered section"
    " (1.0, 2.0) and each numbered: paragraph is numbered within it (1.1, 1.2). Fill in the header"
    " (by, to, summary, recommendations, attachments, contacts) in version.yaml."
)


def report_fields(plan: str | None) -> dict[str, Any]:
    """What makes a document a committee report: its type, the plan it reports on, and its numbering and layout."""
    return {
        "type": "report",
        **({"plan": plan} if plan is not None else {}),
        "settings": {
            "version_control": "none",
            "chapter_page_breaks": False,
            "numbering": {"sections": True},
        },
    }


def _check_plan(project: Project, plan: str) -> None:
    if not (project.document_dir(plan) / "document.yaml").is_file():
        raise click.BadParameter(
            f"no document {plan!r} under {display_path(project.content, project.root)}"
            " (give the folder name of the action plan the report is on)",
            param_hint="--plan",
        )


def document_fields(title: str, partnership: str) -> dict[str, Any]:
    """The content format, title and partnership, and a stand-in for any other field the document schema still requires."""
    required = load_schema("document")["required"]
    stand_ins = _stand_ins(partnership)
    written = {"format": current_format(), "title": title, "partnership": partnership}
    return {**written, **{k: v for k, v in stand_ins.items() if k in required}}


def _stand_ins(partnership: str) -> dict[str, Any]:
    # Until author, contact, licence and history are optional in the schema (issue 16's
    # cover work), init writes the fewest valid values, for the author to replace.
    return {
        "author": partnership,
        "licence": f"Published by the {partnership}.",
        "contact": {
            "intro": f"Contact the {partnership}:",
            "address": [],
            "email": "someone@example.org",
            "phone": "",
            "other_formats": "This document is available in other formats on request.",
        },
        "history": [],
    }


def suggested_id(name: str) -> str:
    """A document id made from a name: "Dover CSP" -> "dover-csp"."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "my-document"


def check_id(doc_id: str, param_hint: str = "ID") -> None:
    if not ID.fullmatch(doc_id):
        raise click.BadParameter(
            f"{doc_id!r} is not a document id (use lower-case letters, digits and hyphens, e.g. dover-csp:"
            " it names the folder and every output file)",
            param_hint=param_hint,
        )


def _yaml(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100).encode("utf-8")
