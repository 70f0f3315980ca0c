"""What `csa serve` shows: every version's page, kept current as files are saved, or the problems.

Pages are rendered in memory from the preview template (the published page
plus a reload script); after a save, only the pages that show the versions
saved are rendered again, with the templates compiled once (until a template
is saved). Problems (content or template) become a page listing them with
file:line:col instead of stopping the server. Each change bumps a
generation counter that the reload script waits on. PDFs are rebuilt by one
background thread through the normal cached build, which also keeps output/
current; that thread is where warm layouts live (issue 12), and stopping
abandons it rather than waiting for its build (see BackgroundBuild).
"""

from __future__ import annotations

import functools
import threading
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from csa.build.cache import document_input, version_input
from csa.build.pipeline import build, load_documents, unread_documents
from csa.build.plan import Output, plan_outputs
from csa.build.progress import Quiet
from csa.diff.changelog import version_control_rows
from csa.errors import CsaError, Mark, Problem, display_path
from csa.model import Document, Version
from csa.project import Project
from csa.render.env import make_env
from csa.render.html import render_html
from csa.render.paged import ChapterLayouts


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


HTML = "text/html; charset=utf-8"

# A version page is rendered with these in place of its generations, which are filled in
# when it is served: a page kept from an earlier render still tells its script what the
# preview shows now. The quotes cannot come from content (autoescaped), only from the script.
UNSTAMPED = ("CONTENT_GENERATION", "PDF_GENERATION")
UNSTAMPED_EVENTS = f'"/events?content={UNSTAMPED[0]}&pdf={UNSTAMPED[1]}"'


@dataclass
class Changes:
    """What changed since the pages were last rendered, from the paths saved."""

    everything: bool = True
    documents: set[str] = field(default_factory=set)  # document.yaml and the like: every page of it
    versions: set[tuple[str, str]] = field(default_factory=set)  # (document id, version folder)

    def add(self, path: Path, content: Path) -> None:
        parts = path.relative_to(content).parts if path.is_relative_to(content) else ()
        if len(parts) >= 4 and parts[1] == "versions":  # <document>/versions/<version>/<file>
            self.versions.add((parts[0], parts[2]))
        elif len(parts) >= 2:
            self.documents.add(parts[0])
        else:  # templates, or a document folder come or gone
            self.everything = True

    def shown_on(self, page: Output) -> bool:
        """Whether the page reads something that changed: its document, a version its version-control
        table shows, or (an action plan) its agreement's document.yaml and the version it delivers."""
        touched = {document_input(d) for d in self.documents} | {version_input(d, v) for d, v in self.versions}
        return self.everything or not touched.isdisjoint(page.depends_on)


class Preview:
    """The preview's pages and generations; safe to use from the server's threads."""

    def __init__(self, project: Project, out: Path, log: Callable[[str], None]) -> None:
        self.project, self.out, self.log = project, out, log
        self.changed = threading.Condition()
        self.content_generation = 0  # bumped when pages change
        self.pdf_generation = 0  # bumped when a background build finishes
        self.pdf_status = "not built yet"
        self._documents: list[Document] = []
        self._pages: dict[str, str] = {}  # "/demo/1.0/" -> HTML with UNSTAMPED generations
        self._problems: tuple[Problem, ...] = ()
        self._refreshing = threading.Lock()  # one refresh at a time: each builds on the last
        self._changes = Changes()  # since the pages were rendered; kept until a render succeeds
        # Kept until a template changes: a new environment compiles every template again
        # (most of a page's render time) and encodes the fonts again.
        self._env: jinja2.Environment | None = None
        self.pdfs = BackgroundBuild(self)

    def refresh(self, saved: Iterable[Path] | None = None) -> None:
        """Read content again and re-render the pages that show what was `saved` (None: all), or the problems."""
        with self._refreshing:
            self._note(saved)
            generation = self.content_generation + 1
            try:
                documents, pages = self._render()
                problems: tuple[Problem, ...] = ()
                self._changes = Changes(everything=False)
            except CsaError as exc:  # the pages stay as they were, shown again once the problems are fixed
                documents, pages, problems = self._documents, self._pages, exc.problems
            with self.changed:
                self._documents, self._pages, self._problems = documents, pages, problems
                self.content_generation = generation
                self.changed.notify_all()
        self.log(f"{len(problems)} problem(s): see the preview" if problems else "pages re-rendered")
        if not problems:
            self.pdfs.request()

    def _note(self, saved: Iterable[Path] | None) -> None:
        """Remember what `saved` changed; a template saved (or None: anything) needs a new environment."""
        if saved is None:
            self._env, self._changes.everything = None, True
            return
        templates, content = self.project.templates.resolve(), self.project.content.resolve()
        for path in (Path(p).resolve() for p in saved):
            if path.is_relative_to(templates):
                self._env = None
            self._changes.add(path, content)

    def _render(self) -> tuple[list[Document], dict[str, str]]:
        """Every document, and every page: rendered again if it shows a change, else as it was.

        Documents read by no page that changed are kept as they were loaded, not read and validated again.
        """
        env = self._env = self._env or make_env(self.project.templates)
        planned = _pages_planned(self.project)
        stale = [o for o in planned.values() if self._changes.shown_on(o) or _page_path(o) not in self._pages]
        kept = {d.id: d for d in self._documents}
        unread = unread_documents(planned.values(), stale) & kept.keys()
        loaded = load_documents(self.project, unread)
        documents = _in_folder_order(planned.values(), loaded, [kept[i] for i in unread])
        pages = {}
        try:
            for document in documents:
                for version in document.versions:
                    page = planned.get((document.id, version.number))
                    path = _page_path(page) if page is not None else f"/{document.id}/{version.number}/"
                    if path in self._pages and page is not None and page not in stale:
                        pages[path] = self._pages[path]
                    else:
                        pages[path] = _render_page(env, document, version)
        except jinja2.TemplateError as exc:
            raise CsaError([self._template_problem(exc)]) from exc
        return documents, pages

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
            live = f'"/events?content={self.content_generation}&pdf={self.pdf_generation}"'
        if path.endswith(".html"):  # /demo/1.0/demo-1.0.html is the page too
            path = path.rsplit("/", 1)[0] + "/"
        if path.endswith(".pdf"):
            return self._pdf(path)
        if problems:
            return self._template(500, "preview-problems.html.j2", ["reload"], problems=problems)
        if path == "/":
            return self._template(200, "preview-index.html.j2", ["reload", "pdf"], documents=documents)
        if path.rstrip("/") + "/" in pages:
            page = pages[path.rstrip("/") + "/"].replace(UNSTAMPED_EVENTS, live, 1)
            return Response(200, HTML, page.encode("utf-8"))
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
            template = (self._env or make_env(self.project.templates)).get_template(name)
        except jinja2.TemplateError:  # the preview's own pages must show even if templates/ is broken
            template = _package_env().get_template(name)
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


