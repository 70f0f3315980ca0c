"""`csa inbox`: each Word document uploaded into inbox/ becomes the next draft version of its document.

An officer who never opens a terminal uploads an edited export into inbox/ of a pull request
(GitHub's "Add file, Upload files"); CI runs `csa inbox`. Each upload goes through `csa import`'s
own machinery (word/importing/importer.py): the checks that refuse a damaged, password-protected,
macro-enabled, oversized or non-Word file, the hidden ids that say which document and version it
was exported from, tracked changes resolved as the document's `settings.tracked_changes` (or the
command line) says, reviewers' comments kept in review.md. A good upload is removed once its
version is written; a bad one stays, with nothing written for it, for the officer to replace.
The Markdown summary is `csa summary`'s for the new draft (its version-control row and changes
per chapter), with what the import warned about.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from jinja2 import Environment

from csa.build.formats import draft_summary
from csa.build.pipeline import load_documents
from csa.build.plan import previous_in_repository, redline_name
from csa.errors import CsaError, Problem, display_path
from csa.model import Document
from csa.project import Project
from csa.word.common.ids import DocxIds, read_ids
from csa.word.importing.importer import Changes, Imported, import_version, open_for_import
from csa.word.importing.intake import open_checked, refuse

INBOX = "inbox"
KEPT = {"readme.md"}  # the folder's own explanation, which is no upload
REDLINE_FORMATS = ("html", "pdf", "docx")
_RESOLVED = {"accept": "accepted", "reject": "rejected"}


@dataclass(frozen=True)
class Taken:
    """One upload imported: where it went and what the import had to say about it."""

    upload: str  # its file name
    document: Document  # as loaded after the import, with the new version
    number: str
    imported: Imported
    resolved: int  # tracked changes accepted or rejected
    changes: Changes
    problems: tuple[Problem, ...]  # what csa validate now reports in the new version


@dataclass(frozen=True)
class Refused:
    upload: str
    problems: tuple[Problem, ...]


def uploads(project: Project) -> list[Path]:
    """The files in inbox/, in name order (hidden files and the folder's README are not uploads)."""
    folder = project.root / INBOX
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".") and p.name.lower() not in KEPT
    )


def next_draft_number(document: Document) -> str:
    """The number after the document's latest: a plan year's next year (2018-19: 2019-20); after a published
    5.0 the next edition 6.0, after a draft 5.0 its revision 5.1."""
    latest = document.latest
    plan_year = re.fullmatch(r"(\d{4})-(\d{2})", latest.number)
    if plan_year:
        start = int(plan_year.group(1)) + 1
        return f"{start}-{(start + 1) % 100:02d}"
    major, _, minor = latest.number.partition(".")
    if latest.status == "draft" and minor.isdigit():
        return f"{major}.{int(minor) + 1}"
    return f"{int(major) + 1}.0" if major.isdigit() else f"{latest.number}.1"


def take_upload(project: Project, path: Path, changes: Changes | None, today: dt.date) -> Taken:
    """Import one upload as the next draft of the document it was exported from, then remove it.

    `changes` (accept, reject or refuse tracked changes) overrides the document's setting. Raises
    CsaError, with nothing written and the upload left where it is, when the import refuses it.
    """
    ids = _ids_of(path)
    document = _document_of(load_documents(project), ids, path)
    decided = changes or document.settings.tracked_changes
    opened = open_for_import(path, decided)
    number = next_draft_number(document)
    imported = import_version(
        opened, document, project.document_dir(document.id), number, _printed(opened.docx, document, today), None
    )
    path.unlink()
    problems: tuple[Problem, ...] = ()
    try:
        documents = load_documents(project)
    except CsaError as exc:  # written all the same, as by csa import: the officer fixes it in the pull request
        folder = f"{document.id}/versions/{number}/"
        problems = tuple(p for p in exc.problems if folder in p.where.file) or exc.problems
        documents = [document]
    reloaded = next((d for d in documents if d.id == document.id), document)
    return Taken(path.name, reloaded, number, imported, opened.resolved, decided, problems)


