"""The block kinds are declared once (csa.blocks) and every stage finds each kind there.

And the change log names what changed in a drawing: before the registry, the
priorities diagram and charts were missing from the change-log's list of kinds,
so renaming a priority was written up as "minor changes (punctuation, ...)".
"""

from __future__ import annotations

import ast
import importlib
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from csa.blocks import BY_KEY, BY_NAME, KINDS, SLOTS
from csa.build.pipeline import Project, load_documents
from csa.content.schema import load_schema
from csa.diff.changelog import generated_row, row_for
from csa.diff.compare import compare_versions
from csa.model import Block, BlockType
from csa.render.env import make_env

from .conftest import ROOT


def test_every_model_block_has_one_kind() -> None:
    assert {k.model for k in KINDS} == set(typing.get_args(Block))
    assert [k.name for k in KINDS] == list(typing.get_args(BlockType))
    for kind in KINDS:
        assert kind.model.__dataclass_fields__["type"].default == kind.name


def test_the_schema_accepts_exactly_the_kinds_keys() -> None:
    block = load_schema("chapter")["$defs"]["block"]
    assert set(block["properties"]) == set(BY_KEY) | {"id"}
    assert [one["required"] for one in block["oneOf"]] == [[key] for key in BY_KEY]


def test_every_kind_has_a_template_macro() -> None:
    macros = make_env(ROOT / "templates").get_template("macros/blocks.html.j2").module
    missing = [k.name for k in KINDS if not callable(getattr(macros, k.name, None))]
    assert missing == []


def test_every_stage_finds_every_kind_in_the_registry() -> None:
    defs = load_schema("chapter")["$defs"]
    redline = make_env(ROOT / "templates").get_template("redline/macros.html.j2").module
    missing = []
    for kind in KINDS:
        if not all(BY_KEY[key] is kind for key in kind.keys) or not callable(kind.read):
            missing.append(f"{kind.name}: reader")
        if kind.schema not in defs:
            missing.append(f"{kind.name}: schema definition {kind.schema!r}")
        if not kind.noun or (kind.parts_noun is not None and kind.pair is None):
            missing.append(f"{kind.name}: change-log noun (and, described by its parts, a pairing of them)")
        # a revised block is marked by its redline macro, or (drawings) described in words
        if not callable(getattr(redline, kind.redline_macro, None)) and kind.describe is None:
            missing.append(f"{kind.name}: redline macro {kind.redline_macro!r}")
    assert missing == []


def test_every_kind_in_the_project_is_read_and_compared_through_its_entry() -> None:
    blocks = [b for d in load_documents(Project(ROOT)) for v in d.versions for c in v.chapters for b in c.blocks]
    for block in blocks:
        kind = BY_NAME[block.type]
        assert isinstance(block, kind.model)
        assert all(isinstance(text, str) for text in kind.texts(block))
        assert not kind.compare(block, block, False, block.id).changed, block.id
    # the project holds every kind but the figure (whose reading tests/cases check)
    assert {b.type for b in blocks} >= {k.name for k in KINDS} - {"figure"}


@pytest.mark.parametrize("slot", sorted(SLOTS))
def test_every_kind_has_every_part_the_stages_above_attach(slot: str) -> None:
    module = SLOTS[slot]
    if not (ROOT / "src" / (module.replace(".", "/") + ".py")).is_file():
        pytest.skip(f"{module} is not written yet")
    importlib.import_module(module)
    assert [k.name for k in KINDS if slot not in k.hooks] == []


# -- no chain over kinds outside the registry -------------------------------------------------

MODEL_CLASSES = {cls.__name__ for cls in typing.get_args(Block)}
KIND_NAMES = set(typing.get_args(BlockType))

# (file under src/csa, the expression) -> why it is not a chain over block kinds
NOT_BLOCK_KINDS: dict[tuple[str, str], str] = {
    (
        "content/references.py",
        "mention.kind == 'paragraph'",
    ): "a hand-typed number's kind: chapter, appendix, paragraph",
    (
        "word/importing/parts.py",
        "style.get(w('type')) == 'paragraph'",
    ): "a Word style's type (paragraph or character style)",
    (
        "word/importing/parts.py",
        "s.get(w('type')) == 'paragraph'",
    ): "a Word style's type (paragraph or character style)",
    # The export bookmarks each block with its kind; a kind's own reader looks for its bookmark.
    ("word/importing/blocks.py", "a.kind == 'list'"): "the list reader finds the bookmark that starts a list",
    ("word/importing/blocks.py", "a.kind == 'note'"): "the note reader finds the bookmark that starts a note",
    (
        "word/importing/body.py",
        "a.kind == 'signature'",
    ): "a signature is known by its bookmark (it has no style of its own)",
}
# Files whose chains are still to be replaced by per-kind hooks (none left): remove each
# once it is gone (the test says so).
PENDING_FILES: dict[str, str] = {}


