"""Published versions are frozen: their files must stay exactly as published.

`csa publish V` records a digest of every file of the version in its
version.yaml (`frozen:`); validation then names any file that changed, was
added or went missing. The version's own metadata is covered too (all of
version.yaml except the `frozen` record itself).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from csa.content.load import Map, RawVersion, digest, to_plain
from csa.errors import CsaError, Mark, Problem

HINT = "published versions are frozen: start a draft with csa new-version"
UNFROZEN = "unfrozen-published-version"  # Problem.code: marked published by hand, `csa publish` not yet run


@dataclass(frozen=True)
class Frozen:
    """A version as `csa publish` leaves it: its new version.yaml and the digest of all its files."""

    content: str
    version_yaml: str


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


def freeze(raw: RawVersion) -> Frozen:
    """The version marked published with the digests of its files recorded; `raw` is left as it was."""
    if raw.meta is None or not isinstance(raw.meta.root, Map):
        raise CsaError([Problem(Mark(str(raw.path / "version.yaml")), "version.yaml cannot be read")])
    plain = to_plain(raw.meta.root)
    if plain.get("frozen"):
        raise CsaError([Problem(Mark(raw.meta.name), f"version {plain.get('version')} is already published")])
    plain["status"] = "published"
    plain.pop("frozen", None)  # an empty record: the new one goes last
    files = current_digests(raw) | {"version.yaml": metadata_digest(plain)}  # the metadata as it will be written
    total = content_digest(files)
    plain["frozen"] = {"content": total, "files": dict(sorted(files.items()))}
    plain["effective"] = dt.date.fromisoformat(plain["effective"])  # written as a plain YAML date
    return Frozen(total, yaml.safe_dump(plain, sort_keys=False, allow_unicode=True, width=1000))
