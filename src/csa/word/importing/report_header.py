"""A committee report's header read back from Word: the header table (By, To, Classification,
Subject, Summary) and the closing (recommendations, attachments, contacts) the export prints
from version.yaml's `header:` (word/export/report.py).

What Word shows as it was printed keeps the recorded YAML as written. Edited, the parts of
one line or one list (classification, subject, summary, recommendations, attachments) are
read from Word; the officers (By, To, the contacts) are kept, and the edit is said, as
their names, roles, dates and emails cannot be told apart reliably from the words alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from csa.inline import plain_text
from csa.model import CommitteeHeader, Document
from csa.word.common.report import ATTACHMENTS_HEADING, CONTACTS_HEADING, contact_lines, header_rows
from csa.word.importing.reading import EXPORTED_NUMBER, NUMBERED_STYLE, quote
from csa.word.importing.tables import cell_paragraphs

ONE_LINE = {"Classification:": "classification", "Subject:": "subject", "Summary": "summary"}
KEPT = {"By:": "By", "To:": "To"}


@dataclass
class HeaderRead:
    header: dict[str, Any]  # as version.yaml writes it
    read: list[str] = field(default_factory=list)  # the parts taken from Word's edits
    not_read: list[str] = field(default_factory=list)  # edits said and not kept


def read_header(
    recorded: dict[str, Any],
    printed: CommitteeHeader,
    document: Document,
    rows: list[list[Any]],
    closing: list[tuple[str, str]],
) -> HeaderRead:
    """`recorded` (the exported version's `header:`) with what Word edited in it."""
    result = HeaderRead(dict(recorded))
    shown = {label: lines for label, lines in _table(rows)}
    for label, lines in header_rows(printed):
        now = shown.get(label, [])
        if _same(now, lines):
            continue
        if label in ONE_LINE and (now or label != "Subject:"):
            _set(result, ONE_LINE[label], " ".join(now) or None)
        else:
            result.not_read.append(
                f"the header's {KEPT.get(label, label.rstrip(':'))} edited in Word: {quote(' '.join(now))}"
            )
    if not closing and (printed.recommendations or printed.attachments or printed.contacts):
        result.not_read.append("no recommendations, attachments or contacts found where the export prints them: kept")
        return result  # a file exported before the closing was marked: its closing came back as a chapter
    parts = _closing(closing)
    for key, now, was in (
        ("recommendations", parts["recommendations"], list(printed.recommendations)),
        ("attachments", parts["attachments"], list(printed.attachments)),
    ):
        if not _same(now, was):
            _set(result, key, now or None)
    was_contacts = [line for officer in printed.contacts for line in contact_lines(document, officer)]
    if not _same(parts["contacts"], was_contacts):
        result.not_read.append(f"the contacts edited in Word: {quote(' '.join(parts['contacts']))}")
    return result


def _table(rows: list[list[Any]]) -> list[tuple[str, list[str]]]:
    read = []
    for row in rows:
        if len(row) == 2:
            label = " ".join(cell_paragraphs(row[0])).strip()
            read.append((label, [line for p in cell_paragraphs(row[1]) for line in p.split("\n") if line.strip()]))
    return read


def _closing(paragraphs: list[tuple[str, str]]) -> dict[str, list[str]]:
    parts: dict[str, list[str]] = {"recommendations": [], "attachments": [], "contacts": []}
    part = "recommendations"
    for style, text in paragraphs:
        if style.startswith("heading"):
            part = {ATTACHMENTS_HEADING: "attachments", CONTACTS_HEADING: "contacts"}.get(text.strip(), part)
            continue
        if part == "recommendations" and style == NUMBERED_STYLE:
            number = EXPORTED_NUMBER.match(text)
            parts[part].append(text[number.end() :] if number else text)
        elif part == "contacts":
            parts[part].extend(line for line in text.split("\n") if line.strip())
        elif part == "attachments":
            parts[part].append(text)
    return parts


def _same(read: list[str], printed: list[str]) -> bool:
    return [" ".join(plain_text(t).split()) for t in read] == [" ".join(plain_text(t).split()) for t in printed]


def _set(result: HeaderRead, key: str, value: Any) -> None:
    if value is None:
        result.header.pop(key, None)
    else:
        result.header[key] = value
    result.read.append(key)
