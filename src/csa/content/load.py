"""Read YAML safely into nodes that remember where they came from.

This is the only module that parses YAML. It refuses what PyYAML would accept
silently but users never mean: aliases (a "billion laughs" bomb expands when
walked), duplicate keys, unsafe tags, tabs, byte-order marks, non-UTF-8 bytes
and oversized files. Every refusal is a Problem with file:line:col.

Results are frozen; the problems met on the way are returned beside them
(`load_file`) and gathered once per document (`RawDocument.problems`), for
validation to report with its own.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from csa.content.yaml_errors import reader_problem, syntax_problem
from csa.errors import Mark, Problem, display_path
from csa.nodes import Map, Node, Scalar, Seq
from csa.project import versions_dir

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_FIGURE_BYTES = 5 * 1024 * 1024  # figures are embedded in every HTML page and PDF
# Keys are words, or whole numbers kept as written (footnote labels: `1: Chief Constable's Report`).
_KEY_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int")


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    name: str  # as shown to users
    root: Node | None  # None when the file is empty or failed to load
    digest: str = ""  # of the bytes read, for frozen (published) versions
    intact: bool = True  # False when the file, or a part of it, was refused (its problems say why)


Loaded = tuple[LoadedFile, list[Problem]]  # a file and the problems met loading it


def digest(data: bytes) -> str:
    """A file's fingerprint; line endings do not count, so a Windows checkout matches."""
    return "sha256:" + hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


