"""JSON Schemas of the content files: the one statement of what a file may hold.

Validation checks every file against these; `csa schema` writes them out so an
editor can check content as it is typed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

NAMES = ("document", "version", "chapter")


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = files(__package__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    if name == "chapter":
        # which keys make a block comes from the block kinds, declared once in csa.blocks
        from csa.blocks import block_schema

        schema["$defs"]["block"] = block_schema()
    return schema
