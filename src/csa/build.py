"""load -> validate -> render -> write, one stage per line.

Rendering happens in memory; files are written only after every output has
been rendered, and each file is replaced atomically, so a failed build never
leaves output/ half-written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .cache import BuildCache, document_input, fingerprint, version_input
from .errors import CsaError, Mark, Problem
from .load import find_documents, load_document
from .model import Document, Version
from .render.parallel import PdfJob, render_pdfs

FORMATS = ("html", "pdf")

# _LAZY: validation (jsonschema) and rendering (Jinja, Markdown, WeasyPrint) are
# imported where they are used, so a rebuild with nothing to do does not pay
# for importing them: that is most of its time.


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
    from .validate import validate  # lazy, like the renderers: see _LAZY

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
    return Output(document.id, version.number, fmt).name


@dataclass(frozen=True)
class Output:
    """One file the build writes, named by folders so it can be planned before any YAML is read."""

    document: str  # document folder (= Document.id)
    version: str  # version folder (= Version.number, enforced by validate)
    fmt: str

    @property
    def name(self) -> str:
        return f"{self.document}/{self.version}/{self.document}-{self.version}.{self.fmt}"

    @property
    def depends_on(self) -> tuple[str, ...]:
        # The version's own files and document.yaml (title, partners, history rows);
        # not the other versions: editing 2.0 leaves 4.0 alone.
        return (document_input(self.document), version_input(self.document, self.version))


class Progress(Protocol):
    def planned(self, rendering: Sequence[str], unchanged: Sequence[str]) -> None: ...
    def rendered(self, name: str) -> None: ...


class Quiet:
    def planned(self, rendering: Sequence[str], unchanged: Sequence[str]) -> None:
        pass

    def rendered(self, name: str) -> None:
        pass


QUIET = Quiet()


def plan_outputs(content: Path, versions: Iterable[str] | None, formats: Iterable[str]) -> list[Output]:
    """The outputs asked for, from the folder names under content/."""
    wanted = set(versions) if versions else None
    return [
        Output(document.name, version.name, fmt)
        for document in (find_documents(content) if content.is_dir() else [])
        for version in sorted(p for p in (document / "versions").iterdir() if p.is_dir())
        if wanted is None or version.name in wanted
        for fmt in FORMATS
        if fmt in formats
    ]


def render_outputs(
    project: Project,
    documents: Iterable[Document],
    versions: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] = lambda _: None,
    *,
    only: Container[str] | None = None,
    jobs: int = 1,
) -> dict[str, bytes]:
    """Every requested output (or those named in `only`), rendered in memory: {relative path: bytes}.

    HTML is rendered here; the PDFs, which take nearly all the time, on up to `jobs` processes.
    """
    from .diff.changelog import version_control_rows  # lazy: see _LAZY
    from .render.env import make_env
    from .render.html import render_html

    env = make_env(project.templates)
    wanted = set(versions) if versions else None
    formats = tuple(formats)
    outputs: dict[str, bytes] = {}
    pdfs: list[PdfJob] = []
    for document in documents:
        for version in document.versions:
            if wanted is not None and version.number not in wanted:
                continue
            names = {
                f: output_name(document, version, f)
                for f in formats
                if only is None or output_name(document, version, f) in only
            }
            if not names:
                continue
            html = render_html(env, document, version, version_control_rows(document, version))
            if "html" in names:
                outputs[names["html"]] = html.encode("utf-8")
                progress(names["html"])
            if "pdf" in names:
                base = project.content / document.id / "versions" / version.folder
                pdfs.append(PdfJob(names["pdf"], html, base, (project.content, project.templates), version.effective))
    outputs.update(render_pdfs(pdfs, jobs, progress))
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
    progress: Progress = QUIET,
    *,
    force: bool = False,
    jobs: int | None = None,
) -> list[Path]:
    """Render what was asked for and changed since the last build, write it; returns changed files.

    If every output is up to date, nothing is parsed or validated. Otherwise all
    content is validated (a problem anywhere stops the build) and only the stale
    outputs are rendered, on `jobs` processes (default: one per core).
    """
    digests = fingerprint(project.content, project.templates)  # before loading: see its docstring
    cache = BuildCache.open(out)
    planned = plan_outputs(project.content, versions, formats)
    stale = [o for o in planned if force or not cache.is_fresh(o.name, o.depends_on, o.fmt, digests)]
    unchanged = [o.name for o in planned if o not in stale]
    if planned and not stale and set(versions or ()) <= {o.version for o in planned}:
        progress.planned([], unchanged)
        return []
    from .render.env import template_files  # lazy: see _LAZY
    from .render.html import PAGE

    templates = template_files(project.templates, PAGE)  # like the digests, before rendering
    documents = load_documents(project)
    _check_requested(documents, versions)
    progress.planned([o.name for o in stale], unchanged)
    only = {o.name for o in stale}
    outputs = render_outputs(
        project, documents, versions, formats, progress.rendered, only=only, jobs=jobs or cpu_count()
    )
    written = write_outputs(out, outputs)
    for output in stale:
        if output.name in outputs:
            cache.record(output.name, outputs[output.name], output.depends_on, output.fmt, templates, digests)
    cache.save()
    return written


def cpu_count() -> int:
    """Cores this process may use (fewer than the machine's under a CPU affinity mask)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _check_requested(documents: list[Document], versions: Iterable[str] | None) -> None:
    known = {v.number for d in documents for v in d.versions}
    unknown = sorted(set(versions or ()) - known)
    if unknown:
        listed = ", ".join(sorted(known))
        raise CsaError(
            [Problem(Mark("--version"), f"unknown version {v!r} (expected one of: {listed})") for v in unknown]
        )
