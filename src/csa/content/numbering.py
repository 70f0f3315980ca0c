"""Chapter and appendix numbers and names, from their order and the document's settings.

Nobody types a number: "3. Governance", "Appendix B: MoRiLE" and the version-control
table's "Ch.3" / "Appendix B" are worked out here from the order of the files.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from csa.model import Kind, Settings


@dataclass(frozen=True)
class Named:
    label: str | None  # "3", "B"; None when unnumbered
    prefix: str  # printed before the title
    short_name: str  # in the version-control table; "" means the title


class Numberer:
    """Counts chapters and appendices in file order and names each as the document asks."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.counts = {"chapter": 0, "appendix": 0}

    def next(self, kind: Kind) -> Named:
        numbering, words = self.settings.numbering, self.settings.words
        if kind == "appendix":
            self.counts["appendix"] += 1
            label = _appendix_label(self.counts["appendix"], numbering.appendices)
            return Named(label, words.appendix.format(label=label), words.appendix_short.format(label=label))
        if kind == "chapter" and numbering.chapters:
            self.counts["chapter"] += 1
            label = str(self.counts["chapter"])
            prefix = f"{label}.0 " if numbering.sections else words.chapter.format(label=label)
            return Named(label, prefix, words.chapter_short.format(label=label))
        return Named(None, "", "")


def _appendix_label(n: int, style: str) -> str:
    if style == "numbers":
        return str(n)
    return string.ascii_uppercase[n - 1] if n <= 26 else f"A{n - 26}"


class ParagraphNumbers:
    """A chapter's paragraph numbers in reading order: "3.1", "3.2" (or "1", "2" in an unnumbered
    chapter such as a foreword); none at all when the document does not number paragraphs."""

    def __init__(self, label: str | None | bool) -> None:
        self.label = label  # the chapter's label; None: "N"; False: paragraphs are not numbered
        self.count = 0

    def next(self) -> str | None:
        if self.label is False:
            return None
        self.count += 1
        return f"{self.label}.{self.count}" if self.label else str(self.count)
