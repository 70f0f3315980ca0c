"""Which documents, and which of their versions, a change touches: one CI job per document.

A changed file is mapped to the build's own input names (build/cache.py: a document's
document.yaml and images, a version's folder); an output is touched when it depends on one
of them (build/plan.py's Output.depends_on: a page, the versions its version-control table
shows, a redline's older version, a plan's agreement version it delivers, a report's plan).
So the CI's jobs and the build cache agree on what reads what by construction. A changed
file that is not under one document (templates/, the code, the project's own files) may
change any output: every document is touched.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from csa.build.cache import document_input, version_input
from csa.build.plan import FORMATS, Output, plan_outputs
from csa.content.load import find_documents
from csa.model import version_key
from csa.project import VERSIONS


class ChangesUnknown(Exception):
    """The changes cannot be listed (no git repository, or a REF git does not know): a usage mistake."""


@dataclass(frozen=True)
class Job:
    """One document's CI job: the versions to build (each with `csa build --document D --version V`)."""

    document: str
    versions: tuple[str, ...]


def all_jobs(content: Path) -> list[Job]:
    """Every version of every document: what a publish builds."""
    return _jobs(plan_outputs(content, None, FORMATS))


def jobs_for_changes(content: Path, changed: Iterable[str]) -> list[Job]:
    """The documents and versions whose outputs read a changed file (paths relative to the project root)."""
    outputs = plan_outputs(content, None, FORMATS)
    touched = _touched_inputs(content, changed)
    if touched is None:
        return _jobs(outputs)
    return _jobs(o for o in outputs if touched.intersection(o.depends_on))


def _touched_inputs(content: Path, changed: Iterable[str]) -> set[str] | None:
    """The build inputs the changed files belong to; None when a file may change any output."""
    documents = {folder.name: folder for folder in find_documents(content)} if content.is_dir() else {}
    inputs: set[str] = set()
    for path in changed:
        parts = PurePosixPath(path).parts
        if len(parts) < 3 or parts[0] != content.name:
            return None  # templates/, the code, content/README.md: anything may read it
        document = parts[1]
        if len(parts) >= 5 and parts[2] == VERSIONS:
            version = parts[3]
            if document in documents and not (documents[document] / VERSIONS / version).is_dir():
                # a version removed: the redline after it now compares with another version
                inputs.update(version_input(document, v.name) for v in (documents[document] / VERSIONS).iterdir())
            inputs.add(version_input(document, version))
        else:
            inputs.add(document_input(document))  # document.yaml, a cover's logo
    return inputs


def _jobs(outputs: Iterable[Output]) -> list[Job]:
    versions: dict[str, set[str]] = {}
    for output in outputs:
        versions.setdefault(output.document, set()).add(output.version)
    return [Job(document, tuple(sorted(versions[document], key=version_key))) for document in sorted(versions)]


def changed_files(root: Path, since: str) -> list[str]:
    """Files changed between `since` and the working tree, and new files git does not ignore, relative to root."""
    if since.startswith("-"):
        raise ChangesUnknown(f"{since!r} is not a git revision")
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}", what=f"unknown revision {since!r}")
    changed = _git(root, "diff", "--name-only", "--relative", "--no-renames", commit.strip(), "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    return sorted({line for line in (changed + untracked).splitlines() if line})


def _git(root: Path, *args: str, what: str | None = None) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["git", "-C", str(root), *args],  # noqa: S607 - git from the PATH, as a user runs it
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except FileNotFoundError:
        raise ChangesUnknown("git is not installed: --since needs it") from None
    if result.returncode != 0:
        if "not a git repository" in result.stderr:
            raise ChangesUnknown(f"{root} is not in a git repository: --since needs one")
        raise ChangesUnknown(what or result.stderr.strip() or f"git {args[0]} failed")
    return result.stdout


def jobs_json(jobs: Iterable[Job]) -> str:
    """A GitHub Actions matrix: {"include": [{"document": ..., "versions": [...]}, ...]} on one line."""
    include = [{"document": job.document, "versions": list(job.versions)} for job in jobs]
    return json.dumps({"include": include})


def jobs_text(jobs: list[Job]) -> str:
    if not jobs:
        return "nothing to build"
    return "\n".join(f"{job.document}: {', '.join(job.versions)}" for job in jobs)


def jobs_github_output(jobs: list[Job]) -> str:
    """Lines for $GITHUB_OUTPUT: the matrix and how many documents it has (0: skip the build jobs)."""
    return f"matrix={jobs_json(jobs)}\ndocuments={len(jobs)}"
