"""The build cache: which outputs are already up to date, decided from bytes alone.

A no-op rebuild must cost a few milliseconds, so freshness is decided before
any YAML is parsed: every input is reduced to a digest of its files' bytes
(content, templates, the fonts WeasyPrint can use, the code and engine
versions). An output's key is the digest of the inputs it depends on; the
manifest remembers, per output, the key it was built from and the digest of
the bytes written. An output is fresh when both still match. A missing,
unreadable or malformed manifest is an empty one: the build redoes the work,
never crashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import __version__
from .load import find_documents

CACHE_DIR = ".cache"  # inside the output folder, so the cache describes exactly those files
MANIFEST = "csa-build.json"
FORMAT = 1  # bump when the manifest's layout changes; older files are then ignored

PACKAGE = Path(__file__).resolve().parent
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")

# Inputs every output depends on.
GENERATOR, TEMPLATES, FONTS = "generator", "templates", "fonts"


def document_input(document: str) -> str:
    return f"document:{document}"


def version_input(document: str, version: str) -> str:
    return f"version:{document}/{version}"


def fingerprint(content: Path, templates: Path) -> dict[str, str]:
    """Digest of every input group, from file bytes only.

    Take it *before* loading the content: if a file changes in between, the
    cache then records the older digest and the next build redoes the work,
    instead of recording the new digest for output made from old text.
    """
    digests = {GENERATOR: generator_digest(), TEMPLATES: tree_digest(templates), FONTS: fonts_digest()}
    for folder in find_documents(content) if content.is_dir() else []:
        digests[document_input(folder.name)] = tree_digest(folder / "document.yaml")
        for version in sorted(p for p in (folder / "versions").iterdir() if p.is_dir()):
            digests[version_input(folder.name, version.name)] = tree_digest(version)
    return digests


def output_key(digests: Mapping[str, str], depends_on: Iterable[str], kind: str) -> str | None:
    """The key of an output built from `depends_on` (plus templates, fonts, code); None if an input is missing."""
    groups = [GENERATOR, TEMPLATES, FONTS, *depends_on]
    if any(g not in digests for g in groups):
        return None
    return _digest(json.dumps([kind, [(g, digests[g]) for g in groups]]).encode())


def tree_digest(path: Path) -> str:
    """Digest of a file, or of every file under a folder (names and bytes); missing is a digest too."""
    h = hashlib.sha256()
    if path.is_file():
        h.update(path.read_bytes())
    elif path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            h.update(file.relative_to(path).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(file.read_bytes()).digest())
    else:
        h.update(b"missing")
    return h.hexdigest()


def generator_digest() -> str:
    """This package's version and source (an editable install changes without a version bump) and the engine's."""
    h = hashlib.sha256(f"csa {__version__}; weasyprint {_installed('weasyprint')}".encode())
    h.update(f"; python {platform.python_version()}".encode())
    for file in sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".json")):  # not __pycache__
        h.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return h.hexdigest()


def fonts_digest() -> str:
    """Which font files WeasyPrint can use, with their sizes and times.

    Every installed font counts, not just the families the CSS names: a
    character missing from those is drawn with any font fontconfig offers.
    """
    files = _fontconfig_files()
    if files is None:  # no fc-list: fall back to the usual font folders
        files = [p for d in FONT_DIRS if d.is_dir() for p in d.rglob("*") if p.is_file()]
    h = hashlib.sha256()
    for file in sorted(set(files)):
        try:
            st = file.stat()
        except OSError:
            continue
        h.update(f"{file}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _fontconfig_files() -> list[Path] | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [fc_list, "--format", "%{file}\n"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [Path(line) for line in listed.splitlines() if line]


def _installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class BuildCache:
    """The manifest of one output folder: output name -> (key it was built from, digest of its bytes)."""

    out: Path
    entries: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.out / CACHE_DIR / MANIFEST

    @classmethod
    def open(cls, out: Path) -> BuildCache:
        """The saved manifest, or an empty one if it is missing or cannot be trusted."""
        cache = cls(out)
        try:
            saved = json.loads(cache.path.read_text(encoding="utf-8"))
            if saved["format"] == FORMAT:
                cache.entries = {str(n): (str(k), str(d)) for n, (k, d) in saved["outputs"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no cache or a damaged one: everything is rebuilt
        return cache

    def is_fresh(self, name: str, key: str | None) -> bool:
        """True if out/name was built from inputs with this key and has not been changed since."""
        entry = self.entries.get(name)
        if key is None or entry is None or entry[0] != key:
            return False
        try:
            return _digest((self.out / name).read_bytes()) == entry[1]
        except OSError:
            return False

    def record(self, name: str, key: str | None, data: bytes) -> None:
        if key is None:
            self.entries.pop(name, None)
        else:
            self.entries[name] = (key, _digest(data))

    def save(self) -> None:
        """Replace the manifest atomically; a cache that cannot be written only costs a rebuild later."""
        text = json.dumps({"format": FORMAT, "outputs": self.entries}, indent=1, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=self.path.parent, delete=False, encoding="utf-8") as tmp:
                tmp.write(text)
        except OSError:
            return
        try:
            os.replace(tmp.name, self.path)
        except OSError:
            Path(tmp.name).unlink(missing_ok=True)
