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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from csa.build.pipeline import build
from csa.project import Project

from .conftest import REFERENCE, ROOT, PdfText, normalise

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

    def texts(self, *, rebuilt: bool = False, notes: Sequence[str] = ()) -> Iterator[str]:
        """Every text under the chapter's title, in order (the flattened table as one stand-in unless `rebuilt`);
        `notes` where the plan prints its notes, before its Actions table (at the chapter's end without one)."""
        notes_left = list(notes)
        for block in self.blocks:
            if "actions" in block:
                yield from notes_left
                notes_left = []
            for kind in ("heading", "paragraph", "note"):
                if kind in block:
                    yield block[kind]
            yield from block.get("bullets", [])
            if "actions" in block:
                if self.data.get("priority") == "anti-social-behaviour" and not rebuilt:
                    yield FLATTENED_TABLE
                    continue
                for action in block["actions"]:
                    yield action["action"]
                    yield from (update["text"] for update in action["progress"])
        yield from notes_left


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


# --- what the built HTML page and PDF print ----------------------------------------------


class MainText(HTMLParser):
    """The words of the page's <main>, without drawings or footnote markers (their numbers are checked above)."""

    SKIPPED = {"svg", "script", "style"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, skipped) for each open element
        self.in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_main |= tag == "main"
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            self.parts.append(" ")
            return
        skipped = tag in self.SKIPPED or (tag == "sup" and ("class", "fn-ref") in attrs)
        self.open.append((tag, skipped or any(s for _, s in self.open[-1:])))

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass
        self.in_main &= tag != "main"
        self.parts.append(" " if tag in ("p", "li", "td", "th", "h2", "h3", "figcaption") else "")

    def handle_data(self, data: str) -> None:
        if self.in_main and not any(s for _, s in self.open[-1:]):
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = MainText()
    parser.feed(html)
    return words("".join(parser.parts))


def fragments(chapter: Chapter) -> Iterator[str]:
    """The chapter's printed words, cut where a footnote marker falls (the page prints the marker's number there)."""
    yield chapter.data["title"]
    notes = list((chapter.data.get("footnotes") or {}).values())  # no marker or field in a note: printed as written
    for text in chapter.texts(rebuilt=True, notes=notes):
        for part in CITATION.split(text)[::2]:
            part = words(re.sub(r"\^([^^]+)\^", r"\1", FIELD.sub(lambda m: printed(indicators()[m[1]], m[2]), part)))
            if part:
                yield part


def missing_in_order(printed_text: str) -> list[str]:
    missing, position = [], 0
    for chapter in chapters():
        for fragment in fragments(chapter):
            found = printed_text.find(fragment, position)
            if found < 0:
                missing.append(f"{chapter.path.name}: {fragment[:80]}")
            else:
                position = found + len(fragment)
    return missing


@pytest.fixture(scope="module")
def plan_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("plan")
    build(Project(ROOT), out, formats=["html"], document="kent-csa-action-plan")
    return (out / "kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19.html").read_text(encoding="utf-8")


def test_the_html_page_prints_every_section_action_and_source_with_the_plans_figures(plan_html: str) -> None:
    text = main_text(plan_html)
    assert missing_in_order(text) == []
    # the figures the fields print are the plan's own words
    assert "There has been a 20.7% decrease from 39,355 reports in the rolling year 2017/18 to 31,204" in text
    assert "equating to a total of 8,151 fewer ASB reports." in text
    assert "an increase of 16,337 offences (up 25.9%) compared with 62,978 offences" in text
    assert "compared to 6,093 in 2016/17 an increase of 20% (up 1,225)." in text


def test_the_html_page_prints_the_rebuilt_flattened_table_as_three_rows(plan_html: str) -> None:
    rows = re.findall(
        r'<tr id="(asb-[a-z-]+)"[^>]*><th scope="row">(.*?)</th><td class="progress">(.*?)</td></tr>', plan_html
    )
    assert [(row_id, words(action)) for row_id, action, _ in rows] == [
        ("asb-best-practice", "Sharing of best practice, with partners across Kent and Medway"),
        ("asb-tools-powers", "Monitor use of ASB tools and powers and where appropriate provide support and quidance."),
        (
            "asb-nte-operations",
            "Regular multi-agency operations to address night time economy (NTE) anti-social behaviour and support "
            "licensing objectives.",
        ),
    ]


PAGE_BREAK = "[page-break]"
# How far from a page break the page's furniture (its notes, a chart's labels, a table's
# repeated header) may keep a text's words apart.
FURNITURE = 2000


def missing_across_pages(pages: list[str]) -> list[str]:
    """Like `missing_in_order`, but a text may be interrupted where the PDF turns a page.

    Whatever the extraction puts at a page's end or a page's top (a chart's labels, the
    page's notes, a table's repeated header) may come between the words before the break
    and the words after it; nowhere else may anything come between a text's words.
    """
    missing: list[str] = []
    text = f" {PAGE_BREAK} ".join(pages)
    position = 0
    for chapter in chapters():
        for fragment in fragments(chapter):
            found = find_across_pages(fragment, text, position)
            if found is None:
                missing.append(f"{chapter.path.name}: {fragment[:80]}")
            else:
                position = found[1]
    return missing


def find_across_pages(fragment: str, text: str, start: int) -> tuple[int, int] | None:
    """(begin, end) of `fragment` in `text` from `start`, its words split only by page breaks."""
    begin = text.find(fragment, start)
    if begin >= 0:
        return begin, begin + len(fragment)
    words = fragment.split(" ")
    for cut in range(len(words) - 1, 0, -1):  # the longest run of words before a break
        head = " ".join(words[:cut])
        begin = text.find(head, start)
        if begin < 0:
            continue
        turn = text.find(PAGE_BREAK, begin + len(head))
        if turn < 0 or turn - (begin + len(head)) > FURNITURE:
            return None
        rest = find_across_pages(" ".join(words[cut:]), text, turn)
        if rest is None or rest[0] - turn > FURNITURE:
            return None
        return begin, rest[1]
    return None


def test_page_turns_are_the_only_interruptions_the_pdf_check_allows() -> None:
    text = f"a b c {PAGE_BREAK} 0 10 20 Action Progress c d e"
    assert find_across_pages("b c d e", text, 0) == (2, len(text))
    assert find_across_pages("a b x c", "a b x y c", 0) is None
    assert find_across_pages("a b c", f"a b {'z ' * 1001}{PAGE_BREAK} c", 0) is None  # too far from the break


def test_the_pdf_prints_every_section_action_and_source_with_the_plans_figures(kent_output: Path) -> None:
    pdf = PdfText(kent_output / "kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19.pdf")
    footer = "Kent Community Safety Agreement Action Plan March 2019"
    pages = [normalise(re.sub(footer + r" Page \d+", " ", page)).replace("*", "") for page in pdf.pages]
    assert missing_across_pages(pages) == []
