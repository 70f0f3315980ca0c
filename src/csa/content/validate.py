"""Raw files -> the document model, or every problem found on the way.

First each file is checked against its schema (schema_check), then the files
are read into the model, then the cross-references between files are checked.
Problems are collected throughout and raised once, so an author fixes every
mistake in one pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from csa.blocks import BY_KEY
from csa.blocks.read import ref
from csa.content.chapter_reader import ChapterReader
from csa.content.cover import read_cover
from csa.content.drawings import resolve
from csa.content.footnotes import ChapterFootnotes
from csa.content.format import format_problems
from csa.content.frozen import frozen_problems
from csa.content.load import LoadedFile, RawDocument, RawVersion
from csa.content.numbering import Numberer
from csa.content.plans import (
    document_type_problems,
    indicator_field_problems,
    indicators_by_id,
    part_ids,
    read_plan_info,
    repeated_id_problems,
    unprinted_report_warnings,
)
from csa.content.priority_cells import fill_priority_cells
from csa.content.references import (
    Mention,
    MentionFinder,
    appendix_style_warnings,
    stale_number_warnings,
    typed_page_warnings,
)
from csa.content.reports import header_problems, plan_mark_of, read_header
from csa.content.schema_check import check_file, unknown_key
from csa.errors import CsaError, Mark, Problem
from csa.inline import PAGE_SUFFIX, page_target
from csa.model import (
    ChangeNote,
    Chapter,
    Contact,
    Cover,
    DiagramWords,
    Document,
    DocumentType,
    FootnoteSettings,
    HistoryRow,
    Numbering,
    Paragraph,
    Settings,
    Version,
    Words,
    version_key,
)
from csa.nodes import Map, Node, Seq, to_plain


def validate(raw: RawDocument) -> Document:
    """The document model; raises CsaError listing every problem found."""
    problems: list[Problem] = [*format_problems(raw.meta), *raw.problems]  # content for a newer csa stops here
    meta = _checked(raw.meta, "document", problems)
    settings = document_settings(meta)
    cover = read_cover(meta.get("cover") if meta else None, Cover(), raw, problems)
    versions = []
    mentions: dict[str, list[Mention]] = {}  # hand-typed numbers, by version number
    for raw_version in raw.versions:
        found: list[Mention] = []
        version = _version(
            raw_version, meta, settings, problems, lambda node: read_cover(node, cover, raw, problems), found
        )
        if version is not None:
            versions.append(version)
            mentions[version.number] = found
    versions.sort(key=lambda v: version_key(v.number))
    _check_version_chain(raw, versions, meta, problems)
    problems.extend(stale_number_warnings(versions, mentions, settings))
    problems.extend(appendix_style_warnings(mentions, settings))
    problems.extend(typed_page_warnings(versions, mentions))
    doc_type: DocumentType = to_plain(meta).get("type", "agreement") if meta is not None else "agreement"
    problems.extend(p for v in versions for p in document_type_problems(doc_type, v))
    metas = {r.folder: r.meta.root for r in raw.versions if r.meta is not None and isinstance(r.meta.root, Map)}
    problems.extend(p for v in versions for p in header_problems(doc_type, v, metas.get(v.folder)))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if errors or meta is None:
        raise CsaError(errors or problems, warnings if errors else ())
    plain = to_plain(meta)
    agreement = meta.entries.get("agreement")
    return Document(
        id=raw.id,
        title=plain["title"],
        short_title=plain.get("short_title"),
        partnership=plain["partnership"],
        author=plain.get("author", plain["partnership"]),
        partners=tuple(plain.get("partners", ())),
        licence=plain.get("licence"),
        history=tuple(HistoryRow(str(r["version"]), r["date"], tuple(r["changes"])) for r in plain.get("history", ())),
        versions=tuple(versions),
        settings=settings,
        warnings=tuple(warnings),
        type=doc_type,
        agreement=plain.get("agreement"),
        agreement_mark=agreement.mark if agreement is not None else Mark(""),
        plan=plain.get("plan"),
        plan_mark=plan_mark_of(meta),
    )


def _settings(plain: dict[str, Any]) -> Settings:
    """The settings as written (the schema has checked them); the rest keep their defaults."""
    return Settings(
        **{
            **plain,
            "words": Words(**plain.get("words", {})),
            "numbering": Numbering(**plain.get("numbering", {})),
            "footnotes": FootnoteSettings(**plain.get("footnotes", {})),
        }
    )


def diagram_words(title: str, words: Words) -> DiagramWords:
    """The priorities diagram's words: as the document words them, else from its title."""
    return DiagramWords(
        priorities=words.priorities or f"{title} priorities",
        priority=words.priority or f"{title} priority",
        themes=words.themes,
        theme=words.theme,
    )


def document_settings(meta: Map | None) -> Settings:
    """The document's settings, or the defaults while document.yaml has problems (so its versions are still checked)."""
    return _settings(to_plain(meta).get("settings", {})) if meta is not None else Settings()


