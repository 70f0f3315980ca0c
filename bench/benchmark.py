#!/usr/bin/env python3
"""How fast the Kent CSA builds, against WeasyPrint alone. Not a test: it prints figures.

    python bench/benchmark.py [--runs 5] [--pages 400] [--only d f h]

Everything runs on a temporary copy of this checkout, so content can be edited
freely. Times are medians over --runs runs; ratios compare figures from this
same run, since the machine's speed varies from hour to hour.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


from csa.build.pipeline import build, load_documents  # noqa: E402
from csa.diff.changelog import version_control_rows  # noqa: E402
from csa.model import Version  # noqa: E402
from csa.project import Project  # noqa: E402
from csa.publish.new_version import new_version  # noqa: E402
from csa.render.env import make_env  # noqa: E402
from csa.render.html import page_styles, part_css, render_html, render_parts, render_print_css  # noqa: E402
from csa.render.pdf import PDF_VARIANT, render_paged_pdf, render_pdf  # noqa: E402

# 2.0 and 4.0 are published and frozen: edits go into a draft, as an editor's would
EDITED = "content/kent-csa/versions/5.0/05-key-achievements.yaml"


@dataclasses.dataclass
class Run:
    seconds: float
    peak_mib: float  # largest resident set of the process or any of its workers
    stdout: str
    cpu: float = 0.0  # user + system seconds of the process and its workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--pages", type=int, default=400, help="size of the largest synthetic document")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=[*"abcdefgh", "docx"],
        help="only these measurements, by letter (docx = e); those compared with a full build measure one first",
    )
    args = parser.parse_args()
    only = {"e" if o == "docx" else o for o in args.only or "abcdefgh"}
    with tempfile.TemporaryDirectory(prefix="csa-bench-") as tmp:
        repo = copy_checkout(Path(tmp) / "repo")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"csa benchmark: {args.runs} runs each, medians; {os.cpu_count()} cores, load average {load}")
        print("(other work on the machine slows every figure and hides the parallel gain)\n")
        if "a" in only:
            pdf_step(repo, args.runs)
        full = 0.0
        if "b" in only:
            full = full_builds(repo, args.runs)
        elif only & set("cdh"):
            full = default_full_build(repo, args.runs)
        if "e" in only:
            docx_cost(repo, args.runs)
        if "c" in only:
            noop(repo, args.runs, full)
        if "d" in only:
            one_paragraph_edit(repo, args.runs, full)
        if "f" in only:
            preview_refresh(repo, args.runs)
        if "h" in only:
            warm_chapter_edit(repo, args.runs, full)
        if "g" in only:
            scaling(repo, args.pages)


def copy_checkout(repo: Path) -> Path:
    """Content and templates copied (they get edited); the code linked, so that build.py runs
    and the build() calls made here are the same code, with the same cache keys."""
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, repo / name)
    (repo / "src").symlink_to(ROOT / "src", target_is_directory=True)
    shutil.copy2(ROOT / "build.py", repo / "build.py")
    # a draft to edit: the published versions are frozen
    document = load_documents(Project(repo))[0]
    new_version(document, repo / "content" / document.id, "5.0", "April 2021")
    return repo


def cli(repo: Path, *args: str) -> Run:
    """Run build.py in a fresh process, as users do.

    Through a small Python that reports its children's peak memory: measured
    directly, a child forked from this (large) process would count our pages too.
    """
    start = time.perf_counter()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PEAK, sys.executable, str(repo / "build.py"), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"build.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    cpu, peak = result.stderr.strip().splitlines()[-2:]
    return Run(seconds, int(peak) / 1024, result.stdout, float(cpu))


PEAK = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime, file=sys.stderr)
print(usage.ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def pdf_step(repo: Path, runs: int) -> tuple[float, float]:
    """(a) WeasyPrint alone on the final 4.0 HTML, against our PDF step on the same HTML, alternated."""
    import weasyprint

    document = load_documents(Project(repo))[0]
    version = document.version("4.0")
    assert version is not None
    html = render_html(make_env(repo / "templates"), document, version, version_control_rows(document, version))
    base = repo / "content/kent-csa/versions/4.0"
    roots = (repo / "content", repo / "templates")

    def alone() -> object:
        return weasyprint.HTML(string=html, base_url=base.as_uri() + "/").write_pdf(pdf_variant=PDF_VARIANT)

    def step() -> object:
        return render_pdf(html, base, roots, "4.0", version.effective)

    env = make_env(repo / "templates")
    rows = version_control_rows(document, version)
    parts = render_parts(env, document, version, rows)
    styles = [page_styles(env), render_print_css(env)]

    def paged() -> object:
        return render_paged_pdf(parts, base, roots, "4.0", version.effective, styles, part_css(env))

    alone(), step(), paged()  # warm up: first use loads fonts
    floor, ours, chapters = [], [], []
    for _ in range(runs):
        floor.append(timed(alone))
        ours.append(timed(step))
        chapters.append(timed(paged))
    a, b, c = median(floor), median(ours), median(chapters)
    print("(a) PDF of 4.0, in one process, from the same HTML")
    print(f"    WeasyPrint alone (HTML(...).write_pdf)   {a:6.2f} s   the floor")
    print(f"    our PDF step, whole document             {b:6.2f} s   {b / a:.2f} x the floor (target <= 1.10)")
    print(f"    our PDF step, chapter by chapter (cold)  {c:6.2f} s   {c / a:.2f} x the floor (csa serve, from cold)\n")
    return a, b


def full_builds(repo: Path, runs: int) -> float:
    """(b) every output of every version, from a fresh process, on one core and on all (runs interleaved)."""
    cores = str(os.cpu_count() or 1)
    measured: dict[str, list[Run]] = {"1": [], cores: []}
    for _ in range(runs):
        for jobs in measured:
            measured[jobs].append(cli(repo, "--force", "--jobs", jobs))
    FULL_CPU.append(median([r.cpu for r in measured[cores]]))
    serial, parallel = (
        (median([r.seconds for r in m]), max(r.peak_mib for r in m)) for m in (measured["1"], measured[cores])
    )
    outputs = len(re.findall(r"^rendered ", measured[cores][0].stdout, re.M))
    print(
        f"(b) full build, {outputs} outputs (3 versions x HTML + PDF + Word, 2 redlines x HTML + PDF), `python build.py --force`"
    )
    print(f"    --jobs 1                               {serial[0]:6.2f} s   peak {serial[1]:5.0f} MiB")
    print(
        f"    --jobs {cores} (the default here)             {parallel[0]:6.2f} s   peak {parallel[1]:5.0f} MiB"
        f" a process   {serial[0] / parallel[0]:.2f} x faster\n"
    )
    return parallel[0]


FULL_CPU: list[float] = []  # CPU seconds of the full builds measured with the default jobs


def default_full_build(repo: Path, runs: int) -> float:
    """A full build as (b) measures it with the default jobs, for the figures compared with it."""
    measured = [cli(repo, "--force") for _ in range(runs)]
    seconds = median([r.seconds for r in measured])
    FULL_CPU.append(median([r.cpu for r in measured]))
    print(f"full build, `python build.py --force` (default jobs)   {seconds:6.2f} s   CPU {FULL_CPU[-1]:6.2f} s\n")
    return seconds


def target(ratio: float, limit: float) -> str:
    return f"(target <= {limit:.0%}: {'met' if ratio <= limit else 'NOT met'})"


def docx_cost(repo: Path, runs: int) -> None:
    """(e) a full build with the Word documents against one without them (runs interleaved)."""
    without: list[Run] = []
    with_docx: list[Run] = []
    for _ in range(runs):
        without.append(cli(repo, "--force", "--format", "html", "--format", "pdf"))
        with_docx.append(cli(repo, "--force"))
    a, b = median([r.seconds for r in without]), median([r.seconds for r in with_docx])
    a_cpu, b_cpu = median([r.cpu for r in without]), median([r.cpu for r in with_docx])
    print("(e) full build with .docx added, `python build.py --force` against `--format html --format pdf`")
    print("                                           without    with .docx   ratio (target <= 1.20)")
    print(f"    wall clock                             {a:6.2f} s   {b:6.2f} s     {b / a:.2f} x")
    print(f"    CPU time (all processes)               {a_cpu:6.2f} s   {b_cpu:6.2f} s     {b_cpu / a_cpu:.2f} x\n")


def noop(repo: Path, runs: int, full: float) -> None:
    """(c) nothing changed: from a fresh process, and inside one (as `csa serve` or a script would)."""
    cli(repo)
    fresh = [cli(repo) for _ in range(runs)]
    python = median([timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True)) for _ in range(runs)])
    assert build(Project(repo), repo / "output") == []  # the same cache as build.py's
    inside = median([timed(lambda: build(Project(repo), repo / "output")) for _ in range(runs)])
    seconds = median([r.seconds for r in fresh])
    assert all("is up to date" in r.stdout for r in fresh)
    print("(c) no-op rebuild (nothing changed)")
    print(f"    `python build.py`                      {seconds:6.3f} s   {seconds / full:5.1%} of a full build")
    print(f"      of which starting Python itself      {python:6.3f} s")
    print(f"    build() in a running process           {inside:6.3f} s   {inside / full:5.1%} of a full build")
    print(f"    peak memory                            {max(r.peak_mib for r in fresh):6.0f} MiB\n")


def one_paragraph_edit(repo: Path, runs: int, full: float) -> None:
    """(d) one paragraph of one chapter of the draft 5.0 edited between builds: only 5.0's outputs
    and its redline against 4.0 read it (the action plan reads the 2.0 it delivers)."""
    chapter = repo / EDITED
    original = chapter.read_text(encoding="utf-8")
    measured, rebuilt = [], set()
    for n in range(runs):
        chapter.write_text(original.replace("paragraph: ", f"paragraph: (edit {n}) ", 1), encoding="utf-8")
        run = cli(repo)
        measured.append(run)
        rebuilt.add(tuple(sorted(re.findall(r"^rendered (\S+)$", run.stdout, re.M))))
    chapter.write_text(original, encoding="utf-8")
    cli(repo)  # back as it was, for the figures after this one
    seconds, cpu = median([r.seconds for r in measured]), median([r.cpu for r in measured])
    print(f"(d) rebuild after a one-paragraph edit to {EDITED.split('versions/')[1]}")
    print(
        f"    `python build.py`                      {seconds:6.2f} s   {seconds / full:5.1%} of a full build {target(seconds / full, 0.20)}"
    )
    if FULL_CPU:
        print(f"    CPU time (all processes)               {cpu:6.2f} s   {cpu / FULL_CPU[-1]:5.1%} of a full build's")
    for names in sorted(rebuilt):
        print(f"    rebuilt ({len(names)} outputs): {', '.join(names)}")
    print(f"    peak memory                            {max(r.peak_mib for r in measured):6.0f} MiB\n")


def warm_chapter_edit(repo: Path, runs: int, full: float) -> None:
    """(h) issue 12: a one-paragraph edit to the updated PDF in a warm process (written parts kept),
    the PDF's parts rendered as csa serve's builds render them."""
    from csa.build.cache import generator_digest
    from csa.render.paged import ChapterLayouts

    chapter = repo / EDITED
    original = chapter.read_text(encoding="utf-8")
    layouts = ChapterLayouts()

    # as csa serve's builds do (pipeline.render_outputs): a new environment each time, its compiled
    # templates kept on disk between builds
    code_version = generator_digest()[:16]

    def pdf() -> bytes:
        document = load_documents(Project(repo))[0]
        version = document.version("5.0")
        assert version is not None
        env = make_env(repo / "templates", code_version)
        rows = version_control_rows(document, version)
        parts = render_parts(env, document, version, rows)
        base, roots = repo / "content/kent-csa/versions/5.0", (repo / "content", repo / "templates")
        styles = [page_styles(env), render_print_css(env)]
        return render_paged_pdf(parts, base, roots, "5.0", version.effective, styles, part_css(env), layouts)

    cpu = time.process_time()
    cold = timed(pdf)
    cold_cpu = time.process_time() - cpu
    warm, warm_cpu, relaid = [], [], set()
    for n in range(runs):
        chapter.write_text(original.replace("paragraph: ", f"paragraph: (warm edit {n}) ", 1), encoding="utf-8")
        cpu = time.process_time()
        warm.append(timed(pdf))
        warm_cpu.append(time.process_time() - cpu)
        relaid.add(", ".join(sorted(set(layouts.relaid))))
    chapter.write_text(original, encoding="utf-8")
    seconds = median(warm)
    print("(h) one-paragraph edit to the updated 5.0 PDF, chapter by chapter, in one process")
    print(f"    cold (every part laid out)             {cold:6.2f} s")
    print(
        f"    warm (written parts kept)              {seconds:6.2f} s   {seconds / cold:5.1%} of cold "
        f"{target(seconds / cold, 0.20)}, {seconds / full:5.1%} of the full build"
    )
    print(
        f"    in CPU time (one thread)               {cold_cpu:6.2f} s cold, {median(warm_cpu):6.2f} s warm: {median(warm_cpu) / cold_cpu:5.1%}"
    )
    for names in sorted(relaid):
        print(f"    laid out again: {names}")
    print()


def preview_refresh(repo: Path, runs: int) -> None:
    """(f) `csa serve`: from saving a one-chapter edit to the new page served (what the browser then reloads)."""
    from csa.serve.preview import Preview

    preview = Preview(Project(repo), repo / "output", log=lambda _: None)
    preview.pdfs.request = lambda: None  # type: ignore[method-assign]  # the page only, not the background PDF
    preview.refresh()
    chapter, page = repo / EDITED, "/" + "/".join(EDITED.split("/")[1:4:2]) + "/"  # /kent-csa/5.0/
    original = chapter.read_text(encoding="utf-8")

    def save_and_serve(n: int) -> tuple[float, float]:
        chapter.write_text(original.replace("paragraph: ", f"paragraph: (edit {n}) ", 1), encoding="utf-8")
        start, cpu = time.perf_counter(), time.process_time()
        preview.refresh([chapter])  # as the file watcher reports the save
        served = preview.respond(page).body
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert f"(edit {n})".encode() in served, "the edit is not in the page served"
        return seconds, cpu

    measured = [save_and_serve(n) for n in range(runs)]
    seconds, cpu = median([m[0] for m in measured]), median([m[1] for m in measured])
    everything = median([timed(preview.refresh) for _ in range(runs)])
    chapter.write_text(original, encoding="utf-8")
    print(f"(f) csa serve: from saving a one-chapter edit to {EDITED.split('versions/')[1]} to its new page served")
    met = "met" if seconds <= 0.10 else "NOT met"
    print(f"    serve re-render after a one-chapter edit {seconds:5.3f} s   (target <= 0.10 s: {met})")
    print(f"      in CPU time (one thread: what it takes on an idle core) {cpu:5.3f} s")
    print(f"    every page re-read and re-rendered     {everything:6.3f} s   (at start, or after a template edit)\n")


def scaling(repo: Path, max_pages: int) -> None:
    """(g) A synthetic long document (4.0's chapters repeated): cost per page should stay flat.

    Each size is laid out and written in a fresh process, by our PDF step and by
    WeasyPrint alone on the same HTML, so each peak is that document's alone and
    the floor is measured in the same run.
    """
    document = load_documents(Project(repo))[0]
    version = document.version("4.0")
    assert version is not None
    env, base, roots = make_env(repo / "templates"), repo / "content/kent-csa/versions/4.0", (repo / "content",)
    print("(g) scaling: 4.0's chapters repeated; each size in a fresh process, ours and WeasyPrint alone")
    print("    pages               layout    write   ms/page  (CPU)    peak")
    rows: list[dict[str, Size]] = []
    copies, pages = 1, 0
    for target in (0, max_pages // 4, max_pages // 2, max_pages):
        if pages:
            copies = max(copies + 1, round(target * copies / pages))  # pages per copy, as last measured
        long = _repeated(version, copies)
        html = render_html(env, document, long, version_control_rows(document, long))
        rows.append({mode: _size(repo, mode, html, base, roots) for mode in ("ours", "alone")})
        pages = rows[-1]["ours"].pages
    _scaling_summary(rows[0], rows[-1])


@dataclasses.dataclass
class Size:
    """One synthetic document laid out and written in a fresh process."""

    pages: int
    layout: float  # wall seconds
    write: float
    cpu: float  # CPU seconds of both stages: steadier than wall time on a busy machine
    peak_mib: float

    def ms_per_page(self, cpu: bool = False) -> float:
        return (self.cpu if cpu else self.layout + self.write) / self.pages * 1000


def _size(repo: Path, mode: str, html: str, base: Path, roots: tuple[Path, ...]) -> Size:
    """Lay out and write `html` in a fresh process (bench/scaling_child.py); prints a row."""
    page = repo / "synthetic.html"
    page.write_text(html, encoding="utf-8")
    child = [sys.executable, str(ROOT / "bench" / "scaling_child.py"), mode, str(page), str(base), *map(str, roots)]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PEAK, *child], capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"scaling_child.py {mode} failed:\n{result.stdout}{result.stderr}")
    figures = json.loads(result.stdout.splitlines()[-1])
    layout, write = figures["layout"], figures["write"]
    peak = int(result.stderr.strip().splitlines()[-1]) / 1024
    size = Size(figures["pages"], layout["wall"], write["wall"], layout["cpu"] + write["cpu"], peak)
    name = "ours" if mode == "ours" else "WeasyPrint"
    print(
        f"    {size.pages:5d}  {name:10}  {size.layout:6.1f} s  {size.write:5.1f} s  {size.ms_per_page():7.0f}"
        f"  ({size.ms_per_page(cpu=True):4.0f})  {size.peak_mib:4.0f} MiB"
    )
    return size


def _scaling_summary(small: dict[str, Size], large: dict[str, Size]) -> None:
    """The two targets of issue 15, with WeasyPrint alone on the same HTML as the floor."""
    ours, alone = large["ours"], large["alone"]

    def growth(mode: str, cpu: bool) -> float:
        return large[mode].ms_per_page(cpu) / small[mode].ms_per_page(cpu)

    print(
        f"    {ours.pages}-page document: peak {ours.peak_mib:.0f} MiB (target <= 400 MiB; WeasyPrint alone"
        f" {alone.peak_mib:.0f} MiB); {ours.ms_per_page():.0f} ms/page = {growth('ours', False):.2f}x the"
        f" {small['ours'].pages}-page case (target <= 1.10x; WeasyPrint alone {growth('alone', False):.2f}x)"
    )
    print(
        f"    in CPU time: {ours.ms_per_page(cpu=True):.0f} ms/page = {growth('ours', True):.2f}x"
        f" (WeasyPrint alone {growth('alone', True):.2f}x)\n"
    )


def _repeated(version: Version, copies: int) -> Version:
    """The version with its chapters `copies` times over, each copy with its own ids (anchors must be unique)."""
    chapters = tuple(
        dataclasses.replace(chapter, id=f"{chapter.id}-{n}") for n in range(copies) for chapter in version.chapters
    )
    return dataclasses.replace(version, chapters=chapters)


if __name__ == "__main__":
    main()
