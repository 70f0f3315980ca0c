"""load -> validate -> render -> write, one stage per line.

Rendering happens in memory; files are written only after every output has
been rendered, and each file is replaced atomically, so a failed build never
leaves output/ half-written.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Container, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from csa.build.atomic import replace_all
from csa.build.cache import BuildCache, document_input, fingerprint, version_input
from csa.errors import CsaError, Mark, Problem
from csa.content.load import Map, find_documents, load_document, load_file
from csa.model import Document, Version, version_key
from csa.render.paged import ChapterLayouts, Part
from csa.render.parallel import PdfJob, render_pdfs

if TYPE_CHECKING:
    from csa.diff.redline import Redline

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
    from csa.diff.changelog import note_problems  # lazy, like the renderers: see _LAZY
    from csa.content.validate import validate

    documents: list[Document] = []
    problems: list[Problem] = []
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
    return Output(document.id, version.number, fmt).name


def redline_name(document: Document, old: Version, new: Version, fmt: str) -> str:
    return Output(document.id, new.number, fmt, against=old.number).name


@dataclass(frozen=True)
class Output:
    """One file the build writes, named by folders so it can be planned before any YAML is read.

    A version's page, or (`against` given) the redline of the version against an older one.
    """

    document: str  # document folder (= Document.id)
    version: str  # version folder (= Version.number, enforced by validate)
    fmt: str
    against: str | None = None
    needs: tuple[str, ...] = ()  # other versions whose content this output shows (see plan_outputs)

    @property
    def name(self) -> str:
        stem = f"{self.document}-{self.version}"
        if self.against:
            stem += f"-changes-since-{self.against}"
        return f"{self.document}/{self.version}/{stem}.{self.fmt}"

    @property
    def kind(self) -> str:
        return f"redline-{self.fmt}" if self.against else self.fmt

    @property
    def depends_on(self) -> tuple[str, ...]:
        # document.yaml (title, partners, recorded rows), the version's own files and
        # those it shows from others; editing 2.0 leaves 4.0 alone unless 4.0 compares with it.
        others = (self.against,) if self.against else self.needs
        return (
            document_input(self.document),
            version_input(self.document, self.version),
            *(version_input(self.document, v) for v in others),
        )


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
    """The outputs asked for, from the folders under content/ (and what each version supersedes).

    Each version gets its page and, when an older version is in the repository,
    a redline against the newest such version. A page prints version-control rows
    generated from the differences between versions, so it depends on each version
    up to it whose predecessor is here, and on that predecessor.
    """
    wanted = set(versions) if versions else None
    planned = []
    for document in find_documents(content) if content.is_dir() else []:
        folders = sorted(
            (p for p in (document / "versions").iterdir() if p.is_dir()), key=lambda p: version_key(p.name)
        )
        supersedes = {p.name: _supersedes(p) for p in folders}
        here = {name: older for name, older in supersedes.items() if older is not None and older in supersedes}
        for index, folder in enumerate(folders):
            if wanted is not None and folder.name not in wanted:
                continue
            shown = sorted(
                {v for p in folders[: index + 1] if p.name in here for v in (p.name, here[p.name])} - {folder.name}
            )
            previous = folders[index - 1].name if index else None
            for fmt in (f for f in FORMATS if f in formats):
                planned.append(Output(document.name, folder.name, fmt, needs=tuple(shown)))
            for fmt in (f for f in FORMATS if f in formats and previous):
                planned.append(Output(document.name, folder.name, fmt, against=previous))
    return planned


def _supersedes(folder: Path) -> str | None:
    """The version a version folder's metadata says it supersedes (None if unreadable: validation says why)."""
    loaded = load_file(folder / "version.yaml") if (folder / "version.yaml").is_file() else None
    node = loaded.root.get("supersedes") if loaded and isinstance(loaded.root, Map) else None
    return str(getattr(node, "value", "")) or None


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
    *,
    only: Container[str] | None = None,
    jobs: int = 1,
    warm: dict[str, ChapterLayouts] | None = None,
) -> dict[str, bytes]:
    """Every requested output (or those named in `only`), rendered in memory: {relative path: bytes}.

    HTML is rendered here; the PDFs, which take nearly all the time, on up to `jobs`
    processes, or here, reusing the laid-out chapters in `warm` (see render/paged.py).
    """
    from csa.diff.changelog import version_control_rows  # lazy: see _LAZY
    from csa.diff.compare import compare_versions
    from csa.diff.redline import build_redline
    from csa.render.env import make_env
    from csa.render.html import (
        page_styles,
        part_css,
        render_html,
        render_parts,
        render_print_css,
        render_redline,
        render_redline_print_css,
    )

    env = make_env(project.templates)
    page_css = (render_print_css(env),)
    redline_css = tuple(render_redline_print_css(env))
    roots = (project.content, project.templates)
    wanted = set(versions) if versions else None
    formats = tuple(formats)
    outputs: dict[str, bytes] = {}
    pdfs: list[PdfJob] = []

    numbering = part_css(env)
    own_styles = page_styles(env)

    def add(
        name: str, html: str, base: Path, version: Version, css: tuple[str, ...], fmt: str, parts: tuple[Part, ...] = ()
    ) -> None:
        if fmt == "html":
            outputs[name] = html.encode("utf-8")
            progress(name)
        else:
            styles = (own_styles, *css) if parts else css  # a part has no <style> of its own
            pdfs.append(PdfJob(name, html, base, roots, version.effective, styles, parts, numbering if parts else ""))

    for document in documents:
        for version in document.versions:
            if wanted is not None and version.number not in wanted:
                continue
            base = project.content / document.id / "versions" / version.folder
            pages = _wanted({f: output_name(document, version, f) for f in formats}, only)
            if pages:
                rows = version_control_rows(document, version)
                html = render_html(env, document, version, rows)
                # kept laid out chapter by chapter in a warm process, so an edit need not lay out the book again
                parts = render_parts(env, document, version, rows) if "pdf" in pages and warm is not None else ()
                for fmt, name in pages.items():
                    add(name, html, base, version, page_css, fmt, parts)
            previous = previous_in_repository(document, version)
            if previous is None:
                continue
            redlines = _wanted({f: redline_name(document, previous, version, f) for f in formats}, only)
            if redlines:
                html = render_redline(env, build_redline(document, compare_versions(previous, version)))
                for fmt, name in redlines.items():
                    add(name, html, base, version, redline_css, fmt)
    outputs.update(render_pdfs(pdfs, jobs, progress, warm))
    return outputs


