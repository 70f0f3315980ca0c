"""The 2018/19 action plan's content holds the published plan: every paragraph, note, source and action, in order.

The reference (tests/reference/kent-csa-action-plan-2019.txt) is a plain-text extraction of the
published PDF. It is read here independently of the YAML: cleaned of extraction noise, with each
known piece of damage repaired by name, into one run of words per section. The transcription's
text (titles, headings, paragraphs, list items, notes, actions and their progress), with each
inline indicator field printed as the plan words it, must make exactly the same run of words:
nothing left out, nothing added, nothing out of order. Sources are compared label by label, and
the markers citing them in the order the plan prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REFERENCE, ROOT

PLAN = ROOT / "content/kent-csa-action-plan/versions/2018-19"
SOURCE = REFERENCE / "kent-csa-action-plan-2019.txt"

# The footnote markers the extraction kept as superscript digits.
SUPERSCRIPTS = {"\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4"}
MARKER = re.compile(" ?([\u00b9\u00b2\u00b3\u2074])")
# "11 th" in the extraction is a superscript ordinal (11^th^ in the content).
ORDINAL = re.compile(r"(\d) (st|nd|rd|th)\b")
# A numbered source: "- 1) Chief Constable's Report ..." (or without the dash).
SOURCE_LINE = re.compile(r"^(?:- )?(\d)\) (.*)$")
# The Anti-social Behaviour table, flattened by the extraction into one line.
FLATTENED = "- **Actions Progress** "
# Stands for the flattened table in both runs of words; its rows are checked word by word.
FLATTENED_TABLE = "[flattened table]"
# One row of the Serious and Organised Crime table crosses a page: the extraction prints
# the action's last words after the first part of the progress.
SPLIT_ACTION = "to develop their knowledge and skills"
SPLIT_AFTER = "assist local front-line professionals"
SPLIT_PROGRESS = ("did not receive the", "training previously")

CITATION = re.compile(r"\[\^([A-Za-z0-9-]+)\]")
FIELD = re.compile(r"\[\]\(#([a-z0-9-]+)\.([a-z-]+)\)")


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


# --- the reference, read on its own ------------------------------------------------


@dataclass
class SourceSection:
    title: str
    lines: list[str]

    def body(self) -> str:
        """The section's words in reading order, without its sources, table headers and "Notes:" lines."""
        kept = [
            FLATTENED_TABLE if line.startswith(FLATTENED) else line.removeprefix("- ")  # a list item's bullet
            for line in self.lines
            if is_body(line)
        ]
        text = words(ORDINAL.sub(r"\1\2", MARKER.sub("", " ".join(kept).replace("\t", " "))))
        return repair_split_row(text) if SPLIT_ACTION in text else text

    def markers(self) -> list[str]:
        """The labels of the superscript markers, in the order the section prints them."""
        return [SUPERSCRIPTS[m] for line in self.lines if is_body(line) for m in MARKER.findall(line)]

    def sources(self) -> dict[str, str]:
        """The numbered sources listed in the section, by their numbers."""
        found: dict[str, str] = {}
        for line in self.lines:
            if match := SOURCE_LINE.match(line.strip()):
                # the Anti-social Behaviour section prints its two sources on one line
                for part in re.split(r"(?<=;) (?=\d\) )", f"{match[1]}) {match[2]}"):
                    number, _, text = part.partition(") ")
                    found[number] = words(text)
        return found

    def flattened_table(self) -> list[str]:
        line = next(line for line in self.lines if line.startswith(FLATTENED))
        return line.removeprefix(FLATTENED).split()


