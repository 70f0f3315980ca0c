"""Problems users can act on: each names a file, line and column."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True, order=True)
class Mark:
    """A place in a content file; line and column count from 1."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    where: Mark
    message: str
    hint: str | None = None
    severity: str = "error"
    code: str | None = None  # a short stable name for code that must tell problems apart; the message may change

    def __str__(self) -> str:
        tail = f" ({self.hint})" if self.hint else ""
        return f"{self.where}: {self.message}{tail}"


class CsaError(Exception):
    """One or more problems that stop the build; raised once, after collecting all.

    `warnings` are those found on the way: they stop nothing, but `csa validate` lists them with the errors.
    """

    def __init__(self, problems: Iterable[Problem], warnings: Iterable[Problem] = ()) -> None:
        self.problems = tuple(sorted(_once(problems), key=lambda p: p.where))
        self.warnings = tuple(sorted(_once(warnings), key=lambda p: p.where))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[CsaError], tuple[tuple[Problem, ...], tuple[Problem, ...]]]:
        # Rebuilt from its problems when it crosses a process boundary (parallel builds).
        return (CsaError, (self.problems, self.warnings))


def _once(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, by place and message: stages that meet the same problem need not agree who says it."""
    first: dict[tuple[Mark, str], Problem] = {}
    for problem in problems:
        first.setdefault((problem.where, problem.message), problem)
    return list(first.values())


def did_you_mean(wrong: str, known: Sequence[str]) -> str | None:
    """A hint for a name that names nothing: the closest known one, else what there is."""
    close = difflib.get_close_matches(wrong, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    if known:
        return f"expected one of: {', '.join(known)}"
    return None


def unknown_value(noun: str, value: str, known: Sequence[str], param: str) -> click.BadParameter:
    """A command-line value that names nothing there is: a usage mistake (exit 2), not a content problem.

    The message names the parameter, lists what is there and suggests the
    closest, as click does for an unknown option.
    """
    close = difflib.get_close_matches(value, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return click.BadParameter(f"unknown {noun} {value!r} (expected one of: {', '.join(known)}{hint})", param_hint=param)


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as the user should read it: relative to the working folder when possible."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