def _checked(loaded: LoadedFile | None, schema: str, problems: list[Problem]) -> Map | None:
    """The file's root when it loaded whole and matches its schema, else None (schema problems recorded).

    The loader's problems are the document's (`RawDocument.problems`), reported once by validate().
    """
    if loaded is None:
        return None
    found = check_file(loaded, schema)
    problems.extend(found)
    if not loaded.intact or found or not isinstance(loaded.root, Map):
        return None
    return loaded.root


def _version(
    raw: RawVersion,
    doc_meta: Map | None,
    settings: Settings,
    problems: list[Problem],
    cover_of: Callable[[Node | None], Cover],
    mentions: list[Mention],
) -> Version | None:
    """The version, or None when it cannot be read; `cover_of` gives its cover from its own `cover:`,
    and the hand-typed numbers its text mentions are added to `mentions`."""
    meta = _checked(raw.meta, "version", problems)
    title = to_plain(doc_meta)["title"] if doc_meta is not None else ""
    # a report's [](#<indicator>.<field>) reads the plan it names: checked once every document is read
    figures: list[tuple[str, Mark]] | None = (
        [] if doc_meta is not None and to_plain(doc_meta).get("type") == "report" else None
    )
    chapters = _chapters(raw, settings, diagram_words(title, settings.words), problems, mentions, figures)
    if meta is None or doc_meta is None or chapters is None:
        return None
    plain = to_plain(meta)
    if plain["version"] != raw.folder:
        problems.append(
            Problem(
                meta.entries["version"].mark,
                f"version {plain['version']!r} does not match its folder name {raw.folder!r}",
                f'rename the folder to {plain["version"]!r} or set version: "{raw.folder}"',
            )
        )
    _check_change_notes(meta, chapters, problems)
    problems.extend(frozen_problems(raw, meta))
    problems.extend(unprinted_report_warnings(meta))
    return Version(
        number=plain["version"],
        date=plain["date"],
        effective=dt.date.fromisoformat(plain["effective"]),
        status=plain["status"],
        supersedes=plain.get("supersedes"),
        contact=_contact({**to_plain(doc_meta).get("contact", {}), **plain.get("contact", {})}),
        chapters=chapters,
        change_notes=_change_notes(meta),
        cover=cover_of(meta.get("cover")),
        folder=raw.folder,
        mark=Mark(raw.meta.name) if raw.meta else Mark(raw.folder),
        plan=read_plan_info(meta),
        header=read_header(meta),
        figure_references=tuple(figures or ()),
    )


def _contact(given: dict[str, Any]) -> Contact | None:
    """The contact block the back page prints, None when neither file gives any part of it."""
    if not given:
        return None
    return Contact(**{**given, "address": tuple(given.get("address", ()))})


def _chapters(
    raw: RawVersion,
    settings: Settings,
    diagram_words: DiagramWords,
    problems: list[Problem],
    mentions: list[Mention],
    figures: list[tuple[str, Mark]] | None = None,
) -> tuple[Chapter, ...] | None:
    """All chapters of a version, numbered; None if any file is broken. Hand-typed numbers go to `mentions`;
    indicator field references go to `figures` when given (a report's: their indicators are another document's)."""
    numberer = Numberer(settings)
    mention_finder = MentionFinder(settings)  # appendices are named whether or not chapters are numbered
    by_document = settings.footnotes.numbering == "document"
    by_label = settings.footnotes.numbering == "labels"
    next_footnote = 1
    seen: dict[str, str] = {}
    chapters = []
    anchor_links: list[tuple[str, Mark]] = []
    given_ids: list[tuple[str, Mark]] = []
    broken = False
    for chapter_id, loaded in raw.chapters:
        root = _checked(loaded, "chapter", problems)
        if chapter_id in seen:
            problems.append(
                Problem(
                    Mark(loaded.name),
                    f"duplicate chapter id {chapter_id!r} (also {seen[chapter_id]})",
                    "each chapter file needs its own slug after the NN- prefix",
                )
            )
        seen[chapter_id] = loaded.name
        if root is None:
            broken = True
            continue
        kind = to_plain(root.entries["kind"])
        named = numberer.next(kind)
        numbers = named.label if settings.numbering.paragraphs else False
        footnotes = ChapterFootnotes(chapter_id, root.get("footnotes"), next_footnote if by_document else 1, by_label)
        reader = ChapterReader(chapter_id, numbers, raw, problems, BY_KEY, footnotes, mention_finder)
        blocks = root.entries["blocks"]
        assert isinstance(blocks, Seq)
        chapters.append(
            Chapter(
                id=chapter_id,
                kind=kind,
                title=to_plain(root.entries["title"]),
                label=named.label,
                blocks=reader.read(blocks.items),
                footnotes=footnotes.footnotes(reader.note_text, problems),
                source=loaded.name,
                prefix=named.prefix,
                short_name=named.short_name,
                priority=ref(root.entries["priority"]) if "priority" in root.entries else None,
            )
        )
        next_footnote = footnotes.next_number
        anchor_links.extend(reader.anchor_links)
        given_ids.extend(reader.given_ids)
        mentions.extend(reader.mentions)
    if broken:
        return None
    problems.extend(_repeated_block_id_problems(given_ids, chapters))
    problems.extend(repeated_id_problems(chapters))
    _check_cross_references(chapters, anchor_links, problems, figures)
    # Cells naming priorities first: a chart may draw a table whose labels are priorities.
    return resolve(fill_priority_cells(chapters, problems), problems, diagram_words)


