"""The code's own checks, as the style guide asks: ruff (lint and format) and mypy --strict on src/."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_lint_and_format() -> None:
    lint = run("ruff", "check", "src", "tests", "bench")
    assert lint.returncode == 0, lint.stdout
    formatted = run("ruff", "format", "--check", "src", "tests", "bench")
    assert formatted.returncode == 0, formatted.stdout


def test_mypy_strict() -> None:
    result = run("mypy")  # files and strictness from pyproject.toml
    assert result.returncode == 0, result.stdout
