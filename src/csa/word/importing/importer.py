"""A .docx into a new draft version: `csa import FILE.docx --version V`.

`open_for_import` checks the file (word/importing/intake.py), resolves or refuses its
tracked changes (word/importing/revisions.py) and reads the ids a document we exported
carries (word/common/ids.py). `import_version` reads its body into chapters
(word/importing/body.py) and writes content/<document>/versions/<V>/ all at once:
version.yaml (a draft), one NN-<chapter id>.yaml per chapter, the figures, and
review.md with the reviewers' comments and whatever could not be imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import yaml
from docx.document import Document as DocxDocument
from lxml import etree

from csa.atomic import write_new_folder
from csa.blocks.registry import BY_KEY
from csa.content.plans import figure_words
from csa.content.references import reference_words
from csa.content.version_numbers import check_number, effective_date
from csa.content.writer import Word, dump, on_one_line
from csa.errors import CsaError, Mark, Problem
from csa.model import Document, Indicators, Version
from csa.project import version_dir
from csa.word.common.ids import DocxIds, priority_cells, read_ids
from csa.word.common.indicators import figure_lines
from csa.word.importing import revisions
from csa.word.importing.body import walk_body
from csa.word.importing.intake import open_checked, refuse
from csa.word.importing.parts import Comment, Notes, StyleSheet, comments, stories
from csa.word.importing.priority_links import unlink_missing_priorities
from csa.word.importing.read_inline import RunReader, Style
from csa.word.importing.reading import BodyRead, BodySources, ChapterIn, Place, Styles, Unmapped, quote
from csa.word.importing.report_header import HeaderRead, read_header
from csa.word.importing.unchanged import keep_unchanged

Changes = Literal["refuse", "accept", "reject"]
REVIEW_FILE = "review.md"  # beside the chapter files; validation reads only *.yaml and figures/


@dataclass(frozen=True)
class Opened:
    """A checked .docx, its tracked changes resolved, and the ids it carries if we exported it."""

    path: Path
    docx: DocxDocument
    ids: DocxIds | None
    resolved: int  # tracked changes accepted or rejected


@dataclass(frozen=True)
class ReviewComment:
    place: Place | str
    author: str
    date: str
    commented: str  # the words the comment is attached to
    text: str

    def __str__(self) -> str:
        when = f", {self.date[:10]}" if self.date else ""
        return f'{self.place}: {self.author}{when} on "{self.commented}": {self.text}'


@dataclass(frozen=True)
class Imported:
    folder: Path
    chapters: int
    blocks: int
    unmapped: tuple[Unmapped, ...]
    comments: tuple[ReviewComment, ...]
    skipped: tuple[str, ...]  # generated parts recognised and left out
    supersedes: str
    kept: tuple[str, ...] = ()  # what was kept from the version it supersedes rather than read from Word, said


def open_for_import(path: Path, changes: Changes) -> Opened:
    """The document at `path`, refused (CsaError) if it is no plain .docx or has tracked changes nobody decided on."""
    docx = open_checked(path)
    try:
        texts = stories(docx)
    except etree.XMLSyntaxError as exc:
        raise refuse(path, f"is a damaged Word document and cannot be read ({exc})") from None
    count = sum(revisions.count(root) for root in texts)
    if count and changes == "refuse":
        raise refuse(
            path,
            f"has {_counted(texts)} tracked change(s) still to be accepted or rejected ({count} in all)",
            "review them in Word, or import with --accept-changes (keep the edits) or --reject-changes (drop them)",
        )
    for root in texts if count else ():
        revisions.resolve(root, "accept" if changes == "accept" else "reject")
    try:
        ids = read_ids(docx)
    except ValueError as exc:
        raise refuse(
            path,
            f"is damaged: its hidden record of where each paragraph came from {exc}",
            "export the version again and make the edits in the new copy",
        ) from None
    return Opened(path, docx, ids, count if changes != "refuse" else 0)


def _counted(roots: list[etree._Element]) -> str:
    """ "3 insertions, 1 deletion, 1 move": a moved passage once, though Word marks where it was and went."""

    def tagged(tag: str) -> int:
        return sum(1 for root in roots for _ in root.iter(revisions.w(tag)))

    kinds = {"insertion": tagged("ins"), "deletion": tagged("del"), "move": tagged("moveFrom")}
    total = sum(revisions.count(root) for root in roots)
    kinds["formatting or other change"] = total - sum(kinds.values()) - tagged("moveTo")
    return ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in kinds.items() if n) or str(total)


def import_version(
    opened: Opened,
    document: Document,
    document_folder: Path,
    number: str,
    printed: str | None,
    effective: dt.date | None,
) -> Imported:
    """Write versions/<number>/ of `document` from the opened .docx; nothing is written if anything is refused."""
    check_number(number, "--version")
    folder = version_dir(document_folder, number)
    if folder.exists() or document.version(number):
        raise CsaError(
            [
                Problem(
                    Mark(str(folder)),
                    f"version {number} already exists",
                    "choose another --version; nothing was written",
                )
            ]
        )
    printed = printed or _printed_from(opened.docx)
    if printed is None:
        raise refuse(opened.path, "records no date, so the new version's date is unknown", 'give --date "Month YYYY"')
    takes_effect = effective_date(printed, effective)
    base = _base_version(document, opened.ids)
    # what each reference printed, an action plan's computed figures too: a paragraph that still prints them is kept
    references = reference_words(base.chapters, document.settings.words) | figure_words(base)
    body = read_body(opened, document, references, base)
    if opened.ids is not None and opened.ids.document == document.id:
        keep_unchanged(body.chapters, base, version_dir(document_folder, base.folder), references)
    body.unmapped.extend(unlink_missing_priorities(body.chapters, _priority_names(base, opened.ids)))
    figures = figure_files(body, version_dir(document_folder, base.folder))
    check_chapters(opened.path, body)
    review = _review_comments(opened, body)
    files = chapter_files(body.chapters)
    recorded = _recorded_version(version_dir(document_folder, base.folder))
    header = _header_read(opened, document, base, recorded, body)
    if header is not None:
        recorded["header"] = header.header
        body.unmapped.extend(Unmapped("the report's header", what) for what in header.not_read)
    files["version.yaml"] = _version_yaml(base, number, printed, takes_effect, recorded)
    files.update(figures)
    if review or body.unmapped:
        files[REVIEW_FILE] = review_text(opened.path.name, number, review, body.unmapped).encode("utf-8")
    write_new_folder(folder, files)
    return Imported(
        folder,
        len(body.chapters),
        sum(len(c.blocks) for c in body.chapters),
        tuple(body.unmapped),
        tuple(review),
        tuple(body.skipped),
        base.number,
        _header_said(base, header),
    )


def read_body(
    opened: Opened, document: Document, references: Mapping[str, str], base: Version | None = None
) -> BodyRead:
    """The chapters of the opened document, with what could not be mapped.

    `references`: what a reference to each anchor of the version it came from prints, which
    tells a link that printed them (`[](#id)`) from one with words of its own.
    """
    sheet = StyleSheet(opened.docx)
    notes = Notes(opened.docx, sheet, opened.ids)
    anchors = _anchor_names(opened.ids)
    runs = RunReader(
        sheet.char_style,
        sheet.link_target,
        notes.label,
        anchors.get,
        notes.again,
        references,
        sheet.fonts,
        sheet.paragraph_format,
    )
    notes.runs = runs
    sources = BodySources(
        runs,
        Styles(sheet.paragraph_style, sheet.list_format, sheet.image),
        opened.ids,
        chapter_prefixes(document),
        start_chapter=lambda chapter: notes.start_chapter(chapter.footnotes),
        committee_report=document.type == "report",
    )
    if base is not None:
        sources = replace(sources, printed_indicator=printed_indicators(base).get)
    return walk_body(opened.docx.element.body, sources)


def check_chapters(path: Path, body: BodyRead) -> None:
    """Refuse (CsaError) a body with no chapters, or with more than chapter file names can number."""
    if not body.chapters and body.typed_titles:
        titles = ", ".join(quote(t) for t in body.typed_titles[:3]) + (", ..." if len(body.typed_titles) > 3 else "")
        raise refuse(
            path,
            f"has no chapters: no paragraph is styled Heading 1; its chapter titles look typed as bold lines ({titles})",
            "style each chapter's title as Heading 1 in Word (Home, Styles), then import again",
        )
    if not body.chapters:
        raise refuse(
            path,
            "has no chapters: no paragraph is styled Heading 1",
            "style each chapter's title as Heading 1 in Word (Home, Styles), then import again",
        )
    if len(body.chapters) + _first_file_number(body.chapters) > 100:
        raise refuse(path, f"has {len(body.chapters)} Heading 1 paragraphs: more chapters than file names NN- hold")


def _priority_names(base: Version, ids: DocxIds | None) -> dict[str, str]:
    """What a cell naming each priority printed: its name in the exported version (recorded), else in `base`."""
    recorded = {c.priority: c.name for a in ids.anchors for c in priority_cells(a)} if ids is not None else {}
    return {p.id: p.name for p in base.priorities()} | recorded


def printed_indicators(version: Version) -> dict[str, list[str]]:
    """What each indicator's row of the exported version printed, by its key: <chapter>/<block>/<indicator>."""
    printed = {}
    for chapter in version.chapters:
        for block in chapter.blocks:
            for indicator in block.indicators if isinstance(block, Indicators) else ():
                words = [line for lines in figure_lines(indicator) for line in lines]
                printed[f"{chapter.id}/{block.id}/{indicator.id}"] = words
    return printed


