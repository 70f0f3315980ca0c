"""Read YAML safely into nodes that remember where they came from.

This is the only module that parses YAML. It refuses what PyYAML would accept
silently but users never mean: aliases (a "billion laughs" bomb expands when
walked), duplicate keys, unsafe tags, tabs, byte-order marks, non-UTF-8 bytes
and oversized files. Every refusal is a Problem with file:line:col.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CsaError, Mark, Problem, display_path

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 32

ScalarValue = str | int | float | bool | None | dt.date


@dataclass(frozen=True)
class Scalar:
    value: ScalarValue
    mark: Mark


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    mark: Mark


@dataclass(frozen=True)
class Map:
    entries: dict[str, Node]
    key_marks: dict[str, Mark]
    mark: Mark

    def get(self, key: str) -> Node | None:
        return self.entries.get(key)


Node = Scalar | Seq | Map


@dataclass
class LoadedFile:
    path: Path
    name: str  # as shown to users
    root: Node | None  # None when the file is empty or failed to load
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""  # of the bytes read, for frozen (published) versions


def digest(data: bytes) -> str:
    """A file's fingerprint; line endings do not count, so a Windows checkout matches."""
    return "sha256:" + hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


class _AliasRefused(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _SafeNoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases before they are expanded."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def load_file(path: Path, root: Path | None = None) -> LoadedFile:
    """Load one YAML file; problems are collected on the result, never raised."""
    name = display_path(path, root)
    loaded = LoadedFile(path, name, None)
    data = path.read_bytes()
    loaded.digest = digest(data)
    text = _decode(data, name, loaded.problems)
    if text is None:
        return loaded
    loaded.root = _parse(text, name, loaded.problems)
    return loaded


def load_text(text: str, name: str) -> LoadedFile:
    """Load YAML given as text (used by tests and the live preview)."""
    loaded = LoadedFile(Path(name), name, None)
    data = text.encode("utf-8", "surrogatepass")
    decoded = _decode(data, name, loaded.problems)
    if decoded is not None:
        loaded.root = _parse(decoded, name, loaded.problems)
    return loaded


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
    loader = _SafeNoAliasLoader(text)
    try:
        node = loader.get_single_node()
    except _AliasRefused as exc:
        problems.append(
            Problem(
                _mark(name, exc.mark),
                "YAML aliases (*name) are not allowed",
                "write the text out in full",
            )
        )
        return None
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(name, exc))
        return None
    except yaml.YAMLError as exc:  # unmarked reader errors, e.g. control characters
        problems.append(Problem(Mark(name), f"not valid YAML: {exc}"))
        return None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _convert(node, name, loader, problems, depth=0)


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    where = _mark(name, mark) if mark else Mark(name)
    problem = exc.problem or "not valid YAML"
    if "'\\t'" in problem:
        return Problem(where, "tab character in indentation (expected spaces)", "indent with spaces")
    context = f" {exc.context}" if exc.context else ""
    return Problem(where, f"YAML syntax error: {problem}{context}")


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


