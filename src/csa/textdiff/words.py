"""Word-level differences between two texts, and whether a change is only minor."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from csa.inline import plain_text

Op = Literal["equal", "insert", "delete"]
_TOKEN = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Span:
    op: Op
    text: str


@dataclass(frozen=True)
class TextDiff:
    """Old and new text (as readers see them, without Markdown) and the word spans between them."""

    old: str
    new: str

    @cached_property
    def spans(self) -> tuple[Span, ...]:
        return word_spans(self.old, self.new)

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def minor(self) -> bool:
        """Only whitespace, punctuation or capitalisation differ."""
        return self.changed and _skeleton(self.old) == _skeleton(self.new)

    @property
    def words_inserted(self) -> int:
        return sum(len(s.text.split()) for s in self.spans if s.op == "insert")

    @property
    def words_deleted(self) -> int:
        return sum(len(s.text.split()) for s in self.spans if s.op == "delete")


def text_diff(old_markdown: str | None, new_markdown: str | None) -> TextDiff:
    return TextDiff(plain_text(old_markdown or ""), plain_text(new_markdown or ""))


def word_spans(old: str, new: str) -> tuple[Span, ...]:
    """Spans of equal, deleted and inserted words; spacing is kept, not compared."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(
        None, [t.strip() for t in old_tokens], [t.strip() for t in new_tokens], autojunk=False
    )
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            spans.append(Span("equal", "".join(new_tokens[j1:j2])))
            continue
        if i2 > i1:
            spans.append(Span("delete", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            spans.append(Span("insert", "".join(new_tokens[j1:j2])))
    return tuple(spans)


def similarity(old: str, new: str) -> float:
    """0..1, how much of the wording two texts share."""
    if old == new:
        return 1.0
    a, b = _skeleton(old).split(), _skeleton(new).split()
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
        return matcher.quick_ratio() * 0.5
    return matcher.ratio()


def _skeleton(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
