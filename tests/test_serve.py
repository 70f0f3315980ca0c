"""`csa serve`: the preview follows edits, reloads itself, shows problems and keeps the PDF current."""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pytest

from csa.build.pipeline import load_documents
from csa.project import Project
from csa.publish.new_version import new_version
from csa.serve.preview import BackgroundBuild, Preview
from csa.serve.server import PreviewServer

from .conftest import PLAN, ROOT, copy_project, normalise
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
    replace_once(mini / "templates/back-page.html.j2", '<p class="licence">', '<p class="licence" data-edited>')
    next_event(server, content, pdf, "reload")
    assert '<p class="licence" data-edited>' in get(server, "/demo/1.0/")[1]


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
    """The socket really bound, not the address the server says: loopback 127.0.0.1 on the port it reports."""
    port = urlsplit(server.url).port
    assert port and server.url == f"http://127.0.0.1:{port}/"
    assert server.httpd.socket.getsockname() == ("127.0.0.1", port)
    socket.create_connection(("127.0.0.1", port), timeout=WAIT).close()
    # 127.0.1.1 is this machine too, but another address: a server bound to all interfaces would answer there
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.1.1", port), timeout=WAIT).close()


def test_csa_serve_from_the_command_line(mini: Path) -> None:
    process, url = start_serve(mini)
    try:
        with urllib.request.urlopen(url + "demo/1.0/", timeout=WAIT) as response:  # noqa: S310
            assert "An unnumbered paragraph." in response.read().decode()
    finally:
        process.terminate()
        assert process.wait(timeout=WAIT) == 0


