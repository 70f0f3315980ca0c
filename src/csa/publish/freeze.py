"""Published versions are frozen: their files must stay exactly as published.

`csa publish V` records a digest of every file of the version in its
version.yaml (`frozen:`); validation then names any file that changed, was
added or went missing. The version's own metadata is covered too (all of
version.yaml except the `frozen` record itself).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml

from csa.content.frozen import content_digest, current_digests, metadata_digest
from csa.content.load import RawVersion
from csa.errors import CsaError, Mark, Problem
from csa.nodes import Map, to_plain


@dataclass(frozen=True)
class Frozen:
    """A version as `csa publish` leaves it: its new version.yaml and the digest of all its files."""

    content: str
    version_yaml: str


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