def _ids_of(path: Path) -> DocxIds | None:
    """Which document and version the upload was exported from (None when it carries no record of it)."""
    try:
        return read_ids(open_checked(path))  # the import's own checks: a bad upload is refused here
    except ValueError:
        return None  # a damaged record: open_for_import says so in the import's words


def _document_of(documents: list[Document], ids: DocxIds | None, path: Path) -> Document:
    by_id = {d.id: d for d in documents}
    if ids is not None and ids.document in by_id:
        return by_id[ids.document]
    if len(documents) == 1:
        return documents[0]
    named = f"says it is from {ids.document!r}, which is not under content/" if ids else "was not exported by csa"
    raise refuse(
        path,
        f"{named}, so which document it is a draft of is unknown",
        "upload a copy exported by csa build --format docx, or run csa import FILE --document ID --version V",
    )


def _printed(docx: DocxDocument, document: Document, today: dt.date) -> str:
    """The new version's date: the month Word last saved the file, unless that is no later than the version it
    came from (an export records that version's date, which Word updates only when saving), then this month."""
    modified = docx.core_properties.modified
    saved = modified.date() if modified else None
    latest = max((v.effective for v in document.versions), default=None)
    when = saved if saved is not None and (latest is None or saved > latest) else today
    return when.strftime("%B %Y")


def take_all(project: Project, changes: Changes | None, today: dt.date) -> list[Taken | Refused]:
    """Every upload, each on its own: one refused does not stop the others."""
    results: list[Taken | Refused] = []
    for path in uploads(project):
        try:
            results.append(take_upload(project, path, changes, today))
        except CsaError as exc:
            results.append(Refused(path.name, exc.problems))
    return results


def summary_markdown(env: Environment, project: Project, results: list[Taken | Refused]) -> str:
    """The pull-request comment: per upload, the new draft, the import's warnings and csa summary's changes."""
    if not results:
        return f"No Word documents in {INBOX}/: nothing imported.\n"
    parts = [_taken_markdown(env, project, r) if isinstance(r, Taken) else _refused_markdown(r) for r in results]
    return "\n".join(parts)


def _taken_markdown(env: Environment, project: Project, taken: Taken) -> str:
    document, imported = taken.document, taken.imported
    folder = display_path(imported.folder, project.root)
    lines = [
        f"## {_md(taken.upload)}: imported as {_md(document.id)} {taken.number}",
        "",
        f"Draft {taken.number} of {_md(document.title)} (supersedes {imported.supersedes}), written to `{folder}/`:"
        f" {imported.chapters} chapter(s), {imported.blocks} block(s). The upload was removed from {INBOX}/.",
        "",
    ]
    if taken.resolved:
        lines += [f"{taken.resolved} tracked change(s) {_RESOLVED.get(taken.changes, taken.changes)}.", ""]
    warnings = [f"Reviewer's comment, {c}" for c in imported.comments]
    warnings += [f"Not imported as it was: {item}" for item in imported.unmapped]
    warnings += [f"To fix: {p}" for p in taken.problems]
    if warnings:
        lines += ["**The import's warnings**", ""] + [f"- {_md(w)}" for w in warnings] + [""]
        if imported.comments or imported.unmapped:
            lines += [f"They are kept in `{folder}/review.md`.", ""]
    version = document.version(taken.number)
    if version is not None and not taken.problems:
        lines.append(draft_summary(env, document, version).rstrip("\n"))
        previous = previous_in_repository(document, version)
        if previous is not None:
            names = [redline_name(document, previous, version, fmt) for fmt in REDLINE_FORMATS]
            lines += ["", "Redlines (in the build's output): " + ", ".join(f"`{n}`" for n in names)]
    return "\n".join(lines) + "\n"


def _refused_markdown(refused: Refused) -> str:
    lines = [f"## {_md(refused.upload)}: not imported", ""]
    lines += [f"- {_md(p.message)}" + (f" ({_md(p.hint)})" if p.hint else "") for p in refused.problems]
    lines += ["", f"Nothing was written; the upload stays in {INBOX}/. Replace it with a corrected copy.", ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    """Text safe inside a Markdown line: no markup, one line."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", " ".join(text.split()))
