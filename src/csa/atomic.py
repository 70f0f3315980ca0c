"""Put a set of files in place all together, or not at all.

os.replace makes each file's replacement atomic, but a build writes several
files: if the third replace fails (disk full, permissions, a crash of the
disk), the first two would already be new. So the previous version of every
target is kept (as a hard link, which costs no space) until all are in place,
and put back if anything fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path


def replace_all(staged: list[tuple[Path, Path]], backups: Path) -> list[Path]:
    """Move each (temporary, target) pair into place; on any failure restore every target.

    `backups` is an empty folder on the same file system as the targets.
    Returns the targets, in order.
    """
    backups.mkdir(parents=True, exist_ok=True)
    done: list[tuple[Path, Path | None]] = []  # (target, its previous version or None if new)
    try:
        for index, (temp, target) in enumerate(staged):
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = _keep(target, backups / str(index)) if target.exists() else None
            done.append((target, previous))
            os.replace(temp, target)
    except BaseException:
        _restore(done)
        raise
    return [target for target, _ in done]


def _keep(target: Path, backup: Path) -> Path:
    try:
        os.link(target, backup)
    except OSError:  # a file system without hard links
        shutil.copy2(target, backup)
    return backup


def _restore(done: list[tuple[Path, Path | None]]) -> None:
    for target, previous in reversed(done):
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            os.replace(previous, target)


def write_file(path: Path, data: bytes) -> None:
    """Write one file atomically: readers see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, path)


def write_new_folder(folder: Path, files: Mapping[str, bytes], executable: Collection[str] = ()) -> None:
    """Create `folder` holding `files` (relative path: bytes), all at once: the folder appears whole or not at all.

    The files named in `executable` can be run (scripts).

    The files are written into a hidden folder beside it, which is then renamed:
    a rename is atomic, and fails rather than merge into a folder that appeared meanwhile.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
            if name in executable:
                (staging / name).chmod(0o755)
        os.rename(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
