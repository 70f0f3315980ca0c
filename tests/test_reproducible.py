"""The same content gives the same bytes, wherever and whenever it is built.

Two copies of the project in different folders are built by two separate
processes that differ in every way the outputs must not depend on: folder,
working directory, hash seed, time zone, and which fonts the machine has
(the second sees none at all).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf

from .conftest import ROOT

NEEDED = ("build.py", "src", "templates", "content")
EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def copy_project(to: Path) -> Path:
    to.mkdir(parents=True)
    for name in NEEDED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, to / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, to / name)
    return to


def start_build(project: Path, cwd: Path, **env: str) -> subprocess.Popen[str]:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | env
    cmd = [sys.executable, str(project / "build.py"), "--out", str(project / "output")]
    return subprocess.Popen(cmd, cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def outputs(project: Path) -> dict[str, bytes]:
    out = project / "output"
    # the build cache's record (output/.cache) is bookkeeping, not an output
    files = (p for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.relative_to(out).parts)
    return {str(p.relative_to(out)): p.read_bytes() for p in files}


def test_two_builds_in_different_places_are_byte_identical(tmp_path: Path) -> None:
    first, second = copy_project(tmp_path / "a"), copy_project(tmp_path / "elsewhere" / "b")
    fontconfig = tmp_path / "no-fonts.conf"
    fontconfig.write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "fc-cache"))
    builds = [
        start_build(first, cwd=first, PYTHONHASHSEED="1", TZ="UTC"),
        start_build(second, cwd=tmp_path, PYTHONHASHSEED="2", TZ="Pacific/Auckland", FONTCONFIG_FILE=str(fontconfig)),
    ]
    for build in builds:
        log, _ = build.communicate(timeout=300)
        assert build.returncode == 0, log

    a, b = outputs(first), outputs(second)
    assert sorted(a) == sorted(b)
    assert {Path(name).suffix for name in a} == {".html", ".pdf", ".docx"}
    assert [name for name in a if a[name] != b[name]] == []

    # Dates inside are the version's own, not the day of the build.
    with pikepdf.open(first / "output/kent-csa/4.0/kent-csa-4.0.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == str(pdf.docinfo["/ModDate"]) == "D:20200401000000Z"