def _wanted(names: dict[str, str], only: Container[str] | None) -> dict[str, str]:
    """The outputs (by format) still to render."""
    return {fmt: name for fmt, name in names.items() if only is None or name in only}


def redline_between(document: Document, old_number: str, new_number: str) -> Redline:
    """The redline of two versions given by number; unknown numbers are reported as problems."""
    from csa.diff.compare import compare_versions  # lazy: see _LAZY
    from csa.diff.redline import build_redline
    from csa.diff.report import require_version

    old, new = require_version(document, old_number, "A"), require_version(document, new_number, "B")
    return build_redline(document, compare_versions(old, new))


def render_diff(project: Project, redline: Redline, fmt: str) -> bytes:
    """A redline as html, pdf, markdown or json bytes."""
    from csa.diff.jsonform import diff_to_json  # lazy: see _LAZY
    from csa.render.env import make_env
    from csa.render.html import render_redline, render_redline_print_css, render_summary
    from csa.render.pdf import render_pdf

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
    progress: Progress = QUIET,
    *,
    force: bool = False,
    jobs: int | None = None,
    warm: dict[str, ChapterLayouts] | None = None,
    writing: AbstractContextManager[object] = nullcontext(),
) -> list[Path]:
    """Render what was asked for and changed since the last build, write it; returns changed files.

    `warm` keeps laid-out chapters between builds in a long-running process (csa serve).
    `writing` is entered around the writes (outputs and cache), which happen only after
    everything is rendered: csa serve uses it to stop without waiting for a render.

    If every output is up to date, nothing is parsed or validated. Otherwise all
    content is validated (a problem anywhere stops the build) and only the stale
    outputs are rendered, on `jobs` processes (default: one per core).
    """
    digests = fingerprint(project.content, project.templates)  # before loading: see its docstring
    cache = BuildCache.open(out)
    planned = plan_outputs(project.content, versions, formats)
    stale = [o for o in planned if force or not cache.is_fresh(o.name, o.depends_on, o.kind, digests)]
    unchanged = [o.name for o in planned if o not in stale]
    if planned and not stale and set(versions or ()) <= {o.version for o in planned}:
        progress.planned([], unchanged)
        return []
    from csa.render.env import template_files  # lazy: see _LAZY
    from csa.render.html import PAGE, REDLINE

    # like the digests, before rendering
    templates = {False: template_files(project.templates, PAGE), True: template_files(project.templates, REDLINE)}
    documents = load_documents(project)
    _check_requested(documents, versions)
    progress.planned([o.name for o in stale], unchanged)
    only = {o.name for o in stale}
    outputs = render_outputs(
        project, documents, versions, formats, progress.rendered, only=only, jobs=jobs or cpu_count(), warm=warm
    )
    with writing:
        written = write_outputs(out, outputs)
        for output in stale:
            if output.name in outputs:
                used = templates[output.against is not None]
                cache.record(output.name, outputs[output.name], output.depends_on, output.kind, used, digests)
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
