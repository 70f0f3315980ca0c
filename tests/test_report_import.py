"""A committee report's .docx read back with `csa import`: reports circulate as Word, so an
officer's edits come back as a draft, and an unedited export comes back unchanged.

Each test exports a built Kent report with `csa build --format docx`, imports it as a new
version, and compares the two versions through the CLI (`csa diff`, `csa changelog`).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner, Result

from csa.cli import cli

from .test_word_import import copy_kent, exported, same_data

UPDATE, PLAN_UPDATE = "kent-csa-update", "kent-csa-action-plan-update"
NEXT = {UPDATE: "2017-08", PLAN_UPDATE: "2019-04"}  # the version each import writes
HEADER_KEPT = (
    "the report's header: unchanged in Word, so it is kept from {number}"
    " (by, to and contacts are edited in version.yaml)"
)


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(project), *args])


def imported(project: Path, path: Path, number: str, date: str, effective: str) -> Result:
    result = run(project, "import", str(path), "--version", number, "--date", date, "--effective", effective)
    assert result.exit_code == 0, result.output
    return result


def version_yaml(project: Path, document: str, number: str) -> dict[str, object]:
    data = yaml.safe_load((project / "content" / document / "versions" / number / "version.yaml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two Kent reports exported to Word once for the module (read only)."""
    project = copy_kent(tmp_path_factory.mktemp("report-export") / "project")
    return {UPDATE: exported(project, UPDATE, "2017-07"), PLAN_UPDATE: exported(project, PLAN_UPDATE, "2019-03")}


@pytest.mark.parametrize(
    ("document", "number", "date", "effective"),
    [
        (UPDATE, "2017-07", "July 2017", "2017-07-19"),  # written text, sections "1.0", paragraphs "1.1"
        (PLAN_UPDATE, "2019-03", "March 2019", "2019-03-31"),  # live blocks read from the 2018-19 plan
    ],
    ids=["written", "live"],
)
def test_an_unedited_report_imports_as_the_same_report(
    tmp_path: Path, exports: dict[str, Path], document: str, number: str, date: str, effective: str
) -> None:
    kent = copy_kent(tmp_path / "kent")
    result = imported(kent, exports[document], NEXT[document], date, effective)
    assert HEADER_KEPT.format(number=number) in result.output.splitlines()
    assert "skipped (the build writes them): cover, recommendations, attachments and contacts" in result.output
    assert same_data(kent, document, number, NEXT[document]) == []
    assert run(kent, "diff", number, NEXT[document], "--document", document, "--exit-code").exit_code == 0
    assert run(kent, "changelog", NEXT[document], "--document", document).output.splitlines()[1:] == [
        f"  - Refreshed {yaml.safe_load((kent / 'content' / document / 'document.yaml').read_text('utf-8'))['title']}"
    ]
    assert version_yaml(kent, document, NEXT[document])["header"] == version_yaml(kent, document, number)["header"]
    assert run(kent, "validate").exit_code == 0
    assert not (kent / "content" / document / "versions" / NEXT[document] / "review.md").exists()  # nothing lost


def test_titles_and_paragraphs_come_back_without_their_section_numbers(
    tmp_path: Path, exports: dict[str, Path]
) -> None:
    kent = copy_kent(tmp_path / "kent")
    imported(kent, exports[UPDATE], NEXT[UPDATE], "July 2017", "2017-07-19")
    background = yaml.safe_load(
        (kent / "content" / UPDATE / "versions" / NEXT[UPDATE] / "01-background.yaml").read_text("utf-8")
    )
    assert background["title"] == "Background"
    assert background["blocks"][0]["numbered"].startswith("The Crime and Disorder Act 1998")
    assert sorted(p.name for p in (kent / "content" / UPDATE / "versions" / NEXT[UPDATE]).glob("[0-9]*.yaml"))[-1] == (
        "06-crime-data-integrity.yaml"  # the recommendations are the header's, not a chapter
    )


def test_live_blocks_come_back_as_the_blocks_that_read_the_plan(tmp_path: Path, exports: dict[str, Path]) -> None:
    kent = copy_kent(tmp_path / "kent")
    imported(kent, exports[PLAN_UPDATE], NEXT[PLAN_UPDATE], "March 2019", "2019-03-31")
    folder = kent / "content" / PLAN_UPDATE / "versions" / NEXT[PLAN_UPDATE]
    changes = yaml.safe_load((folder / "02-changes.yaml").read_text("utf-8"))
    assert changes["blocks"] == [{"plan_progress": {"plan": "kent-csa-action-plan", "version": "2018-19"}}]
    action_plan = yaml.safe_load((folder / "04-action-plan.yaml").read_text("utf-8"))
    assert action_plan["blocks"] == [{"plan_link": {"plan": "kent-csa-action-plan", "version": "2018-19"}}]


