"""Mistakes in diagram and chart blocks are reported at the place to fix, with a did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from csa.cli import cli

from .helpers import DEMO_1

PLANS = f"{DEMO_1}/03-plans.yaml"
TABLE = (
    "kind: appendix\ntitle: Plans\nblocks:\n  - id: counts\n    table:\n      header: [Issue, CSPs]\n"
    "      rows:\n        - [Domestic Abuse, 6]\n        - [Road Safety, {cell}]\n"
)
CHART = "  - chart:\n      type: {kind}\n      table: {table}\n      value_column: {column}\n"
DIAGRAM = (
    "kind: appendix\ntitle: Plans\nblocks:\n  - id: cc\n    numbers: [Put victims first]\n"
    "  - id: diagram\n    diagram:\n      priorities: [{priority}]\n      themes: [Early intervention]\n"
    "      beside: {{title: Chief Constable's priorities, list: {list}}}\n"
    "  - note: {{title: 'Note:', includes_from: {note}}}\n"
)
WITH_INCLUDES = "{name: Road Safety, includes: Speeding}"


def chart(cell: str = "4", kind: str = "bar", table: str = "counts", column: int = 2) -> dict[str, str | None]:
    return {PLANS: TABLE.format(cell=cell) + CHART.format(kind=kind, table=table, column=column)}


def diagram(priority: str = WITH_INCLUDES, list_id: str = "cc", note: str = "diagram") -> dict[str, str | None]:
    return {PLANS: DIAGRAM.format(priority=priority, list=list_id, note=note)}


CASES = [
    (
        "chart names an unknown table",
        chart(table="count"),
        [
            f"{PLANS}:12:14: no block has the id 'count' in this version (expected the id of a table) "
            "(did you mean 'counts'?)"
        ],
    ),
    (
        "chart over a cell that is not a number",
        chart(cell="six"),
        [
            f"{PLANS}:9:25: table cell 'six' is not a number, but the chart at {PLANS}:11:7 draws column 2 of "
            "table 'counts' as bars (expected a number of 0 or more, such as 4 or 2.5)"
        ],
    ),
    (
        "chart over a negative number",
        chart(cell="-2"),
        [
            f"{PLANS}:9:25: table cell '-2' is not a number, but the chart at {PLANS}:11:7 draws column 2 of "
            "table 'counts' as bars (expected a number of 0 or more, such as 4 or 2.5)"
        ],
    ),
    (
        "chart column beyond the table",
        chart(column=3),
        [f"{PLANS}:13:21: column 3 is beyond the 2 columns of table 'counts' (expected 1 to 2)"],
    ),
    (
        "chart type misspelt",
        chart(kind="bars"),
        [f"{PLANS}:11:13: 'blocks[2].chart.type' must be one of bar (found 'bars') (did you mean 'bar'?)"],
    ),
    (
        "diagram names an unknown list",
        diagram(list_id="c"),
        [
            f"{PLANS}:10:59: no block has the id 'c' in this version (expected the id of a bullets or numbers "
            "list) (did you mean 'cc'?)"
        ],
    ),
    (
        "diagram names a block that is not a list",
        diagram(list_id="diagram"),
        [
            f"{PLANS}:10:59: block 'diagram' is a diagram, not a bullets or numbers list "
            "(expected one of: introduction-5, cc)"
        ],
    ),
    (
        "note names an unknown diagram",
        diagram(note="diagramm"),
        [
            f"{PLANS}:11:43: no block has the id 'diagramm' in this version (expected the id of a diagram) "
            "(did you mean 'diagram'?)"
        ],
    ),
    (
        "note names a diagram without includes",
        diagram(priority="Road Safety"),
        [f"{PLANS}:11:43: diagram 'diagram' gives no priority an includes: text, so the note would be empty"],
    ),
]


@pytest.mark.parametrize("name,edits,expected", CASES, ids=[c[0] for c in CASES])
def test_drawing_mistakes_are_reported_exactly(
    mini: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    edits: dict[str, str | None],
    expected: list[str],
) -> None:
    for file, text in edits.items():
        if text is None:
            (mini / file).unlink()
        else:
            (mini / file).write_text(text, encoding="utf-8")
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [*expected, f"{len(expected)} problem(s) found"]


@pytest.mark.parametrize("edits", [chart(), diagram()], ids=["chart", "diagram"])
def test_correct_drawings_validate(
    mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, edits: dict[str, str]
) -> None:
    for file, text in edits.items():
        (mini / file).write_text(text, encoding="utf-8")
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate"])
    assert (result.exit_code, result.output) == (0, "OK: 1 document(s), 1 version(s), no problems\n")
