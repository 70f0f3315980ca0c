"""PyYAML's parser errors in words an author can act on.

PyYAML speaks of tokens ("expected <block end>, but found '<scalar>'"); the
people who edit content speak of quotes, colons and indentation. Each rule
below matches one family of parser messages and says what usually causes it;
anything unrecognised keeps PyYAML's own words, so no error is ever hidden.
"""

from __future__ import annotations

import re

import yaml

from csa.errors import Mark, Problem


def syntax_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    """One Problem at the place the parser stopped, in plain words."""
    mark = exc.problem_mark or exc.context_mark
    where = Mark(name, mark.line + 1, mark.column + 1) if mark else Mark(name)
    problem = exc.problem or ""
    context = exc.context or ""
    opened = _opened_at(name, exc)
    if "'\\t'" in problem:
        return Problem(where, "tab character in indentation (expected spaces)", "indent with spaces")
    if problem == "mapping values are not allowed here":
        return Problem(
            where,
            "unexpected ': ' (a colon followed by a space inside a value, or a key indented too far)",
            "put the whole value in quotes, or line the key up with the keys above it",
        )
    bracket = re.match(r"expected ',' or '([\]}])'", problem)
    if bracket and opened:
        # Point at the opening bracket: that is where the author has to look.
        start = "[" if bracket.group(1) == "]" else "{"
        return Problem(
            opened,
            f"this '{start}' is not closed"
            f" (expected ',' or '{bracket.group(1)}' before line {where.line} column {where.col})",
            "close it, or put the whole value in quotes",
        )
    if problem == "expected <block end>, but found '<scalar>'":
        return Problem(
            where,
            "unexpected text after a quoted value",
            "put the whole value in quotes, doubling any quote inside it: 'it''s'",
        )
    if problem.startswith("expected <block end>"):
        return Problem(
            where,
            "indentation does not match the lines above",
            "line each key up with the other keys of its block, and each '-' with the other list items",
        )
    token = re.match(r"found character '(.)' that cannot start any token", problem)
    if token:
        return Problem(where, f"a value cannot start with {token.group(1)!r}", "put the whole value in quotes")
    if "scanning a quoted scalar" in context and opened:
        return Problem(opened, "this quote is not closed", "end the text with the same quote mark")
    if "'<stream end>'" in problem:
        return Problem(
            where,
            "the file ends in the middle of a value",
            "close every '[' and '{', and finish the last line",
        )
    tail = f" {context}" if context else ""
    return Problem(where, f"YAML syntax error: {problem or 'not valid YAML'}{tail}")


def _opened_at(name: str, exc: yaml.MarkedYAMLError) -> Mark | None:
    """Where the bracket or quote the parser was inside was opened, if that is elsewhere."""
    mark = exc.context_mark
    if mark is None or mark.buffer is None or (exc.problem_mark and mark.index == exc.problem_mark.index):
        return None
    return Mark(name, mark.line + 1, mark.column + 1)


def reader_problem(name: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A control character (PyYAML refuses them before parsing starts)."""
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return Problem(
        Mark(name, line, col),
        f"control character U+{code:04X} is not allowed",
        "delete it; it is usually pasted in by accident",
    )
