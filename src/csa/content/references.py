"""References by id, and hand-typed numbers that renumbering has left pointing elsewhere.

`[](#priorities)` prints the target's current number as the document words it
("section 7", "Appendix B", "paragraph 3.6") or its name (a heading's text, a table's
caption), linked to it; the text keeps only the id, so renumbering changes no text.
A hand-typed "section 6" cannot follow: when a version supersedes another in the
repository, each one whose chapter or paragraph now has another number is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from csa.blocks import kind_of
from csa.content.plans import part_words
from csa.errors import Mark, Problem
from csa.inline import PAGE_SUFFIX, plain_text
from csa.model import Block, Chapter, Paragraph, Settings, Version, Words
from csa.nodes import Scalar, marks_in

# "appendix-other": an appendix named in the style the document does not use ("Appendix 1" in a lettered one);
# "page": a page number ("p.12", "pages 3-4"), which any change to the layout before it moves
TargetKind = Literal["chapter", "appendix", "paragraph", "appendix-other", "page"]
# "p.12", "p. 12", "pp.3-4", "page 12", "pages 3 to 4": not "p.12a" nor "page 1.2"
_TYPED_PAGE = re.compile(
    r"(?<![\w.])(?:pp?\.\s?|pages?\s+)(\d+(?:\s?(?:-|–|to|and)\s?\d+)?)(?![\w]|\.\d)", re.IGNORECASE
)
_FIXED_ANCHORS = {"contents": "contents", "version-control": "version control"}
FIXED_ANCHORS = frozenset(_FIXED_ANCHORS)  # the anchors every page has, outside any chapter


def reference_words(chapters: Sequence[Chapter], words: Words) -> dict[str, str]:
    """What a reference to each anchor of a version prints, by anchor id; and, by "<id>.page", what a
    page reference to it prints where there are no pages (HTML, Word): the same words, or "the diagram"
    for a block known only by its kind (the PDF prints the page number instead: see render/references.py)."""
    found = dict(_FIXED_ANCHORS)
    pages = {anchor: f"the {name}" for anchor, name in _FIXED_ANCHORS.items()}
    for chapter in chapters:
        found[chapter.id] = pages[chapter.id] = chapter_words(chapter, words)
        for block in chapter.blocks:
            found[block.id] = _block_words(block, words)
            pages[block.id] = _block_words(block, words, "the ")
            found.update(part_words(block))
            pages.update(part_words(block))
            aliases = kind_of(block).aliases
            for alias in aliases(block) if aliases else ():
                found[alias], pages[alias] = found[block.id], pages[block.id]
    return found | {f"{anchor}{PAGE_SUFFIX}": words for anchor, words in pages.items()}


def page_anchors(chapters: Sequence[Chapter]) -> dict[str, str]:
    """The anchor a reference to each id links to, where the page prints its target under another one.

    A numbered paragraph is printed as #para-3.6 (the anchor its number names), so a reference
    to the id given to it (`id: first-aim`) links there; every other id is its own anchor.
    """
    return {
        block.id: f"para-{block.number}"
        for chapter in chapters
        for block in chapter.blocks
        if isinstance(block, Paragraph) and block.number
    }


def chapter_words(chapter: Chapter, words: Words) -> str:
    """ "section 7", "Appendix B", or the title of an unnumbered chapter."""
    if chapter.label is None:
        return chapter.title
    template = words.appendix_short if chapter.kind == "appendix" else words.section
    return template.format(label=chapter.label)


def _block_words(block: Block, words: Words, article: str = "") -> str:
    """Its name ("paragraph 3.6", a caption), else its kind's noun, after `article` ("the diagram")."""
    kind = kind_of(block)
    named = kind.cross_reference(block, words) if kind.cross_reference else None
    return named or f"{article}{kind.noun}"


@dataclass(frozen=True)
class Mention:
    """A number typed by hand in text: "section 6", "paragraph 3.6", "Appendix B"."""

    kind: TargetKind
    number: str
    written: str
    mark: Mark


class MentionFinder:
    """Finds hand-typed numbers in the document's own words for them (settings.words)."""

    def __init__(self, settings: Settings) -> None:
        words, numbering = settings.words, settings.numbering
        letter = r"\d+" if numbering.appendices == "numbers" else "[A-Z]"
        patterns: list[tuple[TargetKind, str, str]] = [
            ("chapter", words.section, r"\d+"),
            ("chapter", "chapter {label}", r"\d+"),
            ("appendix", words.appendix_short, letter),
            ("appendix-other", words.appendix_short, "[A-Z]" if numbering.appendices == "numbers" else r"\d+"),
        ]
        if numbering.paragraphs:
            patterns.append(("paragraph", words.paragraph.replace("{number}", "{label}"), r"\d+\.\d+"))
        self.patterns = [
            (kind, _pattern(template, number)) for kind, template, number in patterns if "{label}" in template
        ]
        self.patterns.append(("page", _TYPED_PAGE))

    def find(self, text: str, node: Scalar) -> list[Mention]:
        found = sorted(
            ((m.start(), kind, m[1], m[0]) for kind, pattern in self.patterns for m in pattern.finditer(text)),
        )
        marks = marks_in(node, tuple(written for *_, written in found))
        return [
            Mention(kind, number, written, mark) for (_, kind, number, written), mark in zip(found, marks, strict=True)
        ]


