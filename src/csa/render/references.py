"""References in rendered text: [](#id) prints its target's current number or name, linked to it.

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
from csa.content.references import page_anchors, reference_words
from csa.inline import Reference
from csa.model import Document, Version

MACROS = "macros/references.html.j2"

_WORDS: ContextVar[Mapping[str, str]] = ContextVar("reference_words", default=MappingProxyType({}))
# Ids the page prints under another anchor: a numbered paragraph's own id links to its #para-3.6.
_ANCHORS: ContextVar[Mapping[str, str]] = ContextVar("page_anchors", default=MappingProxyType({}))
# An indicator's computed fields, [](#da-incidents.change): printed as words in the sentence, not links.
_FIELDS: ContextVar[Mapping[str, str]] = ContextVar("indicator_fields", default=MappingProxyType({}))


@contextmanager
def references_to(document: Document, version: Version) -> Iterator[None]:
    """While `version` renders, each reference prints its target's number in that version."""
    reset = _WORDS.set(reference_words(version.chapters, document.settings.words))
    reset_fields = _FIELDS.set(figure_words(version))
    reset_anchors = _ANCHORS.set(page_anchors(version.chapters))
    try:
        yield
    finally:
        _ANCHORS.reset(reset_anchors)
        _FIELDS.reset(reset_fields)
        _WORDS.reset(reset)


def reference_link(env: Environment, reference: Reference) -> Markup:
    """The link a reference prints; outside a version's render (none so far) its target's id is the words."""
    fields = _FIELDS.get()
    if reference.target in fields:
        return Markup.escape(reference.printed(fields))
    words = reference.printed(_WORDS.get())
    anchor = _ANCHORS.get().get(reference.target, reference.target)
    link: Markup = env.get_template(MACROS).module.reference(anchor, words)  # type: ignore[attr-defined]
    return link
