"""A report document's own content: the committee-report header of each version (version.yaml
`header:`), what only a report may hold, and the plan a report names (document.yaml `plan:`),
checked once every document has been read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from csa.content.plans import did_you_mean
from csa.errors import Mark, Problem
from csa.model import Addressee, CommitteeHeader, Document, DocumentType, Officer, Person, Version
from csa.nodes import Map, to_plain


def read_header(meta: Map) -> CommitteeHeader | None:
    """`header:` of version.yaml (checked by its schema), None when the version has none."""
    plain: dict[str, Any] | None = to_plain(meta).get("header")
    if plain is None:
        return None
    to = plain["to"]
    meeting = to.get("meeting")
    return CommitteeHeader(
        subject=plain["subject"],
        to=Addressee(to["body"], dt.date.fromisoformat(meeting) if meeting else None),
        by=tuple(Person(**person) for person in plain.get("by", ())),
        classification=plain.get("classification"),
        summary=plain.get("summary"),
        recommendations=tuple(plain.get("recommendations", ())),
        attachments=tuple(plain.get("attachments", ())),
        contacts=tuple(Officer(**officer) for officer in plain.get("contacts", ())),
    )


def header_problems(doc_type: DocumentType, version: Version, meta: Map | None) -> list[Problem]:
    """A report's version must have its header; no other document's version may have one."""
    header_node = meta.entries.get("header") if meta is not None else None
    if doc_type == "report" and version.header is None:
        return [
            Problem(
                version.mark,
                "a report's version needs its committee-report header",
                "add header: with subject: and to: {body: ...} to version.yaml",
            )
        ]
    if doc_type != "report" and header_node is not None:
        return [
            Problem(
                header_node.mark,
                "only a report's version has a committee-report header",
                "remove header:, or set type: report in document.yaml",
            )
        ]
    return []


def plan_problems(documents: Sequence[Document], folders: Collection[str]) -> list[Problem]:
    """Each report's `plan:` must name an action plan under content/ (one that failed validation is not checked)."""
    by_id: Mapping[str, Document] = {d.id: d for d in documents}
    plans = sorted(d.id for d in documents if d.type == "action-plan")
    problems = []
    for report in (d for d in documents if d.type == "report" and d.plan is not None):
        name = report.plan or ""
        found = by_id.get(name)
        if (found is not None and found.type == "action-plan") or (found is None and name in folders):
            continue
        message = (
            f"plan {name!r} is {'an' if found.type == 'agreement' else 'a'} {found.type}, not an action plan"
            if found is not None
            else f"plan {name!r} names no document under content/"
        )
        problems.append(Problem(report.plan_mark, message, did_you_mean(name, plans, "an action plan's folder name")))
    return problems


def plan_mark_of(meta: Map | None) -> Mark:
    node = meta.entries.get("plan") if meta is not None else None
    return node.mark if node is not None else Mark("")