def _classes(node: ast.expr) -> set[str]:
    if isinstance(node, ast.Name):
        return {node.id} & MODEL_CLASSES
    if isinstance(node, ast.Attribute):
        return {node.attr} & MODEL_CLASSES
    if isinstance(node, ast.Tuple):
        return set().union(*(_classes(e) for e in node.elts))
    if isinstance(node, ast.BinOp):
        return _classes(node.left) | _classes(node.right)
    return set()


def _strings(node: ast.expr) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return set().union(*(_strings(e) for e in node.elts))
    return set()


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's own body, not of the functions defined inside it."""
    for child in ast.iter_child_nodes(function):
        if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield child
            yield from _own_nodes(child)


def kind_chains(source: str) -> Iterator[tuple[int, str]]:
    """(line, expression) of each isinstance test over two or more block classes in one function
    (or over a union of them), and of each comparison with a block kind's name."""
    tree = ast.parse(source)
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        tests = [
            n
            for n in _own_nodes(function)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "isinstance"
        ]
        classes = [(n, _classes(n.args[1])) for n in tests if len(n.args) == 2]
        if len(set().union(*(c for _, c in classes))) >= 2:
            first = next(n for n, c in classes if c)
            yield first.lineno, ast.unparse(first)
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(
            _strings(side) & KIND_NAMES for side in [node.left, *node.comparators]
        ):
            yield node.lineno, ast.unparse(node)


def test_chains_over_kinds_are_found() -> None:
    source = (
        "def words(block):\n"
        "    if isinstance(block, Paragraph):\n        return 1\n"
        "    if isinstance(block, Table | Figure):\n        return 2\n"
        "def one(block):\n    return isinstance(block, Heading)\n"
        "def named(kind):\n    return kind.name == 'heading'\n"
    )
    assert list(kind_chains(source)) == [(2, "isinstance(block, Paragraph)"), (9, "kind.name == 'heading'")]


def test_no_chain_over_block_kinds_outside_the_registry() -> None:
    src = ROOT / "src" / "csa"
    found, allowed, pending = [], set(), set()
    for path in sorted(src.rglob("*.py")):
        name = path.relative_to(src).as_posix()
        if name.startswith("blocks/"):
            continue
        for line, expression in kind_chains(path.read_text(encoding="utf-8")):
            if (name, expression) in NOT_BLOCK_KINDS:
                allowed.add((name, expression))
            elif name in PENDING_FILES:
                pending.add(name)
            else:
                found.append(f"src/csa/{name}:{line}: {expression}")
    assert found == []
    assert set(NOT_BLOCK_KINDS) - allowed == set(), "no longer found: remove from NOT_BLOCK_KINDS"
    assert set(PENDING_FILES) - pending == set(), "no chain left: remove from PENDING_FILES"


# -- no per-kind table outside the registry ---------------------------------------------------

# (file under src/csa, the dict's name) -> why its keys are not block kinds
NOT_KEYED_BY_KINDS: dict[tuple[str, str], str] = {
    ("word/importing/blocks.py", "NOTE_STYLES"): "Word style names, one of which is 'note'",
}


