"""The published site: an index of every document and version, and a `latest` link.

The per-version files are the build's own outputs (stable URLs such as
kent-csa/4.0/kent-csa-4.0.pdf); this module adds the pages that list them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from jinja2 import Environment

from csa import __version__
from csa.build.plan import output_name, previous_in_repository, redline_name, report_name
from csa.model import Document, Version, Words


@dataclass(frozen=True)
class SiteVersion:
    version: Version
    html: str
    pdf: str
    docx: str
    redline: tuple[str, str, str, str] | None  # (previous version, html, pdf, docx with tracked changes)
    report: tuple[str, str] | None = None  # an action plan's report to the partnership (html, pdf)


@dataclass(frozen=True)
class SiteDocument:
    document: Document
    versions: tuple[SiteVersion, ...]  # newest first
    latest: SiteVersion | None  # newest published version

    @property
    def latest_page(self) -> str:
        return f"{self.document.id}/latest/index.html"


def site_documents(documents: list[Document], built: Callable[[str], bool] | None = None) -> list[SiteDocument]:
    """Each document's versions, newest first; with `built`, only the outputs it says are there
    (a site assembled from CI jobs that built some documents), and no document with none."""
    out = []
    for document in documents:
        entries = [_site_version(document, version) for version in reversed(document.versions)]
        latest = next((e for e in entries if e.version.status == "published"), None)
        if built is not None:
            entries = [_only_built(e, built) for e in entries if built(e.html)]
            if not entries:
                continue
            # the newest published version, if it was built: never an older one as "latest"
            latest = next((e for e in entries if latest is not None and e.version == latest.version), None)
        out.append(SiteDocument(document, tuple(entries), latest))
    return out


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
    report = (report_name(document, version, "html"), report_name(document, version, "pdf"))
    return SiteVersion(version, html, pdf, docx, redline, report if version.plan is not None else None)


def _only_built(entry: SiteVersion, built: Callable[[str], bool]) -> SiteVersion:
    """A version's entry without the redline or report that were not built (the page itself was)."""
    redline = entry.redline if entry.redline and all(map(built, entry.redline[1:])) else None
    report = entry.report if entry.report and all(map(built, entry.report)) else None
    return replace(entry, redline=redline, report=report)


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