@pytest.fixture
def kent(tmp_path: Path) -> Path:
    """A copy of the real content and templates: big enough that a PDF build takes seconds."""
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def start_serve(root: Path) -> tuple[subprocess.Popen[str], str]:
    """`csa serve --port 0` in its own process, and the address it says it serves at."""
    command = [sys.executable, "-c", "import sys; from csa.cli import main; main()", "--root", str(root)]
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen(  # noqa: S603
        [*command, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    match = re.fullmatch(r"Previewing at (http://127\.0\.0\.1:\d+/) \(Ctrl\+C to stop\)\n", first)
    if not match:
        process.kill()
        raise AssertionError(first + process.communicate()[1])
    return process, match[1]


def wait_for_pdf_status(url: str, status: str) -> None:
    deadline = time.monotonic() + WAIT
    while f"PDF: {status}." not in urllib.request.urlopen(url, timeout=WAIT).read().decode():  # noqa: S310
        assert time.monotonic() < deadline, f"the index never said the PDF is {status}"
        time.sleep(0.1)


def leftovers(out: Path) -> list[str]:
    """Files in `out` that are not complete outputs: temporary files, half-written PDFs."""
    found = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        name = path.relative_to(out).as_posix()
        hidden = "/." in "/" + name  # temporary files and folders start with a dot
        data = path.read_bytes()
        complete = data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") if path.suffix == ".pdf" else True
        if name != ".cache/csa-build.json" and (hidden or path.suffix not in (".html", ".pdf") or not complete):
            found.append(name)
    return found


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_csa_serve_stops_promptly_while_a_pdf_is_being_built(kent: Path, stop: signal.Signals) -> None:
    process, url = start_serve(kent)
    try:
        wait_for_pdf_status(url, "being rendered")
        time.sleep(0.5)  # well into the build of the Kent PDFs, which takes several seconds
        process.send_signal(stop)
        sent = time.monotonic()
        code = process.wait(timeout=WAIT)
        stopped_after = time.monotonic() - sent
    finally:
        process.kill()
        _, errors = process.communicate()
    assert code == 0, errors
    assert stopped_after < 3, f"stopped {stopped_after:.1f} s after the signal (target 2 s)"
    assert "Traceback" not in errors
    assert leftovers(kent / "output") == []


KENT_VERSIONS = "content/kent-csa/versions"
ACHIEVEMENTS = "05-key-achievements.yaml"
SAME_IN_BOTH = "Some of the progress and key achievements include:"  # a paragraph of 2.0 and 4.0 alike


def as_draft(root: Path, version: str) -> None:
    """Make a published (frozen) version of the copy a draft again, so that it can be edited."""
    meta = root / KENT_VERSIONS / version / "version.yaml"
    meta.write_text(meta.read_text().split("frozen:")[0].replace("status: published", "status: draft"))


def without_generations(page: str) -> str:
    return re.sub(r"/events\?content=\d+&pdf=\d+", "", page)


def kent_preview(kent: Path, monkeypatch: pytest.MonkeyPatch) -> PreviewServer:
    """The preview of the Kent CSA with 4.0 editable; pages only (no background PDF build)."""
    monkeypatch.setattr(BackgroundBuild, "request", lambda _: None)
    as_draft(kent, "4.0")
    return PreviewServer(Project(kent), kent / "output", port=0, log=lambda _: None)


@pytest.fixture
def kent_server(kent: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PreviewServer]:
    with kent_preview(kent, monkeypatch) as running:
        yield running


def test_an_edit_to_one_version_reaches_its_page_and_leaves_the_others(kent_server: PreviewServer, kent: Path) -> None:
    earlier = get(kent_server, "/kent-csa/2.0/")[1]
    content, pdf = generations(get(kent_server, "/kent-csa/4.0/")[1])
    replace_once(kent / KENT_VERSIONS / "4.0" / ACHIEVEMENTS, SAME_IN_BOTH, "Achievements edited while previewing:")
    content = next_event(kent_server, content, pdf, "reload")
    status, page = get(kent_server, "/kent-csa/4.0/")
    assert status == 200 and "Achievements edited while previewing:" in page
    status, unchanged = get(kent_server, "/kent-csa/2.0/")
    assert status == 200 and without_generations(unchanged) == without_generations(earlier)
    assert generations(unchanged)[0] == content, "a page kept as it was still knows what the preview shows"


def test_an_edit_reaches_the_pages_that_compare_with_its_version(kent: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new_version(load_documents(Project(kent))[0], kent / "content/kent-csa", "5.0", "April 2021")
    with kent_preview(kent, monkeypatch) as server:
        earlier = get(server, "/kent-csa/5.0/")[1]
        content, pdf = generations(earlier)
        replace_once(kent / KENT_VERSIONS / "4.0" / ACHIEVEMENTS, SAME_IN_BOTH, "Achievements as 4.0 had them:")
        next_event(server, content, pdf, "reload")
        assert "Achievements as 4.0 had them:" in get(server, "/kent-csa/4.0/")[1]
        status, page = get(server, "/kent-csa/5.0/")
    assert status == 200
    row = "Ch.5 - 1 paragraph added; 1 paragraph removed"
    assert row not in earlier and row in page, "5.0's version-control row is written from its differences with 4.0"


def test_a_problem_in_the_edited_chapter_shows_with_file_line_and_column(
    kent_server: PreviewServer, kent: Path
) -> None:
    content, pdf = generations(get(kent_server, "/kent-csa/4.0/")[1])
    chapter = kent / KENT_VERSIONS / "4.0" / ACHIEVEMENTS
    replace_once(chapter, f'  - paragraph: "{SAME_IN_BOTH}"', f'  - paragraph: "{SAME_IN_BOTH}"\n  - paragrap: "typo"')
    content = next_event(kent_server, content, pdf, "reload")
    status, page = get(kent_server, "/kent-csa/4.0/")
    assert status == 500
    assert (
        f"<code>{KENT_VERSIONS}/4.0/{ACHIEVEMENTS}:6:5</code>: unknown key &#39;paragrap&#39; in &#39;blocks[3]&#39;"
        in page
    )
    replace_once(chapter, '  - paragrap: "typo"', '  - paragraph: "fixed"')
    next_event(kent_server, content, pdf, "reload")
    status, page = get(kent_server, "/kent-csa/4.0/")
    assert status == 200 and "fixed" in page


def test_an_edit_to_the_agreement_reaches_the_action_plan_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An action plan prints its priorities' leads from the agreement: editing the leads re-renders the plan."""
    plan = copy_project(PLAN, tmp_path / "plan")
    monkeypatch.setattr(BackgroundBuild, "request", lambda _: None)
    with PreviewServer(Project(plan), plan / "output", port=0, log=lambda _: None) as server:
        content, pdf = generations(get(server, "/vale-csa-action-plan/2023-24/")[1])
        leads = plan / "content/vale-csa/versions/1.0/02-leads.yaml"
        replace_once(leads, "Road Safety Manager, Vale County Council", "Head of Roads, Vale County Council")
        next_event(server, content, pdf, "reload")
        status, page = get(server, "/vale-csa-action-plan/2023-24/")
    assert status == 200 and "Head of Roads, Vale County Council" in page


def test_the_build_line_says_what_was_rebuilt_and_what_was_reused(pair: Path) -> None:
    """The preview's log line after each background build: the PDFs rebuilt, the outputs reused, and "up to
    date" only when nothing was rebuilt."""
    logged: list[str] = []
    preview = Preview(Project(pair), pair / "output", logged.append)
    preview.pdf_built(preview.pdfs._build())
    preview.pdf_built(preview.pdfs._build())
    replace_once(pair / "content/demo/versions/2.0/01-introduction.yaml", "An unnumbered", "An edited")
    preview.pdf_built(preview.pdfs._build())
    assert logged == [
        "PDF: rebuilt demo/1.0/demo-1.0.pdf, demo/2.0/demo-2.0.pdf, demo/2.0/demo-2.0-changes-since-1.0.pdf and 6"
        " other output(s), reused 0 unchanged, in output",
        "PDF: up to date: nothing changed, 9 output(s) in output reused",
        "PDF: rebuilt demo/2.0/demo-2.0.pdf, demo/2.0/demo-2.0-changes-since-1.0.pdf and 4 other output(s), reused 3"
        " unchanged, in output",
    ]
