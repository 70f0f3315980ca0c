"""A .docx's drawings, rasterised once, are kept in the build's cache: the next build after an edit
takes them from there instead of laying each one out again."""

from __future__ import annotations

from pathlib import Path

import pytest

from csa.build.cache import PartFiles
from csa.build.pipeline import load_documents
from csa.diff.changelog import version_control_rows
from csa.project import Project
from csa.render.env import make_env
from csa.word.export import export_docx, images

from .conftest import ROOT


def test_a_docx_takes_its_drawings_from_the_store_and_keeps_only_those(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = load_documents(Project(ROOT))[0]
    version = document.version("4.0")
    assert version is not None
    env, rows = make_env(ROOT / "templates"), version_control_rows(document, version)
    folder = Project(ROOT).version_dir(document.id, version.folder)
    store = PartFiles(tmp_path / "drawings", "salt")
    (tmp_path / "drawings").mkdir()
    (tmp_path / "drawings" / "old-drawing.part").write_bytes(b"a drawing no longer shown")

    with images.drawings_kept_in(store):
        first = export_docx(env, document, version, rows, folder)
    kept = sorted(p.name for p in store.folder.iterdir())
    assert kept and "old-drawing.part" not in kept  # 4.0's priorities diagram and chart, and nothing else

    def no_layout(*_: object) -> bytes:
        raise AssertionError("a kept drawing was laid out again")

    monkeypatch.setattr(images, "_rasterised", no_layout)
    with images.drawings_kept_in(store):
        assert export_docx(env, document, version, rows, folder) == first
    assert sorted(p.name for p in store.folder.iterdir()) == kept
