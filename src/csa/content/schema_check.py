"""JSON Schema errors turned into messages an author can act on.

jsonschema finds every error with its path; this module finds the place in the
file for that path and says what was expected and what was found, with a
"did you mean" for misspelt keys and values.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from csa.content.load import LoadedFile
from csa.content.schema import load_schema
from csa.errors import Mark, Problem
from csa.nodes import Map, Node, Scalar, locate, to_plain


def _check_file(loaded: LoadedFile, schema_name: str) -> list[Problem]:
    schema = load_schema(schema_name)
    if loaded.root is None:
        if not loaded.intact:  # the loader has said why
            return []
        keys = ", ".join(schema.get("required", []))
        return [Problem(Mark(loaded.name), f"file is empty (expected a mapping with keys {keys})")]
    # format checks catch a well-formed but impossible date such as 2020-13-45
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = list(_problems(validator, to_plain(loaded.root), loaded.root, (), schema))
    return sorted(set(problems), key=lambda p: p.where)


def _problems(
    validator: Draft202012Validator,
    instance: Any,
    root: Node,
    prefix: tuple[Any, ...],
    schema: dict[str, Any],
) -> Iterator[Problem]:
    for error in validator.iter_errors(instance):
        yield from _explain(validator, error, root, prefix + tuple(error.absolute_path))


def _explain(
    validator: Draft202012Validator, error: ValidationError, root: Node, path: tuple[Any, ...]
) -> Iterator[Problem]:
    node = locate(root, path)
    where = node.mark if node is not None else Mark("")
    what = _name(path)
    kind = error.validator
    if kind == "additionalProperties":
        assert isinstance(node, Map)
        allowed = sorted(_schema(error).get("properties", {}))
        block_type = _block_type(_schema(error), node)
        for key in node.entries:
            if key not in allowed and block_type is not None:
                yield _key_beside_block_type(validator, key, block_type, node, what)
            elif key not in allowed:
                yield unknown_key(key, allowed, node.key_marks[key], what)
    elif kind == "required":
        present: Any = error.instance
        in_file = node.key_marks if isinstance(node, Map) else {}  # also keys whose value the loader refused
        missing = [k for k in _value(error) if k not in present and k not in in_file]
        for key in missing:
            yield Problem(where, f"{what} is missing key {key!r}")
    elif kind == "type":
        expected = _describe_types(_value(error))
        hint = None
        if isinstance(error.instance, (int, float)) and "text" in expected:
            written = node.source if isinstance(node, Scalar) and node.source else error.instance  # .nan, not nan
            hint = f'put it in quotes: "{written}"'
        yield Problem(
            where,
            f"{what} has the wrong type (expected {expected}, found {_describe(error.instance)})",
            hint,
        )
    elif kind == "enum":
        options = [str(o) for o in _value(error)]
        close = difflib.get_close_matches(str(error.instance), options, n=1)
        hint = f"did you mean {close[0]!r}?" if close else _schema(error).get("x-hint")
        yield Problem(where, f"{what} must be one of {', '.join(options)} (found {error.instance!r})", hint)
    elif kind == "pattern":
        expected = _schema(error).get("x-expected") or f"text matching {_value(error)}"
        yield Problem(
            where,
            f"{what} is not in the expected form (expected {expected}, found {error.instance!r})",
        )
    elif kind == "format" and _value(error) == "date":
        if not re.search(_schema(error).get("pattern", ""), str(error.instance)):
            return  # not even shaped like a date: the pattern problem says so
        yield Problem(where, f"{what} is not a real date (found {error.instance!r})", "write a date such as 2021-04-01")
    elif kind in ("minLength", "minItems", "minProperties"):
        yield Problem(where, f"{what} is empty (expected {_expected_content(error)})")
    elif kind == "oneOf" and isinstance(error.instance, dict):
        types = [next(iter(s["required"])) for s in _value(error)]
        present = [k for k in error.instance if k in types]
        unknown = [k for k in error.instance if k not in _schema(error).get("properties", {})]
        if not present and unknown:
            return  # the unknown-key problem already says what was meant
        if not present:
            yield Problem(where, f"{what} has no block type (expected one of: {', '.join(types)})")
        else:
            listed = ", ".join(repr(k) for k in present)
            yield Problem(where, f"{what} has more than one block type: {listed} (expected exactly one)")
    elif kind == "anyOf":
        yield from _explain_any_of(validator, error, root, path)
    else:
        yield Problem(where, f"{what}: {error.message}")


def _explain_any_of(
    validator: Draft202012Validator, error: ValidationError, root: Node, path: tuple[Any, ...]
) -> Iterator[Problem]:
    """Choose the branch that fits the value's shape and report its errors only."""
    branches: Sequence[dict[str, Any]] = _value(error)
    for branch in branches:
        resolved = _resolve(validator, branch)
        if _shape_fits(resolved, error.instance):
            sub = validator.evolve(schema=branch)
            for inner in sub.iter_errors(error.instance):
                yield from _explain(validator, inner, root, path + tuple(inner.absolute_path))
            return
    node = locate(root, path)
    where = node.mark if node is not None else Mark("")
    shapes = " or ".join(_describe_types(_resolve(validator, b).get("type", "object")) for b in branches)
    yield Problem(
        where,
        f"{_name(path)} has the wrong type (expected {shapes}, found {_describe(error.instance)})",
    )


