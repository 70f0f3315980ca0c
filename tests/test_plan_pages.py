"""How the 2018/19 Kent action plan's PDF falls into pages (issue 24, point 6).

Read from the PDF the suite's one build of the repository writes (the `kent_output` fixture),
with the plan's own content for what each page should hold: an action row never starts
without its progress beside it, no page holds only notes or only the licence line, each
section's notes come before its Actions table as the source prints them, and an indicator's
period breaks only at its spaces. A long action may break across pages, but only with at least
two lines of each of its cells on the page it starts on, and no page is left more than a third
empty unless a new section starts on the next page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml

from .conftest import ROOT

PLAN = ROOT / "content/kent-csa-action-plan"
VERSION = PLAN / "versions/2018-19"
PDF = "kent-csa-action-plan/2018-19/kent-csa-action-plan-2018-19.pdf"
FOOT = 0.93  # below this fraction of the page's height: the running footer
MM = 72 / 25.4
BODY = (20 * MM, 22 * MM)  # the page's top and bottom margins (templates/csa.css, @page)


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    page: int = 0


@dataclass(frozen=True)
class Page:
    number: int  # as printed, from 1
    lines: tuple[str, ...]  # the text above the footer, line by line
    words: tuple[Word, ...]  # the same, word by word
    used: float  # how much of the page's body, from its top margin down, holds text or drawing


@pytest.fixture(scope="module")
def pages(kent_output: Path) -> tuple[Page, ...]:
    return read_pages(kent_output / PDF)


def read_pages(path: Path) -> tuple[Page, ...]:
    with pdfplumber.open(path) as pdf:
        return tuple(_page(n, page) for n, page in enumerate(pdf.pages, start=1))


def _page(number: int, page: Any) -> Page:
    bottom = page.height * FOOT
    lines = tuple(clean(line["text"]) for line in page.extract_text_lines() if line["top"] < bottom)
    words = tuple(Word(w["text"], w["x0"], w["top"], number) for w in page.extract_words() if w["top"] < bottom)
    return Page(number, tuple(line for line in lines if line), words, _used(page))


def _used(page: Any) -> float:
    """The fraction of the body's height above its lowest word, rule or drawing (not the footer)."""
    top, bottom = BODY[0], page.height - BODY[1]
    drawn = page.rects + page.lines + page.curves + page.images
    lowest = [w["bottom"] for w in page.extract_words() if w["top"] < bottom]
    # a box as tall as the body is the page's own background, not content
    lowest += [o["bottom"] for o in drawn if o["top"] < bottom and o["bottom"] - o["top"] < 0.9 * (bottom - top)]
    return (min(max(lowest, default=top), bottom) - top) / (bottom - top)


def clean(text: str) -> str:
    """Plain words: Markdown marks and curly quotes gone, one space between words."""
    text = re.sub(r"[*_`\[\]]", "", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text.replace("\u201c", '"').replace("\u201d", '"')).strip()


@cache
def chapters() -> tuple[dict[str, Any], ...]:
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(VERSION.glob("[0-9]*.yaml")))


def blocks(kind: str) -> Iterator[tuple[dict[str, Any], Any]]:
    """(chapter, block content) for each block of a kind, in document order."""
    for chapter in chapters():
        for block in chapter.get("blocks", []):
            if kind in block:
                yield chapter, block[kind]


def note_lines_only(page: Page) -> bool:
    """Whether every line of the page is the Notes heading or part of a note."""
    notes = " ".join(
        f"{label}. {clean(text)}" for chapter in chapters() for label, text in (chapter.get("footnotes") or {}).items()
    )
    return all(line == "Notes" or line in notes for line in page.lines)


@cache
def columns(page: Page) -> tuple[str, str] | None:
    """The text of the page's Action column and of its Progress column, below their header; None without one.

    Kept per page: each action's check reads every page's columns."""
    words = column_words(page)
    if words is None:
        return None
    left, right = words
    return clean(" ".join(w.text for w in left)), clean(" ".join(w.text for w in right))


def column_words(page: Page) -> tuple[list[Word], list[Word]] | None:
    """The words of the page's Action column and of its Progress column, below their header, in reading order."""
    progresses = [w for w in page.words if w.text == "Progress"]
    pairs = [
        (action, progress)
        for action in page.words
        if action.text == "Action"
        for progress in progresses
        if abs(action.top - progress.top) < 1
    ]
    if not pairs:
        return None
    action, progress = pairs[0]
    below = sorted((w for w in page.words if w.top > action.top + 1), key=lambda w: (round(w.top), w.x0))
    left = [w for w in below if action.x0 - 1 <= w.x0 < progress.x0 - 1]
    right = [w for w in below if w.x0 >= progress.x0 - 1]
    return left, right


def opening(text: str, others: list[str]) -> str:
    """The text's first words, five or more: as many as it takes for no other text to hold them."""
    words = clean(text).split()
    candidates = (" ".join(words[:n]) for n in range(5, len(words) + 1))
    return next((c for c in candidates if not any(c in clean(other) for other in others)), " ".join(words))


def page_holding(pages: tuple[Page, ...], text: str, column: int) -> list[int]:
    found = []
    for page in pages:
        cells = columns(page)
        if cells is not None and text in cells[column]:
            found.append(page.number)
    return found


def test_no_page_holds_only_the_licence_line_or_only_notes(pages: tuple[Page, ...]) -> None:
    licence = clean(yaml.safe_load((PLAN / "document.yaml").read_text(encoding="utf-8"))["licence"])
    assert licence in pages[-1].lines  # what the check below looks for is printed
    assert [p.number for p in pages if list(p.lines) == [licence]] == []
    assert [p.number for p in pages if note_lines_only(p)] == []