def _convert(node: yaml.Node, name: str, loader: yaml.SafeLoader, problems: list[Problem], depth: int) -> Node | None:
    mark = _mark(name, node.start_mark)
    if depth > MAX_DEPTH:
        problems.append(Problem(mark, f"nesting is too deep (the limit is {MAX_DEPTH} levels)"))
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
        except (yaml.YAMLError, ValueError) as exc:
            problems.append(Problem(mark, f"cannot read value {node.value!r}: {exc}"))
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        return Scalar(value, mark)
    if isinstance(node, yaml.SequenceNode):
        items = (_convert(child, name, loader, problems, depth + 1) for child in node.value)
        return Seq(tuple(i for i in items if i is not None), mark)
    entries: dict[str, Node] = {}
    key_marks: dict[str, Mark] = {}
    for key_node, value_node in node.value:
        key_mark = _mark(name, key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
            problems.append(Problem(key_mark, "keys must be plain words (expected text)"))
            continue
        key = key_node.value
        if key in entries:
            first = key_marks[key]
            problems.append(Problem(key_mark, f"duplicate key {key!r} (first given at line {first.line})"))
            continue
        value = _convert(value_node, name, loader, problems, depth + 1)
        if value is not None:
            entries[key] = value
            key_marks[key] = key_mark
    return Map(entries, key_marks, mark)


def to_plain(node: Node | None) -> Any:
    """Plain Python data (for JSON Schema checks); dates become ISO strings."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value.isoformat() if isinstance(node.value, dt.date) else node.value
    if isinstance(node, Seq):
        return [to_plain(i) for i in node.items]
    return {k: to_plain(v) for k, v in node.entries.items()}


def locate(root: Node | None, path: Iterator[Any] | tuple[Any, ...]) -> Node | None:
    """The node at a JSON-style path such as ('blocks', 3, 'table')."""
    node = root
    for step in path:
        if isinstance(node, Map) and isinstance(step, str):
            node = node.entries.get(step)
        elif isinstance(node, Seq) and isinstance(step, int) and step < len(node.items):
            node = node.items[step]
        else:
            return node
    return node


def raise_if_any(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CsaError(errors)


CHAPTER_FILE = re.compile(r"^(\d{2})-([a-z0-9][a-z0-9-]*)\.yaml$")
FIGURE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg"}


@dataclass
class RawVersion:
    folder: str
    path: Path
    meta: LoadedFile | None
    chapters: list[tuple[str, LoadedFile]]  # (chapter id, file), in file order
    assets: dict[str, bytes]  # figures/… relative path -> bytes
    problems: list[Problem] = field(default_factory=list)


@dataclass
class RawDocument:
    id: str
    path: Path
    meta: LoadedFile | None
    versions: list[RawVersion]
    problems: list[Problem] = field(default_factory=list)


def load_document(path: Path, root: Path | None = None) -> RawDocument:
    """Read every file of one document folder; nothing is interpreted yet."""
    doc_file = path / "document.yaml"
    raw = RawDocument(path.name, path, None, [])
    if doc_file.is_file():
        raw.meta = load_file(doc_file, root)
    else:
        raw.problems.append(Problem(Mark(display_path(doc_file, root)), "document.yaml is missing"))
    versions_dir = path / "versions"
    for folder in sorted(p for p in versions_dir.glob("*") if p.is_dir()):
        raw.versions.append(_load_version(folder, root))
    if not raw.versions:
        raw.problems.append(
            Problem(
                Mark(display_path(versions_dir, root)),
                "no versions found (expected versions/<number>/)",
            )
        )
    return raw


def _load_version(folder: Path, root: Path | None) -> RawVersion:
    meta_file = folder / "version.yaml"
    version = RawVersion(folder.name, folder, None, [], {})
    if meta_file.is_file():
        version.meta = load_file(meta_file, root)
    else:
        version.problems.append(Problem(Mark(display_path(meta_file, root)), "version.yaml is missing"))
    for file in sorted(folder.glob("*.yaml")):
        if file.name == "version.yaml":
            continue
        match = CHAPTER_FILE.match(file.name)
        if not match:
            version.problems.append(
                Problem(
                    Mark(display_path(file, root)),
                    f"chapter file name {file.name!r} is not of the form NN-slug.yaml",
                    "for example 03-governance.yaml",
                )
            )
            continue
        version.chapters.append((match.group(2), load_file(file, root)))
    figures = folder / "figures"
    for asset in sorted(figures.rglob("*")) if figures.is_dir() else ():
        if asset.is_file() and asset.suffix.lower() in FIGURE_SUFFIXES:
            version.assets[asset.relative_to(folder).as_posix()] = asset.read_bytes()
    return version


def find_documents(content: Path) -> list[Path]:
    """Document folders under the content root (each has a versions/ folder)."""
    return sorted(p for p in content.iterdir() if (p / "versions").is_dir())
