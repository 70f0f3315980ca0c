"""Model -> HTML page. Pure: the same inputs always give the same string."""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment

from .. import __version__
from ..model import Document, HistoryRow, Version


def render_html(env: Environment, document: Document, version: Version, history: Sequence[HistoryRow]) -> str:
    """The whole version as one self-contained HTML page (also the PDF's source)."""
    template = env.get_template("base.html.j2")
    return template.render(document=document, version=version, history=history, generator_version=__version__)


def render_print_css(env: Environment) -> str:
    """The paged-media stylesheet (footers, bookmarks, contents page numbers) that only the PDF gets."""
    return env.get_template("print.css").render()
