"""load -> validate -> render -> write, one stage per line.

Rendering happens in memory; files are written only after every output has
been rendered, and each file is replaced atomically, so a failed build never
leaves output/ half-written.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .atomic import replace_all
from .diff.changelog import note_problems, version_control_rows
from .diff.compare import compare_versions
from .diff.jsonform import diff_to_json
from .diff.redline import Redline, build_redline
from .errors import CsaError, Mark, Problem
from .load import find_documents, load_document
from .model import Document, Version
from .render.env import make_env
from .render.html import render_html, render_print_css, render_redline, render_redline_print_css, render_summary
from .render.pdf import render_pdf
from .validate import validate

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class Project:
    """Where things are: content in, templates, output out."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"


def load_documents(project: Project) -> list[Document]:
    """Every document under content/, validated; raises CsaError with all problems."""
    documents, problems = [], []
    folders = find_documents(project.content) if project.content.is_dir() else []
    if not folders:
        raise CsaError(
            [
                Problem(
                    Mark(str(project.content)),
                    "no documents found (expected content/<document>/versions/)",
                )
            ]
        )
    for folder in folders:
        try:
            document = validate(load_document(folder, project.root))
        except CsaError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(p for p in note_problems(document) if p.severity == "error")
        documents.append(document)
    if problems:
        raise CsaError(problems)
    return documents


def output_name(document: Document, version: Version, fmt: str) -> str:
    return f"{document.id}/{version.number}/{document.id}-{version.number}.{fmt}"


def redline_name(document: Document, old: Version, new: Version, fmt: str) -> str:
    return f"{document.id}/{new.number}/{document.id}-{new.number}-changes-since-{old.number}.{fmt}"


def previous_in_repository(document: Document, version: Version) -> Version | None:
    """The newest older version whose content is here: what a redline compares against."""
    index = document.versions.index(version)
    return document.versions[index - 1] if index > 0 else None


def render_outputs(
    project: Project,
    documents: Iterable[Document],
    versions: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, bytes]:
    """Every requested output, rendered in memory: {relative path: bytes}."""
    env = make_env(project.templates)
    print_css = render_print_css(env)
    redline_css = render_redline_print_css(env)
    roots = [project.content, project.templates]
    wanted = set(versions) if versions else None
    formats = tuple(formats)
    outputs: dict[str, bytes] = {}
    for document in documents:
        for version in document.versions:
            if wanted is not None and version.number not in wanted:
                continue
            html = render_html(env, document, version, version_control_rows(document, version))
            if "html" in formats:
                outputs[output_name(document, version, "html")] = html.encode("utf-8")
                progress(output_name(document, version, "html"))
            base = project.content / document.id / "versions" / version.folder
            if "pdf" in formats:
                name = output_name(document, version, "pdf")
                outputs[name] = render_pdf(html, base, roots, name, version.effective, [print_css])
                progress(name)
            previous = previous_in_repository(document, version)
            if previous is None:
                continue
            redline_html = render_redline(env, build_redline(document, compare_versions(previous, version)))
            if "html" in formats:
                name = redline_name(document, previous, version, "html")
                outputs[name] = redline_html.encode("utf-8")
                progress(name)
            if "pdf" in formats:
                name = redline_name(document, previous, version, "pdf")
                outputs[name] = render_pdf(redline_html, base, roots, name, version.effective, redline_css)
                progress(name)
    return outputs


def redline_between(document: Document, old_number: str, new_number: str) -> Redline:
    """The redline of two versions given by number; unknown numbers are reported as problems."""
    versions = []
    for number, where in ((old_number, "A"), (new_number, "B")):
        version = document.version(number)
        if version is None:
            known = ", ".join(v.number for v in document.versions)
            raise CsaError([Problem(Mark(where), f"unknown version {number!r} (expected one of: {known})")])
        versions.append(version)
    return build_redline(document, compare_versions(versions[0], versions[1]))


def render_diff(project: Project, redline: Redline, fmt: str) -> bytes:
    """A redline as html, pdf, markdown or json bytes."""
    env = make_env(project.templates)
    if fmt == "json":
        return (json.dumps(diff_to_json(redline), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "markdown":
        return render_summary(env, redline).encode("utf-8")
    html = render_redline(env, redline)
    if fmt == "html":
        return html.encode("utf-8")
    new = redline.diff.new
    base = project.content / redline.document.id / "versions" / new.folder
    roots = [project.content, project.templates]
    return render_pdf(html, base, roots, "redline", new.effective, render_redline_print_css(env))


def write_outputs(out: Path, outputs: dict[str, bytes]) -> list[Path]:
    """Write every output into a temporary folder, then move them all into place (or none).

    Files whose bytes have not changed are left alone (their modification time too).
    """
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".building-") as tmp:
        staged = []
        for name, data in outputs.items():
            target = out / name
            if target.is_file() and target.read_bytes() == data:
                continue
            temp = Path(tmp) / name.replace("/", "__")
            temp.write_bytes(data)
            staged.append((temp, target))
        changed = replace_all(staged, Path(tmp) / "previous")
    return changed


def build(
    project: Project,
    out: Path,
    versions: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Validate all content, render what was asked for, write it; returns changed files."""
    documents = load_documents(project)
    _check_requested(documents, versions)
    outputs = render_outputs(project, documents, versions, formats, progress)
    return write_outputs(out, outputs)


def _check_requested(documents: list[Document], versions: Iterable[str] | None) -> None:
    known = {v.number for d in documents for v in d.versions}
    unknown = sorted(set(versions or ()) - known)
    if unknown:
        listed = ", ".join(sorted(known))
        raise CsaError(
            [Problem(Mark("--version"), f"unknown version {v!r} (expected one of: {listed})") for v in unknown]
        )
