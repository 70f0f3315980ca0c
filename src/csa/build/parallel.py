"""Render several PDFs (and Word documents) at once, one per process, each as soon as its HTML is ready.

WeasyPrint lays out on one core and its laid-out documents cannot be pickled
(cffi objects), so each worker process takes HTML in and sends PDF bytes back.
A .docx is written from the model itself (csa.word.export); it runs beside the PDFs.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path

from csa.errors import CsaError, Problem
from csa.model import Document, HistoryRow, Version
from csa.render.paged import ChapterLayouts, Part, PartStore


@dataclass(frozen=True)
class PdfJob:
    """Everything one PDF needs, in a form that crosses a process boundary."""

    name: str
    html: str
    base: Path  # relative URLs in the HTML resolve against this folder
    roots: tuple[Path, ...]  # the only folders WeasyPrint may read from
    timestamp: dt.date
    stylesheets: tuple[str, ...] = ()  # CSS text after the page's own (the paged-media rules)
    parts: tuple[Part, ...] = ()  # laid out and written one by one when given (render/paged.py)
    part_css: str = ""
    part_store: PartStore | None = None  # where written parts are kept for the next build

    def run(self, layouts: ChapterLayouts | None = None) -> bytes:
        # Imported here: WeasyPrint takes most of a second to import, which a
        # build with nothing to render (the common case) should not pay.
        from csa.render.pdf import render_paged_pdf, render_pdf

        # Part by part, each part's PDF kept (in `layouts` in a warm process, in `part_store` on disk),
        # so the next build after an edit lays out and writes only the parts that changed.
        if self.parts:
            layouts = layouts if layouts is not None else ChapterLayouts()
            layouts.store = layouts.store or self.part_store
            return render_paged_pdf(
                self.parts,
                self.base,
                self.roots,
                self.name,
                self.timestamp,
                self.stylesheets,
                self.part_css,
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
    drawings: PartStore | None = None  # where its rasterised drawings are kept for the next build

    def run(self, layouts: ChapterLayouts | None = None) -> bytes:
        # imported here, as WeasyPrint is: python-docx and pypdfium2 would cost a no-op build their import time
        from csa.render.env import make_env
        from csa.word.export import export_docx
        from csa.word.export.images import drawings_kept_in

        with drawings_kept_in(self.drawings):
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
    drawings: PartStore | None = None  # where its rasterised drawings are kept for the next build

    def run(self, layouts: ChapterLayouts | None = None) -> bytes:
        from csa.diff.compare import compare_versions
        from csa.diff.redline import build_redline
        from csa.render.env import make_env
        from csa.word.export.images import drawings_kept_in
        from csa.word.redline import redline_docx

        redline = build_redline(self.document, compare_versions(self.old, self.new))
        with drawings_kept_in(self.drawings):
            return redline_docx(make_env(self.templates), redline, self.document.partnership, self.folders)


Job = PdfJob | DocxJob | RedlineDocxJob


class JobQueue:
    """Runs the jobs handed to `add`: a PDF starts on a worker process at once, while the
    caller renders the next HTML; the Word documents, a fraction of a PDF's time, follow.

    Without workers (one core, one job expected, or `warm`: a long-running process such as
    csa serve, which keeps written parts there by output name for the next build), the
    jobs run here, in `results`. Use it as a context manager: leaving stops the workers.
    """

    def __init__(
        self,
        workers: int,
        done: Callable[[str], None],
        warm: dict[str, ChapterLayouts] | None = None,
        expected: int | None = None,  # jobs to come, if known: a single job is run here
    ) -> None:
        self.done, self.warm = done, warm
        workers = workers if expected is None else min(workers, expected)
        parallel = warm is None and workers > 1
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context()) if parallel else None
        if self.pool is not None:  # the workers start now and import WeasyPrint while the caller loads content
            for _ in range(workers):
                self.pool.submit(_import_renderers)
        self.waiting: list[Job] = []  # handed over, not started
        self.started: dict[Future[bytes], Job] = {}
        self.order: list[str] = []

    def __enter__(self) -> JobQueue:
        return self

    def __exit__(self, *_: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def add(self, job: Job) -> None:
        self.order.append(job.name)
        if self.pool is not None and isinstance(job, PdfJob):
            self.started[self.pool.submit(_run, job)] = job
        else:
            self.waiting.append(job)

    def results(self) -> dict[str, bytes]:
        """Every job's bytes, by name, in the order added; `done(name)` as each finishes.

        Raises CsaError with all jobs' problems.
        """
        waiting = sorted(self.waiting, key=lambda job: not isinstance(job, PdfJob))  # the longest first
        if self.pool is None:
            finished = {job.name: _finish(job.name, job.run(self._layouts(job)), self.done) for job in waiting}
            return {name: finished[name] for name in self.order}
        self.started.update((self.pool.submit(_run, job), job) for job in waiting)
        results: dict[str, bytes] = {}
        problems: list[Problem] = []
        for future in as_completed(self.started):
            name = self.started[future].name
            try:
                results[name] = _finish(name, future.result(), self.done)
            except CsaError as exc:
                problems.extend(exc.problems)
        if problems:
            raise CsaError(problems)
        return {name: results[name] for name in self.order}

    def _layouts(self, job: Job) -> ChapterLayouts | None:
        """The written parts kept for a PDF job in a warm process (a .docx keeps none)."""
        if self.warm is None or not isinstance(job, PdfJob):
            return None
        return self.warm.setdefault(job.name, ChapterLayouts())


def _import_renderers() -> None:
    from csa.render import pdf  # noqa: F401 - imported once, ahead of the first job; most of a second


def _run(job: Job) -> bytes:
    return job.run()


def _finish(name: str, data: bytes, done: Callable[[str], None]) -> bytes:
    done(name)
    return data


def _context() -> BaseContext:
    # fork starts a worker in milliseconds with everything already imported;
    # spawn would import all of csa again in each worker.
    # macOS and Windows lack a safe fork: use their default there.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
