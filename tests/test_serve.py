"""`csa serve`: the preview follows edits, reloads itself, shows problems and keeps the PDF current."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pytest

from csa.build.pipeline import Project
from csa.serve.server import PreviewServer

from .conftest import ROOT, normalise
from .helpers import replace_once

CHAPTER = "content/demo/versions/1.0/01-introduction.yaml"
WAIT = 60  # seconds; generous for a busy shared machine, never a timing assertion


@pytest.fixture
def server(mini: Path) -> Iterator[PreviewServer]:
    with PreviewServer(Project(mini), mini / "output", port=0, log=lambda _: None) as running:
        yield running


def get(server: PreviewServer, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=WAIT) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def generations(page: str) -> tuple[int, int]:
    """What the page's reload script says it shows."""
    match = re.search(r"/events\?content=(\d+)&pdf=(\d+)", page)
    assert match, "no reload script in the page"
    return int(match[1]), int(match[2])


def next_event(server: PreviewServer, content: int, pdf: int, wanted: str) -> int:
    """Listen on /events like the page's script does, until the `wanted` event arrives; its generation."""
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=WAIT)
    connection.request("GET", f"/events?content={content}&pdf={pdf}")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    event = None
    try:
        while line := response.readline().decode():
            if line.startswith("event: "):
                event = line.removeprefix("event: ").strip()
            elif line.startswith("data: ") and event == wanted:
                return int(line.removeprefix("data: "))
    finally:
        connection.close()
    raise AssertionError(f"the event stream ended before a {wanted!r} event")


def test_the_page_follows_an_edit_and_is_told_to_reload(server: PreviewServer, mini: Path) -> None:
    status, page = get(server, "/demo/1.0/")
    assert status == 200
    assert "An unnumbered paragraph." in page
    assert "new EventSource" in page
    content, pdf = generations(page)
    replace_once(mini / CHAPTER, "An unnumbered paragraph.", "A paragraph edited while previewing.")
    assert next_event(server, content, pdf, "reload") > content
    status, page = get(server, "/demo/1.0/")
    assert status == 200
    assert "A paragraph edited while previewing." in page
    assert generations(page)[0] > content


def test_a_template_edit_reaches_the_page(server: PreviewServer, mini: Path) -> None:
    content, pdf = generations(get(server, "/demo/1.0/")[1])
    replace_once(mini / "templates/back-page.html.j2", "<p>Email:", "<p>E-mail address:")
    next_event(server, content, pdf, "reload")
    assert "<p>E-mail address:" in get(server, "/demo/1.0/")[1]


def test_broken_yaml_shows_the_problem_with_file_line_and_column(server: PreviewServer, mini: Path) -> None:
    content, pdf = generations(get(server, "/demo/1.0/")[1])
    (mini / CHAPTER).write_text("kind: chapter\ntitle: [unclosed\nblocks: []\n", encoding="utf-8")
    content = next_event(server, content, pdf, "reload")
    status, page = get(server, "/demo/1.0/")
    assert status == 500
    assert f"<code>{CHAPTER}:2:8</code>: this &#39;[&#39; is not closed" in page
    assert generations(page)[0] == content, "the problems page reloads itself too"
    (mini / CHAPTER).write_text((ROOT / "tests/fixtures/mini" / CHAPTER).read_text(encoding="utf-8"))
    next_event(server, content, pdf, "reload")
    status, page = get(server, "/demo/1.0/")
    assert status == 200 and "An unnumbered paragraph." in page


def test_a_broken_template_shows_its_file_and_line(server: PreviewServer, mini: Path) -> None:
    content, pdf = generations(get(server, "/demo/1.0/")[1])
    replace_once(mini / "templates/chapter.html.j2", "<section", "{% if %}<section")
    next_event(server, content, pdf, "reload")
    status, page = get(server, "/demo/1.0/")
    assert status == 500
    assert "<code>templates/chapter.html.j2:2:1</code>: template error: Expected an expression" in page


def test_the_pdf_is_rebuilt_in_the_background(server: PreviewServer, mini: Path) -> None:
    content, pdf = generations(get(server, "/")[1])
    replace_once(mini / CHAPTER, "An unnumbered paragraph.", "A paragraph that reaches the PDF.")
    while True:  # the first background build (at start) may finish before the one for this edit
        pdf = next_event(server, content, pdf, "pdf")
        status, index = get(server, "/")
        if "being rendered" not in index:
            break
    with urllib.request.urlopen(server.url + "demo/1.0/demo-1.0.pdf", timeout=WAIT) as response:  # noqa: S310
        assert response.headers["Content-Type"] == "application/pdf"
        data = response.read()
    assert data == (mini / "output/demo/1.0/demo-1.0.pdf").read_bytes()
    text = normalise(" ".join(p.extract_text() for p in pypdf.PdfReader(mini / "output/demo/1.0/demo-1.0.pdf").pages))
    assert "A paragraph that reaches the PDF." in text
    assert "A paragraph that reaches the PDF." in (mini / "output/demo/1.0/demo-1.0.html").read_text()
    assert "EventSource" not in (mini / "output/demo/1.0/demo-1.0.html").read_text(), "published pages have no script"


def test_index_and_unknown_pages(server: PreviewServer) -> None:
    status, index = get(server, "/")
    assert status == 200
    assert '<a href="/demo/1.0/">Version 1.0 (April 2020)</a>' in index
    assert get(server, "/demo/9.9/")[0] == 404
    assert get(server, "/demo/9.9/demo-9.9.pdf")[0] == 404


def test_it_listens_on_this_machine_only(server: PreviewServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")


def test_csa_serve_from_the_command_line(mini: Path) -> None:
    command = [sys.executable, "-c", "import sys; from csa.cli import main; main()", "--root", str(mini)]
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen(  # noqa: S603
        [*command, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.fullmatch(r"Previewing at (http://127\.0\.0\.1:\d+/) \(Ctrl\+C to stop\)\n", first)
        assert match, first + (process.stderr.read() if process.poll() is not None and process.stderr else "")
        with urllib.request.urlopen(match[1] + "demo/1.0/", timeout=WAIT) as response:  # noqa: S310
            assert "An unnumbered paragraph." in response.read().decode()
    finally:
        process.terminate()
        assert process.wait(timeout=WAIT) == 0