def _page_path(page: Output) -> str:
    return f"/{page.document}/{page.version}/"


def _in_folder_order(pages: Iterable[Output], loaded: list[Document], kept: list[Document]) -> list[Document]:
    """The documents just loaded and those kept from before, in the order of their folders."""
    order = {document: n for n, document in enumerate(dict.fromkeys(page.document for page in pages))}
    return sorted([*loaded, *kept], key=lambda d: order.get(d.id, len(order)))


def _pages_planned(project: Project) -> dict[tuple[str, str], Output]:
    """Each version's page, by (document id, version), with what it reads (Output.depends_on)."""
    pages = (o for o in plan_outputs(project.content, None, ["html"]) if o.page == "page")  # not redlines
    return {(o.document, o.version): o for o in pages}


def _render_page(env: jinja2.Environment, document: Document, version: Version) -> str:
    content, pdf = UNSTAMPED
    rows = version_control_rows(document, version)
    return render_html(env, document, version, rows, "preview.html.j2", content_generation=content, pdf_generation=pdf)


@functools.cache
def _package_env() -> jinja2.Environment:
    """The package's own templates, for the preview's pages when the project's are broken."""
    return make_env()


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
        self.layouts: dict[str, ChapterLayouts] = {}  # written parts by PDF, kept for the next edit

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
        plan = PlanSeen()
        try:
            build(self.preview.project, self.preview.out, progress=plan, jobs=1, warm=self.layouts, writing=self.writes)
        except CsaError as exc:
            return f"not rebuilt: {len(exc.problems)} problem(s)"
        except Closed:
            return "not written: the preview is stopping"
        except Exception:  # a bug must not stop the preview: report it, the next change tries again
            if not self._stopping:  # an abandoned build may fail as its folders go: that is no bug
                traceback.print_exc()
            return "failed (see the terminal)"
        return plan.status(display_path(self.preview.out, self.preview.project.root))


class PlanSeen(Quiet):
    """What a background build rebuilt and what it reused, for the preview's status line."""

    def __init__(self) -> None:
        self.rebuilt: Sequence[str] = ()
        self.reused: Sequence[str] = ()

    def planned(self, rendering: Sequence[str], unchanged: Sequence[str]) -> None:
        self.rebuilt, self.reused = rendering, unchanged

    def status(self, out: str) -> str:
        """ "rebuilt demo/1.0/demo-1.0.pdf and 2 other output(s), reused 4 unchanged, in output", or up to date."""
        if not self.rebuilt:
            return f"up to date: nothing changed, {len(self.reused)} output(s) in {out} reused"
        pdfs = [name for name in self.rebuilt if name.endswith(".pdf")] or list(self.rebuilt)
        named = ", ".join(pdfs[:3])
        others = len(self.rebuilt) - min(len(pdfs), 3)
        also = f" and {others} other output(s)" if others else ""
        return f"rebuilt {named}{also}, reused {len(self.reused)} unchanged, in {out}"


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