def is_body(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and stripped not in ("Actions\tProgress", "Notes:") and not SOURCE_LINE.match(stripped)


def repair_split_row(text: str) -> str:
    before, after = SPLIT_PROGRESS
    damaged = f"{before} {SPLIT_ACTION} {after}"
    assert text.count(damaged) == 1 and text.count(SPLIT_AFTER) == 1, "the split row is no longer where it was"
    text = text.replace(damaged, f"{before} {after}")
    return text.replace(SPLIT_AFTER, f"{SPLIT_AFTER} {SPLIT_ACTION}")


def is_title(line: str) -> bool:
    return line in ("Introduction", "Police Recorded Crime Data") or line.startswith("Priority: ")


@cache
def source_sections() -> list[SourceSection]:
    sections: list[SourceSection] = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if is_title(line.strip()):
            sections.append(SourceSection(line.strip(), []))
        else:
            sections[-1].lines.append(line)
    return sections


# --- the transcription ---------------------------------------------------------------


@dataclass
class Chapter:
    path: Path
    data: dict[str, Any]

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return list(self.data["blocks"])

    def actions(self) -> list[dict[str, Any]]:
        return [action for block in self.blocks for action in block.get("actions", [])]

    def indicators(self) -> list[dict[str, Any]]:
        return [indicator for block in self.blocks for indicator in block.get("indicators", [])]

    def texts(self) -> Iterator[str]:
        """Every text under the chapter's title, in order (the flattened table as one stand-in)."""
        for block in self.blocks:
            for kind in ("heading", "paragraph", "note"):
                if kind in block:
                    yield block[kind]
            yield from block.get("bullets", [])
            if "actions" in block:
                if self.data.get("priority") == "anti-social-behaviour":
                    yield FLATTENED_TABLE
                    continue
                for action in block["actions"]:
                    yield action["action"]
                    yield from (update["text"] for update in action["progress"])


@cache
def chapters() -> list[Chapter]:
    return [
        Chapter(path, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted(PLAN.glob("[0-9]*.yaml"))
    ]


@cache
def indicators() -> dict[str, dict[str, Any]]:
    return {indicator["id"]: indicator for chapter in chapters() for indicator in chapter.indicators()}


def printed(indicator: dict[str, Any], field: str) -> str:
    """What an inline field prints, worked out here from the indicator's data as the plan words it."""
    baseline, latest = indicator["baseline"]["value"], indicator["latest"]["value"]
    lower = latest < baseline
    percent = f"{abs(latest - baseline) / baseline * 100:.{indicator.get('decimals', 0)}f}%"
    direction = "decrease" if lower else "increase"
    fields = {
        "baseline": f"{baseline:,}",
        "latest": f"{latest:,}",
        "difference": f"{abs(latest - baseline):,}",
        "percent": percent,
        "change": f"{percent} {direction}",
        "direction": direction,
        "decreased": "decreased" if lower else "increased",
        "down": "down" if lower else "up",
        "fewer": "fewer" if lower else "more",
        "baseline-period": indicator["baseline"]["period"],
        "latest-period": indicator["latest"]["period"],
    }
    return fields[field]


def as_printed(text: str, known: dict[str, dict[str, Any]]) -> str:
    text = FIELD.sub(lambda m: printed(known[m[1]], m[2]), text)
    return words(re.sub(r"\^([^^]+)\^", r"\1", CITATION.sub("", text)))


def first_difference(ours: str, theirs: str) -> str:
    a, b = ours.split(), theirs.split()
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"\n  content:   ...{' '.join(a[max(0, at - 8) : at + 12])}\n  reference: ...{' '.join(b[max(0, at - 8) : at + 12])}"


# --- the checks -----------------------------------------------------------------------


def paired() -> list[tuple[Chapter, SourceSection]]:
    ours, theirs = chapters(), source_sections()
    assert [c.data["title"] for c in ours] == [s.title for s in theirs]
    return list(zip(ours, theirs, strict=True))


@pytest.mark.parametrize("index", range(9))
def test_each_section_holds_the_plans_words_in_order(index: int) -> None:
    chapter, section = paired()[index]
    ours = " ".join(as_printed(text, indicators()) for text in chapter.texts())
    assert ours == section.body(), (
        f"{chapter.path.name} differs from the reference:{first_difference(ours, section.body())}"
    )


def test_the_flattened_table_is_rebuilt_row_by_row_from_its_words() -> None:
    """Each rebuilt row's action and progress, interleaved column by column, make the next words of the flattened line."""
    chapter, section = next((c, s) for c, s in paired() if c.data.get("priority") == "anti-social-behaviour")
    line = section.flattened_table()
    start = 0
    for action in chapter.actions():
        cell = as_printed(action["action"], {}).split()
        progress = as_printed(" ".join(u["text"] for u in action["progress"]), {}).split()
        end = start + len(cell) + len(progress)
        assert interleaves(cell, progress, line[start:end]), f"{action['id']} is not made of the words {start}-{end}"
        start = end
    assert start == len(line)


def interleaves(a: list[str], b: list[str], merged: list[str]) -> bool:
    """Whether `merged` is `a` and `b` shuffled together, each keeping its own order."""
    if len(a) + len(b) != len(merged):
        return False
    reachable = {(0, 0)}
    for word in merged:
        reachable = {(i + 1, j) for i, j in reachable if i < len(a) and a[i] == word} | {
            (i, j + 1) for i, j in reachable if j < len(b) and b[j] == word
        }
    return (len(a), len(b)) in reachable


def test_the_interleaving_check_tells_a_shuffle_from_a_reordering() -> None:
    assert interleaves(["a", "b"], ["x", "y"], ["a", "x", "b", "y"])
    assert not interleaves(["a", "b"], ["x", "y"], ["b", "x", "a", "y"])


@pytest.mark.parametrize("index", range(9))
def test_each_section_has_the_plans_sources_with_its_numbers_cited_where_it_cites_them(index: int) -> None:
    chapter, section = paired()[index]
    footnotes = {str(label): words(text) for label, text in (chapter.data.get("footnotes") or {}).items()}
    assert footnotes == section.sources()
    cited = [label for text in chapter.texts() for label in CITATION.findall(text)]
    assert cited == section.markers()


def test_all_thirty_actions_are_there_each_with_its_own_id_and_only_what_the_plan_gives() -> None:
    per_priority = {c.data["priority"]: len(c.actions()) for c in chapters() if c.data["kind"] == "priority"}
    assert per_priority == {
        "domestic-abuse": 4,
        "road-safety": 3,
        "anti-social-behaviour": 3,
        "substance-misuse": 5,
        "serious-organised-crime": 5,
        "safeguarding-vulnerable-people": 6,
        "preventing-extremism-hate": 4,
    }
    actions = [action for chapter in chapters() for action in chapter.actions()]
    assert len(actions) == 30
    assert len({action["id"] for action in actions}) == 30
    # the 2018/19 plan gives no leads, dates, statuses or measures: none is invented
    assert {key for action in actions for key in action} == {"id", "action", "progress"}
    assert all([set(update) for update in action["progress"]] == [{"text"}] for action in actions)


def test_every_figure_written_as_a_field_prints_the_plans_own_words() -> None:
    """Spot checks of the words the fields make, beside the whole-section comparison above."""
    known = indicators()
    assert printed(known["asb-incidents"], "change") == "20.7% decrease"
    assert printed(known["asb-incidents"], "difference") == "8,151"
    assert printed(known["violence-against-the-person"], "percent") == "25.9%"
    assert printed(known["prevent-referrals"], "difference") == "1,225"
    assert printed(known["hate-crime-offences-since-2012"], "percent") == "123%"
    assert sorted(i for i, indicator in known.items() if indicator.get("focus")) == [
        "asb-incidents",
        "da-incidents",
        "road-fatalities",
    ]
