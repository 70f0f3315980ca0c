"""The build cache: which outputs are already up to date, decided from bytes alone.

A no-op rebuild must cost a few milliseconds, so freshness is decided before
any YAML is parsed: every input is reduced to a digest of its files' bytes
(content, templates, the fonts WeasyPrint can use, the code and engine
versions). An output's key is the digest of the inputs it depends on; the
manifest remembers, per output, the inputs it read (by name: a document, a
version, a template), the key they had and the digest of the bytes written. An
output is fresh when it still reads the same inputs and both digests still match. A missing,
unreadable or malformed manifest is an empty one: the build redoes the work,
never crashes.
"""

from __future__ import annotations

import dataclasses
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

from csa import __version__
from csa.content.load import document_images, find_documents
from csa.project import versions_dir
from csa.render.theme import template_sources

CACHE_DIR = ".cache"  # inside the output folder, so the cache describes exactly those files
MANIFEST = "csa-build.json"
FORMAT = 2  # bump when the manifest's layout changes; older files are then ignored

PACKAGE = Path(__file__).resolve().parents[1]  # the whole csa package
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")

# Inputs every output depends on.
GENERATOR, FONTS = "generator", "fonts"


def document_input(document: str) -> str:
    return f"document:{document}"


def version_input(document: str, version: str) -> str:
    return f"version:{document}/{version}"


def sections_input(document: str, version: str) -> str:
    """A plan version's sections as other documents show them (see sections_digest)."""
    return f"sections:{document}/{version}"


def template_input(name: str) -> str:
    return f"template:{name}"


def fingerprint(content: Path, templates: Path) -> dict[str, str]:
    """Digest of every input group, from file bytes only.

    Take it *before* loading the content: if a file changes in between, the
    cache then records the older digest and the next build redoes the work,
    instead of recording the new digest for output made from old text.
    """
    digests = {GENERATOR: generator_digest(), FONTS: fonts_digest()}
    for name, file in template_sources(templates).items():  # a project's own template in place of the package's
        digests[template_input(name)] = tree_digest(file)
    for folder in find_documents(content) if content.is_dir() else []:
        digests[document_input(folder.name)] = _document_digest(folder)
        reads_agreement = _names_agreement(folder)
        for version in sorted(p for p in versions_dir(folder).iterdir() if p.is_dir()):
            digests[version_input(folder.name, version.name)] = tree_digest(version)
            if reads_agreement:
                digests[sections_input(folder.name, version.name)] = sections_digest(version)
    return digests


def _names_agreement(folder: Path) -> bool:
    """Whether document.yaml names an agreement (an action plan): read as bytes, like every digest."""
    meta = folder / "document.yaml"
    return meta.is_file() and any(line.startswith(b"agreement:") for line in meta.read_bytes().splitlines())


def sections_digest(version: Path) -> str:
    """What an agreement's page shows of a plan version delivering it: the files' names and their top-level
    lines (which agreement version it `delivers:`, each section's `priority:`), not the sections' text.

    Read as bytes, before any YAML is parsed; top-level lines over-approximate what is shown, which
    costs an agreement page a rebuild at most, never a stale link.
    """
    h = hashlib.sha256()
    for file in sorted(p for p in version.rglob("*.yaml") if p.is_file()):
        h.update(file.relative_to(version).as_posix().encode() + b"\0")
        top_level = (line for line in file.read_bytes().splitlines() if line[:1] not in (b" ", b"\t", b"#", b""))
        h.update(b"\n".join(top_level) + b"\0")
    return h.hexdigest()


def output_key(digests: Mapping[str, str], depends_on: Iterable[str], kind: str) -> str | None:
    """The key of an output built from `depends_on` (plus fonts and code); None if an input is missing."""
    groups = [GENERATOR, FONTS, *depends_on]
    if any(g not in digests for g in groups):
        return None
    return _digest(json.dumps([kind, [(g, digests[g]) for g in groups]]).encode())


