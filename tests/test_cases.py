"""The bad-input corpus: every folder in tests/cases/ is one mistake and the exact output it must give.

A case folder mirrors the demo project (tests/fixtures/mini): its files are
copied over the project, then `csa` runs through its real entry point. Optional
`case.toml` keys: `args` (default ["validate"]), `exit` (default 1), `remove`
(project paths to delete) and `pad` ({file, bytes}: grow a file past a size
without keeping a huge file in git). `output.txt` is what the user sees,
stdout then stderr; refresh with `pytest --update-golden` and review the diff.
"""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from csa.cli import main

CASES = Path(__file__).resolve().parent / "cases"
CONTROL_FILES = {"case.toml", "output.txt"}


@dataclass(frozen=True)
class Case:
    folder: Path
    args: list[str] = field(default_factory=lambda: ["validate"])
    exit: int = 1
    remove: list[str] = field(default_factory=list)
    pad: dict[str, object] | None = None

    @classmethod
    def read(cls, folder: Path) -> Case:
        settings = folder / "case.toml"
        options = tomllib.loads(settings.read_text("utf-8")) if settings.is_file() else {}
        return cls(folder, **options)

    def apply(self, project: Path) -> None:
        for path in sorted(self.folder.rglob("*")):
            relative = path.relative_to(self.folder)
            if relative.as_posix() in CONTROL_FILES or (path.is_dir() and not path.is_symlink()):
                continue
            target = project / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            shutil.copy2(path, target, follow_symlinks=False)  # symlinks stay links: some cases are about them
        for name in self.remove:
            (project / name).unlink()
        if self.pad:
            _pad(project / str(self.pad["file"]), int(str(self.pad["bytes"])))


def _pad(path: Path, size: int) -> None:
    line = b"# padding to make the file large\n"
    data = path.read_bytes()
    path.write_bytes(data + line * (1 + (size - len(data)) // len(line)))


def all_cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


def test_the_corpus_is_large_enough() -> None:
    assert len(all_cases()) >= 30


@pytest.mark.parametrize("folder", all_cases(), ids=lambda p: p.name)
def test_case(
    folder: Path,
    mini: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    case = Case.read(folder)
    case.apply(mini)
    monkeypatch.chdir(mini)
    with pytest.raises(SystemExit) as stopped:
        main(case.args)
    seen = capsys.readouterr()
    output = seen.out + seen.err
    expected = folder / "output.txt"
    if request.config.getoption("--update-golden"):
        expected.write_text(output, encoding="utf-8")
    assert (stopped.value.code, output) == (case.exit, expected.read_text("utf-8"))
    assert "Traceback" not in output
