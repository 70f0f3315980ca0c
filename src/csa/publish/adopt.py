"""Start a document from a partnership's Word document: `csa init ID --from FILE.docx`.

The first version IS the Word document: its chapters, no placeholder, and no version-control
rows describing edits (a first version has no history). The title, partnership, date and cover
lines come from the document's title block and properties (word/importing/title_block.py),
the numbering settings from how its numbers are typed (word/importing/settings_read.py), each
written with a comment saying where it was read from. What is missing is a usage mistake
naming the option to give; nothing is guessed from the date the file was saved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import yaml

from csa.atomic import write_file, write_new_folder
from csa.content.version_numbers import check_number, effective_date
from csa.content.writer import Word, dump
from csa.model import Document
from csa.project import Project, version_dir
from csa.publish.init import FIRST_NUMBER, Given, check_new_id, document_fields
from csa.publish.read_settings import Merged, merge_settings, settings_block
from csa.word.importing.importer import (
    REVIEW_FILE,
    Opened,
    chapter_files,
    check_chapters,
    figure_files,
    read_body,
    review_text,
)
from csa.word.importing.reading import BEFORE_CHAPTERS, BodyRead, Place, Unmapped, quote
from csa.word.importing.settings_read import ReadSetting, heading_levels_note, numbering_from
from csa.word.importing.title_block import Found, TitleBlock, read_title_block


@dataclass(frozen=True)
class Adopted:
    folder: Path  # content/<id>/
    version_folder: Path
    title: str
    partnership: str
    printed: str
    number: str  # the first version's number: --version, else the version the cover prints, else 1.0
    chapters: int
    blocks: int
    unmapped: tuple[Unmapped, ...]
    settings: tuple[ReadSetting, ...]
    notes: tuple[str, ...] = ()  # what the user should know: --version differs from the version on the cover


def adopt_document(project: Project, doc_id: str, opened: Opened, given: Given, number: str | None) -> Adopted:
    """Write content/<doc_id>/ from the opened .docx: document.yaml and its first version, all at once.

    `number` is --version (None: the version the cover prints, else 1.0)."""
    folder = project.document_dir(doc_id)
    check_new_id(doc_id, folder, project.root)
    block = read_title_block(opened.docx)
    number, version_notes = first_number(number, block.version)
    title = _needed(given.title, block.title, "--title", "title", "no paragraph styled Title and no Title property")
    partnership = _needed(
        given.partnership,
        block.partnership,
        "--partnership",
        "partnership",
        "no paragraph styled Subtitle and no Subject property",
    )
    printed = _needed(given.printed, block.date, "--date", "date", 'no date line such as "April 2024" before Heading 1')
    body = _read(opened, doc_id, title.value, partnership.value)
    body.unmapped[:] = _not_on_the_cover(body.unmapped, block)
    settings = tuple(numbering_from(body))
    fields = document_fields(title.value, partnership.value)
    cover = {k: f.value for k, f in (("strapline", block.strapline), ("period", block.period)) if f is not None}
    if cover:
        fields["cover"] = cover
    # the version-control table's single first row: the document as adopted, no edits described
    fields["history"] = [
        {"version": number, "date": printed.value, "changes": [f"New {title.value} - effective from {printed.value}"]}
    ]
    sources = {"title": title.source, "partnership": partnership.source}
    files = version_files(opened, body, number, printed, given.effective)
    notes = [heading_levels_note(body)]
    document_yaml = _document_yaml(opened.path.name, fields, sources, block, settings, notes)
    write_new_folder(
        folder,
        {"document.yaml": document_yaml, **{(version_dir(Path(), number) / k).as_posix(): v for k, v in files.items()}},
    )
    return Adopted(
        folder,
        version_dir(folder, number),
        title.value,
        partnership.value,
        printed.value,
        number,
        len(body.chapters),
        sum(len(c.blocks) for c in body.chapters),
        tuple(body.unmapped),
        settings,
        version_notes,
    )


def first_number(given: str | None, printed: Found | None) -> tuple[str, tuple[str, ...]]:
    """The first version's number and, when --version differs from the version the cover prints, a note saying so."""
    if given is None:
        number = printed.value if printed is not None else FIRST_NUMBER
        check_number(number, "--version")
        return number, ()
    check_number(given, "--version")
    if printed is None or printed.value == given:
        return given, ()
    return given, (f"the Word document says Version {printed.value}; started as version {given}, as --version says",)


@dataclass(frozen=True)
class FirstVersion:
    body: BodyRead
    settings: Merged  # the numbering settings read, as added to the document's own document.yaml
    first_row: bool  # the version-control table's first row was added to document.yaml (it had none)


