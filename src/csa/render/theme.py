"""Where templates, stylesheets and fonts come from: the project's templates/ first, then the package's.

As with an MkDocs theme, a partnership changes one file by putting its own copy
at the same path in its project's templates/ (say templates/back-page.html.j2);
every other file comes from the defaults shipped inside the package. Those
defaults are this repository's top-level templates/, the only copy: the package
reaches it through the link src/csa/templates, and building a wheel copies the
files behind the link into it (package-data in pyproject.toml).

Everything that reads a template, stylesheet or font (the Jinja environment,
embedded fonts, text measuring, the build cache's fingerprints) asks here.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# A real folder: wheels are installed unzipped, and a checkout has the link.
DEFAULTS = Path(str(files("csa") / "templates"))


def template_folders(project_templates: Path | None) -> tuple[Path, ...]:
    """The folders searched, first match wins: the project's own (if it has one), then the defaults."""
    own = (project_templates,) if project_templates is not None and project_templates.is_dir() else ()
    return (*own, DEFAULTS)


def template_sources(project_templates: Path | None) -> dict[str, Path]:
    """Each file name under templates/ ("fonts/X.woff2") with the file that is used for it."""
    used: dict[str, Path] = {}
    for folder in reversed(template_folders(project_templates)):  # the project's, read last, wins
        for file in folder.rglob("*"):
            if file.is_file():
                used[file.relative_to(folder).as_posix()] = file
    return dict(sorted(used.items()))
