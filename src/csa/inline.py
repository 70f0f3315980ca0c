"""Inline Markdown to safe HTML, and what the text links to.

Used by validation (to refuse raw HTML, unsafe links and inline images) and by
rendering (to print the text). Only inline syntax is understood: a paragraph
that starts with "1." or "#" stays a paragraph, because numbering and headings
come from the content model, not from Markdown.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3
from markdown.inlinepatterns import HTML_RE, InlineProcessor
from markdown.treeprocessors import Treeprocessor

ALLOWED_SCHEMES = ("http", "https", "mailto")
_ALLOWED_TAGS = {"em", "strong", "a", "sup", "br", "p", "code"}
# Python-Markdown's block parsers, but for "empty" and "paragraph": text is inline only
_BLOCK_PARSERS_DROPPED = ("indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote", "reference")


# A footnote citation as authors write it: [^1], [^ons-2018].
CITATION = re.compile(r"\[\^([A-Za-z0-9-]+)\]")
# A citation once validation has numbered it: private-use characters around fields of
# letters, digits and hyphens, which Markdown and nh3 pass through untouched. Only the
# md filter turns it into a marker (from a template), so no author text becomes markup.
_CITED = re.compile("\ue000([\\w-]+)\ue002([A-Za-z0-9-]+)\ue002([0-9]+)\ue002([0-9]+)\ue001")
# A reference as authors write it: a link to an anchor with no words, [](#priorities).
EMPTY_ANCHOR_LINK = re.compile(r"\[\]\(#([A-Za-z0-9.-]+)\)")
# A page reference, [](#priorities-diagram.page): the page the PDF prints its target on ("p.14")
PAGE_SUFFIX = ".page"
# A reference once validation has checked its target: the target's id between private-use
# characters. Only the target's id, so renumbering changes no text; the md filter prints
# the target's current number (from a template) while a version renders.
# A caret before the id marks a reference that starts a sentence: it prints capitalised.
_REFERENCED = re.compile("\ue003(\\^?)([A-Za-z0-9.-]+)\ue001")
# Where a sentence starts: at the text's start, or after . ! ? (and any closing quote or bracket)
# and a space; opening emphasis, quotes or brackets may come between.
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’)\]]*\s+)[*_\"'“‘(\[]*$")
RESERVED_CHARS = re.compile("[\ue000-\ue003]")


@dataclass(frozen=True)
class Citation:
    """One citation of a footnote: the number it prints and which of its chapter's citations of that label it is."""

    chapter: str
    label: str
    number: int
    occurrence: int  # 1 for the first citation of the label in the chapter

    @property
    def token(self) -> str:
        return f"\ue000{self.chapter}\ue002{self.label}\ue002{self.number}\ue002{self.occurrence}\ue001"

    @property
    def note_id(self) -> str:
        return note_id(self.chapter, self.label)

    @property
    def ref_id(self) -> str:
        return ref_id(self.chapter, self.label, self.occurrence)


def note_id(chapter: str, label: str) -> str:
    return f"fn-{chapter}-{label}"


def ref_id(chapter: str, label: str, occurrence: int) -> str:
    return f"fnref-{chapter}-{label}-{occurrence}"


@dataclass(frozen=True)
class Reference:
    """A reference to a chapter, paragraph or block by its id: prints the target's current number or name."""

    target: str
    starts_sentence: bool = False

    @property
    def token(self) -> str:
        return f"\ue003{'^' if self.starts_sentence else ''}{self.target}\ue001"

    def printed(self, words: Mapping[str, str]) -> str:
        """Its words, given what a reference to each target prints: "Section 7 sets out", "see section 7"."""
        found = words.get(self.target, self.target)
        return found[:1].upper() + found[1:] if self.starts_sentence else found


def page_target(target: str) -> str | None:
    """The id a page reference ([](#id.page)) names, or None for any other reference."""
    return target.removesuffix(PAGE_SUFFIX) if target.endswith(PAGE_SUFFIX) else None


def as_references(text: str) -> str:
    """`text` with each [](#id) made a reference token (the caller has checked every id exists)."""

    def token(m: re.Match[str]) -> str:
        before = _CITED.sub("", text[: m.start()])  # a note's number ends no sentence
        return Reference(m[1], _SENTENCE_START.search(before) is not None).token

    return EMPTY_ANCHOR_LINK.sub(token, text)


def print_references(text: str, words: Mapping[str, str]) -> str:
    """`text` with each reference token as the words it prints."""
    return _REFERENCED.sub(lambda m: Reference(m[2], bool(m[1])).printed(words), text)


_MARKER = re.compile(f"{_CITED.pattern}|{_REFERENCED.pattern}")


def split_citations(html: str) -> list[str | Citation | Reference]:
    """Rendered HTML cut at each numbered citation and reference: the pieces between, and the markers."""
    pieces: list[str | Citation | Reference] = []
    at = 0
    for m in _MARKER.finditer(html):
        marker = Reference(m[6], bool(m[5])) if m[6] else Citation(m[1], m[2], int(m[3]), int(m[4]))
        pieces += [html[at : m.start()], marker]
        at = m.end()
    return [*pieces, html[at:]]


@dataclass(frozen=True)
class Inline:
    html: str
    links: tuple[str, ...]
    images: tuple[str, ...]
    raw_html: tuple[str, ...]


