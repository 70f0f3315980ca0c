"""Where a project keeps things: content in, templates, and each version's folder.

The folder layout (content/<document>/versions/<version>/) is spelt here once;
loading, planning, rendering and publishing ask for paths instead of joining them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

VERSIONS = "versions"  # the folder under a document's folder holding one folder per version


def versions_dir(document_dir: Path) -> Path:
    """The folder holding a document's version folders."""
    return document_dir / VERSIONS


def version_dir(document_dir: Path, version: str) -> Path:
    """The folder of one version of the document in `document_dir`."""
    return versions_dir(document_dir) / version


def output_file(document: str, version: str, fmt: str, suffix: str = "") -> str:
    """Where a version's output is written under output/: `<document>/<version>/<document>-<version><suffix>.<fmt>`
    (a redline's `suffix` is "-changes-since-<older>"). Every page of the site sits two folders down, so
    a link from one to another is `../../` and this (csa.build.plan names every output by it)."""
    return f"{document}/{version}/{document}-{version}{suffix}.{fmt}"


def page_to_page(document: str, version: str, fmt: str) -> str:
    """The relative link from any version's output to this one (see output_file)."""
    return "../../" + output_file(document, version, fmt)


@dataclass(frozen=True)
class Project:
    """Where things are: content in, templates, output out."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def document_dir(self, document: str) -> Path:
        return self.content / document

    def version_dir(self, document: str, version: str) -> Path:
        """The folder of a version (its folder name, `Version.folder`) of a document (`Document.id`)."""
        return version_dir(self.document_dir(document), version)