def adopt_first_version(document_folder: Path, opened: Opened, given: Given, number: str) -> FirstVersion:
    """Write the first version of a document that has document.yaml and no version yet (`csa import` into it),
    and add the settings read from the Word document that its document.yaml does not give."""
    check_number(number, "--version")
    block = read_title_block(opened.docx)
    printed = _needed(given.printed, block.date, "--date", "date", 'no date line such as "April 2024"')
    body = _read(opened, document_folder.name, "", "")
    body.unmapped[:] = _not_on_the_cover(body.unmapped, block)
    document_yaml = document_folder / "document.yaml"
    written = document_yaml.read_text("utf-8")
    merged = merge_settings(written, tuple(numbering_from(body)), [heading_levels_note(body)])
    text = _with_first_row(merged.text, number, printed.value)
    write_new_folder(
        version_dir(document_folder, number), version_files(opened, body, number, printed, given.effective)
    )
    if text != written:
        write_file(document_yaml, text.encode("utf-8"))
    return FirstVersion(body, merged, text != merged.text)


def version_files(
    opened: Opened, body: BodyRead, number: str, printed: Found, effective: dt.date | None
) -> dict[str, bytes]:
    """The files of a first version: version.yaml (a draft superseding nothing), chapters, figures, review.md."""
    check_chapters(opened.path, body)
    meta: dict[str, Any] = {
        "version": number,
        "date": printed.value,
        "effective": effective_date(printed.value, effective),
        "status": Word("draft"),
    }
    files = chapter_files(body.chapters)
    files["version.yaml"] = _with_comments(dump(meta), {"date": printed.source})
    files.update(figure_files(body, opened.path.parent / "no-base-version"))
    if body.unmapped:
        files[REVIEW_FILE] = review_text(opened.path.name, number, [], body.unmapped).encode("utf-8")
    return files


def _with_first_row(text: str, number: str, printed: str) -> str:
    """document.yaml with the version-control table's single first row, as `csa init --from` writes it,
    when it has no history yet (`history:` missing or empty); otherwise as it was."""
    data = yaml.safe_load(text) or {}
    if data.get("history"):
        return text
    row = [{"version": number, "date": printed, "changes": [f"New {data.get('title', '')} - effective from {printed}"]}]
    lines = [line for line in text.splitlines(keepends=True) if not _EMPTY_HISTORY.match(line)]
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return "".join(lines) + dump({"history": row})


_EMPTY_HISTORY = re.compile(r"^history:\s*(\[\s*\])?\s*(#.*)?$")


def _needed(given: str | None, found: Found | None, option: str, what: str, why: str) -> Found:
    if given is not None:
        if not given.strip():
            raise click.BadParameter("must not be empty", param_hint=option)
        return Found(given.strip(), f"{option} on the command line")
    if found is None:
        raise click.UsageError(f"the Word document does not say its {what} ({why}): give {option}")
    return found


def _not_on_the_cover(unmapped: list[Unmapped], block: TitleBlock) -> list[Unmapped]:
    """What was lost, less the title block's lines the cover prints (read before the first chapter, and not lost)."""
    used = [f for f in (block.title, block.partnership, block.date, block.period, block.strapline) if f is not None]
    on_cover = {quote(line) for line in block.lines if any(f.value == line or line in f.source for f in used)}
    return [
        item
        for item in unmapped
        if not (
            isinstance(item.place, Place)
            and item.place.chapter == BEFORE_CHAPTERS
            and item.what.endswith(tuple(on_cover))
        )
    ]


def _read(opened: Opened, doc_id: str, title: str, partnership: str) -> BodyRead:
    """The body, read with the house settings (the typed numbers it shows are read from it, not assumed)."""
    stand_in = Document(doc_id, title, None, partnership, partnership, (), None, (), ())
    return read_body(opened, stand_in, {})


def _document_yaml(
    file_name: str,
    fields: dict[str, Any],
    sources: dict[str, str],
    block: TitleBlock,
    settings: tuple[ReadSetting, ...],
    notes: list[str],
) -> bytes:
    cover_sources = {k: f.source for k, f in (("strapline", block.strapline), ("period", block.period)) if f}
    text = f"# Started from {file_name} (csa init --from): what was read from it says where, beside it.\n"
    text += _with_comments(dump(fields), {**sources, **cover_sources}).decode("utf-8")
    text += settings_block(settings, notes)
    return text.encode("utf-8")


def _with_comments(dumped: str, sources: dict[str, str]) -> bytes:
    """The YAML with `# from <source>` after each key named in `sources` (a one-line value's line)."""
    lines = []
    for line in dumped.splitlines():
        key = line.strip().split(":", 1)[0]
        if key in sources and ": " in line and not line.rstrip().endswith(":"):
            line = f"{line}  # from {sources[key]}"
        lines.append(line)
    return ("\n".join(lines) + "\n").encode("utf-8")
