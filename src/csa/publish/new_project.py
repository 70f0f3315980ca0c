"""Start a partnership's own repository: its content, and csa as a pinned tool installed from a package index.

The skeleton's files are templates/new-project/ (Jinja where they vary); the first document is
`csa init`'s. Nothing in the new repository refers to csa's own source: its setup.sh installs the
csa version requirements.txt pins, and its workflows run that setup.sh and csa.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from csa import __version__
from csa.atomic import write_new_folder
from csa.publish.init import document_files
from csa.render.theme import DEFAULTS

SKELETON = DEFAULTS / "new-project"

# Path in the new repository: its template under templates/new-project/. Hidden names are kept
# visible in the package (gitignore, github/); templates ending .j2 are rendered, the rest copied.
FILES = {
    "README.md": "README.md.j2",
    "requirements.txt": "requirements.txt.j2",
    "setup.sh": "setup.sh",
    ".gitignore": "gitignore",
    ".github/dependabot.yml": "github/dependabot.yml",
    ".github/workflows/pull-request.yml": "github/workflows/pull-request.yml",
    ".github/workflows/publish.yml": "github/workflows/publish.yml",
    "inbox/README.md": "inbox-README.md",  # where Word uploads go in a pull request (csa inbox)
}
EXECUTABLE = ("setup.sh",)


def start_project(
    folder: Path,
    doc_id: str,
    title: str,
    partnership: str,
    number: str,
    printed: str,
    effective: dt.date | None = None,
) -> None:
    """Write the repository `folder` (which must not exist yet), all at once, or raise a usage mistake."""
    if folder.exists():
        raise click.BadParameter(f"{folder} already exists (csa new-project makes the folder)", param_hint="DIR")
    content = document_files(doc_id, title, partnership, number, printed, effective)
    values = {"title": title, "partnership": partnership, "document": doc_id, "version": number, "csa": __version__}
    files = {path: skeleton_file(name, values) for path, name in FILES.items()}
    files |= {f"content/{doc_id}/{name}": data for name, data in content.items()}
    write_new_folder(folder, files, executable=EXECUTABLE)


def skeleton_file(name: str, values: dict[str, str]) -> bytes:
    if not name.endswith(".j2"):
        return (SKELETON / name).read_bytes()
    env = Environment(
        loader=FileSystemLoader(SKELETON),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    return env.get_template(name).render(values).encode("utf-8")
