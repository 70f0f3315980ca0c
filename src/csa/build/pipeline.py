"""plan -> load and validate -> render -> write: build() calls one function per stage.

Rendering happens in memory; files are written only after every output has
been rendered, and each file is replaced atomically, so a failed build never
leaves output/ half-written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Container, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from csa.atomic import replace_all
from csa.build.cache import GENERATOR, BuildCache, fingerprint
from csa.build.parallel import DocxJob, JobQueue, PdfJob, RedlineDocxJob
from csa.build.plan import (
    FORMATS,
    REDLINE_FORMATS,
    Output,
    output_name,
    plan_outputs,
    previous_in_repository,
    redline_name,
)
from csa.build.progress import QUIET, Progress
from csa.content.load import find_documents, load_document
from csa.errors import CsaError, Mark, Problem
from csa.model import Document, Version
from csa.project import Project
from csa.render.paged import ChapterLayouts, Part

# _LAZY: validation (jsonschema) and rendering (Jinja, Markdown, WeasyPrint) are
# imported where they are used, so a rebuild with nothing to do does not pay
# for importing them: that is most of its time.


def load_documents(project: Project, skip: Container[str] = ()) -> list[Document]:
    """Every document under content/, validated (action plans against their agreements); raises CsaError with all problems.

    Documents in `skip` (ids) are neither read nor validated: a build skips those it
    knows unchanged and that nothing it renders reads (see unread_documents).
    """
    from csa.content.agreements import link_plans
    from csa.content.reports import link_reports, plan_problems
    from csa.content.validate import validate
    from csa.diff.changelog import note_problems  # lazy, like the renderers: see _LAZY

    documents: list[Document] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []  # of documents that failed: the others carry theirs
    folders = find_documents(project.content) if project.content.is_dir() else []
    if not folders:
        raise CsaError(
            [
                Problem(
                    Mark(str(project.content)),
                    "no documents found (expected content/<document>/versions/)",
                    "run csa in the project's folder, or give --root; start a document with csa init",
                )
            ]
        )
    for folder in (f for f in folders if f.name not in skip):
        try:
            document = validate(load_document(folder, project.root))
        except CsaError as exc:
            problems.extend(exc.problems)
            warnings.extend(exc.warnings)
            continue
        problems.extend(p for p in note_problems(document) if p.severity == "error")
        documents.append(document)
    documents, linking = link_plans(documents, {f.name for f in folders})
    problems.extend(linking)
    problems.extend(plan_problems(documents, {f.name for f in folders}))
    documents, live = link_reports(documents)
    problems.extend(live)
    if problems:
        raise CsaError(problems, warnings=[*warnings, *(w for d in documents for w in d.warnings)])
    return documents


def render_outputs(
    project: Project,
    documents: Iterable[Document],
    versions: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] = lambda _: None,
    *,
    only: Container[str] | None = None,
    queue: JobQueue | None = None,
    warm: bool = False,
    code_version: str | None = None,
) -> dict[str, bytes]:
    """Every requested output (or those named in `only`), rendered in memory: {relative path: bytes}.

    HTML is rendered here; the PDFs, which take nearly all the time, and the Word documents
    go to `queue` (default: this process), each PDF starting as soon as its HTML is ready.
    `warm`: the queue keeps laid-out chapters (see render/paged.py), so PDFs are laid out by chapter.
    `code_version`: keep the compiled templates for the next build (see make_env).
    """
    from csa.build.links import page_links
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

    env = make_env(project.templates, code_version)
    page_css = (render_print_css(env),)
    redline_css = tuple(render_redline_print_css(env))
    roots = (project.content, project.templates)
    wanted = set(versions) if versions else None
    formats = tuple(formats)
    outputs: dict[str, bytes] = {}
    queue = queue or JobQueue(1, progress)

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
            queue.add(PdfJob(name, html, base, roots, version.effective, styles, parts, numbering if parts else ""))

    documents = list(documents)
    for document in documents:
        for version in document.versions:
            if wanted is not None and version.number not in wanted:
                continue
            base = project.version_dir(document.id, version.folder)
            pages = _wanted({f: output_name(document, version, f) for f in formats}, only)
            if pages:
                rows = version_control_rows(document, version)
                if "docx" in pages:
                    name = pages.pop("docx")
                    queue.add(DocxJob(name, document, version, rows, base, project.templates))
            if pages:
                html = render_html(env, document, version, rows)
                # kept laid out chapter by chapter in a warm process, so an edit need not lay out the book again;
                # chapters that run on (no page breaks) share pages, so they can only be laid out whole
                by_chapter = warm and document.settings.chapter_page_breaks
                parts = render_parts(env, document, version, rows) if "pdf" in pages and by_chapter else ()
                links = page_links(document, version, documents)  # the HTML page alone links to other documents
                for fmt, name in pages.items():
                    page = html
                    if fmt == "html" and links:
                        page = render_html(
                            env,
                            document,
                            version,
                            rows,
                            delivers_links=links.delivers_links,
                            delivered_by=links.delivered_by,
                        )
                    add(name, page, base, version, page_css, fmt, parts)
            previous = previous_in_repository(document, version)
            if previous is None:
                continue
            redlines = _wanted(
                {f: redline_name(document, previous, version, f) for f in formats if f in REDLINE_FORMATS}, only
            )
            if "docx" in redlines:
                folders = (project.version_dir(document.id, previous.folder), base)
                job = RedlineDocxJob(redlines.pop("docx"), document, previous, version, folders, project.templates)
                queue.add(job)
            if redlines:
                html = render_redline(env, build_redline(document, compare_versions(previous, version)))
                for fmt, name in redlines.items():
                    add(name, html, base, version, redline_css, fmt)
    outputs.update(queue.results())
    return outputs


def _wanted(names: dict[str, str], only: Container[str] | None) -> dict[str, str]:
    """The outputs (by format) still to render."""
    return {fmt: name for fmt, name in names.items() if only is None or name in only}


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


UNGUARDED: AbstractContextManager[object] = nullcontext()  # writes need no gate outside csa serve


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
    writing: AbstractContextManager[object] = UNGUARDED,
    document: str | None = None,
) -> list[Path]:
    """Render what was asked for and changed since the last build, write it; returns changed files.

    `warm` keeps laid-out chapters between builds in a long-running process (csa serve).
    `document` (an id) keeps to that document's outputs.
    `writing` is entered around the writes (outputs and cache), which happen only after
    everything is rendered: csa serve uses it to stop without waiting for a render.

    If every output is up to date, nothing is parsed or validated. Otherwise the
    content is validated (a problem anywhere stops the build), except documents whose
    outputs are all up to date and that no stale output reads (csa validate checks
    every one), and only the stale outputs are rendered, on `jobs` processes
    (default: one per core).
    """
    digests = fingerprint(project.content, project.templates)  # before loading: see its docstring
    cache = BuildCache.open(out)
    planned = [o for o in plan_outputs(project.content, versions, formats) if document in (None, o.document)]
    stale = [o for o in planned if force or not cache.is_fresh(o.name, o.depends_on, o.kind, digests)]
    unchanged = [o.name for o in planned if o not in stale]
    if planned and not stale and set(versions or ()) <= {o.version for o in planned}:
        progress.planned([], unchanged)
        return []
    templates = cache.templates_used(digests) or _templates_used(project)  # like the digests, before rendering
    expected = sum(o.fmt != "html" for o in stale)  # PDFs and Word documents, for the worker processes
    with JobQueue(jobs or cpu_count(), progress.rendered, warm, expected) as queue:  # workers start now
        documents = load_documents(project, unread_documents(planned, stale) if versions is None else ())
        progress.planned([o.name for o in stale], unchanged)
        only = {o.name for o in stale}
        outputs = render_outputs(
            project,
            documents,
            versions,
            formats,
            progress.rendered,
            only=only,
            queue=queue,
            warm=warm is not None,
            code_version=digests[GENERATOR][:16],
        )
    with writing:
        written = write_outputs(out, outputs)
        _record(cache, stale, outputs, templates, digests)
    return written


def unread_documents(planned: Iterable[Output], stale: Iterable[Output]) -> set[str]:
    """Documents (ids) every version of which is unchanged (all their planned outputs are fresh)
    and that no stale output reads (an action plan reads its agreement): no need to load them.

    Only for a plan of every version: an output left out of it says nothing about its inputs.
    """
    planned, stale = list(planned), list(stale)
    read = {i.removeprefix("document:") for o in stale for i in o.depends_on if i.startswith("document:")}
    return {o.document for o in planned} - {o.document for o in stale} - read


def _templates_used(project: Project) -> dict[str, set[str]]:
    """The template files each kind of output (Output.kind) is rendered with."""
    from csa.render.env import template_files  # lazy: see _LAZY
    from csa.render.html import PAGE, REDLINE
    from csa.word.export.images import TEMPLATES as DRAWINGS

    page, redline = template_files(project.templates, PAGE), template_files(project.templates, REDLINE)
    docx = set().union(*(template_files(project.templates, t) for t in DRAWINGS))
    kinds = {"html": page, "pdf": page, "redline-html": redline, "redline-pdf": redline}
    return {**kinds, "docx": docx, "redline-docx": docx}  # Word redline: the drawings, its words are in csa.word


def _record(
    cache: BuildCache,
    built: Iterable[Output],
    outputs: Mapping[str, bytes],
    templates: Mapping[str, Iterable[str]],
    digests: Mapping[str, str],
) -> None:
    """Remember what each output just rendered was built from, so the next build can skip it."""
    for output in built:
        if output.name in outputs:
            used = templates[output.kind]
            cache.record(output.name, outputs[output.name], output.depends_on, output.kind, used, digests)
    cache.remember_templates(digests, templates)
    cache.save()


def cpu_count() -> int:
    """Cores this process may use (fewer than the machine's under a CPU affinity mask)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
