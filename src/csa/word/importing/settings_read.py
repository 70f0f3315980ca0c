"""The document settings a Word document shows by how it is typed: numbering of chapters, appendices, paragraphs.

`csa init --from FILE.docx` writes them to document.yaml, each with a comment saying what in
the Word document it was read from, so the first build prints the numbers the source printed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from csa.word.importing.reading import BodyRead


@dataclass(frozen=True)
class ReadSetting:
    key: str  # under settings: numbering:
    value: bool | str
    source: str  # what in the Word document says so


def numbering_from(body: BodyRead) -> list[ReadSetting]:
    """The `numbering:` settings the body's typed numbers show (none for what it does not show)."""
    found: list[ReadSetting] = []
    chapters = [c for c in body.chapters if c.kind == "chapter"]
    labelled = [c for c in chapters if c.label]
    if labelled:
        found.append(ReadSetting("chapters", True, f"chapter titles typed with numbers ({labelled[0].heading!r})"))
    elif body.typed_numbers:
        found.append(
            ReadSetting("chapters", True, f"paragraph numbers typed with chapter numbers ({body.typed_numbers[0]!r})")
        )
    elif chapters:
        found.append(ReadSetting("chapters", False, "no chapter title or paragraph in Word has a number"))
    if body.typed_numbers:
        found.append(ReadSetting("paragraphs", True, f"{len(body.typed_numbers)} paragraph(s) typed with numbers"))
        stop = paragraph_stop_from(body)
        if stop is not None:
            found.append(stop)
    appendices = [c for c in body.chapters if c.kind == "appendix" and c.label]
    if appendices:
        numbers = sum(c.label.isdigit() for c in appendices if c.label) > len(appendices) / 2
        found.append(
            ReadSetting(
                "appendices", "numbers" if numbers else "letters", f"appendix titles ({appendices[0].heading!r})"
            )
        )
    return found


def paragraph_stop_from(body: BodyRead) -> ReadSetting | None:
    """`paragraph_stop: false` when Word typed most paragraph numbers without a full stop ("1.1", not "1.1.")."""
    dots = Counter(n.endswith(".") for n in body.typed_numbers)
    if dots[False] <= dots[True]:
        return None
    example = next(n for n in body.typed_numbers if not n.endswith("."))
    return ReadSetting("paragraph_stop", False, f"paragraph numbers typed without a full stop ({example!r})")


def heading_levels_note(body: BodyRead) -> str:
    """A comment naming the heading levels the Word document used (the content has levels 1 to 4)."""
    levels = sorted(body.heading_levels)
    if not levels:
        return "no headings were read"
    return "heading levels in the Word document: " + ", ".join(str(level) for level in levels)
