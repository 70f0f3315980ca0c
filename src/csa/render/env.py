"""The one Jinja environment: autoescaped, strict about missing fields."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..inline import render_inline
from . import diagrams

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


def markdown_filter(text: str) -> Markup:
    """Inline Markdown to HTML; safe because render_inline sanitises with nh3."""
    return Markup(render_inline(text).html)  # noqa: S704


def make_env(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
        # everything is escaped except plain-text outputs (Markdown summaries), which escape their own way
        autoescape=select_autoescape(
            enabled_extensions=("html", "svg", "xml", "html.j2", "svg.j2"),
            disabled_extensions=("md.j2", "txt.j2"),
            default=True,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_filter
    env.filters["md_text"] = markdown_text
    diagrams.register(env)
    return env


def markdown_text(text: str) -> str:
    """Plain text made inert inside Markdown: no emphasis, links or HTML sneak in."""
    return re.sub(r"([\\`*_\[\]<>#~|])", r"\\\1", text.replace("\n", " "))
