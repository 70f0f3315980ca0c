"""The stages import downwards only, and no module imports itself round a circle.

The layers are declared once, lowest first. A module may import from its own layer or any
layer below; an import from a higher layer, at the top of a file, inside a function or
under `if TYPE_CHECKING:`, fails with the file, line and what it imports. So the block
registry stays below every stage that consults it, and helpers shared by several stages
live below all of them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .conftest import ROOT

SRC = ROOT / "src"

# Lowest first. A module belongs to the layer of the longest prefix naming it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("csa", "csa.errors", "csa.inline", "csa.project", "csa.nodes", "csa.dates", "csa.atomic"),
    ("csa.model",),
    ("csa.textdiff",),  # word diffs, alignment and compared pairs: what the differ texts are built from
    ("csa.blocks",),  # the registry: one declaration per block kind
    ("csa.content",),  # load, validate, references, drawings
    ("csa.diff",),  # compare versions, change log, redline
    ("csa.render",),  # templates, HTML, PDF, diagrams
    ("csa.word",),  # Word export, redline and import
    ("csa.build", "csa.publish", "csa.serve"),  # orchestrate several outputs and commands' work
    ("csa.cli", "csa.__main__"),
)

# Circles still to break, each with the reason it is allowed for now. Keep this short.
KNOWN_CIRCLES: dict[frozenset[str], str] = {}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    file: Path
    line: int

    def __str__(self) -> str:
        return f"{self.file.relative_to(ROOT)}:{self.line}: {self.importer} imports {self.imported}"


def module_files() -> dict[str, tuple[Path, bool]]:
    """Every module under src/ by dotted name, with whether it is a package's __init__."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts.pop()
        found[".".join(parts)] = (path, package)
    return found


def imports_of(name: str, path: Path, package: bool, modules: set[str], source: str | None = None) -> Iterator[Import]:
    """Every import of a csa module anywhere in the file (functions and TYPE_CHECKING blocks too)."""
    text = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(text, str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if package else name.split(".")[:-1]
                here = here[: len(here) - node.level + 1]
                base = ".".join([*here, base] if base else here)
            # `from csa.blocks import read` imports the module csa.blocks.read
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for target in targets:
            if target == "csa" or target.startswith("csa."):
                yield Import(name, target, path, node.lineno)


def all_imports() -> list[Import]:
    files = module_files()
    return [i for name, (path, package) in files.items() for i in imports_of(name, path, package, set(files))]


def layer_of(module: str) -> int:
    matches = [
        (len(prefix), index)
        for index, layer in enumerate(LAYERS)
        for prefix in layer
        if module == prefix or module.startswith(prefix + ".")
    ]
    longest = max(matches)
    return longest[1]


def test_every_module_has_a_layer_below_the_command_line() -> None:
    # "csa" matches every module; a new top-level module must be placed on purpose
    top_level = {name for name in module_files() if name.count(".") == 1}
    placed = {prefix for layer in LAYERS for prefix in layer}
    assert sorted(top_level - placed) == []


def test_no_import_climbs_to_a_higher_layer() -> None:
    climbing = [str(i) for i in all_imports() if layer_of(i.imported) > layer_of(i.importer)]
    assert climbing == []


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_circles_are_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle() -> None:
    edges: dict[str, set[str]] = {}
    for i in all_imports():
        edges.setdefault(i.importer, set()).add(i.imported)
    found = circles(edges)
    unexpected = [c for c in found if frozenset(c) not in KNOWN_CIRCLES]
    lines = [str(i) for c in unexpected for i in all_imports() if i.importer in c and i.imported in c]
    assert lines == []
    broken = [sorted(c) for c in KNOWN_CIRCLES if sorted(c) not in found]
    assert broken == [], "these circles are gone: remove them from KNOWN_CIRCLES"


def test_a_climbing_import_is_named() -> None:
    # the check itself: a block module importing a stage above the registry is caught, by line
    source = "from csa.model import Block\n\ndef f():\n    from csa.render.env import make_env\n"
    path = SRC / "csa" / "blocks" / "example.py"
    found = imports_of("csa.blocks.example", path, False, set(module_files()), source)
    assert [(i.imported, i.line) for i in found if layer_of(i.imported) > layer_of(i.importer)] == [
        ("csa.render.env", 4)
    ]
