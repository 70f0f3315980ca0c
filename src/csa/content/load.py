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

from csa.content.yaml_errors import reader_problem, syntax_problem
from csa.errors import Mark, Problem, display_path

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_FIGURE_BYTES = 5 * 1024 * 1024  # figures are embedded in every HTML page and PDF
# Keys are words, or whole numbers kept as written (footnote labels: `1: Chief Constable's Report`).
_KEY_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int")

ScalarValue = str | int | float | bool | None | dt.date


@dataclass(frozen=True)
class Scalar:
    value: ScalarValue
    mark: Mark
    # The scalar as written in the file (quotes, escapes and line breaks included),
    # so a problem inside a long text can point at the exact words.
    source: str = field(default="", compare=False, repr=False)

    def mark_of(self, needle: str, start: int = 0) -> tuple[Mark, int]:
        """Where `needle` appears in the written text at or after `start`, and the index after it.

        Falls back to the start of the value when the text was written differently
        (escapes, folded lines), so a mark is always given.
        """
        index = self.source.find(needle, start) if needle else -1
        if index < 0:
            return self.mark, start
        before = self.source[:index]
        lines = before.count("\n")
        col = self.mark.col + index if not lines else index - before.rfind("\n")
        return Mark(self.mark.file, self.mark.line + lines, col), index + len(needle)


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    mark: Mark


@dataclass(frozen=True)
class Map:
    entries: dict[str, Node]
    key_marks: dict[str, Mark]
    mark: Mark
    # Keys whose value was refused (and reported) while loading: present in the
    # file, so "missing key" would be wrong.
    refused: frozenset[str] = frozenset()

    def get(self, key: str) -> Node | None:
        return self.entries.get(key)


Node = Scalar | Seq | Map


def marks_in(node: Scalar, needles: tuple[str, ...]) -> list[Mark]:
    """A mark for each needle, in order; a repeated needle is looked for after the last one."""
    after: dict[str, int] = {}
    marks = []
    for needle in needles:
        mark, after[needle] = node.mark_of(needle, after.get(needle, 0))
        marks.append(mark)
    return marks


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


def load_file(path: Path, root: Path | None = None) -> LoadedFile:
    """Load one YAML file; problems are collected on the result, never raised."""
    name = display_path(path, root)
    loaded = LoadedFile(path, name, None)
    try:
        data = path.read_bytes()
    except OSError as exc:
        loaded.problems.append(Problem(Mark(name), f"cannot read the file: {exc.strerror or exc}"))
        return loaded
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
    refused: set[str] = set()
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
        value = _convert(value_node, src, problems, depth + 1)
        if value is None:
            refused.add(key)
            continue
        entries[key] = value
        key_marks[key] = key_mark
    return Map(entries, key_marks, mark, frozenset(refused))


def _unreadable(mark: Mark, node: yaml.ScalarNode, exc: Exception) -> Problem:
    """A value YAML recognised by its shape but could not construct (2020-13-45, a huge number)."""
    if node.tag == "tag:yaml.org,2002:timestamp":
        return Problem(mark, f"{node.value!r} is not a real date ({exc})", "write a date such as 2021-04-01")
    return Problem(mark, f"cannot read value {node.value!r}: {exc}", "put it in quotes to keep it as text")


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
    refused_assets: set[str] = field(default_factory=set)  # figures found but refused (and reported)


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
        if _contained(doc_file, path, root, "the document folder", raw.problems):
            raw.meta = load_file(doc_file, root)
    else:
        raw.problems.append(Problem(Mark(display_path(doc_file, root)), "document.yaml is missing"))
    versions_dir = path / "versions"
    for folder in sorted(p for p in versions_dir.glob("*") if p.is_dir()):
        if _contained(folder, versions_dir, root, "the document's versions/ folder", raw.problems):
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
        if _contained(meta_file, folder, root, "this version's folder", version.problems):
            version.meta = load_file(meta_file, root)
    else:
        version.problems.append(Problem(Mark(display_path(meta_file, root)), "version.yaml is missing"))
    for file in sorted(folder.glob("*.yaml")):
        if file.name == "version.yaml":
            continue
        if not _contained(file, folder, root, "this version's folder", version.problems):
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
            if _contained(asset, figures, root, "this version's figures/ folder", version.problems):
                _read_figure(asset, folder, root, version)
            else:
                version.refused_assets.add(asset.relative_to(folder).as_posix())
    return version


def _read_figure(asset: Path, folder: Path, root: Path | None, version: RawVersion) -> None:
    size = asset.stat().st_size
    if size > MAX_FIGURE_BYTES:
        version.problems.append(
            Problem(
                Mark(display_path(asset, root)),
                f"figure is too large ({size:,} bytes; the limit is {MAX_FIGURE_BYTES:,} bytes)",
                "export it smaller, or as SVG",
            )
        )
        version.refused_assets.add(asset.relative_to(folder).as_posix())
        return
    version.assets[asset.relative_to(folder).as_posix()] = asset.read_bytes()


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
    return sorted(p for p in content.iterdir() if (p / "versions").is_dir())
