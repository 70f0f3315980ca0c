"""What a Word document says about itself before its first chapter: title, partnership, date, cover lines.

`csa init --from FILE.docx` starts a document from them. They come from the title block (the
paragraphs before the first Heading 1: Title, Subtitle and Date styles, or the first plain
paragraphs) and the core properties (title, subject). The date is never the file's save date:
a file saved in December says nothing about the month a plan was agreed.

Each line is read for what it says before where it stands: "Version 4.0 (draft)" is the version,
"April 2024" the date, "2024-2027" the years, whatever their style; the partnership is the line
that names a partnership or other body ("Kent Community Safety Partnership"), so a document csa
exported itself (partnership, title, version, date) reads back as it was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.document import Document as DocxDocument

from csa.content.version_numbers import effective_from
from csa.word.common.styles import COVER_PARTNERSHIP
from csa.word.importing.revisions import w

# "April 2024", "1 April 2024", "April 1, 2024": a date as a cover prints it
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DATE_LINE = re.compile(rf"^\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?({_MONTHS})\s+(?:\d{{1,2}},?\s+)?(\d{{4}})\s*$", re.I)
PERIOD_LINE = re.compile(r"^\s*(\d{4})\s*(?:-|–|to)\s*(\d{2,4})\s*$")
# "Version 4.0", "Version 2019-20 (draft)": the version line a cover prints (csa's own export writes it)
VERSION_LINE = re.compile(r"^\s*version\s+(\d+[.-]\d+)\s*(?:\(\s*draft\s*\))?\s*$", re.I)
DRAFT_LINE = re.compile(r"^\s*\(?\s*draft\s*\)?\s*$", re.I)  # a draft's cover says so, with no number
# words that name a body: the partnership is the title block's line naming one
_BODY = re.compile(
    r"\b(partnership|council|board|authority|commissioner|police|constabulary|service|trust|committee|forum"
    r"|group|alliance|network|agency|office|department|government)s?\b",
    re.I,
)


@dataclass(frozen=True)
class Found:
    """A value read from the document, and where it was read from (written as a comment beside it)."""

    value: str
    source: str


@dataclass
class TitleBlock:
    title: Found | None = None
    partnership: Found | None = None
    date: Found | None = None  # as the document prints it: "April 2024"
    version: Found | None = None  # the number the cover prints: "4.0" from "Version 4.0 (draft)"
    period: Found | None = None  # "2024-2027"
    strapline: Found | None = None  # any other line of the title block
    lines: list[str] = field(default_factory=list)  # every line read, for the report


def read_title_block(docx: DocxDocument) -> TitleBlock:
    """The title block of `docx` (see the module's docstring)."""
    block = TitleBlock()
    rest: list[tuple[bool, str]] = []  # (styled Subtitle, text) of the lines left, in the document's order
    for style, text in _paragraphs_before_first_chapter(docx):
        block.lines.append(text)
        version = VERSION_LINE.match(text)
        if style == "title" and block.title is None:
            block.title = Found(text, "the paragraph styled Title")
        elif version is not None:
            if block.version is None:
                block.version = Found(version.group(1), f"the title block's line {text!r}")
        elif DRAFT_LINE.match(text):
            continue  # every version csa starts is a draft: the line says nothing more
        elif (style == "date" or DATE_LINE.match(text)) and block.date is None:
            block.date = Found(_month_year(text), f"the title block's date line {text!r}")
        elif PERIOD_LINE.match(text) and block.period is None:
            block.period = Found(text, "the title block's line of years")
        elif style == COVER_PARTNERSHIP.lower() and block.partnership is None:
            block.partnership = Found(text, "the paragraph styled Cover Partnership")
        else:
            rest.append((style == "subtitle", text))
    core = docx.core_properties
    if block.title is None and (core.title or "").strip():
        block.title = Found(core.title.strip(), "the file's properties (Title)")
    left = [text for _, text in rest]
    # with no Title, the first plain paragraph is the title: never the partnership too
    title_line = next((text for subtitle, text in rest if not subtitle), None) if block.title is None else None
    if block.partnership is None:
        subtitles = [text for subtitle, text in rest if subtitle]
        plain = [text for subtitle, text in rest if not subtitle and text != title_line]
        block.partnership = _partnership(subtitles, plain, (core.subject or "").strip())
        if block.partnership is not None and block.partnership.value in left:
            left.remove(block.partnership.value)
    if block.title is None and left:
        block.title = Found(
            left.pop(left.index(title_line) if title_line in left else 0), "the first paragraph of the title block"
        )
    if block.partnership is None and left:
        block.partnership = Found(left.pop(0), "the second paragraph of the title block")
    if left:
        block.strapline = Found(left[0], "a line of the title block")
    return block


def _partnership(subtitles: list[str], plain: list[str], subject: str) -> Found | None:
    """The line naming a body (a Subtitle first), else the Subject property, else the first Subtitle."""
    for text in subtitles:
        if _BODY.search(text):
            return Found(text, "the paragraph styled Subtitle")
    for text in plain:
        if _BODY.search(text):
            return Found(text, "the line of the title block naming a body")
    if subject and not re.search(r"\bversion\s+\d", subject, re.I) and not DATE_LINE.match(subject):
        return Found(subject, "the file's properties (Subject)")
    if subtitles:
        return Found(subtitles[0], "the paragraph styled Subtitle")
    return None


def _month_year(text: str) -> str:
    """ "1 April 2024" -> "April 2024": versions print the month (effective dates come from it)."""
    match = DATE_LINE.match(text)
    if match is None:
        return text.strip()
    printed = f"{match.group(1).capitalize()} {match.group(2)}"
    return printed if effective_from(printed) else text.strip()


def _paragraphs_before_first_chapter(docx: DocxDocument) -> list[tuple[str, str]]:
    """(style name in lower case, text) of each non-empty top-level paragraph before the first Heading 1."""
    found = []
    styles = {s.style_id: (s.name or "").lower() for s in docx.styles}
    for element in docx.element.body:
        if element.tag != w("p"):
            continue
        style_el = element.find(f"{w('pPr')}/{w('pStyle')}")
        style = styles.get(style_el.get(w("val")), "") if style_el is not None else "normal"
        text = "".join(t.text or "" for t in element.iter(w("t"))).strip()
        if style == "heading 1":
            break
        if text and not style.startswith("toc"):
            found.append((style, " ".join(text.split())))
    return found