def _anchor_names(ids: DocxIds | None) -> dict[str, str]:
    """A link to one of our bookmarks goes to the part it marks: its content id."""
    return {a.bookmark: a.id for a in ids.anchors} if ids is not None else {}


def chapter_prefixes(document: Document) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Patterns of the numbers typed before chapter titles ("3. ", "Appendix B: "), in the document's words first."""
    words = document.settings.words
    own = [(words.appendix, "appendix"), (words.chapter, "chapter")]
    patterns: list[tuple[re.Pattern[str], str]] = []
    if document.settings.numbering.sections:  # "1.0 Background", as a committee report numbers its sections
        patterns.append((re.compile(r"^(?P<label>\d+)\.0\s+"), "chapter"))
    for wording, kind in own:
        before, _, after = wording.partition("{label}")
        label = r"[A-Z]{1,2}|\d+" if kind == "appendix" else r"\d+"
        patterns.append((re.compile(rf"^{re.escape(before)}(?P<label>{label}){re.escape(after.rstrip())}\s*"), kind))
    patterns += [
        (re.compile(r"^Appendix\s+(?P<label>[A-Z]{1,2}|\d+)\s*[:.\-–]\s*", re.IGNORECASE), "appendix"),
        (re.compile(r"^(?P<label>\d+)\.?\s+"), "chapter"),
    ]
    return tuple(patterns)


