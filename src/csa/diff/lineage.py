"""Which versions are compared with which: the rule the change log and the build plan share.

Kept apart from changelog.py, which needs the differ and Markdown, so the build
can plan (and skip an up-to-date build) without importing either.
"""

from __future__ import annotations

from collections.abc import Mapping

from csa.model import version_key


def compared_pairs(supersedes: Mapping[str, str | None], upto: str) -> tuple[tuple[str, str], ...]:
    """(older, newer) for each version up to `upto` whose version-control row is generated from a diff.

    `supersedes` maps every version in the repository to the one it supersedes. A
    row is generated when that predecessor is here too, so these pairs are the
    versions the table of `upto` shows.
    """
    limit = version_key(upto)
    return tuple(
        (older, newer)
        for newer, older in supersedes.items()
        if older is not None and older in supersedes and version_key(newer) <= limit
    )
