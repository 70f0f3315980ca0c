"""Render several PDFs (and Word documents) at once, one per process.

WeasyPrint lays out on one core and its laid-out documents cannot be pickled
(cffi objects), so each worker process takes HTML in and sends PDF bytes back.
A .docx is written from the model itself (csa.word.export); it runs beside the PDFs.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path

from csa.errors import CsaError, Problem
from csa.model import Document, HistoryRow, Version
from csa.render.paged import ChapterLayouts, Part


@dataclass(frozen=True)
class PdfJob:
    """Everything one PDF needs, in a form that crosses a process boundary."""

    name: str
    html: str
    base: Path  # relative URLs in the HTML resolve against this folder
    roots: tuple[Path, ...]  # the only folders WeasyPrint may read from
    timestamp: dt.date
    stylesheets: tuple[str, ...] = ()  # CSS text after the page's own (the paged-media rules)
    parts: tuple[Part, ...] = ()  # laid out one by one when given (render/paged.py)
    part_css: str = ""

    def run(self, layouts: ChapterLayouts | None = None) -> bytes:
        # Imported here: WeasyPrint takes most of a second to import, which a
        # build with nothing to render (the common case) should not pay.
        from csa.render.pdf import render_paged_pdf, render_pdf

        # Chapter by chapter only where laid-out chapters are kept for the next edit: from
        # cold, laying out 17 parts costs about 1.5x one whole document (bench/benchmark.py
        # (a)), and the two give the same PDF (tests/test_paged.py).
        if self.parts and layouts is not None:
            return render_paged_pdf(
                self.parts,
                self.base,
                self.roots,
                self.name,
                self.timestamp,
                self.stylesheets,
                self.part_css,
                self.html,
                layouts,
            )
        return render_pdf(self.html, self.base, self.roots, self.name, self.timestamp, self.stylesheets)


@dataclass(frozen=True)
class DocxJob:
    """One version as a Word document: the model crosses the process boundary, the templates are read there."""

    name: str
    document: Document
    version: Version
    history: tuple[HistoryRow, ...]  # its version-control table
    version_dir: Path
    templates: Path

    def run(self, layouts: ChapterLayouts | None = None) -> bytes:
        # imported here, as WeasyPrint is: python-docx and pypdfium2 would cost a no-op build their import time
        from csa.render.env import make_env
        from csa.word.export import export_docx

        return export_docx(make_env(self.templates), self.document, self.version, self.history, self.version_dir)


@dataclass(frozen=True)
class RedlineDocxJob:
    """The redline of two versions as a Word document with tracked changes, by the partnership."""

    name: str
    document: Document
    old: Version
    new: Version
    folders: tuple[Path, Path]  # the two versions' folders
    templates: Path

    def run(self, layouts: ChapterLayouts | None = None) -> bytes:
        from csa.diff.compare import compare_versions
        from csa.diff.redline import build_redline
        from csa.render.env import make_env
        from csa.word.redline import redline_docx

        redline = build_redline(self.document, compare_versions(self.old, self.new))
        return redline_docx(make_env(self.templates), redline, self.document.partnership, self.folders)


Job = PdfJob | DocxJob | RedlineDocxJob


def render_pdfs(
    jobs: Sequence[Job],
    workers: int,
    done: Callable[[str], None],
    warm: dict[str, ChapterLayouts] | None = None,
) -> dict[str, bytes]:
    """PDF (or .docx) bytes of every job, by name; `done(name)` as each finishes. Raises CsaError with all jobs' problems.

    With `warm` (a long-running process such as csa serve), jobs run here and keep
    their laid-out chapters there, by output name, for the next build.
    """
    if warm is not None:
        return {job.name: _finish(job.name, job.run(_layouts(warm, job)), done) for job in jobs}
    if workers <= 1 or len(jobs) <= 1:
        return {job.name: _finish(job.name, job.run(), done) for job in jobs}
    from csa.render import pdf  # noqa: F401 - import WeasyPrint once, before forking, not in every worker

    results: dict[str, bytes] = {}
    problems: list[Problem] = []
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=_context()) as pool:
        futures: dict[Future[bytes], Job] = {pool.submit(_run, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                results[futures[future].name] = _finish(futures[future].name, future.result(), done)
            except CsaError as exc:
                problems.extend(exc.problems)
    if problems:
        raise CsaError(problems)
    return {job.name: results[job.name] for job in jobs}  # in the order asked for


def _run(job: Job) -> bytes:
    return job.run()


def _layouts(warm: dict[str, ChapterLayouts], job: Job) -> ChapterLayouts | None:
    """The laid-out chapters kept for a PDF job (a .docx keeps none)."""
    return warm.setdefault(job.name, ChapterLayouts()) if isinstance(job, PdfJob) else None


def _finish(name: str, data: bytes, done: Callable[[str], None]) -> bytes:
    done(name)
    return data


def _context() -> BaseContext:
    # fork starts a worker in milliseconds with everything already imported;
    # spawn would import WeasyPrint again in each worker (about a second).
    # macOS and Windows lack a safe fork: use their default there.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
