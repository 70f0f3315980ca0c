"""Model -> HTML page. Pure: the same inputs always give the same string."""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment

from .. import __version__
from ..model import Document, HistoryRow, Version

PAGE = "base.html.j2"  # the published page; `csa serve` renders preview.html.j2, which extends it


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
