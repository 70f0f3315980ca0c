"""Rendering reads nothing from the network or from outside the project.

A real HTTP server on 127.0.0.1 records every request: the PDF renderer must
never reach it, and must report each URL it refused.
"""

from __future__ import annotations

import base64
import datetime as dt
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from csa.cli import main
from csa.errors import CsaError
from csa.render.pdf import LockedFetcher, render_pdf

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8ffff3f0005fe02fea7d6a4a20000000049454e44ae426082"
)


class Server:
    """Serves a tiny PNG for any path and remembers the paths asked for."""

    def __init__(self) -> None:
        requests: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(PNG)

            def log_message(self, *args: object) -> None:
                pass

        self.requests = requests
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def server() -> Iterator[Server]:
    server = Server()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    # Prove the server answers, so "no request arrived" below means something.
    assert urllib.request.urlopen(f"{server.url}/probe", timeout=5).read() == PNG
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def page(head: str, body: str) -> str:
    return f'<html lang="en"><head><title>t</title>{head}</head><body><p>Text</p>{body}</body></html>'


def refused(exc: pytest.ExceptionInfo[CsaError]) -> list[str]:
    return sorted(str(p) for p in exc.value.problems)


def test_network_and_outside_files_are_refused_and_reported(server: Server, tmp_path: Path) -> None:
    root = tmp_path / "content"
    root.mkdir()
    html = page(
        f'<link rel="stylesheet" href="{server.url}/style.css">'
        f"<style>@import url({server.url}/import.css); body {{ background: url(file:///etc/hostname) }}</style>",
        f'<img src="{server.url}/logo.png" alt="logo">'
        '<img src="file:///etc/passwd" alt="passwd">'
        '<img src="file://otherhost/etc/passwd" alt="remote file">',
    )
    with pytest.raises(CsaError) as exc:
        render_pdf(html, root, [root], "t.pdf", dt.date(2020, 4, 1))
    assert refused(exc) == sorted(
        f"t.pdf: refused to fetch {url!r} while rendering the PDF"
        for url in [
            f"{server.url}/style.css",
            f"{server.url}/import.css",
            f"{server.url}/logo.png",
            "file:///etc/passwd",
            "file:///etc/hostname",
            "file://otherhost/etc/passwd",
        ]
    )
    assert server.requests == ["/probe"]


def test_attachments_are_refused_too(tmp_path: Path) -> None:
    """WeasyPrint fetches <link rel=attachment> only when writing the PDF, after layout."""
    html = page('<link rel="attachment" href="file:///etc/passwd">', "")
    with pytest.raises(CsaError) as exc:
        render_pdf(html, tmp_path, [tmp_path], "t.pdf", dt.date(2020, 4, 1))
    assert refused(exc) == ["t.pdf: refused to fetch 'file:///etc/passwd' while rendering the PDF"]


def test_percent_encoded_dot_dot_cannot_climb_out(tmp_path: Path) -> None:
    root = tmp_path / "project" / "content"
    root.mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(PNG)
    absolute = f"{root.as_uri()}/%2e%2e/%2e%2e/secret.png"
    html = page("", f'<img src="%2E%2E/%2E%2E/secret.png" alt="a"><img src="{absolute}" alt="b">')
    with pytest.raises(CsaError) as exc:
        render_pdf(html, root, [root], "t.pdf", dt.date(2020, 4, 1))
    assert refused(exc) == [
        f"t.pdf: refused to fetch '{root.as_uri()}/%2E%2E/%2E%2E/secret.png' while rendering the PDF",
        f"t.pdf: refused to fetch '{absolute}' while rendering the PDF",
    ]


def test_a_symlink_inside_the_root_cannot_lead_out(tmp_path: Path) -> None:
    (tmp_path / "logo.png").symlink_to("/etc/hostname")
    fetcher = LockedFetcher([tmp_path])
    with pytest.raises(ValueError, match="refused to fetch"):
        fetcher.fetch((tmp_path / "logo.png").as_uri())
    assert fetcher.refused == [(tmp_path / "logo.png").as_uri()]


def test_files_inside_the_roots_are_used(tmp_path: Path) -> None:
    """The other side of the lock: project files and data: URLs still load."""
    (tmp_path / "logo.png").write_bytes(PNG)
    data_uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    html = page("", f'<img src="logo.png" alt="a"><img src="{data_uri}" alt="b">')
    fetcher = LockedFetcher([tmp_path])
    assert fetcher.fetch((tmp_path / "logo.png").as_uri())
    assert render_pdf(html, tmp_path, [tmp_path], "t.pdf", dt.date(2020, 4, 1)).startswith(b"%PDF")


def test_a_build_whose_templates_reach_out_fails_and_writes_nothing(
    server: Server, mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cover = mini / "templates/cover.html.j2"
    cover.write_text(
        f'<img src="{server.url}/logo.png" alt="">\n<link rel="attachment" href="file:///etc/passwd">\n'
        + cover.read_text()
    )
    monkeypatch.chdir(mini)
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--format", "html", "--format", "pdf"])  # the .docx uses none of these templates
    seen = capsys.readouterr()
    assert (stopped.value.code, seen.out, seen.err) == (
        1,
        "rendered demo/1.0/demo-1.0.html\n",
        f"demo/1.0/demo-1.0.pdf: refused to fetch '{server.url}/logo.png' while rendering the PDF\n"
        "1 problem(s) found\n"
        "nothing was written to output: a build writes its outputs only when all of them render\n",
    )
    assert server.requests == ["/probe"]
    assert not (mini / "output").exists()
