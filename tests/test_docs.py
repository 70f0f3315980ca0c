"""content/README.md documents every key the schemas accept, so the two cannot drift apart.

`csa schema` writes the same schemas for editors; a key added to a schema (or a block
kind to the registry) without a word in content/README.md fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from csa.content.schema import NAMES, load_schema

from .conftest import ROOT

GUIDE = (ROOT / "content" / "README.md").read_text(encoding="utf-8")


def keys(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(key, where) for every property name in a schema, following $defs."""
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            yield name, f"{path}.{name}".lstrip(".")
            yield from keys(value, f"{path}.{name}")
        for word in ("items", "oneOf", "anyOf", "allOf", "$defs", "additionalProperties"):
            value = node.get(word)
            if word == "$defs" and isinstance(value, dict):
                for name, definition in value.items():
                    yield from keys(definition, f"$defs.{name}")
            elif isinstance(value, list):
                for item in value:
                    yield from keys(item, path)
            elif isinstance(value, dict):
                yield from keys(value, path)


def documented(key: str) -> bool:
    """Written as YAML (`key:`) or code (`key`) somewhere in the guide."""
    return re.search(rf"(^|[\s`{{\[,-]){re.escape(key)}(:|`)", GUIDE, re.M) is not None


@pytest.mark.parametrize("schema", NAMES)
def test_every_key_of_each_file_is_documented(schema: str) -> None:
    missing = sorted({where for key, where in keys(load_schema(schema)) if not documented(key)})
    assert missing == [], f"content/README.md does not mention: {', '.join(missing)}"