def test_each_action_starts_on_the_page_with_the_first_line_of_its_progress(pages: tuple[Page, ...]) -> None:
    actions = [action for _, listed in blocks("actions") for action in listed]
    assert len(actions) > 20  # the plan's actions, all of them read
    titles = [action["action"] for action in actions]
    progresses = [action["progress"][-1]["text"] for action in actions]
    apart = []
    for action, title_text, progress_text in zip(actions, titles, progresses, strict=True):
        title = page_holding(pages, opening(title_text, [t for t in titles if t != title_text]), column=0)
        progress = page_holding(pages, opening(progress_text, [p for p in progresses if p != progress_text]), column=1)
        assert len(title) == 1 and len(progress) == 1, (action["id"], title, progress)
        if title != progress:
            apart.append((action["id"], title[0], progress[0]))
    assert apart == []


def test_the_domestic_homicide_review_action_and_its_progress_share_a_page(pages: tuple[Page, ...]) -> None:
    title = page_holding(pages, "Commission and support the Domestic Homicide", column=0)
    progress = page_holding(pages, "In 2018/19 the Kent Community Safety", column=1)
    assert title == progress and len(title) == 1


def test_each_sections_notes_come_before_its_actions_table(pages: tuple[Page, ...]) -> None:
    lines = [line for page in pages for line in page.lines]
    checked = []
    for chapter in chapters():
        kinds = [kind for block in chapter.get("blocks", []) for kind in block]
        if not chapter.get("footnotes") or "actions" not in kinds:
            continue
        start = lines.index(chapter["title"])
        table = lines.index("Action Progress", start)
        notes = lines.index("Notes", start)
        checked.append(chapter["title"])
        assert notes < table, chapter["title"]
        assert lines[notes + 1].startswith(f"{next(iter(chapter['footnotes']))}. "), chapter["title"]
    assert len(checked) >= 6


def test_no_indicator_period_breaks_inside_a_word(pages: tuple[Page, ...]) -> None:
    periods = {
        indicator[figure]["period"]
        for _, listed in blocks("indicators")
        for indicator in listed
        for figure in ("baseline", "latest")
    }
    hyphenated = {word for period in periods for word in period.split() if "-" in word.strip("-")}
    assert "(Jan-Dec)" in hyphenated  # the periods the plan prints, read
    heads = {word[: word.index("-") + 1] for word in hyphenated}  # "(Jan-": the word cut after its hyphen
    words = {w.text for page in pages for w in page.words}
    assert words & hyphenated  # printed whole
    assert sorted(words & heads) == []


def cell_pieces(pages: tuple[Page, ...], texts: list[str], column: int) -> list[dict[int, int]]:
    """For each text in order (a column's cells, one per action): page number -> how many of its lines print there.

    The column's words are read across the pages in order and cut where each text's opening words begin.
    """
    stream = [w for page in pages if (found := column_words(page)) is not None for w in found[column]]
    tokens = [clean(w.text) for w in stream]
    starts, at = [], 0
    for text in texts:
        words = clean(text).split()
        size = next(n for n in range(6, 0, -1) if _find(tokens, words[:n], at) is not None)
        at = _find(tokens, words[:size], at)  # type: ignore[assignment]
        starts.append(at)
        at += 1
    pieces = []
    for start, end in zip(starts, [*starts[1:], len(stream)], strict=True):
        tops: dict[int, list[float]] = {}
        for word in stream[start:end]:
            tops.setdefault(word.page, []).append(word.top)
        pieces.append({page: _lines(found) for page, found in tops.items()})
    return pieces


def _find(tokens: list[str], words: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(tokens)) if tokens[i : i + len(words)] == words), None)


def _lines(tops: list[float]) -> int:
    """Lines among words' tops: a superscript sits a few points above its line's words."""
    ordered = sorted(tops)
    return 1 + sum(1 for above, below in pairwise(ordered) if below - above > 6)


def test_an_action_broken_across_pages_leaves_two_lines_of_each_cell_on_either_page(pages: tuple[Page, ...]) -> None:
    actions = [action for _, listed in blocks("actions") for action in listed]
    titles = cell_pieces(pages, [action["action"] for action in actions], column=0)
    progresses = cell_pieces(pages, [action["progress"][-1]["text"] for action in actions], column=1)
    broken = []
    for action, title, progress in zip(actions, titles, progresses, strict=True):
        assert min(title) == min(progress), (action["id"], title, progress)  # the action starts with its row
        first = min(title)
        assert title[first] >= min(2, sum(title.values())), (action["id"], title)
        assert all(lines >= 2 for lines in progress.values()), (action["id"], progress)
        if len(progress) > 1:
            broken.append(action["id"])
    assert broken  # long actions do break, rather than leave a gap above them
    short = [a["id"] for a, p in zip(actions, progresses, strict=True) if sum(p.values()) <= 5]
    assert short and not set(short) & set(broken)  # short rows stay whole


def test_no_page_is_more_than_a_third_empty_unless_a_section_starts_on_the_next(pages: tuple[Page, ...]) -> None:
    """A page of the plan ends early only before something that starts a page: a chapter, the contents, the end."""
    opening_lines = {"Contents", *(chapter["title"] for chapter in chapters())}
    ends_early = [
        (page.number, round(page.used, 2))
        for page, following in pairwise(pages)
        if page.used < 2 / 3 and not (following.lines and following.lines[0] in opening_lines)
    ]
    assert any(page.used < 2 / 3 for page in pages[:-1])  # some pages end early: the rule is read, not vacuous
    assert ends_early == []
