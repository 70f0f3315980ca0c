"""The published site: an index of every document and version, and a `latest` link.

The per-version files are the build's own outputs (stable URLs such as
kent-csa/4.0/kent-csa-4.0.pdf); this module adds the pages that list them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

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
    reports: tuple[SiteDocument, ...] = ()  # an action plan's: the report documents on it (`plan:`)

    @property
    def latest_page(self) -> str:
        return f"{self.document.id}/latest/index.html"


def site_documents(documents: list[Document]) -> list[SiteDocument]:
    """Each document with its versions; a report on a plan in the project is listed under that plan."""
    plans = {d.id for d in documents if d.type == "action-plan"}
    listed = _listed(documents)
    on_plan = [e for e in listed if e.document.type == "report" and e.document.plan in plans]
    return [
        dataclasses.replace(entry, reports=tuple(r for r in on_plan if r.document.plan == entry.document.id))
        for entry in listed
        if entry not in on_plan
    ]


def _listed(documents: list[Document]) -> list[SiteDocument]:
    out = []
    for document in documents:
        entries = []
        for version in reversed(document.versions):
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
            entries.append(SiteVersion(version, html, pdf, docx, redline, report if version.plan is not None else None))
        latest = next((e for e in entries if e.version.status == "published"), None)
        out.append(SiteDocument(document, tuple(entries), latest))
    return out


def site_title(documents: list[Document]) -> str:
    """The index page's heading: the first document's wording (all of a project's documents share a site)."""
    return documents[0].settings.words.site_title if documents else Words().site_title


def render_site(env: Environment, documents: list[Document]) -> dict[str, bytes]:
    """index.html and each document's latest/index.html: {relative path: bytes}."""
    listed = site_documents(documents)
    pages = {
        "index.html": env.get_template("site/index.html.j2").render(
            documents=listed, generator_version=__version__, site_title=site_title(documents)
        )
    }
    for entry in listed:
        if entry.latest is not None:
            pages[entry.latest_page] = env.get_template("site/latest.html.j2").render(entry=entry)
    return {name: html.encode("utf-8") for name, html in pages.items()}
