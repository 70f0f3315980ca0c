"""Model -> HTML page. Pure: the same inputs always give the same string."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from jinja2 import Environment

from csa import __version__
from csa.diff.redline import Redline, largest_word_changes
from csa.model import Document, HistoryRow, Version, VersionControlPlace
from csa.render.footnotes import page_foot_notes
from csa.render.paged import Part, numbers_printed, page_placeholder
from csa.render.references import references_to

PAGE = "base.html.j2"  # the published page; `csa serve` renders preview.html.j2, which extends it
REDLINE = "redline/redline.html.j2"


def render_html(
    env: Environment,
    document: Document,
    version: Version,
    history: Sequence[HistoryRow],
    page: str = PAGE,
    *,
    part: str | None = None,
    page_numbers: Mapping[str, str] | None = None,
    **extra: object,
) -> str:
    """The whole version as one self-contained HTML page (also the PDF's source).

    `part` renders one part alone ("front", a chapter id or "back"), for a PDF laid
    out chapter by chapter; `page_numbers` then gives the contents its numbers.
    `extra` is more context for a `page` that needs it (the preview's reload script).
    """
    template = env.get_template(page)
    with page_foot_notes(document, version), references_to(document, version, part):
        return template.render(
            document=document,
            version=version,
            history=history,
            version_control=version_control_place(document, history),
            back_page=has_back_page(document, version),
            back_page_after_text=back_page_after_text(document, version, history),
            generator_version=__version__,
            part=part,
            page_numbers=page_numbers,
            **extra,
        )


def version_control_place(document: Document, history: Sequence[HistoryRow]) -> VersionControlPlace:
    """Where the version-control table goes: as the document's settings say, nowhere when it has no rows."""
    return document.settings.version_control if history else "none"


def has_back_page(document: Document, version: Version) -> bool:
    """Whether the back page has anything to print: partners, a contact or a licence.

    A report has none: its contacts and licence close its last section (report/closing.html.j2).
    """
    if version.header is not None:
        return False
    return bool(document.partners or version.contact or document.licence)


def back_page_after_text(document: Document, version: Version, history: Sequence[HistoryRow]) -> bool:
    """Whether the back page is the licence line alone, printed after the last chapter's text:
    on a page of its own it would be a page holding one line."""
    alone = not (document.partners or version.contact or version_control_place(document, history) == "back")
    return has_back_page(document, version) and alone and bool(version.chapters)


def render_parts(
    env: Environment, document: Document, version: Version, history: Sequence[HistoryRow]
) -> tuple[Part, ...]:
    """The version split into the parts render/paged.py lays out one by one: front, chapters, back.

    The front matter's contents carries a placeholder for the page of each chapter and
    of each heading it lists (and the version-control table's, when it opens the back
    part), filled in once the chapters are laid out. A back part with nothing to print
    is left out.
    """
    headings = [h.id for c in version.chapters for h in c.outline_headings(document.settings.contents_depth)]
    placeholders = {key: page_placeholder(key) for key in [*(c.id for c in version.chapters), *headings]}
    placeholders["version-control"] = page_placeholder("back")
    back = version_control_place(document, history) == "back" or has_back_page(document, version)
    back = back and not back_page_after_text(document, version, history)  # the last chapter's part prints it
    back = back or version.header is not None  # a report's recommendations, attachments and contacts
    keys = ["front", *(c.id for c in version.chapters), *(["back"] if back else [])]
    pages = {key: render_html(env, document, version, history, part=key, page_numbers=placeholders) for key in keys}
    return tuple(Part(key, html, numbers_printed(html)) for key, html in pages.items())


def page_styles(env: Environment) -> str:
    """The styles a whole page carries in its <style>; parts laid out alone get them as a stylesheet."""
    return env.get_template("page-styles.css.j2").render()


def part_css(env: Environment) -> str:
    """The stylesheet that numbers a part's pages on; `{start_page}` is filled in per part."""
    return env.get_template("part.css.j2").render(start_page="{start_page}")


def render_redline(env: Environment, redline: Redline, *, part: str | None = None) -> str:
    """The newer version with every change marked, as one self-contained page (also the PDF's source).

    `part` renders one part alone ("front": the header and summary, or a chapter's anchor),
    for a PDF laid out part by part.
    """
    with references_to(redline.document, redline.diff.new, part):  # the redline shows the newer version
        return env.get_template(REDLINE).render(redline=redline, generator_version=__version__, part=part)


def render_redline_parts(env: Environment, redline: Redline) -> tuple[Part, ...]:
    """The redline split into the parts render/paged.py lays out one by one: front, then each chapter."""
    keys = ["front", *(view.anchor for view in redline.chapters)]
    pages = {key: render_redline(env, redline, part=key) for key in keys}
    return tuple(Part(key, html, numbers_printed(html)) for key, html in pages.items())


def redline_styles(env: Environment) -> str:
    """The styles a whole redline page carries in its <style>; parts laid out alone get them as a stylesheet."""
    return env.get_template("redline/styles.css.j2").render()


def render_summary(env: Environment, redline: Redline, most: int = 10) -> str:
    """A short Markdown summary of a redline, for pull-request comments and CI job summaries."""
    return env.get_template("redline/summary.md.j2").render(
        redline=redline, largest=largest_word_changes(redline, most)
    )


def render_print_css(env: Environment) -> str:
    """The paged-media stylesheet (footers, bookmarks, contents page numbers) that only the PDF gets."""
    return env.get_template("print.css").render()


def render_redline_print_css(env: Environment) -> list[str]:
    """The stylesheets a redline PDF gets after its page's own: the document's print rules, then the redline's."""
    return [render_print_css(env), env.get_template("redline/print.css").render()]
