"""load -> validate -> render -> write, one stage per line.

Rendering happens in memory; files are written only after every output has
been rendered, and each file is replaced atomically, so a failed build never
leaves output/ half-written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .diff.changelog import version_control_rows
from .errors import CsaError, Mark, Problem
from .load import find_documents, load_document
from .model import Document, Version
from .render.env import make_env
from .render.html import render_html, render_print_css
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
            documents.append(validate(load_document(folder, project.root)))
        except CsaError as exc:
            problems.extend(exc.problems)
    if problems:
        raise CsaError(problems)
    return documents


def output_name(document: Document, version: Version, fmt: str) -> str:
    return f"{document.id}/{version.number}/{document.id}-{version.number}.{fmt}"


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
            if "pdf" in formats:
                name = output_name(document, version, "pdf")
                base = project.content / document.id / "versions" / version.folder
                roots = [project.content, project.templates]
                outputs[name] = render_pdf(html, base, roots, name, version.effective, [print_css])
                progress(name)
    return outputs


def write_outputs(out: Path, outputs: dict[str, bytes]) -> list[Path]:
    """Write every output into a temporary folder, then move each into place.

    Files whose bytes have not changed are left alone (their modification time too).
    """
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    with tempfile.TemporaryDirectory(dir=out, prefix=".building-") as tmp:
        staged = []
        for name, data in outputs.items():
            target = out / name
            if target.is_file() and target.read_bytes() == data:
                continue
            temp = Path(tmp) / name.replace("/", "__")
            temp.write_bytes(data)
            staged.append((temp, target))
        for temp, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp, target)
            changed.append(target)
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