def _schema(error: ValidationError) -> Mapping[str, Any]:
    """The (sub)schema an error is about; jsonschema types it loosely (it may be a bare bool)."""
    return error.schema if isinstance(error.schema, Mapping) else {}


def _value(error: ValidationError) -> Any:
    """The failing keyword's value, e.g. the list of a `required` or the types of a `type`."""
    return error.validator_value


def _resolve(validator: Draft202012Validator, schema: dict[str, Any]) -> dict[str, Any]:
    root: Any = validator.schema
    resolver = Registry().with_resource(root["$id"], Resource.from_contents(root)).resolver(root["$id"])
    while "$ref" in schema:
        schema = resolver.lookup(schema["$ref"]).contents
    return dict(schema)


def _shape_fits(schema: dict[str, Any], instance: Any) -> bool:
    types = schema.get("type")
    if types is None:
        return False
    types = [types] if isinstance(types, str) else types
    checks: dict[str, type | tuple[type, ...]] = {"string": str, "object": dict, "array": list, "number": (int, float)}
    return any(isinstance(instance, checks[t]) for t in types if t in checks)


def _block_type(schema: Mapping[str, Any], node: Map) -> str | None:
    """The one block-type key a block has (`table` of `- table:`), when `schema` is a block's; else None."""
    types = [next(iter(branch["required"])) for branch in schema.get("oneOf", []) if "required" in branch]
    present = [key for key in node.entries if key in types]
    return present[0] if len(present) == 1 else None


def _key_beside_block_type(validator: Draft202012Validator, key: str, block_type: str, node: Map, what: str) -> Problem:
    """A key beside a block's type key: most often one of the type's own keys, indented too little."""
    mark = node.key_marks[key]
    if key in _keys_of(validator, _block_schema(validator, block_type)):
        type_line = node.key_marks[block_type].line
        return Problem(
            mark,
            f"unknown key {key!r} in {what}: {key!r} belongs to the {block_type}",
            f"indent it further than '{block_type}:' on line {type_line}",
        )
    return Problem(
        mark,
        f"unknown key {key!r} in {what}",
        f"a {block_type} block has only the keys {block_type!r} and 'id'",
    )


def _block_schema(validator: Draft202012Validator, block_type: str) -> dict[str, Any]:
    block = _resolve(validator, {"$ref": "#/$defs/block"})
    return _resolve(validator, block["properties"][block_type])


def _keys_of(validator: Draft202012Validator, schema: dict[str, Any]) -> set[str]:
    """The keys a mapping of this schema may have, in any of its forms (a note is text or a mapping)."""
    keys = set(schema.get("properties", {}))
    for branch in (*schema.get("anyOf", ()), *schema.get("oneOf", ())):
        keys |= _keys_of(validator, _resolve(validator, branch))
    return keys


def unknown_key(key: str, allowed: Iterable[str], mark: Mark, what: str) -> Problem:
    allowed = list(allowed)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(allowed)}"
    return Problem(mark, f"unknown key {key!r} in {what}", hint)


def _name(path: tuple[Any, ...]) -> str:
    """A readable name for a place, counting from 1: ("blocks", 2, "table") -> "'blocks[3].table'"."""
    if not path:
        return "the file"
    words = []
    for step in path:
        if isinstance(step, int):
            words.append(f"[{step + 1}]")
        else:
            words.append(("." if words else "") + step)
    text = "".join(words)
    return f"'{text}'"


def _describe_types(types: str | list[str]) -> str:
    names = {
        "string": "text",
        "object": "a mapping",
        "array": "a list",
        "number": "a number",
        "integer": "a whole number",
        "boolean": "true or false",
        "null": "nothing",
    }
    types = [types] if isinstance(types, str) else types
    return " or ".join(names.get(t, t) for t in types)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _expected_content(error: ValidationError) -> str:
    if error.validator == "minItems":
        return "at least one item"
    if error.validator == "minProperties":
        return "one of: " + ", ".join(k for k in _schema(error).get("properties", {}) if k != "id")
    return "some text"


_CHECKED: dict[tuple[int, str], tuple[Node, tuple[Problem, ...]]] = {}  # by id of the root (kept, so ids stay unique)
_CHECKED_MAX = 4096


def check_file(loaded: LoadedFile, schema_name: str) -> list[Problem]:
    """Every way the file departs from its schema, in file order.

    Remembered by the file's parsed root, which load.py gives again for the same
    text: `csa serve` validates every file after each save, and this check is
    most of that time. Safe because nodes are frozen.
    """
    if loaded.root is None:
        return _check_file(loaded, schema_name)
    key = (id(loaded.root), schema_name)
    remembered = _CHECKED.get(key)
    if remembered is None or remembered[0] is not loaded.root:
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        remembered = _CHECKED[key] = (loaded.root, tuple(_check_file(loaded, schema_name)))
    return list(remembered[1])