class _RawHtmlRecorder(InlineProcessor):
    """Replaces Python-Markdown's raw-HTML pass-through: record it, print it as text."""

    def __init__(self, found: list[str]) -> None:
        super().__init__(HTML_RE)
        self.found = found

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # type: ignore[override]  # noqa: N802
        self.found.append(m.group(0))
        return m.group(0), m.start(0), m.end(0)


# What a rendered link may point at: the web, mail, a place in the document. Anything
# else (javascript:, data:, or an odd address nh3 would keep as "relative") loses its href.
SAFE_HREF = re.compile(r"(https?:|mailto:|#)|[^:]*$", re.IGNORECASE)


class _LinkRecorder(Treeprocessor):
    """Records every link and image (validation reports the disallowed ones) and disarms bad links."""

    def __init__(self, md: markdown.Markdown, links: list[str], images: list[str]) -> None:
        super().__init__(md)
        self.links, self.images = links, images

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag == "a":
                href = el.get("href", "")
                self.links.append(href)
                if not SAFE_HREF.match(href):
                    del el.attrib["href"]
            elif el.tag == "img":
                self.images.append(el.get("src", ""))


def _converter(links: list[str], images: list[str], raw: list[str]) -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["pymdownx.caret"],
        extension_configs={"pymdownx.caret": {"insert": False, "superscript": True}},
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.register(_RawHtmlRecorder(raw), "raw_html", 90)
    for name in _BLOCK_PARSERS_DROPPED:
        md.parser.blockprocessors.deregister(name, strict=False)
    md.treeprocessors.register(_LinkRecorder(md, links, images), "record_links", 0)
    return md


@lru_cache(maxsize=8192)
def render_inline(text: str) -> Inline:
    """Markdown text to sanitised HTML; a single paragraph loses its <p>."""
    links: list[str] = []
    images: list[str] = []
    raw: list[str] = []
    html = _converter(links, images, raw).convert(text)
    html = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=None,
    )
    if html.count("<p>") == 1 and html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return Inline(html, tuple(links), tuple(images), tuple(raw))


def plain_text(text: str) -> str:
    """The words a reader sees, without markup (for diffs and search)."""
    html = _CITED.sub("", render_inline(text).html)  # a note's number is not its words: renumbering is no edit
    html = _REFERENCED.sub(lambda m: f"[](#{m[2]})", html)  # nor a reference's: compared as written
    return re.sub(r"\s+", " ", _unescape(re.sub(r"<[^>]+>", "", html))).strip()


def _unescape(s: str) -> str:
    import html

    return html.unescape(s)


@dataclass(frozen=True)
class Unclosed:
    """A Markdown marker opened and never closed, which the reader would see printed: `**bold`, `*em`, `[link](`."""

    marker: str  # "**", "*" or "](" (a link whose address has no closing bracket)
    written: str  # the marker and the word after it, as in the text: "**bold" (to find where it is written)

    @property
    def message(self) -> str:
        if self.marker == "](":
            return f"unclosed link {self.written!r}: its address has no closing ')', so it prints as typed"
        what = "bold" if self.marker == "**" else "italic"
        return f"unclosed {self.marker!r} in {self.written!r}: the {what} text is never closed, so it prints as typed"

    @property
    def hint(self) -> str:
        if self.marker == "](":
            return "end the address with ')'"
        what, escaped = ("bold", "\\*\\*") if self.marker == "**" else ("italic", "\\*")
        return f"put {self.marker} after the last {what} word, or write {escaped} to print asterisks"


# What cannot open emphasis or a link: code spans, and characters escaped with a backslash
_LITERAL = re.compile(r"(`+).*?\1|\\.")
_CLOSED_LINK = re.compile(r"!?\[[^\[\]]*\]\([^()]*(?:\([^()]*\)[^()]*)*\)")
_OPEN_LINK = re.compile(r"\[[^\[\]]*\]\(\S*")
_CLOSED_EMPHASIS = re.compile(r"(\*\*?)(?=[^\s*])(?:.*?\S)?\1(?!\*)")
# `*` before a word opens italics; before a bracket it is a note's mark, as printed plans use it ("*[...]")
_OPENERS = re.compile(r"\*\*(?=\S)|(?<![\w*])\*(?=\w)")


def unclosed_markers(text: str) -> list[Unclosed]:
    """Each `**`, `*` or `[words](` that opens and is never closed, in the order written.

    Only what Python-Markdown also left unclosed is said (it prints the marker): the rendered
    text is the judge, this scan only finds where."""
    visible = _unescape(re.sub(r"<[^>]+>", "", re.sub(r"<code>.*?</code>", "", render_inline(text).html)))
    if "*" not in visible and "](" not in visible:
        return []
    blank = _blanked(_LITERAL, text)
    found: list[tuple[int, Unclosed]] = []
    if "](" in visible:
        for m in _OPEN_LINK.finditer(_blanked(_CLOSED_LINK, blank)):
            found.append((m.start(), Unclosed("](", text[m.start() : m.end()])))
    if "*" in visible:
        for m in _OPENERS.finditer(_blanked(_CLOSED_EMPHASIS, _blanked(_CLOSED_LINK, blank))):
            word = re.match(r"\S*", text[m.end() :])
            found.append((m.start(), Unclosed(m[0], m[0] + (word[0] if word else ""))))
    return [unclosed for _, unclosed in sorted(found, key=lambda f: f[0])]


def _blanked(pattern: re.Pattern[str], text: str) -> str:
    """`text` with each match of `pattern` made spaces, so the places of the rest stay where they were."""
    return pattern.sub(lambda m: " " * len(m[0]), text)
