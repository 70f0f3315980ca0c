"""HTML -> PDF bytes with WeasyPrint, fetching nothing from outside the project.

WeasyPrint's default fetcher reads any file: or http: URL an HTML page names.
Ours serves data: URLs and files under the allowed folders only, follows no
redirects and touches no network; each refusal is recorded so the build can
report it. WeasyPrint logs missing alt text and similar at ERROR level while
still writing the PDF; we turn those records into build failures.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import logging
import os
import posixpath
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pydyf
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from csa.errors import CsaError, Mark, Problem
from csa.render.paged import ChapterLayouts, Part

PDF_VARIANT = "pdf/ua-1"


class LockedFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint publishes no types
    """Serves data: URLs and file: URLs under `roots`; refuses and records the rest."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, timeout=1)
        self.roots = [r.resolve() for r in roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and self._inside_roots(url):
            return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"refused to fetch {url} (only files inside the project may be used)")

    def _inside_roots(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots)


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_errors() -> Iterator[_ErrorCollector]:
    collector = _ErrorCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


def layout(
    html: str,
    base: Path,
    roots: Sequence[Path],
    name: str,
    stylesheets: Sequence[str] = (),
    shared: SharedResources | None = None,
) -> weasyprint.Document:
    """Lay out the pages, with `stylesheets` (CSS text) after the page's own.

    `shared` lets several layouts (the parts of one PDF) load fonts and parse the
    same stylesheets once. Raises CsaError if anything was refused or WeasyPrint
    reported an error.
    """
    shared = shared or SharedResources(base, roots)
    with _weasyprint_errors() as errors:
        css = [shared.stylesheet(s) for s in stylesheets]
        document = weasyprint.HTML(string=html, base_url=shared.base_url, url_fetcher=shared.fetcher).render(
            stylesheets=css, pdf_variant=PDF_VARIANT, font_config=shared.font_config
        )
    _raise_problems(shared.fetcher.refused, errors.messages, name)
    _keep_links_relative(document, shared.base_url)
    return document


def _keep_links_relative(document: weasyprint.Document, base_url: str) -> None:
    """Write a link to another file of the site (`../../plan/2018-19/plan-2018-19.html`) as the page has it.

    WeasyPrint resolves a relative href against the folder the page was built from, which would put
    that machine's path into the PDF (and make two builds differ); relative again, the link finds
    the other output beside this PDF on the site, as the HTML page's does.
    """
    base = url2pathname(urlsplit(base_url).path)
    for page in document.pages:
        page.links = [
            (kind, _relative(target, base) if kind == "external" and target.startswith("file:") else target, *rest)
            for kind, target, *rest in page.links
        ]


def _relative(url: str, base: str) -> str:
    parts = urlsplit(url)
    relative = posixpath.relpath(url2pathname(parts.path), base)
    return relative + (f"#{parts.fragment}" if parts.fragment else "")


class SharedResources:
    """What the layouts of one PDF's parts can share: the fetcher, the fonts, parsed stylesheets."""

    def __init__(self, base: Path, roots: Sequence[Path]) -> None:
        self.fetcher = LockedFetcher(roots)
        self.base_url = base.resolve().as_uri() + "/"
        self.font_config = FontConfiguration()
        self._css: dict[str, weasyprint.CSS] = {}

    def stylesheet(self, text: str) -> weasyprint.CSS:
        if text not in self._css:
            self._css[text] = weasyprint.CSS(
                string=text, base_url=self.base_url, url_fetcher=self.fetcher, font_config=self.font_config
            )
        return self._css[text]


def _raise_problems(refused: Sequence[str], messages: Sequence[str], name: str) -> None:
    problems = [Problem(Mark(name), f"refused to fetch {url!r} while rendering the PDF") for url in refused]
    problems += [
        Problem(Mark(name), f"PDF rendering error: {m}")
        for m in messages
        if "refused to fetch" not in m  # already reported, by URL
    ]
    if problems:
        raise CsaError(problems)


