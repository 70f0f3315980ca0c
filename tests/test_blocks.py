"""The block kinds are declared once (csa.blocks) and every stage finds each kind there.

And the change log names what changed in a drawing: before the registry, the
priorities diagram and charts were missing from the change-log's list of kinds,
so renaming a priority was written up as "minor changes (punctuation, ...)".
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from csa.blocks import BY_KEY, KINDS
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
