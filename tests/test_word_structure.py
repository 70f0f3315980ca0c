"""The Word round trip's structure: every block kind has its Word parts, and the three jobs stay apart.

Each block kind's Word writer, reader and tracked-change marker are hooks on its registry
entry (csa.blocks.SLOTS), attached by word/export/blocks.py, word/importing/blocks.py and
word/redline/blocks.py. The export and the import share only word/common/, and no module
of word/ imports one that (through others) imports it back.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from csa.blocks import KINDS, SLOTS

WORD = Path(__file__).resolve().parents[1] / "src/csa/word"

# Kinds a slot deliberately leaves out, with why. Empty: every kind is exported, read back and redlined.
NOT_IN_WORD: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("slot", sorted(SLOTS))
def test_every_block_kind_has_its_word_hook(slot: str) -> None:
    importlib.import_module(SLOTS[slot])  # attaches the slot's hooks
    missing = [k.name for k in KINDS if slot not in k.hooks and (slot, k.name) not in NOT_IN_WORD]
    assert missing == [], f"no {slot!r} hook for {missing}: add @implements({slot!r}, kind) in {SLOTS[slot]}"


def test_the_hook_modules_are_the_jobs_own() -> None:
    assert SLOTS == {
        "word.write": "csa.word.export.blocks",
        "word.read": "csa.word.importing.blocks",
        "word.revise": "csa.word.redline.blocks",
        "word.as_model": "csa.word.importing.unchanged",
    }


def module_name(path: Path) -> str:
    parts = path.relative_to(WORD.parents[1]).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in WORD.rglob("*.py")}


def imported(path: Path) -> Iterator[str]:
    """Every csa.word module `path` imports, at its top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            names = [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module for a in node.names
            ]
        else:
            continue
        yield from (name for name in names if name in MODULES)


GRAPH = {name: set(imported(path)) - {name} for name, path in MODULES.items()}


@pytest.mark.parametrize(
    ("job", "other"),
    [
        ("export", "importing"),
        ("importing", "export"),
        ("importing", "redline"),
        ("common", "export"),
        ("common", "importing"),
        ("common", "redline"),
    ],
)
def test_a_word_job_does_not_import_another(job: str, other: str) -> None:
    crossing = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if name.startswith(f"csa.word.{job}")
        for target in targets
        if target.startswith(f"csa.word.{other}")
    )
    assert crossing == []


def reaches(start: str, goal: str) -> bool:
    """Whether `start` imports `goal`, directly or through other modules."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in GRAPH[todo.pop()]:
            if target == goal:
                return True
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return False


def test_the_word_modules_import_no_circle() -> None:
    assert [name for name in GRAPH if reaches(name, name)] == []


def test_the_graph_sees_the_imports() -> None:
    """The checks above read real imports (a parser that found none would pass them all)."""
    assert "csa.word.common.ids" in GRAPH["csa.word.importing.importer"]
    assert "csa.word.export.blocks" in GRAPH["csa.word.redline.document"]
    assert "csa.word.export.plan_blocks" in GRAPH["csa.word.export.blocks"]