def write(document: weasyprint.Document, html: str, timestamp: dt.date, name: str = "PDF") -> bytes:
    """PDF bytes, the same for the same content on any machine.

    The file identifier is a hash of the HTML; embedded font subsets carry a
    date, which fontTools takes from SOURCE_DATE_EPOCH: we set it to the
    version's own date unless the caller already did. Attachments
    (<link rel="attachment">) are fetched only now, through the layout's
    fetcher, so refusals are checked again here.
    """
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    fetcher = document.url_fetcher
    already = len(fetcher.refused) if isinstance(fetcher, LockedFetcher) else 0
    with _source_date_epoch(timestamp), _weasyprint_errors() as errors, _laid_out_pages_frozen():
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    new_refusals = fetcher.refused[already:] if isinstance(fetcher, LockedFetcher) else []
    _raise_problems(new_refusals, errors.messages, name)
    assert isinstance(pdf, bytes)
    return pdf


@contextmanager
def _laid_out_pages_frozen() -> Iterator[None]:
    """Keep the garbage collector off the laid-out pages while they are written.

    Writing allocates millions of objects, and each full collection would walk
    every box of every page again, though none can be garbage while we hold the
    document: the longer the document, the longer each walk (a fifth of the
    write's collector time on 400 pages). Freezing sets aside what exists now
    until the PDF is written; nothing is kept longer than the write.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's PDF.page_references, built once per page count instead of on every read.

    pydyf (0.13) builds the tuple of every page's reference each time it is
    read, and WeasyPrint's tagging reads it once per tagged element, so tagging
    took time in pages x elements: quadratic in the document's length. Pages
    are only ever appended, so the tuple is the same while the count is.
    """
    count = len(pdf.pages["Kids"])
    cached = pdf.__dict__.get("_csa_page_references")
    if cached is None or cached[0] != count:
        cached = (count, _UNCACHED_PAGE_REFERENCES.fget(pdf))
        pdf.__dict__["_csa_page_references"] = cached
    references: tuple[bytes, ...] = cached[1]
    return references


_UNCACHED_PAGE_REFERENCES = pydyf.PDF.page_references
if isinstance(_UNCACHED_PAGE_REFERENCES, property):  # a later pydyf may store it: then leave it be
    pydyf.PDF.page_references = property(_page_references)


@contextmanager
def _source_date_epoch(day: dt.date) -> Iterator[None]:
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    epoch = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def render_pdf(
    html: str, base: Path, roots: Sequence[Path], name: str, timestamp: dt.date, stylesheets: Sequence[str] = ()
) -> bytes:
    return write(layout(html, base, roots, name, stylesheets), html, timestamp, name)


def drawing_pdf(html: str, fonts_css: str, name: str = "drawing") -> bytes:
    """A page holding one drawing, for the Word export to rasterise: untagged, since only its pixels are used.

    `fonts_css` (its @font-face rules) is parsed once a process: decoding the fonts is most of the cost.
    """
    shared = _drawing_resources(fonts_css)
    with _weasyprint_errors() as errors:
        document = weasyprint.HTML(string=html, url_fetcher=shared.fetcher).render(
            stylesheets=[shared.stylesheet(fonts_css)], font_config=shared.font_config
        )
        pdf = document.write_pdf()
    _raise_problems(shared.fetcher.refused, errors.messages, name)
    assert isinstance(pdf, bytes)
    return pdf


@functools.lru_cache(maxsize=2)
def _drawing_resources(fonts_css: str) -> SharedResources:
    return SharedResources(Path.cwd(), ())  # data: URLs only


def render_paged_pdf(
    parts: Sequence[Part],
    base: Path,
    roots: Sequence[Path],
    name: str,
    timestamp: dt.date,
    stylesheets: Sequence[str],
    part_css: str,
    identity: str,
    layouts: ChapterLayouts | None = None,
) -> bytes:
    """The PDF laid out part by part (render/paged.py), reusing `layouts` where nothing changed.

    `part_css` numbers a part's pages from `{start_page}`; `identity` (the whole
    page's HTML) names the file, as for a document laid out in one piece.
    """
    layouts = layouts if layouts is not None else ChapterLayouts()
    if not isinstance(layouts.shared, SharedResources) or layouts.shared.base_url != base.resolve().as_uri() + "/":
        layouts.shared = SharedResources(base, roots)
    shared = layouts.shared

    def lay_out(html: str, start: int) -> weasyprint.Document:
        return layout(html, base, roots, name, [*stylesheets, part_css.replace("{start_page}", str(start))], shared)

    return write(layouts.join(parts, lay_out), identity, timestamp, name)
