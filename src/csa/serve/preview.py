"""What `csa serve` shows: every version's page re-rendered on each change, or the problems.

Pages are rendered in memory from the preview template (the published page
plus a reload script); problems (content or template) become a page listing
them with file:line:col instead of stopping the server. Each change bumps a
generation counter that the reload script waits on. PDFs are rebuilt by one
background thread through the normal cached build, which also keeps output/
current; that thread is where warm layouts live (issue 12), and stopping
abandons it rather than waiting for its build (see BackgroundBuild).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from csa.build.pipeline import Output, Project, build, load_documents
from csa.diff.changelog import version_control_rows
from csa.errors import CsaError, Mark, Problem, display_path
from csa.model import Document
from csa.render.env import make_env
from csa.render.html import render_html
from csa.render.paged import ChapterLayouts


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


HTML = "text/html; charset=utf-8"


class Preview:
    """The preview's pages and generations; safe to use from the server's threads."""

    def __init__(self, project: Project, out: Path, log: Callable[[str], None]) -> None:
        self.project, self.out, self.log = project, out, log
        self.changed = threading.Condition()
        self.content_generation = 0  # bumped when pages change
        self.pdf_generation = 0  # bumped when a background build finishes
        self.pdf_status = "not built yet"
        self._documents: list[Document] = []
        self._pages: dict[str, str] = {}  # "/demo/1.0/" -> HTML
        self._problems: tuple[Problem, ...] = ()
        self.pdfs = BackgroundBuild(self)

    def refresh(self) -> None:
        """Read content and templates again and re-render every page (or the problems)."""
        generation = self.content_generation + 1  # what the new pages' scripts will say they show
        try:
            documents, pages, problems = self._render(generation)
        except CsaError as exc:
            documents, pages, problems = self._documents, {}, exc.problems
        with self.changed:
            self._documents, self._pages, self._problems = documents, pages, problems
            self.content_generation = generation
            self.changed.notify_all()
        self.log(f"{len(problems)} problem(s): see the preview" if problems else "pages re-rendered")
        if not problems:
            self.pdfs.request()

    def _render(self, generation: int) -> tuple[list[Document], dict[str, str], tuple[Problem, ...]]:
        documents = load_documents(self.project)
        try:
            env = make_env(self.project.templates)
            pages = {
                _page_path(d, v.number): render_html(
                    env,
                    d,
                    v,
                    version_control_rows(d, v),
                    "preview.html.j2",
                    content_generation=generation,
                    pdf_generation=self.pdf_generation,
                )
                for d in documents
                for v in d.versions
            }
        except jinja2.TemplateError as exc:
            raise CsaError([self._template_problem(exc)]) from exc
        return documents, pages, ()

    def _template_problem(self, exc: jinja2.TemplateError) -> Problem:
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
            where = Mark(display_path(Path(exc.filename), self.project.root), exc.lineno, 1)
        else:
            where = Mark(display_path(self.project.templates, self.project.root))
        return Problem(where, f"template error: {exc.message or exc}")

    def pdf_built(self, status: str) -> None:
        with self.changed:
            self.pdf_status = status
            self.pdf_generation += 1
            self.changed.notify_all()
        self.log(f"PDF: {status}")

    def wait(self, content_seen: int, pdf_seen: int, timeout: float) -> tuple[int, int]:
        """The generations, as soon as one is newer than what the caller has seen (or after `timeout`)."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.content_generation > content_seen or self.pdf_generation > pdf_seen, timeout
            )
            return self.content_generation, self.pdf_generation

    def respond(self, path: str) -> Response:
        """The response to GET `path` (no query string)."""
        with self.changed:
            documents, pages, problems = self._documents, self._pages, self._problems
        if path.endswith(".html"):  # /demo/1.0/demo-1.0.html is the page too
            path = path.rsplit("/", 1)[0] + "/"
        if path.endswith(".pdf"):
            return self._pdf(path)
        if problems and (path == "/" or path in pages or not pages):
            return self._template(500, "preview-problems.html.j2", ["reload"], problems=problems)
        if path == "/":
            return self._template(200, "preview-index.html.j2", ["reload", "pdf"], documents=documents)
        if path.rstrip("/") + "/" in pages:
            return Response(200, HTML, pages[path.rstrip("/") + "/"].encode("utf-8"))
        return self._message(404, "Not found", f"There is no page {path} in this preview.")

    def _pdf(self, path: str) -> Response:
        target = self.out / path.lstrip("/")
        names = {"/" + Output(d.id, v.number, "pdf").name for d in self._documents for v in d.versions}
        if path not in names:
            return self._message(404, "Not found", f"There is no PDF {path} in this preview.")
        if target.is_file():
            return Response(200, "application/pdf", target.read_bytes())
        return self._message(503, "PDF not ready", f"The PDF is {self.pdf_status}; this page reloads when it is ready.")

    def _message(self, status: int, heading: str, message: str) -> Response:
        return self._template(status, "preview-message.html.j2", ["reload", "pdf"], heading=heading, message=message)

    def _template(self, status: int, name: str, reload_on: list[str], **context: object) -> Response:
        try:
            template = make_env(self.project.templates).get_template(name)
        except jinja2.TemplateError:  # the preview's own pages must show even if templates/ is broken
            template = make_env().get_template(name)
        html = template.render(
            reload_on=reload_on,
            content_generation=self.content_generation,
            pdf_generation=self.pdf_generation,
            pdf_status=self.pdf_status,
            **context,
        )
        return Response(status, HTML, html.encode("utf-8"))

    def close(self) -> None:
        self.pdfs.stop()