def _base_version(document: Document, ids: DocxIds | None) -> Version:
    """The version the file was exported from (when it is ours and still here), else the latest."""
    if ids is not None and ids.document == document.id:
        exported = document.version(ids.version)
        if exported is not None:
            return exported
    return document.latest


def _printed_from(docx: DocxDocument) -> str | None:
    """The month the file was last saved, as a document prints its date: "April 2021"."""
    modified = docx.core_properties.modified
    return modified.strftime("%B %Y") if modified else None


def _header_read(
    opened: Opened, document: Document, base: Version, recorded: dict[str, Any], body: BodyRead
) -> HeaderRead | None:
    """A report's header as Word shows it, from a file exported from `base`; None: not a report, or not ours."""
    exported = recorded.get("header")
    if base.header is None or not isinstance(exported, dict) or opened.ids is None or not body.header_rows:
        return None
    if opened.ids.document != document.id:
        return None
    return read_header(exported, base.header, document, body.header_rows, body.closing)


def _header_said(base: Version, header: HeaderRead | None) -> tuple[str, ...]:
    """One line on a report's header: what was read from Word, and that the rest is kept from `base`."""
    if base.header is None:
        return ()
    if header is None:
        return (
            f"the report's header is kept from {base.number}: this file shows no header to read;"
            " make edits to it in version.yaml",
        )
    read = f"{', '.join(header.read)} read from Word; the rest" if header.read else "unchanged in Word, so it"
    return (f"the report's header: {read} is kept from {base.number} (by, to and contacts are edited in version.yaml)",)


def _recorded_version(folder: Path) -> dict[str, Any]:
    """The version.yaml of the version imported over, as written."""
    file = folder / "version.yaml"
    recorded = yaml.safe_load(file.read_text(encoding="utf-8")) if file.is_file() else {}
    return recorded if isinstance(recorded, dict) else {}


def _version_yaml(base: Version, number: str, printed: str, effective: dt.date, recorded: dict[str, Any]) -> bytes:
    meta: dict[str, Any] = {
        "version": number,
        "date": printed,
        "effective": effective,
        "status": Word("draft"),
        "supersedes": base.number,
    }
    # what the back page and cover show, which Word's copy only repeats; the agreement a plan
    # delivers and the date its progress is as at (a partner's updates are as at the same date);
    # a report's committee header (word/importing/report_header.py)
    for key in ("contact", "cover", "delivers", "as_at", "header"):
        if key in recorded:
            meta[key] = recorded[key]
    return dump(meta).encode("utf-8")


def chapter_files(chapters: list[ChapterIn]) -> dict[str, bytes]:
    """NN-<chapter id>.yaml for each chapter, numbered in order."""
    first = _first_file_number(chapters)
    used: set[str] = set()
    files = {}
    for index, chapter in enumerate(chapters):
        chapter_id = _unique(chapter.id or slug(chapter.title) or f"chapter-{index + 1}", used)
        blocks = [_type_key_first(_tidy(block)) for block in chapter.blocks]
        data: dict[str, Any] = {"kind": Word(chapter.kind)}
        if chapter.priority:
            data["priority"] = Word(chapter.priority)
        data.update({"title": chapter.title, "blocks": blocks})
        if chapter.footnotes:
            data["footnotes"] = chapter.footnotes
        files[f"{first + index:02d}-{chapter_id}.yaml"] = dump(data).encode("utf-8")
    return files