def test_one_paragraph_edited_in_word_comes_back_as_that_change(tmp_path: Path, exports: dict[str, Path]) -> None:
    kent = copy_kent(tmp_path / "kent")
    edited = docx.Document(str(exports[UPDATE]))
    paragraph = next(p for p in edited.paragraphs if p.text.startswith("3.6\t"))
    for run_ in paragraph.runs:
        run_.text = run_.text.replace("KCSP members are invited", "KCSP members are asked")
    edited.save(str(tmp_path / "edited.docx"))
    imported(kent, tmp_path / "edited.docx", NEXT[UPDATE], "July 2017", "2017-07-19")
    assert same_data(kent, UPDATE, "2017-07", NEXT[UPDATE]) == ["03-action-plan-development.yaml"]
    assert run(kent, "changelog", NEXT[UPDATE], "--document", UPDATE).output.splitlines()[1:] == [
        "  - Refreshed Kent Community Safety Agreement Update",
        "  - Ch.3 - paragraph 3.6 revised",
    ]
    before = yaml.safe_load(
        (kent / "content" / UPDATE / "versions/2017-07/03-action-plan-development.yaml").read_text()
    )
    after = yaml.safe_load(
        (kent / "content" / UPDATE / "versions" / NEXT[UPDATE] / "03-action-plan-development.yaml").read_text("utf-8")
    )
    changed = [(b, a) for b, a in zip(before["blocks"], after["blocks"], strict=True) if b != a]
    assert changed == [(changed[0][0], {"numbered": changed[0][0]["numbered"].replace("are invited", "are asked")})]
    assert "are invited" in changed[0][0]["numbered"]


def test_words_read_from_the_plan_edited_in_word_are_said_and_read_from_the_plan_again(
    tmp_path: Path, exports: dict[str, Path]
) -> None:
    kent = copy_kent(tmp_path / "kent")
    edited = docx.Document(str(exports[PLAN_UPDATE]))
    paragraph = next(p for p in edited.paragraphs if p.text.startswith("3.3\tRoad Safety"))
    for run_ in paragraph.runs:
        run_.text = run_.text.replace("a 22% decrease", "a 25% decrease")
    edited.save(str(tmp_path / "edited.docx"))
    result = imported(kent, tmp_path / "edited.docx", NEXT[PLAN_UPDATE], "March 2019", "2019-03-31")
    said = "words the report reads from its plan were edited in Word and are not kept"
    assert said in result.output
    assert said in (kent / "content" / PLAN_UPDATE / "versions" / NEXT[PLAN_UPDATE] / "review.md").read_text("utf-8")
    assert same_data(kent, PLAN_UPDATE, "2019-03", NEXT[PLAN_UPDATE]) == []
    assert run(kent, "diff", "2019-03", NEXT[PLAN_UPDATE], "--document", PLAN_UPDATE, "--exit-code").exit_code == 0


def test_a_header_edited_in_word_comes_back_where_it_can_and_is_said_where_it_cannot(
    tmp_path: Path, exports: dict[str, Path]
) -> None:
    """Summary and a recommendation edited come back; a contact edited is kept as it was, and said."""
    kent = copy_kent(tmp_path / "kent")
    edited = docx.Document(str(exports[UPDATE]))
    summary = next(row.cells[1] for row in edited.tables[0].rows if row.cells[0].text == "Summary")
    for run_ in summary.paragraphs[0].runs:
        run_.text = run_.text.replace("refreshed", "revised")
    for paragraph, old, new in (
        (next(p for p in edited.paragraphs if p.text.startswith("7.2\t")), "31st July 2017", "4th August 2017"),
        (next(p for p in edited.paragraphs if p.text.startswith("Shirley Brinson")), "Team Leader", "Manager"),
    ):
        for run_ in paragraph.runs:
            run_.text = run_.text.replace(old, new)
    edited.save(str(tmp_path / "edited.docx"))
    result = imported(kent, tmp_path / "edited.docx", NEXT[UPDATE], "July 2017", "2017-07-19")
    assert (
        "the report's header: summary, recommendations read from Word; the rest is kept from 2017-07"
        " (by, to and contacts are edited in version.yaml)"
    ) in result.output.splitlines()
    assert "the report's header: the contacts edited in Word" in result.output
    header = version_yaml(kent, UPDATE, NEXT[UPDATE])["header"]
    was = version_yaml(kent, UPDATE, "2017-07")["header"]
    assert isinstance(header, dict) and isinstance(was, dict)
    assert header["summary"] == was["summary"].replace("refreshed", "revised")
    assert header["recommendations"] == [
        was["recommendations"][0],
        was["recommendations"][1].replace("31st July 2017", "4th August 2017"),
        was["recommendations"][2],
    ]
    assert {k: v for k, v in header.items() if k not in ("summary", "recommendations")} == {
        k: v for k, v in was.items() if k not in ("summary", "recommendations")
    }
    assert same_data(kent, UPDATE, "2017-07", NEXT[UPDATE]) == []
    assert run(kent, "validate").exit_code == 0
