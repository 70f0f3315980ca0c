"""A build that fails while writing leaves every published file as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from csa import atomic
from csa.build.pipeline import build
from csa.project import Project

from .helpers import snapshot

PLANS = "content/demo/versions/1.0/03-plans.yaml"


def fail_on_call(monkeypatch: pytest.MonkeyPatch, failing_call: int) -> list[str]:
    """Make the nth os.replace in csa.atomic raise, as a full disk would; later calls work."""
    real = os.replace
    calls: list[str] = []

    def replace(src: str | Path, dst: str | Path) -> None:
        calls.append(str(dst))
        if len(calls) == failing_call:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    return calls


def test_failure_during_the_write_phase_restores_every_file(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(Project(mini), out)
    before = snapshot(out)
    (mini / PLANS).write_text("kind: appendix\ntitle: Plans changed\nblocks:\n  - numbers: [Changed]\n")
    calls = fail_on_call(monkeypatch, failing_call=2)  # the HTML is replaced, then the PDF fails
    with pytest.raises(OSError, match="No space left"):
        build(Project(mini), out)
    assert len(calls) == 4  # HTML, PDF (fails), then both put back as they were
    assert snapshot(out) == before
    assert not list(out.glob(".building-*"))


def test_failure_removes_files_that_are_new_in_this_build(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(Project(mini), out, formats=["html"])
    before = snapshot(out)
    fail_on_call(monkeypatch, failing_call=1)  # the HTML is unchanged: the new PDF is the only file
    with pytest.raises(OSError):
        build(Project(mini), out, formats=["html", "pdf"])
    assert snapshot(out) == before


def test_replace_all_puts_files_in_place(tmp_path: Path) -> None:
    (tmp_path / "new-a").write_text("A2")
    (tmp_path / "new-b").write_text("B1")
    (tmp_path / "out").mkdir()
    (tmp_path / "out/a").write_text("A1")
    staged = [(tmp_path / "new-a", tmp_path / "out/a"), (tmp_path / "new-b", tmp_path / "out/sub/b")]
    assert atomic.replace_all(staged, tmp_path / "backups") == [tmp_path / "out/a", tmp_path / "out/sub/b"]
    assert snapshot(tmp_path / "out") == {"a": b"A2", "sub/b": b"B1"}
