"""References in rendered text: [](#id) prints its target's current number or name, linked to it;
[](#id.page) the page the PDF prints it on ("p.14", print.css), and its name where there are no pages.

Validation has checked each target and left only its id in the text (csa.inline.Reference),
so the words come from the version being rendered: set around one render, as the
page-foot notes are, so parallel renders stay apart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType

from jinja2 import Environment
from markupsafe import Markup

from csa.content.plans import figure_words
from csa.content.references import FIXED_ANCHORS, page_anchors, reference_words
from csa.inline import Reference, page_target
from csa.model import Document, Version
from csa.render.paged import page_placeholder

MACROS = "macros/references.html.j2"

_WORDS: ContextVar[Mapping[str, str]] = ContextVar("reference_words", default=MappingProxyType({}))
# Ids the page prints under another anchor: a numbered paragraph's own id links to its #para-3.6.
_ANCHORS: ContextVar[Mapping[str, str]] = ContextVar("page_anchors", default=MappingProxyType({}))
# An indicator's computed fields, [](#da-incidents.change): printed as words in the sentence, not links.
_FIELDS: ContextVar[Mapping[str, str]] = ContextVar("indicator_fields", default=MappingProxyType({}))


# Rendering one part of a PDF laid out part by part (render/paged.py): the ids it prints. WeasyPrint
# finds no page for an anchor outside the part it lays out, so a page reference to anything else
# carries a placeholder the join replaces with the page number. None: the whole document.
_IN_PART: ContextVar[frozenset[str] | None] = ContextVar("ids_in_part", default=None)


@contextmanager
def references_to(document: Document, version: Version, part: str | None = None) -> Iterator[None]:
    """While `version` renders, each reference prints its target's number in that version.

    `part` (a chapter id, "front" or "back") renders one part of a PDF laid out part by part."""
    words = reference_words(version.chapters, document.settings.words)
    reset = _WORDS.set(words)
    reset_fields = _FIELDS.set(figure_words(version))
    reset_anchors = _ANCHORS.set(page_anchors(version.chapters))
    chapter = version.chapter(part) if part is not None else None
    in_part = reference_words([chapter], document.settings.words) if chapter is not None else {}
    reset_part = _IN_PART.set(frozenset(in_part) - FIXED_ANCHORS if part is not None else None)
    try:
        yield
    finally:
        _IN_PART.reset(reset_part)
        _ANCHORS.reset(reset_anchors)
        _FIELDS.reset(reset_fields)
        _WORDS.reset(reset)


def reference_link(env: Environment, reference: Reference) -> Markup:
    """The link a reference prints; outside a version's render (none so far) its target's id is the words."""
    fields = _FIELDS.get()
    if reference.target in fields:
        return Markup.escape(reference.printed(fields))
    words = reference.printed(_WORDS.get())
    named = page_target(reference.target)
    target = reference.target if named is None else named
    anchor = _ANCHORS.get().get(target, target)
    macros = env.get_template(MACROS).module
    page = getattr(macros, "page", None)  # a project's own copy of the macros from before page references
    if named is None or page is None:
        link: Markup = macros.reference(anchor, words)  # type: ignore[attr-defined]
        return link
    in_part = _IN_PART.get()
    # A part laid out alone has no page for a target in another part: the join fills its number in.
    elsewhere = in_part is not None and named not in in_part
    paged: Markup = page(anchor, words, page_placeholder(anchor) if elsewhere else None)
    return paged
