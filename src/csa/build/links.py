"""Links between published documents: a plan's priority sections and the agreement priorities they deliver.

Both ends are HTML pages of the site (output/<document>/<version>/...), so the links are relative
and are given to the HTML page alone: a PDF or Word document has no site around it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from csa.build.plan import output_name
from csa.model import Diagram, Document, Version

PRIORITY_ANCHOR = "priority-{id}"  # the anchor a delivered priority has in the agreement's HTML page


@dataclass(frozen=True)
class Link:
    text: str
    href: str  # relative to the page that carries the link


@dataclass(frozen=True)
class DeliveredPriority:
    """An agreement priority (or theme) and the plan sections that deliver it."""

    id: str
    name: str  # inline Markdown, as the diagram words it
    by: tuple[Link, ...]

    @property
    def anchor(self) -> str:
        return PRIORITY_ANCHOR.format(id=self.id)


@dataclass(frozen=True)
class DeliveredBy:
    """What an agreement version's page shows after its priorities diagram: each priority's plans."""

    after: str  # the diagram's block id
    priorities: tuple[DeliveredPriority, ...]


def _href(from_page: str, to_page: str, anchor: str = "") -> str:
    """`to_page` relative to `from_page`, both output names (document/version/file)."""
    up = "../" * (len(PurePosixPath(from_page).parts) - 1)
    return f"{up}{to_page}" + (f"#{anchor}" if anchor else "")


def _deliveries(
    agreement: Document, version: Version, documents: Sequence[Document]
) -> Iterator[tuple[Document, Version]]:
    """Each plan version that delivers this agreement version, plans in the order given, versions oldest first."""
    for plan in documents:
        if plan.type == "action-plan" and plan.agreement == agreement.id:
            yield from ((plan, v) for v in plan.versions if v.plan is not None and v.plan.delivers == version.number)


def delivered_by(agreement: Document, version: Version, documents: Sequence[Document]) -> DeliveredBy | None:
    """The "delivered by" links of an agreement version's page; None when no plan here delivers it."""
    diagram = next((b for c in version.chapters for b in c.blocks if isinstance(b, Diagram)), None)
    plans = list(_deliveries(agreement, version, documents))
    if diagram is None or not plans:
        return None
    page = output_name(agreement, version, "html")
    priorities = []
    for priority in version.priorities():
        by = tuple(
            Link(
                f"{plan.title} {plan_version.number}", _href(page, output_name(plan, plan_version, "html"), chapter.id)
            )
            for plan, plan_version in plans
            for chapter in plan_version.chapters
            if chapter.priority is not None and chapter.priority.id == priority.id
        )
        if by:
            priorities.append(DeliveredPriority(priority.id, priority.name, by))
    return DeliveredBy(diagram.id, tuple(priorities)) if priorities else None


def delivers_links(plan: Document, version: Version, documents: Sequence[Document]) -> dict[str, Link]:
    """Chapter id -> the link from a plan version's priority section to the agreement priority it delivers."""
    agreement = next((d for d in documents if d.id == plan.agreement and d.type == "agreement"), None)
    delivered = agreement.version(version.plan.delivers) if agreement and version.plan else None
    if agreement is None or delivered is None:
        return {}
    names = {p.id: p.name for p in delivered.priorities()}
    page = output_name(plan, version, "html")
    target = output_name(agreement, delivered, "html")
    return {
        chapter.id: Link(
            f"{agreement.title} {delivered.number}: {names[chapter.priority.id]}",
            _href(page, target, PRIORITY_ANCHOR.format(id=chapter.priority.id)),
        )
        for chapter in version.chapters
        if chapter.priority is not None and chapter.priority.id in names
    }


@dataclass(frozen=True)
class PageLinks:
    """An HTML page's links to and from other documents (the template's `delivers_links`, `delivered_by`)."""

    delivers_links: dict[str, Link]
    delivered_by: DeliveredBy | None

    def __bool__(self) -> bool:
        return bool(self.delivers_links) or self.delivered_by is not None


def page_links(document: Document, version: Version, documents: Sequence[Document]) -> PageLinks:
    """The links an HTML page of the site carries to and from other documents."""
    if document.type == "action-plan":
        return PageLinks(delivers_links(document, version, documents), None)
    return PageLinks({}, delivered_by(document, version, documents))