def _pattern(template: str, number: str) -> re.Pattern[str]:
    """ "section {label}" -> a case-blind pattern for "section 6" that is not part of "section 6.2" or "section 66"."""
    words = re.escape(template.strip()).replace(re.escape("{label}"), f"({number})")
    return re.compile(rf"(?<!\w){words}(?![\w]|\.\d)", re.IGNORECASE if number != "[A-Z]" else 0)


def stale_number_warnings(
    versions: Sequence[Version], mentions: Mapping[str, Sequence[Mention]], settings: Settings
) -> list[Problem]:
    """A warning for each hand-typed number whose target, in the superseded version, now has another number."""
    if not settings.numbering.chapters:
        return []
    by_number = {v.number: v for v in versions}
    return [
        problem
        for new in versions
        if (old := by_number.get(new.supersedes or "")) is not None
        for mention in mentions.get(new.number, ())
        if mention.kind != "page" and (problem := _stale(mention, old, new, settings.words)) is not None
    ]


def typed_page_warnings(versions: Sequence[Version], mentions: Mapping[str, Sequence[Mention]]) -> list[Problem]:
    """A warning for each page number a draft types by hand ("p.12"): the PDF's layout moves, the number does
    not. A published version is left as it was published (its text is frozen)."""
    return [
        Problem(
            mention.mark,
            f"{mention.written!r} is a page number typed by hand: it goes wrong when the pages before it change",
            f"write [](#its-id{PAGE_SUFFIX}) to print the page the PDF puts it on, giving its block id: its-id",
            severity="warning",
            code="typed-page",
        )
        for version in versions
        if version.status != "published"
        for mention in mentions.get(version.number, ())
        if mention.kind == "page"
    ]


def appendix_style_warnings(mentions: Mapping[str, Sequence[Mention]], settings: Settings) -> list[Problem]:
    """A warning where the text names an appendix in the style the document does not print ("Appendix 1", lettered)."""
    style = settings.numbering.appendices
    other = "numbers" if style == "letters" else "letters"
    return [
        Problem(
            mention.mark,
            f"the text says {mention.written!r} but appendices are {'lettered' if style == 'letters' else 'numbered'}"
            f" ({settings.words.appendix_short.format(label='A' if style == 'letters' else '1')}, ...)",
            f"write [](#the-appendix-id) to print its name, or set settings: numbering: appendices: {other}"
            " in document.yaml",
            severity="warning",
            code="appendix-style",
        )
        for found in mentions.values()
        for mention in found
        if mention.kind == "appendix-other"
    ]


def _stale(mention: Mention, old: Version, new: Version, words: Words) -> Problem | None:
    if mention.kind == "paragraph":
        return _stale_paragraph(mention, old, new, words)
    was = next((c for c in old.chapters if c.kind == mention.kind and c.label == mention.number), None)
    if was is None:
        return None  # it pointed nowhere in this document before either: "section 17 of the Act"
    now = new.chapter(was.id)
    if now is not None and (now.kind, now.label) == (was.kind, was.label):
        return None
    pointed = f"{mention.written!r} pointed to {was.title!r} in {old.number}"
    if now is None:
        return _warning(mention, f"{pointed}, which is no longer in this version")
    hint = f"write [](#{now.id}) to keep it current"
    return _warning(mention, f"{pointed}, which is now {chapter_words(now, words)}", hint)


def _stale_paragraph(mention: Mention, old: Version, new: Version, words: Words) -> Problem | None:
    found = next(
        ((c, p) for c in old.chapters for p in c.blocks if isinstance(p, Paragraph) and p.number == mention.number),
        None,
    )
    if found is None:
        return None
    chapter, was = found
    now = _same_paragraph(was, new.chapter(chapter.id))
    if now is not None and now.number == was.number:
        return None
    pointed = f"{mention.written!r} pointed to {_quote(was.text)!r} in {old.number}"
    if now is None or now.number is None:
        return _warning(mention, f"{pointed}, which is no longer in this version")
    # An id an author gave stays; one made from the paragraph's place does not.
    given = not re.fullmatch(rf"{re.escape(chapter.id)}-\d+", now.id)
    target = now.id if given else "an-id"
    hint = f"write [](#{target}) to keep it current" + ("" if given else ", giving the paragraph id: an-id")
    return _warning(mention, f"{pointed}, which is now {words.paragraph.format(number=now.number)}", hint)


def _same_paragraph(was: Paragraph, chapter: Chapter | None) -> Paragraph | None:
    """The paragraph in the new version's chapter with the same words, else the same id."""
    if chapter is None:
        return None
    paragraphs = [b for b in chapter.blocks if isinstance(b, Paragraph)]
    return next((p for p in paragraphs if p.text == was.text), None) or next(
        (p for p in paragraphs if p.id == was.id), None
    )


def _quote(text: str, most: int = 40) -> str:
    words = plain_text(text)
    return words if len(words) <= most else words[:most].rsplit(" ", 1)[0] + "..."


def _warning(mention: Mention, message: str, hint: str | None = None) -> Problem:
    return Problem(mention.mark, message, hint, severity="warning", code="stale-number")