def kind_tables(source: str) -> Iterator[tuple[int, str]]:
    """(line, name) of each module-level dict with a block kind's name as a key: `{"plan_link": ...}` or
    `dict(plan_link=...)`, a second registry where the kind's entry should hold the thing."""
    for node in ast.parse(source).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        name = ", ".join(ast.unparse(t) for t in targets)
        value = node.value
        keys: set[str] = set()
        if isinstance(value, ast.Dict):
            keys = {k.value for k in value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
            keys = {k.arg for k in value.keywords if k.arg}
        if keys & KIND_NAMES:
            yield node.lineno, name


def test_tables_keyed_by_kinds_are_found() -> None:
    source = (
        "READS: dict[str, int] = {'plan_link': 1, 'plan_progress': 2}\n"
        "STYLES = {'quote': 1}\n"
        "WRITERS = dict(paragraph=1)\n"
        "def f():\n    local = {'table': 1}\n"
    )
    assert list(kind_tables(source)) == [(1, "READS"), (3, "WRITERS")]


def test_no_module_level_table_keyed_by_kind_names_outside_the_registry() -> None:
    """Per-kind things live on the kind's entry (csa.blocks.kind.BlockKind): a field, or a hook a stage
    attaches with @implements, never a dict from kind names in another module."""
    src = ROOT / "src" / "csa"
    found, allowed = [], set()
    for path in sorted(src.rglob("*.py")):
        name = path.relative_to(src).as_posix()
        if name.startswith("blocks/"):
            continue
        for line, table in kind_tables(path.read_text(encoding="utf-8")):
            if (name, table) in NOT_KEYED_BY_KINDS:
                allowed.add((name, table))
            else:
                found.append(f"src/csa/{name}:{line}: {table}")
    assert found == []
    assert set(NOT_KEYED_BY_KINDS) - allowed == set(), "no longer found: remove from NOT_KEYED_BY_KINDS"


def test_each_live_kind_declares_what_it_reads_from_its_plan() -> None:
    live = {k.name for k in KINDS if k.read_plan is not None}
    assert live == {"plan_progress", "focus_indicators", "agreement_priorities", "plan_link"}


# -- the change log of a draft whose drawings changed ---------------------------------------

DIAGRAM_FILE = "06-county-priorities.yaml"
CHART_TABLE_FILE = "10-strategic-assessments.yaml"


def change(root: Path, name: str, edit: Callable[[dict[str, Any]], None]) -> None:
    path = root / "content/kent-csa/versions/5.0" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def block_of(data: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(b[key] for b in data["blocks"] if key in b)
    return found


def entries(root: Path) -> list[str]:
    document = next(d for d in load_documents(Project(root)) if d.id == "kent-csa")
    row = row_for(document, document.version("5.0"))  # type: ignore[arg-type]
    assert row is not None and row.generated
    return list(row.changes[1:])  # after "Refreshed ..." and the date line


def test_a_renamed_priority_and_a_new_theme_are_named(draft: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        diagram = block_of(data, "diagram")
        diagram["priorities"][2]["name"] = "Substance Misuse and Addiction"  # its id stays substance-misuse
        diagram["themes"].append("Tackling cyber crime")

    change(draft, DIAGRAM_FILE, edit)
    assert (
        "Ch.6 - priorities diagram updated ('Substance Misuse' renamed 'Substance Misuse and Addiction'; "
        "theme 'Tackling cyber crime' added)" in entries(draft)
    )


def test_a_removed_priority_and_revised_includes_are_named(draft: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        priorities = block_of(data, "diagram")["priorities"]
        del priorities[5]  # Road Safety
        priorities[3]["includes"] += ", Fraud"

    change(draft, DIAGRAM_FILE, edit)
    # the leads table names Road Safety by id: its row goes too, else the id names nothing
    change(draft, "07-leads.yaml", lambda data: block_of(data, "table")["rows"].pop(5))
    assert (
        "Ch.6 - priorities diagram updated ('Safeguarding Vulnerable People' includes revised; "
        "priority 'Road Safety' removed)"
    ) in entries(draft)


def test_a_changed_chart_value_is_named(draft: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        table = next(b for b in data["blocks"] if b.get("id") == "csp-priorities")["table"]
        table["rows"][0][1] = int(str(table["rows"][0][1]).replace(",", "")) + 1
        block_of(data, "chart")["caption"] = "Priorities named by the district partnerships"

    change(draft, CHART_TABLE_FILE, edit)
    (entry,) = [e for e in entries(draft) if e.startswith("Appendix A")]
    assert "chart of " in entry and "value changed" in entry and "caption revised" in entry
    assert "minor changes" not in entry


def test_the_real_2_0_to_4_0_row_names_what_changed_in_the_diagram() -> None:
    document = next(d for d in load_documents(Project(ROOT)) if d.id == "kent-csa")
    old, new = document.version("2.0"), document.version("4.0")
    assert old is not None and new is not None
    row = generated_row(document, compare_versions(old, new))
    (chapter_6,) = [e for e in row.changes if e.startswith("Ch.6 - ")]
    assert chapter_6.endswith(
        "priorities diagram moved and updated ('Serious and Organised Crime' renamed "
        "'Serious Violence & Organised Crime'; 'Safeguarding Vulnerable People', 'Preventing Extremism & Hate' "
        "includes revised; 'Support Mental Health Wellbeing' renamed 'Support mental health and wellbeing'; "
        "caption revised)"
    )
    assert "note" not in chapter_6  # the note's bullets are copied from the diagram: one entry, the diagram's