class _AliasRefused(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _TooDeep(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _SafeNoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases before they are expanded and stops at MAX_DEPTH.

    The composer is recursive: without the depth check, `[[[[...` a few hundred
    levels deep ends in RecursionError instead of a message.
    """

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        if self.depth > MAX_DEPTH:
            raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def load_file(path: Path, root: Path | None = None) -> Loaded:
    """Load one YAML file and list its problems; they are returned, never raised."""
    name = display_path(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return LoadedFile(path, name, None, intact=False), [
            Problem(Mark(name), f"cannot read the file: {exc.strerror or exc}")
        ]
    return _load_bytes(path, name, data, digest(data))


def load_text(text: str, name: str) -> Loaded:
    """Load YAML given as text (used by tests and the live preview)."""
    return _load_bytes(Path(name), name, text.encode("utf-8", "surrogatepass"), "")


def _load_bytes(path: Path, name: str, data: bytes, fingerprint: str) -> Loaded:
    problems: list[Problem] = []
    text = _decode(data, name, problems)
    root = _parse_cached(text, name, problems) if text is not None else None
    return LoadedFile(path, name, root, fingerprint, intact=not problems), problems


def _decode(data: bytes, name: str, problems: list[Problem]) -> str | None:
    if len(data) > MAX_FILE_BYTES:
        problems.append(
            Problem(
                Mark(name),
                f"file is too large ({len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes)",
                "split it into smaller chapter files",
            )
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                Mark(name, 1, 1),
                "file starts with a byte-order mark (expected plain UTF-8)",
                "save it as UTF-8 without BOM",
            )
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            Problem(
                Mark(name, line, col),
                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                "save it with UTF-8 encoding",
            )
        )
        return None


def _parse(text: str, name: str, problems: list[Problem]) -> Node | None:
    try:
        loader = _SafeNoAliasLoader(text)  # the reader checks for control characters here
    except yaml.reader.ReaderError as exc:
        problems.append(reader_problem(name, text, exc))
        return None
    try:
        node = loader.get_single_node()
    except _AliasRefused as exc:
        problems.append(
            Problem(
                _mark(name, exc.mark),
                "YAML aliases (*name) are not allowed (an alias can expand without limit)",
                "write the text out in full",
            )
        )
        return None
    except _TooDeep as exc:
        problems.append(_too_deep(_mark(name, exc.mark)))
        return None
    except yaml.MarkedYAMLError as exc:
        problems.append(syntax_problem(name, exc))
        return None
    except yaml.reader.ReaderError as exc:
        problems.append(reader_problem(name, text, exc))
        return None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _convert(node, _Source(name, text, loader), problems, depth=0)


def _too_deep(mark: Mark) -> Problem:
    return Problem(
        mark,
        f"nesting is too deep (the limit is {MAX_DEPTH} levels)",
        "content never needs lists or mappings nested this far",
    )


def _mark(name: str, mark: yaml.Mark) -> Mark:
    return Mark(name, mark.line + 1, mark.column + 1)


_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass(frozen=True)
class _Source:
    name: str
    text: str
    loader: yaml.SafeLoader


def _convert(node: yaml.Node, src: _Source, problems: list[Problem], depth: int) -> Node | None:
    name, loader = src.name, src.loader
    mark = _mark(name, node.start_mark)
    if depth > MAX_DEPTH:
        problems.append(_too_deep(mark))
        return None
    if node.tag not in _SAFE_TAGS:
        problems.append(
            Problem(
                mark,
                f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed",
                "remove the '!' tag; write plain text",
            )
        )
        return None
    if isinstance(node, yaml.ScalarNode):
        try:
            value = loader.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            problems.append(_unreadable(mark, node, exc))
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        return Scalar(value, mark, src.text[node.start_mark.index : node.end_mark.index])
    if isinstance(node, yaml.SequenceNode):
        items = (_convert(child, src, problems, depth + 1) for child in node.value)
        return Seq(tuple(i for i in items if i is not None), mark)
    entries: dict[str, Node] = {}
    key_marks: dict[str, Mark] = {}
    for key_node, value_node in node.value:
        key_mark = _mark(name, key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _KEY_TAGS:
            problems.append(Problem(key_mark, "keys must be plain words (expected text)"))
            continue
        key = key_node.value
        if key in entries:
            first = key_marks[key]
            problems.append(Problem(key_mark, f"duplicate key {key!r} (first given at line {first.line})"))
            continue
        key_marks[key] = key_mark
        value = _convert(value_node, src, problems, depth + 1)
        if value is not None:
            entries[key] = value
    return Map(entries, key_marks, mark)


def _unreadable(mark: Mark, node: yaml.ScalarNode, exc: Exception) -> Problem:
    """A value YAML recognised by its shape but could not construct (2020-13-45, a huge number)."""
    if node.tag == "tag:yaml.org,2002:timestamp":
        return Problem(mark, f"{node.value!r} is not a real date ({exc})", "write a date such as 2021-04-01")
    return Problem(mark, f"cannot read value {node.value!r}: {exc}", "put it in quotes to keep it as text")


CHAPTER_FILE = re.compile(r"^(\d{2})-([a-z0-9][a-z0-9-]*)\.yaml$")
# A chapter saved as .yml or .YAML is named as a problem, never left out of the document unsaid.
YAML_SUFFIXES = (".yaml", ".yml")
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
FIGURE_SUFFIXES = set(IMAGE_TYPES)


def leaves_folder(src: str) -> bool:
    """True for a path that is not a plain relative one: a URL, an absolute path, or one with `..` in it."""
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I)) or src.startswith(("/", "\\")) or ".." in src.split("/")


def image_data_uri(src: str, data: bytes) -> str:
    """An image as a data: URI, so the HTML page and the PDF carry it and fetch nothing."""
    suffix = "." + src.rsplit(".", 1)[-1].lower()
    return f"data:{IMAGE_TYPES[suffix]};base64,{base64.b64encode(data).decode('ascii')}"


@dataclass(frozen=True)
class RawVersion:
    folder: str
    path: Path
    meta: LoadedFile | None
    chapters: tuple[tuple[str, LoadedFile], ...]  # (chapter id, file), in file order
    assets: Mapping[str, bytes]  # figures/… relative path -> bytes
    # Figures found but not read, each reported while loading: a block naming one
    # needs no "not found" problem of its own.
    refused_assets: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RawDocument:
    id: str
    path: Path
    meta: LoadedFile | None
    versions: tuple[RawVersion, ...]
    problems: tuple[Problem, ...] = ()  # every problem met loading the document's files
    # Images outside versions/ (a cover's logo), by path relative to the document folder, and those refused.
    images: Mapping[str, bytes] = field(default_factory=dict)
    refused_images: frozenset[str] = frozenset()


def load_document(path: Path, root: Path | None = None) -> RawDocument:
    """Read every file of one document folder; nothing is interpreted yet."""
    problems: list[Problem] = []
    meta = _metadata(path / "document.yaml", path, root, "the document folder", problems)
    versions = versions_dir(path)
    raw_versions = tuple(
        _load_version(folder, root, problems)
        for folder in sorted(p for p in versions.glob("*") if p.is_dir())
        if _contained(folder, versions, root, "the document's versions/ folder", problems)
    )
    if not raw_versions:
        problems.append(
            Problem(
                Mark(display_path(versions, root)),
                "no versions found (expected versions/<number>/)",
            )
        )
    place = _ImageFolder(path, path, "the document folder", "image")
    images, refused = _load_images(document_images(path), place, root, problems)
    return RawDocument(path.name, path, meta, raw_versions, tuple(problems), images, refused)


def _gathered(loaded: Loaded, problems: list[Problem]) -> LoadedFile:
    """The file, its problems added to those of its document."""
    file, found = loaded
    problems.extend(found)
    return file


def _metadata(file: Path, folder: Path, root: Path | None, where: str, problems: list[Problem]) -> LoadedFile | None:
    """document.yaml or version.yaml, loaded; None (and a problem) when it is missing or links out of `folder`."""
    if not file.is_file():
        problems.append(Problem(Mark(display_path(file, root)), f"{file.name} is missing"))
        return None
    if not _contained(file, folder, root, where, problems):
        return None
    return _gathered(load_file(file, root), problems)


def _load_version(folder: Path, root: Path | None, problems: list[Problem]) -> RawVersion:
    meta = _metadata(folder / "version.yaml", folder, root, "this version's folder", problems)
    chapters = []
    for file in sorted(p for p in folder.iterdir() if p.suffix.lower() in YAML_SUFFIXES):
        if file.name == "version.yaml" or not _contained(file, folder, root, "this version's folder", problems):
            continue
        chapter_id = _chapter_id(file, root, problems)
        if chapter_id is not None:
            chapters.append((chapter_id, _gathered(load_file(file, root), problems)))
    figures = folder / "figures"
    found = sorted(figures.rglob("*")) if figures.is_dir() else []
    place = _ImageFolder(folder, figures, "this version's figures/ folder", "figure")
    assets, refused = _load_images(found, place, root, problems)
    return RawVersion(folder.name, folder, meta, tuple(chapters), assets, refused)


def _chapter_id(file: Path, root: Path | None, problems: list[Problem]) -> str | None:
    """The chapter id from a file named NN-slug.yaml (None, and a problem, for any other name)."""
    match = CHAPTER_FILE.match(file.name)
    if match:
        return match.group(2)
    renamed = f"{file.stem}.yaml"
    hint = (
        f"rename it {renamed}: only .yaml files are read"
        if file.suffix != ".yaml" and (CHAPTER_FILE.match(renamed) or renamed == "version.yaml")
        else "for example 03-governance.yaml"
    )
    problems.append(
        Problem(
            Mark(display_path(file, root)), f"chapter file name {file.name!r} is not of the form NN-slug.yaml", hint
        )
    )
    return None


def document_images(path: Path) -> list[Path]:
    """The image files of a document folder outside versions/ (a cover's logo may be any of them)."""
    versions = versions_dir(path)
    found = (p for p in path.rglob("*") if not p.is_relative_to(versions))
    return sorted(p for p in found if p.is_file() and p.suffix.lower() in FIGURE_SUFFIXES)


@dataclass(frozen=True)
class _ImageFolder:
    """Where images are read from, and how messages name it and them."""

    path: Path  # names are relative to this folder
    within: Path  # images must lie inside this one (no symbolic link leading out)
    where: str  # "this version's figures/ folder"
    noun: str  # "figure"


def _load_images(
    files: Iterable[Path], folder: _ImageFolder, root: Path | None, problems: list[Problem]
) -> tuple[dict[str, bytes], frozenset[str]]:
    """The images among `files` that may be embedded, by relative path, and the names of those refused."""
    assets: dict[str, bytes] = {}
    refused: set[str] = set()
    for asset in files:
        if not (asset.is_file() and asset.suffix.lower() in FIGURE_SUFFIXES):
            continue
        name = asset.relative_to(folder.path).as_posix()
        contained = _contained(asset, folder.within, root, folder.where, problems)
        data = _read_image(asset, folder.noun, root, problems) if contained else None
        if data is None:
            refused.add(name)
        else:
            assets[name] = data
    return assets, frozenset(refused)


def _read_image(asset: Path, noun: str, root: Path | None, problems: list[Problem]) -> bytes | None:
    size = asset.stat().st_size
    if size > MAX_FIGURE_BYTES:
        problems.append(
            Problem(
                Mark(display_path(asset, root)),
                f"{noun} is too large ({size:,} bytes; the limit is {MAX_FIGURE_BYTES:,} bytes)",
                "export it smaller, or as SVG",
            )
        )
        return None
    return asset.read_bytes()


def _contained(file: Path, folder: Path, root: Path | None, where: str, problems: list[Problem]) -> bool:
    """False (and a problem) when a symbolic link leads out of `folder`.

    Content is read into the published HTML and PDF: a link to /etc/passwd or to
    another project must not be followed.
    """
    if file.resolve().is_relative_to(folder.resolve()):
        return True
    shown = f"{display_path(file.parent, root)}/{file.name}"  # the link itself, not its target
    problems.append(
        Problem(
            Mark(shown),
            f"links to a file outside {where}",
            "copy the file in instead of linking to it",
        )
    )
    return False


def find_documents(content: Path) -> list[Path]:
    """Document folders under the content root (each has a versions/ folder)."""
    return sorted(p for p in content.iterdir() if versions_dir(p).is_dir())


@functools.lru_cache(maxsize=4096)
def _parsed(text: str, name: str) -> tuple[Node | None, tuple[Problem, ...]]:
    problems: list[Problem] = []
    return _parse(text, name, problems), tuple(problems)


def _parse_cached(text: str, name: str, problems: list[Problem]) -> Node | None:
    """_parse, remembered by name and text: `csa serve` re-reads every file after each
    save, and parsing is most of that time. Safe to share: nodes are frozen."""
    root, found = _parsed(text, name)
    problems.extend(found)
    return root
