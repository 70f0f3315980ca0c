"""Model -> HTML page. Pure: the same inputs always give the same string."""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment

from .. import __version__
from ..diff.redline import Redline, largest_word_changes
from ..model import Document, HistoryRow, Version

PAGE = "base.html.j2"  # the published page; `csa serve` renders preview.html.j2, which extends it
REDLINE = "redline/redline.html.j2"


def render_html(
    env: Environment,
    document: Document,
    version: Version,
    history: Sequence[HistoryRow],
    page: str = PAGE,
    **extra: object,
) -> str:
    """The whole version as one self-contained HTML page (also the PDF's source).

    `extra` is more context for a `page` that needs it (the preview's reload script).
    """
    template = env.get_template(page)
    return template.render(document=document, version=version, history=history, generator_version=__version__, **extra)


def render_redline(env: Environment, redline: Redline) -> str:
    """The newer version with every change marked, as one self-contained page (also the PDF's source)."""
    return env.get_template(REDLINE).render(redline=redline, generator_version=__version__)


def render_summary(env: Environment, redline: Redline, most: int = 10) -> str:
    """A short Markdown summary of a redline, for pull-request comments and CI job summaries."""
    return env.get_template("redline/summary.md.j2").render(
        redline=redline, largest=largest_word_changes(redline, most)
    )


def render_print_css(env: Environment) -> str:
    """The paged-media stylesheet (footers, bookmarks, contents page numbers) that only the PDF gets."""
    return env.get_template("print.css").render()


def render_redline_print_css(env: Environment) -> list[str]:
    """The stylesheets a redline PDF gets after its page's own: the document's print rules, then the redline's."""
    return [render_print_css(env), env.get_template("redline/print.css").render()]
