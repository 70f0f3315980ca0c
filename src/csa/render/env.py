"""The one Jinja environment: autoescaped, strict about missing fields."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    meta,
    pass_environment,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from csa.blocks.plan_changes import action_changes, indicator_changes
from csa.dates import long_date, ordinal_date
from csa.inline import render_inline
from csa.render import diagrams
from csa.render.footnotes import with_citations
from csa.render.theme import template_folders, template_sources


@pass_environment
def markdown_filter(env: Environment, text: str) -> Markup:
    """Inline Markdown to HTML; safe because render_inline sanitises with nh3 and footnote markers come from a template."""
    return with_citations(env, render_inline(text).html)


def embedded_fonts(sources: Mapping[str, Path]) -> dict[str, str]:
    """Every WOFF2 file in templates/fonts/ as a data: URI, by file name (`sources`: see theme.template_sources).

    Embedded rather than linked so the HTML page is one self-contained file and
    the PDF uses these fonts on every machine, whatever fonts it has installed.
    """
    return {
        PurePosixPath(name).name: "data:font/woff2;base64," + base64.b64encode(font.read_bytes()).decode("ascii")
        for name, font in sources.items()
        if PurePosixPath(name).parent == PurePosixPath("fonts") and name.endswith(".woff2")
    }


def make_env(templates: Path | None = None, code_version: str | None = None) -> Environment:
    """The environment for a project's `templates` folder (None: the package's defaults alone).

    With `code_version` (a digest of this code: the options below change what is compiled),
    templates compiled by one process are kept for the next, in Jinja's own folder for this
    user; Jinja checks each against its source. Compiling them is a tenth of a one-chapter rebuild.
    """
    env = Environment(
        loader=FileSystemLoader(template_folders(templates)),
        bytecode_cache=_compiled_templates(code_version) if code_version else None,
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
    env.filters["long_date"] = long_date
    env.filters["ordinal_date"] = ordinal_date
    env.globals["fonts"] = embedded_fonts(template_sources(templates))
    env.globals["action_changes"] = action_changes  # the redline's marks on an action plan's tables
    env.globals["indicator_changes"] = indicator_changes
    diagrams.register(env)
    return env


class _KeptTemplates(FileSystemBytecodeCache):
    """Jinja's bytecode cache in its private folder, where failing to keep one costs only its compilation."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compiled_templates(code_version: str) -> FileSystemBytecodeCache | None:
    try:  # Jinja's folder: created for this user alone (0700), refused if anyone else owns it
        return _KeptTemplates(pattern=f"__csa_{code_version}_%s.cache")
    except (OSError, RuntimeError):
        return None


def markdown_text(text: str) -> str:
    """Plain text made inert inside Markdown: no emphasis, links or HTML sneak in."""
    return re.sub(r"([\\`*_\[\]<>#~|])", r"\\\1", text.replace("\n", " "))


def template_files(templates: Path, entry: str) -> set[str]:
    """The template files (by name) a page rendered from `entry` can read (for the build cache).

    Those it includes, imports or extends, followed through; plus every file
    that is not a Jinja template (.j2) and that no template includes, since a
    stylesheet may name fonts or images by url(). A stylesheet that templates
    include counts only for the pages that include it. Every file, if an
    include's name is only known at run time.
    """
    everything = set(template_sources(templates))
    env = make_env(templates)
    referenced: dict[str, set[str] | None] = {}
    for name in (n for n in everything if n.endswith(".j2")):
        found = meta.find_referenced_templates(env.parse(env.loader.get_source(env, name)[0]))  # type: ignore[union-attr]
        names = list(found)
        referenced[name] = None if None in names else {n for n in names if n is not None}
    used, todo = set(), [entry]
    while todo:
        name = todo.pop()
        if name in used:
            continue
        used.add(name)
        children = referenced.get(name, set())
        if children is None:
            return everything
        todo.extend(children)
    included_somewhere = set().union(*(r for r in referenced.values() if r))
    assets = {n for n in everything if not n.endswith(".j2") and n not in included_somewhere}
    return used | assets
