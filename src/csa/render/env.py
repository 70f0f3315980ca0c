"""The one Jinja environment: autoescaped, strict about missing fields."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, meta, select_autoescape
from markupsafe import Markup

from ..inline import render_inline

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
    return env


def template_files(templates: Path, entry: str) -> set[str]:
    """The files under `templates` a page rendered from `entry` can read (for the build cache).

    Those it includes, imports or extends, followed through; plus every file
    that is not a Jinja template (.j2), since a stylesheet may name fonts or
    images by url(). Every file, if an include's name is only known at run time.
    """
    everything = {p.relative_to(templates).as_posix() for p in templates.rglob("*") if p.is_file()}
    env = make_env(templates)
    used, todo = set(), [entry]
    while todo:
        name = todo.pop()
        if name in used:
            continue
        used.add(name)
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        for referenced in meta.find_referenced_templates(env.parse(source)):
            if referenced is None:
                return everything
            todo.append(referenced)
    return used | {name for name in everything if not name.endswith(".j2")}
