"""`csa serve`: the preview over HTTP on 127.0.0.1, re-rendered whenever content or templates change.

Threads: one serves each request (the event streams stay open), one watches
the files (watchfiles), one rebuilds output/ in the background (preview.py).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

import watchfiles

from csa.project import Project
from csa.serve.preview import Preview

HOST = "127.0.0.1"  # a preview of unpublished drafts: never reachable from other machines
KEEPALIVE_SECONDS = 10.0


class PreviewServer:
    """Start with `with PreviewServer(...) as server:` (or start()/close()); `run()` blocks until Ctrl+C."""

    def __init__(self, project: Project, out: Path, port: int = 8000, log: Callable[[str], None] = print) -> None:
        self.preview = Preview(project, out, log)
        self.httpd = _Server((HOST, port), _Handler)
        self.httpd.preview = self.preview
        self._stop = threading.Event()
        self._watching = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]  # as bound: --port 0 means any free port
        return f"http://{host!s}:{port}/"

    def start(self) -> PreviewServer:
        """Watch, render, then listen: an edit made while starting is never missed."""
        self._spawn(self._watch, "csa-watch")
        self._watching.wait(timeout=30)
        self.preview.refresh()
        self._spawn(self.httpd.serve_forever, "csa-http")
        return self

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def run(self) -> None:
        """Serve until Ctrl+C or SIGTERM, then stop cleanly."""
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda *_: self._stop.set())
        self.start()
        try:
            self._stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            self.close()

    def close(self) -> None:
        self._stop.set()
        self.httpd.closing = True
        self.httpd.shutdown()
        self.httpd.server_close()
        self.preview.close()
        for thread in self._threads:
            thread.join(timeout=10)

    def _watch(self) -> None:
        project = self.preview.project
        folders = [p for p in (project.content, project.templates) if p.is_dir()]
        # step: wait for 50 ms of quiet, so one save (often several writes) is one refresh.
        # The first empty batch (after rust_timeout) says the watch is in place.
        for changes in watchfiles.watch(
            *folders, stop_event=self._stop, step=50, debounce=400, rust_timeout=100, yield_on_timeout=True
        ):
            self._watching.set()
            if changes:
                self.preview.refresh(Path(path) for _, path in changes)

    def __enter__(self) -> PreviewServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # open event streams must not keep the process alive
    preview: Preview
    closing = False


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - the name http.server looks up
        url = urlsplit(self.path)
        if url.path == "/events":
            self._events(parse_qs(url.query))
            return
        response = self.server.preview.respond(url.path)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")  # always the latest render
        self.end_headers()
        self.wfile.write(response.body)

    def _events(self, query: dict[str, list[str]]) -> None:
        """Server-sent events: `reload` when pages change, `pdf` when a background build ends."""
        content, pdf = _number(query, "content"), _number(query, "pdf")
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            while not self.server.closing:
                now_content, now_pdf = self.server.preview.wait(content, pdf, KEEPALIVE_SECONDS)
                message = ""
                if now_content > content:
                    message += f"event: reload\ndata: {now_content}\n\n"
                if now_pdf > pdf:
                    message += f"event: pdf\ndata: {now_pdf}\n\n"
                content, pdf = now_content, now_pdf
                self.wfile.write((message or ": keep-alive\n\n").encode())  # also finds out when the browser has gone
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass  # one line per request would drown the change messages


def _number(query: dict[str, list[str]], key: str) -> int:
    try:
        return int(query.get(key, ["0"])[0])
    except ValueError:
        return 0
