"""The tests carry everything they read: a fresh clone with nothing beside it can run them."""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
from pathlib import Path

import pytest

from .conftest import ROOT

TESTS = Path(__file__).resolve().parent
SOURCES = sorted(p for p in TESTS.glob("*.py") if p.name != Path(__file__).name)  # this one shows what it forbids

# Ways a test has reached out of the checkout: the old shared reference folder,
# the folder above the repository root, or three levels up from a file in tests/.
OUTSIDE_PATTERNS = {
    "the shared reference folder (use tests/reference/)": re.compile(r"\bshared[\"'\s/,]+reference\b"),
    "the folder above the repository root": re.compile(r"\bROOT\s*\.\s*parent\b|\bROOT\s*/\s*[\"']\.\."),
    "a parent of the repository root": re.compile(r"\.parents\[[2-9]\]|(\.parent){3}"),
}


def outside_references(source: str) -> list[str]:
    """Each line of `source` that builds a path out of the repository, with the reason."""
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        found += [
            f"{number}: {why}: {line.strip()}" for why, pattern in OUTSIDE_PATTERNS.items() if pattern.search(line)
        ]
    return found


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_no_test_file_reaches_outside_the_repository(path: Path) -> None:
    assert outside_references(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "line",
    [
        'REFERENCE = ROOT.parent / "shared" / "reference"',
        'text = Path("../shared/reference/kent.txt").read_text()',
        'REFERENCE = ROOT / ".." / "shared"',
        "HERE = Path(__file__).resolve().parents[2]",
        "HERE = Path(__file__).parent.parent.parent",
    ],
)
def test_the_check_recognises_a_path_outside_the_repository(line: str) -> None:
    assert outside_references(line) != []


def test_every_path_a_test_module_names_is_inside_the_repository() -> None:
    """However a path is written, the one it names must be in the checkout (links are not followed)."""
    outside = []
    for module in pkgutil.iter_modules([str(TESTS)]):
        names = vars(importlib.import_module(f"{__package__}.{module.name}"))
        paths = {name: Path(os.path.normpath(value)) for name, value in names.items() if isinstance(value, Path)}
        outside += [f"{module.name}.{name} = {path}" for name, path in paths.items() if not path.is_relative_to(ROOT)]
    assert outside == []


def test_the_reference_texts_the_tests_read_are_in_the_repository() -> None:
    assert (TESTS / "reference" / "kent-csa-4.0-2020-04.txt").is_file()
    assert "Open Government Licence v3.0" in (TESTS / "reference" / "README.md").read_text(encoding="utf-8")
