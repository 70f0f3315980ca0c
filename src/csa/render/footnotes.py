"""Footnote markers in rendered text, and the notes a PDF prints at the foot of its pages.

Validation has already numbered every citation (csa.inline.Citation); here each one
becomes the marker that templates/macros/footnotes.html.j2 writes. With
`settings: footnotes: place: page`, a label's first citation also carries its note,
which the PDF's print.css floats to the foot of the page (WeasyPrint's `float: footnote`)
and the screen hides (the HTML page lists the notes at the chapter's end).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType

from jinja2 import Environment
from markupsafe import Markup

from csa.inline import Citation, Reference, note_id, split_citations
from csa.model import Document, Version
from csa.render.references import reference_link

MACROS = "macros/footnotes.html.j2"

# The notes of the page being rendered, by note id, when it prints them at page feet: what
# the md filter needs beyond its text. Set around one render, so parallel renders stay apart.
_PAGE_FOOT_NOTES: ContextVar[Mapping[str, str]] = ContextVar("page_foot_notes", default=MappingProxyType({}))


@contextmanager
def page_foot_notes(document: Document, version: Version) -> Iterator[None]:
    """While `version` renders, first citations carry their notes if the document prints them at page feet."""
    at_foot = document.settings.footnotes.place == "page"
    notes = {note_id(c.id, n.label): n.text for c in version.chapters for n in c.footnotes} if at_foot else {}
    reset = _PAGE_FOOT_NOTES.set(notes)
    try:
        yield
    finally:
        _PAGE_FOOT_NOTES.reset(reset)


def with_citations(env: Environment, html: str) -> Markup:
    """Sanitised inline HTML with each numbered citation replaced by its marker, each reference by its link."""
    pieces = split_citations(html)
    if len(pieces) == 1:
        return Markup(html)  # noqa: S704  # sanitised by csa.inline.render_inline
    citation = env.get_template(MACROS).module.citation  # type: ignore[attr-defined]
    return Markup("").join(
        Markup(piece)  # noqa: S704  # sanitised by csa.inline.render_inline
        if isinstance(piece, str)
        else reference_link(env, piece)
        if isinstance(piece, Reference)
        else citation(piece, _foot_note(piece))
        for piece in pieces
    )


def _foot_note(citation: Citation) -> str | None:
    """The note to print at the foot of the page: at a label's first citation, if the page does so."""
    return _PAGE_FOOT_NOTES.get().get(citation.note_id) if citation.occurrence == 1 else None
