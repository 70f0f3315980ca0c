"""What a committee report prints from its header, as both the export (word/export/report.py) and the
import (word/importing/report_header.py) need it: the header table's rows, the closing's headings, a
contact's lines."""

from __future__ import annotations

from csa.dates import ordinal_date
from csa.model import CommitteeHeader, Document, Officer

ATTACHMENTS_HEADING, CONTACTS_HEADING = "Attachments:", "For Further Information:"


def header_rows(header: CommitteeHeader) -> list[tuple[str, list[str]]]:
    """The header table's rows as the page prints them: a label, and its lines of inline Markdown."""
    to = header.to.body + (f" – {ordinal_date(header.to.meeting)}" if header.to.meeting else "")
    rows = [
        ("By:", [p.name + (f" - {p.role}" if p.role else "") for p in header.by]),
        ("To:", [to]),
        ("Classification:", [header.classification] if header.classification else []),
        ("Subject:", [header.subject]),
        ("Summary", [header.summary] if header.summary else []),
    ]
    return [(label, lines) for label, lines in rows if lines]


def contact_lines(document: Document, officer: Officer) -> list[str]:
    """A contact's lines of inline Markdown: name, role, email, phone (those given)."""
    lines = [officer.name, officer.role]
    lines += [f"[{officer.email}](mailto:{officer.email})" if officer.email else None]
    lines += [f"{document.settings.words.phone} {officer.phone}" if officer.phone else None]
    return [line for line in lines if line]
