"""Footnotes while a chapter is read: number each citation, then check every definition.

A chapter file defines its notes under `footnotes:` (label -> inline Markdown) and
cites them in any text as [^label]. Numbers follow the order of first citation,
from 1 in each chapter or on through the document, or are the labels themselves, as a
source numbers its sources (settings: footnotes: numbering: chapter, document or labels);
citing a label again prints the same number. Validation rewrites each citation into
a numbered one (csa.inline.Citation) so the templates only print.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from csa.errors import Mark, Problem
from csa.inline import CITATION, Citation
from csa.model import Footnote
from csa.nodes import Map, Node, Scalar, marks_in


class ChapterFootnotes:
    """One chapter's footnote definitions, and the citations of them met so far."""

    def __init__(self, chapter_id: str, definitions: Node | None, first_number: int, by_label: bool = False) -> None:
        self.chapter_id = chapter_id
        self.definitions = definitions if isinstance(definitions, Map) else Map({}, {}, Mark(""))
        self.next_number = first_number
        self.by_label = by_label  # settings: footnotes: numbering: labels: each note's number is its label
        self.numbers: dict[str, int] = {}  # label -> its number, once cited
        self.cited: dict[str, int] = {}  # label -> times cited so far

    def cite(self, text: str, node: Scalar, problems: list[Problem]) -> str:
        """`text` with each [^label] numbered; an undefined label is reported at its citation."""
        written = tuple(m[0] for m in CITATION.finditer(text))
        marks = iter(marks_in(node, written))

        def numbered(match: re.Match[str]) -> str:
            label, mark = match[1], next(marks)
            if label not in self.definitions.entries:
                problems.append(Problem(mark, f"footnote [^{label}] is not defined in this chapter", self._hint()))
                return match[0]
            return self._citation(label).token

        return CITATION.sub(numbered, text)

    def _citation(self, label: str) -> Citation:
        if label not in self.numbers and self.by_label:
            self.numbers[label] = int(label) if label.isdigit() else 0  # not a number: reported with its definition
        elif label not in self.numbers:
            self.numbers[label] = self.next_number
            self.next_number += 1
        self.cited[label] = self.cited.get(label, 0) + 1
        return Citation(self.chapter_id, label, self.numbers[label], self.cited[label])

    def _hint(self) -> str:
        labels = ", ".join(self.definitions.entries)
        if not labels:
            return "define it under footnotes: in this chapter file"
        return f"expected one of: {labels}; define it under footnotes:"

    def footnotes(self, read_text: Callable[[Node], str], problems: list[Problem]) -> tuple[Footnote, ...]:
        """The chapter's notes in number order; each defined but never cited is reported where defined."""
        notes = []
        for label, node in self.definitions.entries.items():
            mark = self.definitions.key_marks[label]
            text = read_text(node)
            if self.by_label and not label.isdigit():
                problems.append(
                    Problem(
                        mark,
                        f"footnote label {label!r} is not a number",
                        "with settings: footnotes: numbering: labels each label is printed as its number",
                    )
                )
            if CITATION.search(text):
                problems.append(Problem(node.mark, f"footnote {label} cites a footnote", "a note cannot have notes"))
            if label not in self.numbers:
                problems.append(
                    Problem(
                        mark, f"footnote {label} is never cited in this chapter", f"cite it as [^{label}] or remove it"
                    )
                )
                continue
            notes.append(Footnote(label, self.numbers[label], text, self.cited[label], mark))
        return tuple(sorted(notes, key=lambda n: n.number))