def _page_path(document: Document, version: str) -> str:
    return f"/{document.id}/{version}/"


class BackgroundBuild(threading.Thread):
    """Rebuilds output/ (HTML and PDF, through the cache) after each change, one build at a time.

    Changes made during a build are gathered into the next one. Builds run in
    this thread, not in worker processes: forking a process that runs server
    threads is unsafe, and layouts kept for later edits must stay in one process.

    Stopping does not wait for a build, which can take many seconds: the thread is
    a daemon, abandoned where it is. That is safe because a build renders everything
    in memory before it writes anything, and its writes go through `self.writes`,
    which lets no write start once stopping has begun and makes stopping wait for
    one under way (milliseconds): output/ keeps complete files only.
    """

    def __init__(self, preview: Preview) -> None:
        super().__init__(name="csa-pdf", daemon=True)
        self.preview = preview
        self._wanted = threading.Event()
        self._stopping = False
        self.writes = WriteGate()
        self.layouts: dict[str, ChapterLayouts] = {}  # laid-out chapters by PDF, kept for the next edit

    def request(self) -> None:
        if not self.is_alive() and not self._stopping:
            self.start()
        self._wanted.set()

    def stop(self) -> None:
        self._stopping = True
        self.writes.close()
        self._wanted.set()  # an idle thread ends now; a busy one is abandoned (see the class docstring)

    def run(self) -> None:
        while True:
            self._wanted.wait()
            if self._stopping:
                return
            self._wanted.clear()
            self.preview.pdf_status = "being rendered"
            status = self._build()
            if self._stopping:
                return
            self.preview.pdf_built(status)

    def _build(self) -> str:
        try:
            written = build(self.preview.project, self.preview.out, jobs=1, warm=self.layouts, writing=self.writes)
        except CsaError as exc:
            return f"not rebuilt: {len(exc.problems)} problem(s)"
        except Closed:
            return "not written: the preview is stopping"
        except Exception:  # a bug must not stop the preview: report it, the next change tries again
            traceback.print_exc()
            return "failed (see the terminal)"
        return f"up to date ({len(written)} file(s) written to {self.preview.out})"


class Closed(Exception):
    """A build finished rendering after the preview began to stop: it writes nothing."""


class WriteGate:
    """Entered around a build's writes; after close(), entering raises Closed.

    close() waits for writes under way, so once it returns nothing more is written.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> None:
        self._lock.acquire()
        if self._closed:
            self._lock.release()
            raise Closed

    def __exit__(self, *_: object) -> None:
        self._lock.release()

    def close(self) -> None:
        with self._lock:
            self._closed = True
