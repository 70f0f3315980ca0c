"""Start a partnership's own repository: its content, and csa as a pinned tool installed from a package index.

The skeleton's files are templates/new-project/ (Jinja where they vary); the first document is
`csa init`'s. Nothing in the new repository refers to csa's own source: its setup.sh installs the
csa version requirements.txt pins, and its workflows run that setup.sh and csa.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from csa import __version__
from csa.atomic import write_new_folder
from csa.project import Project
from csa.publish.init import Given, document_files
from csa.render.theme import DEFAULTS

if TYPE_CHECKING:
    from csa.publish.adopt import Adopted

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
    refuse_existing(folder)
    content = document_files(doc_id, title, partnership, number, printed, effective)
    write_project(folder, doc_id, title, partnership, number, content)


def start_project_from_word(folder: Path, doc_id: str, source: Path, given: Given, number: str | None) -> Adopted:
    """The repository `folder` whose first document is the Word file `source` (as `csa init --from` reads it).

    The document is adopted in a scratch project first, so a Word file that cannot be read
    (or lacks its title or date) leaves no repository behind.
    """
    from csa.publish.adopt import adopt_document  # lazy: only starting from Word reads Word
    from csa.word.importing.importer import open_for_import

    refuse_existing(folder)
    with tempfile.TemporaryDirectory(prefix="csa-new-project-") as scratch:
        adopted = adopt_document(Project(Path(scratch)), doc_id, open_for_import(source, "refuse"), given, number)
        content = {
            path.relative_to(adopted.folder).as_posix(): path.read_bytes()
            for path in sorted(adopted.folder.rglob("*"))
            if path.is_file()
        }
        write_project(folder, doc_id, adopted.title, adopted.partnership, adopted.number, content)
    document = folder / "content" / doc_id
    return replace(adopted, folder=document, version_folder=document / "versions" / adopted.number)


def refuse_existing(folder: Path) -> None:
    if folder.exists():
        raise click.BadParameter(f"{folder} already exists (csa new-project makes the folder)", param_hint="DIR")


def write_project(
    folder: Path, doc_id: str, title: str, partnership: str, number: str, content: Mapping[str, bytes]
) -> None:
    """The skeleton's files with the first document's `content` (paths under content/<doc_id>/), all at once."""
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
