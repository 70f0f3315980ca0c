"""Content YAML written the way people write it (content/kent-csa/versions/*/*.yaml).

PyYAML's dumper folds long lines, picks quotes by content and writes table rows
one cell a line; the files people keep are easier to read and to review in a
diff: every text in double quotes on one line, blocks as `- key: value`, and a
table row (or header) on one line as a flow list, `["Domestic Abuse", "6"]`.
What is written is read back and compared before it is returned, so an
emitter mistake can never reach a content file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

INDENT = "  "
_KEYWORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}  # YAML would read these as others


class Flow(list[Any]):
    """A list of texts written on one line: a table row or header."""


class Word(str):
    """A name written without quotes, as people write them: `kind: chapter`, `id: csp-priorities`."""

    __slots__ = ()


def flow_row(cells: list[Any]) -> list[Any]:
    """A table row (or header) as people write it: on one line when each cell is words or names a priority.

    `[{priority: road-safety}, "Director Operations"]`: the id unquoted, like every id.
    """
    if not all(isinstance(c, str) or _names_priority(c) for c in cells):
        return cells
    return Flow({**c, "priority": Word(str(c["priority"]))} if isinstance(c, dict) else c for c in cells)


def _names_priority(cell: Any) -> bool:
    return isinstance(cell, dict) and "priority" in cell and set(cell) <= {"priority", "text"}


def dump(data: dict[str, Any]) -> str:
    """`data` (mappings, lists, texts, numbers, dates) as YAML text; raises ValueError if it would not read back."""
    text = "".join(_mapping(data, 0))
    if yaml.safe_load(text) != _plain(data):
        raise ValueError("content YAML writer: the text written does not read back as the data")
    return text


def _mapping(data: dict[str, Any], depth: int, first_prefix: str | None = None) -> list[str]:
    lines = []
    for index, (key, value) in enumerate(data.items()):
        prefix = first_prefix if index == 0 and first_prefix is not None else INDENT * depth
        lines.extend(_entry(prefix, _key(key), value, depth))
    return lines


def on_one_line(value: Any) -> bool:
    """Whether `key: value` is written on one line (a text, a number, a Flow row), not over the lines below."""
    return not (isinstance(value, dict) and value) and not (
        isinstance(value, list) and value and not isinstance(value, Flow)
    )


def _entry(prefix: str, key: str, value: Any, depth: int) -> list[str]:
    if on_one_line(value):
        return [f"{prefix}{key}: {_inline(value)}\n"]
    if isinstance(value, dict):
        return [f"{prefix}{key}:\n", *_mapping(value, depth + 1)]
    return [f"{prefix}{key}:\n", *_sequence(value, depth + 2)]


def _sequence(items: list[Any], depth: int) -> list[str]:
    """Items as `- item` lines, indented like the hand-written files (the dash two in from its key)."""
    lines = []
    dash = INDENT * (depth - 1)
    for item in items:
        if isinstance(item, dict) and item:
            lines.extend(_mapping(item, depth, first_prefix=f"{dash}- "))
        elif isinstance(item, list) and item and not isinstance(item, Flow):
            inner = _sequence(item, depth + 1)  # "- - first cell": the inner dash two columns in
            lines.extend([f"{dash}- {inner[0][len(dash) + 2 :]}", *inner[1:]])
        else:
            lines.append(f"{dash}- {_inline(item)}\n")
    return lines


def _inline(value: Any) -> str:
    if isinstance(value, Flow) or (isinstance(value, list) and not value):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    if isinstance(value, Word) and re.fullmatch(r"[a-z][a-z0-9-]*", value) and value not in _KEYWORDS:
        return str(value)
    return quoted(str(value))


def _key(key: Any) -> str:
    text = str(key)
    return text if text.replace("_", "").replace("-", "").isalnum() and not text[0].isdigit() else quoted(text)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quoted(text: str) -> str:
    """A YAML double-quoted scalar: backslash escapes for quotes, line breaks and anything unprintable."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif not char.isprintable() and char != " ":
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
