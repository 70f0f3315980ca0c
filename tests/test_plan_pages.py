"""How the 2018/19 Kent action plan's PDF falls into pages (issue 24, point 6).

Read from the PDF the suite's one build of the repository writes (the `kent_output` fixture),
with the plan's own content for what each page should hold: an action row never starts
without its progress beside it, no page holds only notes or only the licence line, each
section's notes come before its Actions table as the source prints them, and an indicator's
period breaks only at its spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
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


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float


@dataclass(frozen=True)
class Page:
    number: int  # as printed, from 1
    lines: tuple[str, ...]  # the text above the footer, line by line
    words: tuple[Word, ...]  # the same, word by word


@pytest.fixture(scope="module")
def pages(kent_output: Path) -> tuple[Page, ...]:
    return read_pages(kent_output / PDF)


def read_pages(path: Path) -> tuple[Page, ...]:
    with pdfplumber.open(path) as pdf:
        return tuple(_page(n, page) for n, page in enumerate(pdf.pages, start=1))


def _page(number: int, page: Any) -> Page:
    bottom = page.height * FOOT
    lines = tuple(clean(line["text"]) for line in page.extract_text_lines() if line["top"] < bottom)
    words = tuple(Word(w["text"], w["x0"], w["top"]) for w in page.extract_words() if w["top"] < bottom)
    return Page(number, tuple(line for line in lines if line), words)


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


def columns(page: Page) -> tuple[str, str] | None:
    """The text of the page's Action column and of its Progress column, below their header; None without one."""
    pairs = [
        (action, progress)
        for action in page.words
        for progress in page.words
        if (action.text, progress.text) == ("Action", "Progress") and abs(action.top - progress.top) < 1
    ]
    if not pairs:
        return None
    action, progress = pairs[0]
    below = sorted((w for w in page.words if w.top > action.top + 1), key=lambda w: (round(w.top), w.x0))
    left = " ".join(w.text for w in below if action.x0 - 1 <= w.x0 < progress.x0 - 1)
    right = " ".join(w.text for w in below if w.x0 >= progress.x0 - 1)
    return clean(left), clean(right)


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
