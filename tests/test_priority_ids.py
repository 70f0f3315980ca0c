"""Priorities and themes have ids (issue 17): table cells name them, the differ pairs them, other documents read them.

The Kent leads table names each priority by id, so renaming a priority in the
diagram renames its row, and the action plan finds each priority's lead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner

from csa.build.pipeline import Project, build, load_documents
from csa.cli import cli
from csa.model import Diagram, PriorityInfo, Version

from .conftest import ROOT
from .helpers import DEMO_1
from .test_blocks import DIAGRAM_FILE, block_of, change, entries

LEADS_FILE = "07-leads.yaml"

PLANS = f"{DEMO_1}/03-plans.yaml"
LEADS = f"{DEMO_1}/02-leads.yaml"
KENT_IDS = [
    "domestic-abuse",
    "anti-social-behaviour",
    "substance-misuse",
    "safeguarding-vulnerable-people",
    "serious-organised-crime",
    "road-safety",
    "preventing-extremism-hate",
]
KENT_THEME_IDS = ["early-intervention", "reducing-reoffending", "quality-of-life", "mental-health"]


def kent(number: str) -> Version:
    document = next(d for d in load_documents(Project(ROOT)) if d.id == "kent-csa")
    version = document.version(number)
    assert version is not None
    return version


# -- Version.priorities() --------------------------------------------------------------


def test_kent_4_0_has_seven_priorities_and_four_themes_with_their_leads() -> None:
    found = kent("4.0").priorities()
    assert [(p.id, p.kind) for p in found] == [
        *((i, "priority") for i in KENT_IDS),
        *((i, "theme") for i in KENT_THEME_IDS),
    ]
    by_id = {p.id: p for p in found}
    assert by_id["road-safety"] == PriorityInfo(
        "road-safety",
        "Road Safety",
        "priority",
        "Director Operations, Kent Fire and Rescue Service; and Head of Transportation, Kent County Council",
    )
    # the diagram's name, though the leads table prints it as published ("Serious and Organised Crime")
    assert by_id["serious-organised-crime"].name == "Serious Violence & Organised Crime"
    assert by_id["serious-organised-crime"].lead == "Head of Serious Crime Command, Kent Police"
    assert by_id["mental-health"] == PriorityInfo("mental-health", "Support mental health and wellbeing", "theme", None)


def test_a_priority_keeps_its_id_across_versions_when_renamed() -> None:
    old, new = kent("2.0").priorities(), kent("4.0").priorities()
    assert [p.id for p in old] == [p.id for p in new]
    assert {p.id: p.name for p in old}["serious-organised-crime"] == "Serious and Organised Crime"
    assert {p.id: p.lead for p in old}["anti-social-behaviour"] == (
        "Head of Public Protection and Partnership Command, Kent Police"
    )


# -- reading ids, and cells naming priorities -------------------------------------------


def plans(priorities: str, themes: str = "[{id: early, name: Early intervention}]") -> str:
    return (
        "kind: appendix\ntitle: Plans\nblocks:\n  - id: diagram\n    diagram:\n"
        f"      priorities: {priorities}\n      themes: {themes}\n"
    )


def leads(first: str, second: str = "Road Safety") -> str:
    return (
        "kind: chapter\ntitle: Leads\nblocks:\n  - table:\n      header: [Priority, Lead]\n      rows:\n"
        f"        - [{first}, Chair of the Executive Group]\n"
        f"        - [{second}, Director of Operations]\n"
    )


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")


def demo_version(root: Path) -> Version:
    return load_documents(Project(root))[0].versions[0]


def test_plain_names_get_their_words_as_ids_and_explicit_ids_are_kept(mini: Path) -> None:
    write(
        mini, {PLANS: plans('[Road Safety, {name: "Domestic *Abuse*"}, {id: asb, name: ASB}]', "[Early intervention]")}
    )
    diagram = next(b for c in demo_version(mini).chapters for b in c.blocks if isinstance(b, Diagram))
    assert [p.id for p in diagram.priorities] == ["road-safety", "domestic-abuse", "asb"]
    assert [(t.id, t.name) for t in diagram.themes] == [("early-intervention", "Early intervention")]


def test_a_cell_prints_the_priority_name_or_its_own_words_and_its_row_takes_the_priority_id(mini: Path) -> None:
    write(
        mini,
        {
            PLANS: plans("[{id: da, name: Domestic Abuse}, {id: roads, name: Safer Roads}]"),
            LEADS: leads("{priority: da}", '{priority: roads, text: "Road Safety"}'),
        },
    )
    version = demo_version(mini)
    assert [(p.id, p.kind, p.lead) for p in version.priorities()] == [
        ("da", "priority", "Chair of the Executive Group"),
        ("roads", "priority", "Director of Operations"),
        ("early", "theme", None),
    ]
    build(Project(mini), mini / "output", formats=["html"])
    page = lxml.html.fromstring((mini / "output/demo/1.0/demo-1.0.html").read_bytes())
    rows = page.get_element_by_id("leads-1").xpath("tbody/tr")
    assert [(r.get("id"), [c.text_content() for c in r]) for r in rows] == [
        ("leads-1-da", ["Domestic Abuse", "Chair of the Executive Group"]),
        ("leads-1-roads", ["Road Safety", "Director of Operations"]),
    ]


MISTAKES = [
    (
        "unknown id in a cell",
        {PLANS: plans("[{id: road-safety, name: Road Safety}]"), LEADS: leads("{priority: road-safty}")},
        f"{LEADS}:7:23: table cell names priority 'road-safty', but no priority or theme has that id in "
        "this version's priorities diagram (did you mean 'road-safety'?)",
    ),
    (
        "id in a cell, no diagram",
        {LEADS: leads("{priority: road-safety}")},
        f"{LEADS}:7:23: table cell names priority 'road-safety', but no priority or theme has that id in "
        "this version, which has no priorities diagram",
    ),
    (
        "id given twice",
        {PLANS: plans("[Road Safety, {id: road-safety, name: Preventing Extremism & Hate}]")},
        f"{PLANS}:6:38: id 'road-safety' is also the id of 'Road Safety' at {PLANS}:6:20 "
        "(each priority and theme of a diagram needs its own id) (did you mean 'preventing-extremism-hate'?)",
    ),
    (
        "theme named like a priority",
        {PLANS: plans("[Road Safety]", "[Road safety]")},
        f"{PLANS}:7:16: id 'road-safety' is also the id of 'Road Safety' at {PLANS}:6:20 "
        "(each priority and theme of a diagram needs its own id) "
        "(give it an id of its own: {id: road-safety-2, name: ...})",
    ),
    (
        "cell naming a priority with a list",
        {PLANS: plans("[Road Safety]"), LEADS: leads("{priority: road-safety, bullets: [Speeding]}")},
        f"{LEADS}:7:45: a table cell naming a priority cannot have bullets: (it prints the priority's name, "
        "or its text:) (remove it, or drop priority: and write the cell out)",
    ),
]


@pytest.mark.parametrize("name,files,expected", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_priority_id_mistakes_are_reported_exactly(
    mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, name: str, files: dict[str, str], expected: str
) -> None:
    write(mini, files)
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate"])
    assert (result.exit_code, result.output.splitlines()) == (1, [expected, "1 problem(s) found"])


# -- the change log: priorities paired by id --------------------------------------------


def test_renaming_a_priority_and_a_theme_that_keep_their_ids_reads_renamed(draft: Path) -> None:
    def rename(diagram: dict[str, Any]) -> None:
        diagram["priorities"][5]["name"] = "Safer Travel"  # road-safety: no word in common with "Road Safety"
        diagram["themes"][3]["name"] = "Everyone's wellbeing"  # mental-health

    change(draft, DIAGRAM_FILE, lambda data: rename(block_of(data, "diagram")))
    assert entries(draft)[1:] == [
        "Ch.6 - priorities diagram updated ('Road Safety' renamed 'Safer Travel'; "
        "'Support mental health and wellbeing' renamed 'Everyone's wellbeing')",
        # the leads table prints the diagram's name: its row follows the rename
        "Ch.7 - 1 table row revised (Safer Travel)",
    ]


def test_leads_rows_are_paired_by_priority_however_they_are_worded(draft: Path) -> None:
    def reword(table: dict[str, Any]) -> None:
        table["rows"][3][0]["text"] = "SVOC"  # was "Serious and Organised Crime": no longer alike
        table["rows"][3][1] = "Head of Serious and Organised Crime Command, Kent Police"

    change(draft, LEADS_FILE, lambda data: reword(block_of(data, "table")))
    assert entries(draft)[1:] == ["Ch.7 - 1 table row revised (SVOC)"]


def test_a_cell_without_text_follows_the_diagrams_name(draft: Path) -> None:
    change(draft, LEADS_FILE, lambda data: block_of(data, "table")["rows"][3][0].pop("text"))
    assert entries(draft)[1:] == ["Ch.7 - 1 table row revised (Serious Violence & Organised Crime)"]
