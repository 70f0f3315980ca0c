"""The numbering settings read from a Word document, as document.yaml text with where each came from.

`csa init --from` writes them into a new document.yaml. `csa import` of a first version adds
them to a document.yaml the author already wrote: as text, after the `settings:` or
`numbering:` line, so the author's comments, order and values stay as they were. A setting
the author already gave is kept, and said when the Word document shows another value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from csa.word.importing.settings_read import ReadSetting

INDENT = "  "


@dataclass(frozen=True)
class Kept:
    """A setting the author already wrote, kept though the Word document shows another value."""

    setting: ReadSetting
    written: object


@dataclass
class Merged:
    text: str  # document.yaml, with the read settings it lacked
    added: list[ReadSetting] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    unwritten: list[ReadSetting] = field(default_factory=list)  # settings written on one line: left to the author


def setting_line(setting: ReadSetting, indent: str) -> str:
    """`key: value  # from <where>` (a string value quoted, as the writer quotes strings)."""
    value = f'"{setting.value}"' if isinstance(setting.value, str) else yaml.safe_dump(setting.value).splitlines()[0]
    return f"{indent}{setting.key}: {value}  # from {setting.source}\n"


def settings_block(settings: tuple[ReadSetting, ...] | list[ReadSetting], notes: list[str]) -> str:
    """The whole `settings:` mapping of a new document.yaml, after a comment line for each note."""
    text = "".join(f"# {note}\n" for note in notes) + "settings:\n"
    if not settings:
        return text + f"{INDENT}{{}}\n"
    return text + f"{INDENT}numbering:\n" + "".join(setting_line(s, INDENT * 2) for s in settings)


def merge_settings(text: str, settings: tuple[ReadSetting, ...], notes: list[str]) -> Merged:
    """`text` (a document.yaml) with each read setting it does not give added under settings: numbering:."""
    data = yaml.safe_load(text) or {}
    given = data.get("settings")
    numbering = given.get("numbering") if isinstance(given, dict) else None
    written: dict[str, Any] = numbering if isinstance(numbering, dict) else {}
    merged = Merged(text)
    merged.kept = [Kept(s, written[s.key]) for s in settings if s.key in written and written[s.key] != s.value]
    missing = [s for s in settings if s.key not in written]
    if not missing:
        return merged
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    new: str | None
    if given is None and not _has_key(lines, "settings"):
        new = "".join(lines) + settings_block(missing, notes)
    else:
        new = _insert(lines, missing, notes)
    expected = {**written, **{s.key: s.value for s in missing}}
    if new is None or _numbering_of(new) != expected:  # a layout this does not edit (flow style, anchors)
        merged.unwritten = missing
        return merged
    merged.text, merged.added = new, missing
    return merged


def _insert(lines: list[str], missing: list[ReadSetting], notes: list[str]) -> str | None:
    """The lines with the settings added under the block-style `settings:` (and `numbering:`) keys, or None."""
    at = _key_line(lines, "settings", 0)
    if at is None:
        return None
    lines = _unflowed(lines, at)
    end = _block_end(lines, at, 0)
    child = _child_indent(lines, at, end, 0)
    numbering = _key_line(lines[:end], "numbering", len(child), start=at + 1)
    comments = "".join(f"{{indent}}# {note}\n" for note in notes)
    if numbering is None:
        added = comments.format(indent=child) + f"{child}numbering:\n"
        added += "".join(setting_line(s, child + INDENT) for s in missing)
        return "".join([*lines[: at + 1], added, *lines[at + 1 :]])
    lines = _unflowed(lines, numbering)
    inner = _child_indent(lines, numbering, _block_end(lines, numbering, len(child)), len(child))
    added = comments.format(indent=inner) + "".join(setting_line(s, inner) for s in missing)
    return "".join([*lines[: numbering + 1], added, *lines[numbering + 1 :]])


def _key_line(lines: list[str], key: str, indent: int, start: int = 0) -> int | None:
    pattern = re.compile(rf"^ {{{indent}}}{key}:\s*(?:\{{\s*\}})?\s*(?:#.*)?$")
    return next((i for i in range(start, len(lines)) if pattern.match(lines[i].rstrip("\n"))), None)


def _has_key(lines: list[str], key: str) -> bool:
    return any(line.startswith(f"{key}:") for line in lines)


def _unflowed(lines: list[str], at: int) -> list[str]:
    """`key: {}` made `key:`, so children can follow it."""
    return [*lines[:at], re.sub(r":\s*\{\s*\}", ":", lines[at], count=1), *lines[at + 1 :]]


def _block_end(lines: list[str], at: int, indent: int) -> int:
    """The index after the last line of the mapping opened at `at` (whose key is indented `indent`)."""
    for i in range(at + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#") and len(lines[i]) - len(lines[i].lstrip(" ")) <= indent:
            return i
    return len(lines)


def _child_indent(lines: list[str], at: int, end: int, indent: int) -> str:
    """The indent of the mapping's first child key (two more than its key's when it has none yet)."""
    for line in lines[at + 1 : end]:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return line[: len(line) - len(line.lstrip(" "))]
    return " " * (indent + len(INDENT))


def _numbering_of(text: str) -> object:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return None
    settings = data.get("settings") if isinstance(data, dict) else None
    return settings.get("numbering") if isinstance(settings, dict) else None
