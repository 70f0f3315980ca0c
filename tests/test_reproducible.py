"""The same content gives the same bytes, wherever and whenever it is built.

Two copies of the project in different folders are built by two separate
processes that differ in every way the outputs must not depend on: folder,
working directory, hash seed, time zone, and which fonts the machine has
(the second sees none at all).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from .helpers import EMPTY_FONTCONFIG, copy_repository, start_build


def outputs(project: Path) -> dict[str, bytes]:
    out = project / "output"
    # the build cache's record (output/.cache) is bookkeeping, not an output
    files = (p for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.relative_to(out).parts)
    return {str(p.relative_to(out)): p.read_bytes() for p in files}


def test_two_builds_in_different_places_are_byte_identical(kent_built: Path, tmp_path: Path) -> None:
    # the first build is the session's (conftest.kent_built): its own process, hash seed 1, UTC, run in its folder
    first, second = kent_built, copy_repository(tmp_path / "elsewhere" / "b")
    assert first.parent != second.parent
    fontconfig = tmp_path / "no-fonts.conf"
    fontconfig.write_text(EMPTY_FONTCONFIG.format(cache=tmp_path / "fc-cache"))
    build = start_build(
        second, cwd=tmp_path, PYTHONHASHSEED="2", TZ="Pacific/Auckland", FONTCONFIG_FILE=str(fontconfig)
    )
    log, _ = build.communicate(timeout=300)
    assert build.returncode == 0, log

    a, b = outputs(first), outputs(second)
    assert sorted(a) == sorted(b)
    assert {Path(name).suffix for name in a} == {".html", ".pdf", ".docx"}
    assert [name for name in a if a[name] != b[name]] == []

    # Dates inside are the version's own, not the day of the build.
    with pikepdf.open(first / "output/kent-csa/4.0/kent-csa-4.0.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]) == str(pdf.docinfo["/ModDate"]) == "D:20200401000000Z"