def _document_digest(folder: Path) -> str:
    """document.yaml and the images beside it (a cover's logo): what every version's pages share."""
    images = document_images(folder)
    if not images:
        return tree_digest(folder / "document.yaml")
    parts = [
        tree_digest(folder / "document.yaml"),
        *(f"{p.relative_to(folder).as_posix()}:{tree_digest(p)}" for p in images),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


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


@dataclass(frozen=True)
class Entry:
    key: str  # of the inputs it was built from
    digest: str  # of the bytes written
    templates: tuple[str, ...]  # template files it was rendered with
    inputs: tuple[str, ...] = ()  # the content it read: document and version inputs (document_input, version_input)


@dataclass
class BuildCache:
    """The manifest of one output folder: what each output was built from.

    Each entry keeps the template files its output used, so a template no
    output uses (the preview's) can change without a rebuild, and no template
    has to be parsed to tell whether anything changed: the set of templates an
    output uses can only change if one of those files changes.
    """

    out: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    # The template files each kind of output uses, and the digest of the templates and code they were
    # found from: finding them parses every template, which would cost an edit's rebuild a tenth of its time.
    templates: tuple[str, dict[str, tuple[str, ...]]] | None = None

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
                cache.entries = {str(name): _entry(e) for name, e in saved["outputs"].items()}
                used = saved.get("templates_used")
                if used is not None:
                    kinds = {str(kind): tuple(map(str, names)) for kind, names in used["kinds"].items()}
                    cache.templates = (str(used["key"]), kinds)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # no cache or a damaged one: everything is rebuilt
        return cache

    def is_fresh(self, name: str, depends_on: Iterable[str], kind: str, digests: Mapping[str, str]) -> bool:
        """True if out/name was built from inputs that are still the same and has not been changed since."""
        entry, depends_on = self.entries.get(name), tuple(depends_on)
        if entry is None or entry.inputs != depends_on:  # it would read other inputs now (a plan's `delivers`)
            return False
        if entry.key != output_key(digests, _with_templates(depends_on, entry.templates), kind):
            return False
        try:
            return _digest((self.out / name).read_bytes()) == entry.digest
        except OSError:
            return False

    def record(
        self,
        name: str,
        data: bytes,
        depends_on: Iterable[str],
        kind: str,
        templates: Iterable[str],
        digests: Mapping[str, str],
    ) -> None:
        templates, depends_on = tuple(sorted(templates)), tuple(depends_on)
        key = output_key(digests, _with_templates(depends_on, templates), kind)
        if key is None:
            self.entries.pop(name, None)
        else:
            self.entries[name] = Entry(key, _digest(data), templates, depends_on)

    def templates_used(self, digests: Mapping[str, str]) -> dict[str, set[str]] | None:
        """The template files each kind of output uses, if remembered for these very templates and code."""
        if self.templates is None or self.templates[0] != _templates_key(digests):
            return None
        return {kind: set(names) for kind, names in self.templates[1].items()}

    def remember_templates(self, digests: Mapping[str, str], used: Mapping[str, Iterable[str]]) -> None:
        self.templates = (_templates_key(digests), {kind: tuple(sorted(names)) for kind, names in used.items()})

    def save(self) -> None:
        """Replace the manifest atomically; a cache that cannot be written only costs a rebuild later."""
        outputs = {name: dataclasses.asdict(entry) for name, entry in self.entries.items()}
        saved: dict[str, object] = {"format": FORMAT, "outputs": outputs}
        if self.templates is not None:
            saved["templates_used"] = {"key": self.templates[0], "kinds": self.templates[1]}
        text = json.dumps(saved, indent=1, sort_keys=True)
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


def _templates_key(digests: Mapping[str, str]) -> str:
    """Every template file's digest and the code's: what decides which files each template reads."""
    names = sorted(n for n in digests if n.startswith(template_input("")) or n == GENERATOR)
    return _digest(json.dumps([(n, digests[n]) for n in names]).encode())


def _entry(saved: Mapping[str, object]) -> Entry:
    templates, inputs = saved["templates"], saved["inputs"]
    if not isinstance(templates, list) or not isinstance(inputs, list):
        raise TypeError("templates and inputs are lists")
    return Entry(str(saved["key"]), str(saved["digest"]), tuple(map(str, templates)), tuple(map(str, inputs)))


def _with_templates(depends_on: Iterable[str], templates: Iterable[str]) -> list[str]:
    return [*depends_on, *(template_input(t) for t in templates)]


PARTS_DIR = "parts"  # in CACHE_DIR: each PDF's written parts (render/paged.py), each .docx's drawings


@dataclass(frozen=True)
class PartFiles:
    """One output's parts kept for the next build (render/paged.py's PartStore), in the output folder's
    cache: a PDF's written parts, a .docx's rasterised drawings (word/export/images.py).

    A part is found by its own key (a PDF part's HTML, first page and stylesheets) and `salt`, the
    digest of what every part depends on besides (code, engine, fonts, templates: see part_salt). Only
    the parts the output last used are kept. A part that cannot be read or written costs a layout.
    """

    folder: Path
    salt: str
    reuse: bool = True  # False (build --force): every part is laid out again, and kept for the next build

    @classmethod
    def of(cls, out: Path, name: str, digests: Mapping[str, str], *, reuse: bool = True) -> PartFiles:
        # one folder, without a dot in its name: the outputs' own pattern (*/*/*.*) does not meet it
        folder = name.replace("/", "__").replace(".", "_")
        return cls(out / CACHE_DIR / PARTS_DIR / folder, part_salt(digests), reuse)

    def get(self, key: str) -> bytes | None:
        if not self.reuse:
            return None
        try:
            return self._file(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Written whole under a temporary name, then renamed: a reader never meets half a part.

        A file's name is its key's digest, so a file of that name already there (renaming onto it
        fails on Windows) holds a part made from the same inputs: it is kept.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.folder, delete=False, suffix=".tmp") as tmp:
                tmp.write(data)
        except OSError:
            return
        try:
            os.rename(tmp.name, self._file(key))
        except OSError:
            Path(tmp.name).unlink(missing_ok=True)

    def keep_only(self, keys: Iterable[str]) -> None:
        kept = {self._file(key).name for key in keys}
        try:
            stale = [p for p in self.folder.iterdir() if p.name not in kept and p.suffix == ".part"]
        except OSError:
            return
        for path in stale:
            path.unlink(missing_ok=True)

    def _file(self, key: str) -> Path:
        return self.folder / f"{_digest(f'{self.salt}:{key}'.encode())}.part"


def part_salt(digests: Mapping[str, str]) -> str:
    """What a written part depends on besides its HTML, first page and stylesheets: the code and engine,
    the fonts, and every template (the fonts' files and the images they name are read from there)."""
    groups = sorted(n for n in digests if n in (GENERATOR, FONTS) or n.startswith(template_input("")))
    return _digest(json.dumps([(n, digests[n]) for n in groups]).encode())
