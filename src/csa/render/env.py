"""The one Jinja environment: autoescaped, strict about missing fields."""

from __future__ import annotations

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
        autoescape=select_autoescape(("html", "j2", "html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_filter
    diagrams.register(env)
    return env