def _repeated_block_id_problems(given_ids: list[tuple[str, Mark]], chapters: list[Chapter]) -> list[Problem]:
    """An id written on two blocks of a version, or on a block and a chapter: the page has one
    anchor of each name, so a reference could reach only one of them."""
    taken = {"contents": "the contents page", "version-control": "the version-control table"}
    taken |= {chapter.id: f"chapter {chapter.title!r}" for chapter in chapters}
    first_given: dict[str, Mark] = {}
    problems = []
    for block_id, mark in given_ids:
        if block_id in taken:
            also = f"the id of {taken[block_id]}"
        elif block_id in first_given:
            first = first_given[block_id]
            also = f"at line {first.line}" if first.file == mark.file else f"at {first}"
        else:
            first_given[block_id] = mark
            continue
        problems.append(Problem(mark, f"id {block_id!r} is used twice (also {also})", "give each block its own id"))
    return problems


def _check_cross_references(
    chapters: list[Chapter],
    links: list[tuple[str, Mark]],
    problems: list[Problem],
    figures: list[tuple[str, Mark]] | None,
) -> None:
    anchors = {"contents", "version-control"} | {c.id for c in chapters}
    for chapter in chapters:
        for block in chapter.blocks:
            anchors.add(block.id)
            anchors.update(part_ids(block))
            if isinstance(block, Paragraph) and block.number:
                anchors.add(f"para-{block.number}")
    indicators = indicators_by_id(chapters)
    for target, mark in links:
        named = page_target(target)
        if named is not None:
            if named not in anchors:
                problems.append(
                    Problem(
                        mark,
                        f"page reference #{target} points nowhere (expected a chapter id, block id or para-N.N"
                        f" before {PAGE_SUFFIX})",
                    )
                )
        elif "." in target and not target.startswith("para-") and figures is not None:
            figures.append((target, mark))
        elif "." in target and not target.startswith("para-"):
            problems.extend(indicator_field_problems(target, mark, indicators))
        elif target not in anchors:
            problems.append(
                Problem(
                    mark,
                    f"cross-reference #{target} points nowhere (expected a chapter id, block id or para-N.N)",
                )
            )


def _check_change_notes(meta: Map, chapters: tuple[Chapter, ...], problems: list[Problem]) -> None:
    notes = meta.entries.get("changes")
    if not isinstance(notes, Map):
        return
    ids = [c.id for c in chapters] + ["metadata"]
    for key, mark in notes.key_marks.items():
        if key not in ids:
            problems.append(unknown_key(key, ids, mark, "'changes' (expected a chapter id)"))


def _change_notes(meta: Map) -> tuple[ChangeNote, ...]:
    notes = meta.entries.get("changes")
    if not isinstance(notes, Map):
        return ()
    return tuple(ChangeNote(key, str(to_plain(value)), notes.key_marks[key]) for key, value in notes.entries.items())


def _check_version_chain(raw: RawDocument, versions: list[Version], meta: Map | None, problems: list[Problem]) -> None:
    recorded = {str(r["version"]) for r in to_plain(meta).get("history", ())} if meta is not None else set()
    by_number: dict[str, Version] = {}
    for version in versions:
        mark = _version_mark(raw, version.folder)
        if version.number in by_number:
            problems.append(
                Problem(
                    mark,
                    f"version {version.number} is given twice (also in {by_number[version.number].folder}/)",
                )
            )
        by_number[version.number] = version
    for version in versions:
        mark = _version_mark(raw, version.folder, "supersedes")
        if version.supersedes and version.supersedes not in by_number and version.supersedes not in recorded:
            known = sorted(set(by_number) | recorded, key=version_key)
            problems.append(
                Problem(
                    mark,
                    f"supersedes unknown version {version.supersedes!r}",
                    f"expected one of: {', '.join(known)}",
                )
            )
    for version in versions:
        seen = [version.number]
        current = version
        while current.supersedes in by_number:
            current = by_number[current.supersedes]
            if current.number in seen:
                chain = " -> ".join([*seen, current.number])
                problems.append(
                    Problem(
                        _version_mark(raw, version.folder, "supersedes"),
                        f"versions supersede each other in a loop ({chain})",
                    )
                )
                break
            seen.append(current.number)


def _version_mark(raw: RawDocument, folder: str, key: str | None = None) -> Mark:
    for v in raw.versions:
        if v.folder == folder and v.meta is not None and isinstance(v.meta.root, Map):
            if key and key in v.meta.root.entries:
                return v.meta.root.entries[key].mark
            return v.meta.root.mark
    return Mark(folder)
