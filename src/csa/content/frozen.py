"""Whether a published version is still as it was published: the digests `csa publish` recorded.

Validation checks every frozen version with `frozen_problems`; publish/freeze.py records the digests.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from csa.content.load import RawVersion, digest
from csa.errors import Mark, Problem
from csa.nodes import Map, to_plain

HINT = "published versions are frozen: start a draft with csa new-version"
UNFROZEN = "unfrozen-published-version"  # Problem.code: marked published by hand, `csa publish` not yet run


def current_digests(raw: RawVersion) -> dict[str, str]:
    """Digest of every file of a version (chapters, figures and the metadata)."""
    files = {loaded.path.name: loaded.digest for _, loaded in raw.chapters}
    files.update({name: digest(data) for name, data in raw.assets.items()})
    if raw.meta is not None and isinstance(raw.meta.root, Map):
        files["version.yaml"] = metadata_digest(to_plain(raw.meta.root))
    return dict(sorted(files.items()))


def metadata_digest(plain: dict[str, Any]) -> str:
    fields = {k: v for k, v in plain.items() if k != "frozen"}
    return digest(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def content_digest(files: dict[str, str]) -> str:
    listing = "".join(f"{name} {value}\n" for name, value in sorted(files.items()))
    return "sha256:" + hashlib.sha256(listing.encode("utf-8")).hexdigest()


def frozen_problems(raw: RawVersion, meta: Map) -> list[Problem]:
    """Every file of a frozen version that differs from what was published."""
    plain = to_plain(meta)
    record = plain.get("frozen")
    if record is None:
        if plain.get("status") == "published":
            return [
                Problem(
                    meta.entries["status"].mark,
                    f"version {plain.get('version')} is published but has no frozen record",
                    f"publish it with: csa publish {plain.get('version')}",
                    code=UNFROZEN,
                )
            ]
        return []
    recorded: dict[str, str] = record.get("files", {})
    now = current_digests(raw)
    folder = Path(raw.meta.name).parent.as_posix() if raw.meta else raw.folder
    problems = []
    number = plain.get("version")
    for name in sorted(set(recorded) | set(now)):
        where = Mark(f"{folder}/{name}")
        if name not in now:
            problems.append(Problem(meta.mark, f"file {name!r} of published version {number} is missing", HINT))
        elif name not in recorded:
            problems.append(Problem(where, f"file added to published version {number}", HINT))
        elif recorded[name] != now[name]:
            problems.append(Problem(where, f"file changed since version {number} was published", HINT))
    return problems
