"""The published site: an index of every document and version, and a `latest` link.

The per-version files are the build's own outputs (stable URLs such as
kent-csa/4.0/kent-csa-4.0.pdf); this module adds the pages that list them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from jinja2 import Environment

from csa import __version__
from csa.build.plan import output_name, previous_in_repository, redline_name
from csa.model import Document, HistoryRow, Version, Words, version_key


@dataclass(frozen=True)
class SiteVersion:
    version: Version
    html: str
    pdf: str
    docx: str
    redline: tuple[str, str, str, str] | None  # (previous version, html, pdf, docx with tracked changes)
    row: HistoryRow | None = None  # its row of the version-control table (the change log's)


@dataclass(frozen=True)
class SiteDocument:
    document: Document
    versions: tuple[SiteVersion, ...]  # newest first
    latest: SiteVersion | None  # newest published version
    readers: tuple[SiteDocument, ...] = ()  # a plan's: the documents that read it (its reports), listed under it
    recorded: tuple[HistoryRow, ...] = ()  # version-control rows of versions not in the repository (no files)

    @property
    def history(self) -> list[tuple[str, SiteVersion | None, HistoryRow | None]]:
        """Every version, newest first: (number, its files when built here, its version-control row)."""
        rows: dict[str, tuple[str, SiteVersion | None, HistoryRow | None]] = {
            r.version: (r.version, None, r) for r in self.recorded
        }
        rows.update({e.version.number: (e.version.number, e, e.row) for e in self.versions})
        return sorted(rows.values(), key=lambda item: version_key(item[0]), reverse=True)

    @property
    def draft(self) -> SiteVersion | None:
        """The draft in progress: the newest version when it is newer than the latest published one."""
        newest = self.versions[0] if self.versions else None
        return newest if newest is not None and newest.version.status == "draft" else None

    @property
    def latest_page(self) -> str:
        return f"{self.document.id}/latest/index.html"


def site_documents(documents: list[Document], built: Callable[[str], bool] | None = None) -> list[SiteDocument]:
    """The documents as the index lists them: each plan with the documents that read it under it.

    With `built`, only the outputs it says are there (a site assembled from CI jobs that built
    some documents), and no document with none.
    """
    listed: dict[str, SiteDocument] = {}
    for document in documents:
        entry: SiteDocument | None = _site_document(document)
        if built is not None and entry is not None:
            entry = _built_only(entry, built)
        if entry is not None:
            listed[document.id] = entry
    plans = {d.id for d in documents if d.type == "action-plan" and d.id in listed}
    under = {d: plan for d, e in listed.items() for plan in plans if d != plan and reads_plan(e.document, plan)}
    return [
        replace(entry, readers=tuple(listed[r] for r in listed if under.get(r) == entry.document.id))
        for entry in listed.values()
        if entry.document.id not in under
    ]


def reads_plan(document: Document, plan: str) -> bool:
    """Whether a document of another type reads the plan `plan` (a report on it): its settings name the plan.

    Read by name, so any document type that names a plan (`plan:`, or `agreement:` naming a plan) is listed
    under it without this module knowing the type.
    """
    if document.type == "action-plan":
        return False
    return plan in (getattr(document, "plan", None), getattr(document, "agreement", None))


def _built_only(entry: SiteDocument, built: Callable[[str], bool]) -> SiteDocument | None:
    """The document's entry with only what was built; None when none of its versions was."""
    versions = tuple(_only_built(e, built) for e in entry.versions if built(e.html))
    if not versions:
        return None
    # the newest published version, if it was built: never an older one as "latest"
    latest = next((e for e in versions if entry.latest is not None and e.version == entry.latest.version), None)
    return replace(entry, versions=versions, latest=latest)


def _site_document(document: Document) -> SiteDocument:
    entries = [_site_version(document, version) for version in reversed(document.versions)]
    latest = next((e for e in entries if e.version.status == "published"), None)
    here = {v.number for v in document.versions}
    recorded = tuple(r for r in _all_rows(document) if r.version not in here)
    return SiteDocument(document, tuple(entries), latest, recorded=recorded)


def _all_rows(document: Document) -> tuple[HistoryRow, ...]:
    from csa.diff.changelog import version_control_rows  # lazy: the diff code is only needed here

    return version_control_rows(document, document.versions[-1]) if document.versions else ()


def _own_row(document: Document, version: Version) -> HistoryRow | None:
    """The version's own row of its version-control table: recorded in document.yaml or generated from the diff."""
    from csa.diff.changelog import version_control_rows  # lazy: the diff code is only needed here

    return next((r for r in version_control_rows(document, version) if r.version == version.number), None)


def _site_version(document: Document, version: Version) -> SiteVersion:
    previous = previous_in_repository(document, version)
    redline = None
    if previous is not None:
        redline = (
            previous.number,
            redline_name(document, previous, version, "html"),
            redline_name(document, previous, version, "pdf"),
            redline_name(document, previous, version, "docx"),
        )
    html, pdf, docx = (output_name(document, version, f) for f in ("html", "pdf", "docx"))
    return SiteVersion(version, html, pdf, docx, redline, _own_row(document, version))


def _only_built(entry: SiteVersion, built: Callable[[str], bool]) -> SiteVersion:
    """A version's entry without the redline that was not built (the page itself was)."""
    redline = entry.redline if entry.redline and all(map(built, entry.redline[1:])) else None
    return replace(entry, redline=redline)


def site_title(documents: list[Document]) -> str:
    """The index page's heading: the first document's wording (all of a project's documents share a site)."""
    return documents[0].settings.words.site_title if documents else Words().site_title


def render_site(
    env: Environment, documents: list[Document], built: Callable[[str], bool] | None = None
) -> dict[str, bytes]:
    """index.html and each document's latest/index.html: {relative path: bytes} (see site_documents for `built`)."""
    listed = site_documents(documents, built)
    pages = {
        "index.html": env.get_template("site/index.html.j2").render(
            documents=listed, generator_version=__version__, site_title=site_title(documents)
        )
    }
    for entry in listed:
        if entry.latest is not None:
            pages[entry.latest_page] = env.get_template("site/latest.html.j2").render(entry=entry)
    return {name: html.encode("utf-8") for name, html in pages.items()}
