"""Which outputs a build can write, their names and what each depends on: decided from folders alone.

Planning reads no chapter: only the folder names, each version's `supersedes`
and, in an action plan, the agreement version it `delivers`, so the build cache can tell an up-to-date output before any
YAML is validated (see build/cache.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from csa.build.cache import document_input, sections_input, version_input
from csa.content.load import find_documents, load_file
from csa.diff.lineage import compared_pairs
from csa.model import Document, Version, version_key
from csa.nodes import Map
from csa.project import output_file, versions_dir

FORMATS = ("html", "pdf", "docx")
REDLINE_FORMATS = ("html", "pdf", "docx")  # docx: Word tracked changes (csa.word.redline)


@dataclass(frozen=True)
class Output:
    """One file the build writes, named by folders so it can be planned before any YAML is read.

    A version's page, or (`against` given) the redline of the version against an older one.
    """

    document: str  # document folder (= Document.id)
    version: str  # version folder (= Version.number, enforced by validate)
    fmt: str
    against: str | None = None
    needs: tuple[str, ...] = ()  # other versions whose content this output shows (see table_sources)
    elsewhere: tuple[str, ...] = ()  # inputs of other documents it shows (an action plan: its agreement's)

    @property
    def name(self) -> str:
        suffix = f"-changes-since-{self.against}" if self.against else ""
        return output_file(self.document, self.version, self.fmt, suffix)

    @property
    def kind(self) -> str:
        return f"redline-{self.fmt}" if self.against else self.fmt

    @property
    def page(self) -> str:
        """Which page it is: "page" or "redline" (they are rendered from different templates)."""
        return "redline" if self.against else "page"

    @property
    def depends_on(self) -> tuple[str, ...]:
        # document.yaml (title, partners, recorded rows), the version's own files and
        # those it shows from others; editing 2.0 leaves 4.0 alone unless 4.0 compares with it.
        others = (self.against,) if self.against else self.needs
        return (
            document_input(self.document),
            version_input(self.document, self.version),
            *(version_input(self.document, v) for v in others),
            *self.elsewhere,
        )


def output_name(document: Document, version: Version, fmt: str) -> str:
    return Output(document.id, version.number, fmt).name


def redline_name(document: Document, old: Version, new: Version, fmt: str) -> str:
    return Output(document.id, new.number, fmt, against=old.number).name


def previous_in_repository(document: Document, version: Version) -> Version | None:
    """The newest older version whose content is here: what a redline compares against."""
    index = document.versions.index(version)
    return document.versions[index - 1] if index > 0 else None


def plan_outputs(content: Path, versions: Iterable[str] | None, formats: Iterable[str]) -> list[Output]:
    """The outputs asked for, from the folders under content/ (and what each version supersedes).

    Each version gets its page and, when an older version is in the repository,
    a redline against the newest such version.
    """
    wanted = set(versions) if versions else None
    chosen = tuple(f for f in FORMATS if f in formats)
    documents = find_documents(content) if content.is_dir() else []
    readers = _plan_readers(documents)
    return [
        output
        for folder in documents
        for output in _document_outputs(folder, wanted, chosen, readers.get(folder.name, {}))
    ]


def _plan_readers(documents: Iterable[Path]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Agreement -> its version -> the inputs of the plan versions delivering it.

    An agreement version's HTML page links to the plan sections that deliver its priorities
    (csa.build.links), so it shows those plans' titles and which sections deliver what; not their text.
    """
    readers: dict[str, dict[str, tuple[str, ...]]] = {}
    for folder in documents:
        agreement = _agreement_folder(folder)
        if agreement is None:
            continue
        by_version = readers.setdefault(agreement.name, {})
        for number in sorted(p.name for p in versions_dir(folder).iterdir() if p.is_dir()):
            delivers = _version_meta(versions_dir(folder) / number).delivers
            if delivers is not None:
                shown = (document_input(folder.name), sections_input(folder.name, number))
                by_version[delivers] = tuple(dict.fromkeys((*by_version.get(delivers, ()), *shown)))
    return readers


def table_sources(supersedes: Mapping[str, str | None], version: str) -> tuple[str, ...]:
    """The other versions a page's version-control table shows, by the change log's own rule.

    The table prints a row generated from the differences between each version up to
    this one and its predecessor, when that predecessor is here: the page depends on both.
    """
    shown = {number for pair in compared_pairs(supersedes, version) for number in pair}
    return tuple(sorted(shown - {version}))


