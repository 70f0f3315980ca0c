"""`cover:` in document.yaml and version.yaml (already checked against the schema) -> the model's Cover.

A version's `cover:` overrides the document's key by key. A logo is an image
under the document folder, embedded as a data: URI like a figure; a path that
leaves the folder, or names no image found there, is a problem at its src.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from csa.content.load import FIGURE_SUFFIXES, RawDocument, image_data_uri, leaves_folder
from csa.errors import Problem
from csa.model import Cover, Logo
from csa.nodes import Map, Node, to_plain

_TEXTS = ("strapline", "period", "refreshed", "version")


def read_cover(node: Node | None, base: Cover, raw: RawDocument, problems: list[Problem]) -> Cover:
    """`base` with what `node` (a `cover:` mapping, or None) gives; a bad logo is left out and reported."""
    if not isinstance(node, Map):
        return base
    plain = to_plain(node)
    changes: dict[str, Any] = {key: plain[key] for key in _TEXTS if key in plain}
    logo = node.entries.get("logo")
    if isinstance(logo, Map):
        changes["logo"] = _logo(logo, raw, problems)
    return replace(base, **changes)


def _logo(node: Map, raw: RawDocument, problems: list[Problem]) -> Logo | None:
    plain = to_plain(node)
    src: str = plain["src"]
    data = raw.images.get(src)
    if data is not None:
        return Logo(src, image_data_uri(src, data), plain["alt"])
    if src not in raw.refused_images:  # else already reported while loading
        problems.append(Problem(node.entries["src"].mark, _missing(src, _folder_name(raw))))
    return None


def _missing(src: str, folder: str) -> str:
    if leaves_folder(src):
        return f"logo src {src!r} must be a file in the document folder ({folder}/)"
    if PurePosixPath(src).suffix.lower() not in FIGURE_SUFFIXES:
        return f"logo src {src!r} is not an image (expected an .svg, .png or .jpg file)"
    return f"logo file {src!r} not found (expected it in {folder}/)"


def _folder_name(raw: RawDocument) -> str:
    """The document folder as messages show it: beside document.yaml."""
    return str(PurePosixPath(raw.meta.name).parent) if raw.meta else raw.id