def figure_files(body: BodyRead, base_folder: Path) -> dict[str, bytes]:
    """The image of each figure block: from Word, or, for a figure kept as it was, the base version's own file."""
    images = {}
    for chapter in body.chapters:
        for block in chapter.blocks:
            figure = block.get("figure")
            src = figure.get("src") if isinstance(figure, dict) else None
            if not isinstance(src, str):
                continue
            if src in body.figures:
                images[src] = body.figures[src]
            elif (base_folder / src).is_file() and (base_folder / src).resolve().is_relative_to(base_folder.resolve()):
                images[src] = (base_folder / src).read_bytes()
    return images


def _tidy(block: dict[str, Any]) -> dict[str, Any]:
    """A note of text alone is written as people write it: `note: Text`."""
    note = block.get("note")
    if isinstance(note, dict) and list(note) == ["text"]:
        return {**block, "note": note["text"]}
    return block


def _type_key_first(block: dict[str, Any]) -> dict[str, Any]:
    """The block's keys in the order people write them: its type key first (`- numbered: "..."`, then
    `id:` under it), so the dash says what the block is; but when the type's value spans the lines
    below (a table, a diagram, a list), the id first (`- id: csp-priorities`, then `table:`), so the
    anchor is not left under the whole block. As content/README.md's examples are written."""
    key = next((k for k in block if k in BY_KEY), None) or next((k for k in block if k != "id"), None)
    if key is None or "id" not in block:
        return block
    first = {key: block[key], "id": block["id"]} if on_one_line(block[key]) else {"id": block["id"], key: block[key]}
    return {**first, **{k: v for k, v in block.items() if k not in first}}


def _first_file_number(chapters: list[ChapterIn]) -> int:
    """Files are numbered from 00 when the first chapter is a foreword (as Kent's are), else from 01."""
    source = chapters[0].source_file
    if source and source[:2].isdigit():
        return int(source[:2])
    return 0 if chapters[0].kind == "foreword" else 1


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-")


def _unique(chapter_id: str, used: set[str]) -> str:
    candidate, n = chapter_id, 2
    while candidate in used:
        candidate, n = f"{chapter_id}-{n}", n + 1
    used.add(candidate)
    return candidate


# -- comments -----------------------------------------------------------------------------


def _review_comments(opened: Opened, body: BodyRead) -> list[ReviewComment]:
    sheet_runs = RunReader(lambda _: Style(), lambda _: None, lambda kind, note_id, mark: note_id)
    found = comments(opened.docx, sheet_runs)
    ranges = commented_text(opened.docx.element.body)
    review = []
    for comment_id, comment in found.items():
        place, paragraph = body.comment_places.get(comment_id, ("somewhere the import could not place", ""))
        review.append(_review(comment, place, ranges.get(comment_id) or paragraph))
    return review


def _review(comment: Comment, place: Place | str, commented: str) -> ReviewComment:
    words = " ".join(commented.split())
    return ReviewComment(place, comment.author, comment.date, words, comment.text)


def commented_text(body: etree._Element) -> dict[str, str]:
    """The words between each comment's range start and end, by comment id."""
    open_ranges: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    w = revisions.w
    for el in body.iter(w("commentRangeStart"), w("commentRangeEnd"), w("t"), w("p")):
        if el.tag == w("commentRangeStart"):
            open_ranges[el.get(w("id"), "")] = []
        elif el.tag == w("commentRangeEnd"):
            comment_id = el.get(w("id"), "")
            done[comment_id] = "".join(open_ranges.pop(comment_id, [])).strip()
        else:
            piece = (el.text or "") if el.tag == w("t") else " "
            for words in open_ranges.values():
                words.append(piece)
    return done


def review_text(file_name: str, number: str, review: list[ReviewComment], unmapped: list[Unmapped]) -> str:
    """review.md: the reviewers' comments and what was not imported, each with where it was."""
    lines = [f"# Review of {file_name} (imported as draft {number})", ""]
    if review:
        lines += ["## Reviewers' comments", ""]
        for comment in review:
            when = f", {comment.date[:10]}" if comment.date else ""
            lines.append(f'- {comment.place}: **{comment.author}**{when} on "{comment.commented}":')
            lines += [f"  > {line}" for line in comment.text.splitlines() or [""]]
        lines.append("")
    if unmapped:
        lines += ["## Not imported as it was", ""]
        lines += [f"- {item}" for item in unmapped]
        lines.append("")
    return "\n".join(lines)
