"""Invalid content: each case edits the demo project and expects exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from csa.cli import cli

V = "content/demo/versions/1.0"

# (name, {file: new text or None to delete}, expected output lines)
CASES = [
    (
        "misspelt key",
        {f"{V}/01-introduction.yaml": "kind: chapter\ntitel: Introduction\nblocks: []\n"},
        [
            f"{V}/01-introduction.yaml:1:1: the file is missing key 'title'",
            f"{V}/01-introduction.yaml:2:1: unknown key 'titel' in the file (did you mean 'title'?)",
        ],
    ),
    (
        "misspelt block type",
        {f"{V}/03-plans.yaml": "kind: appendix\ntitle: Plans\nblocks:\n  - numberd: Text\n"},
        [f"{V}/03-plans.yaml:4:5: unknown key 'numberd' in 'blocks[1]' (did you mean 'numbered'?)"],
    ),
    (
        "block with only an id",
        {f"{V}/03-plans.yaml": "kind: appendix\ntitle: Plans\nblocks:\n  - id: lonely\n"},
        [
            f"{V}/03-plans.yaml:4:5: 'blocks[1]' has no block type (expected one of: numbered, paragraph, heading, bullets, numbers, table, note, figure, signature, diagram, chart)"
        ],
    ),
    (
        "two block types in one block",
        {f"{V}/03-plans.yaml": "kind: appendix\ntitle: Plans\nblocks:\n  - numbered: A\n    heading: B\n"},
        [
            f"{V}/03-plans.yaml:4:5: 'blocks[1]' has more than one block type: 'numbered', 'heading' (expected exactly one)"
        ],
    ),
    (
        "wrong kind",
        {f"{V}/03-plans.yaml": "kind: apendix\ntitle: Plans\nblocks: []\n"},
        [
            f"{V}/03-plans.yaml:1:7: 'kind' must be one of foreword, chapter, appendix (found 'apendix') (did you mean 'appendix'?)"
        ],
    ),
    (
        "title is a list",
        {f"{V}/03-plans.yaml": "kind: appendix\ntitle: [Plans]\nblocks: []\n"},
        [f"{V}/03-plans.yaml:2:8: 'title' has the wrong type (expected text, found a list)"],
    ),
    (
        "version number unquoted",
        {f"{V}/version.yaml": "version: 1.0\ndate: April 2020\neffective: 2020-04-01\nstatus: draft\n"},
        [
            f"{V}/version.yaml:1:10: 'version' has the wrong type (expected text, found the number 1.0) (put it in quotes: \"1.0\")"
        ],
    ),
    (
        "version folder differs from metadata",
        {f"{V}/version.yaml": 'version: "1.1"\ndate: April 2020\neffective: 2020-04-01\nstatus: draft\n'},
        [
            f"{V}/version.yaml:1:10: version '1.1' does not match its folder name '1.0' (rename the folder to '1.1' or set version: \"1.0\")"
        ],
    ),
    (
        "unknown superseded version",
        {
            f"{V}/version.yaml": 'version: "1.0"\ndate: April 2020\neffective: 2020-04-01\nstatus: draft\nsupersedes: "0.9"\n'
        },
        [f"{V}/version.yaml:5:13: supersedes unknown version '0.9' (expected one of: 1.0)"],
    ),
    (
        "bad status",
        {f"{V}/version.yaml": 'version: "1.0"\ndate: April 2020\neffective: 2020-04-01\nstatus: final\n'},
        [f"{V}/version.yaml:4:9: 'status' must be one of draft, published (found 'final')"],
    ),
    (
        "effective date not a date",
        {f"{V}/version.yaml": 'version: "1.0"\ndate: April 2020\neffective: April 2020\nstatus: draft\n'},
        [
            f"{V}/version.yaml:3:12: 'effective' is not in the expected form (expected a date such as 2021-04-01, found 'April 2020')"
        ],
    ),
    (
        "duplicate chapter ids",
        {f"{V}/04-leads.yaml": "kind: chapter\ntitle: Leads again\nblocks: []\n"},
        [
            f"{V}/04-leads.yaml: duplicate chapter id 'leads' (also {V}/02-leads.yaml) (each chapter file needs its own slug after the NN- prefix)"
        ],
    ),
    (
        "missing figure file",
        {f"{V}/figures/chart.svg": None},
        [f"{V}/02-leads.yaml:11:12: figure file 'figures/chart.svg' not found (expected it in 1.0/figures/)"],
    ),
    (
        "figure without alt text",
        {f"{V}/03-plans.yaml": "kind: appendix\ntitle: Plans\nblocks:\n  - figure:\n      src: figures/chart.svg\n"},
        [f"{V}/03-plans.yaml:5:7: 'blocks[1].figure' is missing key 'alt'"],
    ),
    (
        "duplicate key",
        {f"{V}/03-plans.yaml": "kind: appendix\ntitle: Plans\ntitle: Plans again\nblocks: []\n"},
        [f"{V}/03-plans.yaml:3:1: duplicate key 'title' (first given at line 2)"],
    ),
    (
        "tab indentation",
        {f"{V}/03-plans.yaml": "kind: appendix\ntitle: Plans\nblocks:\n\t- paragraph: x\n"},
        [f"{V}/03-plans.yaml:4:1: tab character in indentation (expected spaces) (indent with spaces)"],
    ),
    (
        "syntax error",
        {f"{V}/03-plans.yaml": "kind: appendix\ntitle: [Plans\nblocks: []\n"},
        [f"{V}/03-plans.yaml:3:7: YAML syntax error: expected ',' or ']', but got ':' while parsing a flow sequence"],
    ),
    (
        "empty file",
        {f"{V}/03-plans.yaml": "\n"},
        [f"{V}/03-plans.yaml: file is empty (expected a mapping with keys kind, title, blocks)"],
    ),
    (
        "broken cross-reference",
        {f"{V}/03-plans.yaml": "kind: appendix\ntitle: Plans\nblocks:\n  - paragraph: See [the leeds](#leeds).\n"},
        [f"{V}/03-plans.yaml:4:5: cross-reference #leeds points nowhere (expected a chapter id, block id or para-N.N)"],
    ),
    (
        "raw html",
        {
            f"{V}/03-plans.yaml": "kind: appendix\ntitle: Plans\nblocks:\n  - paragraph: Hello <script>alert(1)</script>\n"
        },
        [
            f"{V}/03-plans.yaml:4:16: raw HTML '<script>' is not allowed (use Markdown: *italic*, **bold**, ^sup^)",
            f"{V}/03-plans.yaml:4:16: raw HTML '</script>' is not allowed (use Markdown: *italic*, **bold**, ^sup^)",
        ],
    ),
    (
        "javascript link",
        {f"{V}/03-plans.yaml": 'kind: appendix\ntitle: Plans\nblocks:\n  - paragraph: "[x](javascript:alert(1))"\n'},
        [
            f"{V}/03-plans.yaml:4:16: link 'javascript:alert(1)' is not allowed (expected an http, https or mailto address, or #anchor)"
        ],
    ),
    (
        "table row longer than header",
        {
            f"{V}/03-plans.yaml": "kind: appendix\ntitle: Plans\nblocks:\n  - table:\n      header: [A]\n      rows:\n        - [a, b]\n"
        },
        [f"{V}/03-plans.yaml:7:11: table row has 2 cells (expected at most 1, one per header)"],
    ),
    (
        "badly named chapter file",
        {f"{V}/plans.yaml": "kind: appendix\ntitle: Plans\nblocks: []\n"},
        [
            f"{V}/plans.yaml: chapter file name 'plans.yaml' is not of the form NN-slug.yaml (for example 03-governance.yaml)"
        ],
    ),
]


@pytest.mark.parametrize("name,edits,expected", CASES, ids=[c[0] for c in CASES])
def test_invalid_content_is_reported_exactly(
    mini: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    edits: dict[str, str | None],
    expected: list[str],
) -> None:
    for file, text in edits.items():
        path = mini / file
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [*expected, f"{len(expected)} problem(s) found"]


def test_all_problems_of_all_files_in_one_run(mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    (mini / V / "03-plans.yaml").write_text("kind: apendix\ntitle: Plans\nblocks: []\n")
    (mini / V / "version.yaml").write_text('version: "1.0"\ndate: April 2020\neffective: 2020-04-01\nstatus: final\n')
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.output.count(" problem(s) found") == 1
    assert "2 problem(s) found" in result.output


def test_clean_content_exits_zero(mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate"])
    assert (result.exit_code, result.output) == (
        0,
        "OK: 1 document(s), 1 version(s), no problems\n",
    )


def test_github_format(mini: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    (mini / V / "03-plans.yaml").write_text("kind: apendix\ntitle: Plans\nblocks: []\n")
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["validate", "--format", "github"])
    assert result.exit_code == 1
    assert result.output == (
        f"::error file={V}/03-plans.yaml,line=1,col=7::'kind' must be one of foreword, chapter, appendix "
        "(found 'apendix') (did you mean 'appendix'?)\n"
    )


def test_usage_mistake_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["build", "--format", "docx"])
    assert result.exit_code == 2