def _document_outputs(
    folder: Path, wanted: set[str] | None, formats: tuple[str, ...], readers: Mapping[str, tuple[str, ...]]
) -> Iterator[Output]:
    numbers = sorted((p.name for p in versions_dir(folder).iterdir() if p.is_dir()), key=version_key)
    metas = {number: _version_meta(versions_dir(folder) / number) for number in numbers}
    supersedes = {number: meta.supersedes for number, meta in metas.items()}
    agreement = _agreement_folder(folder)
    reported = _plan_inputs(folder)
    for index, number in enumerate(numbers):
        if wanted is not None and number not in wanted:
            continue
        elsewhere = _agreement_inputs(agreement, metas[number].delivers) if agreement is not None else ()
        elsewhere += reported
        needs = table_sources(supersedes, number)
        yield from (
            Output(folder.name, number, fmt, needs=needs, elsewhere=elsewhere + _html_only(fmt, readers.get(number)))
            for fmt in formats
        )
        if index:
            redlines = (f for f in formats if f in REDLINE_FORMATS)
            yield from (
                Output(folder.name, number, fmt, against=numbers[index - 1], elsewhere=elsewhere) for fmt in redlines
            )


def _html_only(fmt: str, inputs: tuple[str, ...] | None) -> tuple[str, ...]:
    """Links between documents are in the HTML page alone: the PDF and Word document do not read them."""
    return inputs or () if fmt == "html" else ()


def _agreement_folder(folder: Path) -> Path | None:
    """The agreement an action plan's document.yaml names (None for an agreement, or one not found)."""
    return _named_document(folder, "agreement")


def _named_document(folder: Path, key: str) -> Path | None:
    """The folder of the document that `key` in this document's document.yaml names (None: none, or not here)."""
    root = load_file(folder / "document.yaml")[0].root if (folder / "document.yaml").is_file() else None
    node = root.get(key) if isinstance(root, Map) else None
    named = folder.parent / str(getattr(node, "value", ""))
    return named if node is not None and versions_dir(named).is_dir() else None


def _plan_inputs(folder: Path) -> tuple[str, ...]:
    """What a report on a plan (its document.yaml's `plan:`) reads: the plan's versions, which its live
    blocks name, and the agreement versions they deliver. None for a document that names no plan here."""
    plan = _named_document(folder, "plan")
    if plan is None:
        return ()
    numbers = sorted(p.name for p in versions_dir(plan).iterdir() if p.is_dir())
    agreement = _agreement_folder(plan)
    delivered = (
        inputs
        for number in numbers
        if agreement is not None
        for inputs in _agreement_inputs(agreement, _version_meta(versions_dir(plan) / number).delivers)
    )
    read = (document_input(plan.name), *(version_input(plan.name, v) for v in numbers), *delivered)
    return tuple(dict.fromkeys(read))


def _agreement_inputs(agreement: Path, delivers: str | None) -> tuple[str, ...]:
    """What a plan's version shows of its agreement: the title (document.yaml) and the version it delivers,
    whose priorities and leads it prints; an edit to any other version of the agreement leaves it alone.

    A `delivers` naming no version here fails validation; until then the plan reads every version.
    """
    versions = sorted(p.name for p in versions_dir(agreement).iterdir() if p.is_dir())
    read = [delivers] if delivers in versions else versions
    return (document_input(agreement.name), *(version_input(agreement.name, v) for v in read))


@dataclass(frozen=True)
class _VersionMeta:
    supersedes: str | None  # the version it supersedes
    delivers: str | None  # an action plan's: the agreement's version it delivers


def _version_meta(folder: Path) -> _VersionMeta:
    """What planning needs from a version folder's version.yaml (None where unreadable: validation says why)."""
    meta = folder / "version.yaml"
    root = load_file(meta)[0].root if meta.is_file() else None
    return _VersionMeta(_scalar(root, "supersedes"), _scalar(root, "delivers"))


def _scalar(root: object, key: str) -> str | None:
    node = root.get(key) if isinstance(root, Map) else None
    return str(getattr(node, "value", "")) or None
