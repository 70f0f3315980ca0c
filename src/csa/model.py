"""The document as the pipeline sees it: frozen values, no I/O.

Every chapter, block, list item and table row has an ``id`` that stays the same
while the content around it is edited, so versions can be compared (diff) and
linked to (anchors). Numbers and letters are derived from order by
``validate`` and stored here for the templates; authors never type them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from csa.errors import Mark

Kind = Literal["foreword", "chapter", "appendix"]
Status = Literal["draft", "published"]
VersionControlPlace = Literal["front", "back", "none"]


@dataclass(frozen=True)
class Ref:
    """Another block's id as an author wrote it; the mark lets a message point at it."""

    id: str
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Column:
    """A table column counted from 1, as an author wrote it."""

    number: int
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class ListItem:
    id: str
    text: str  # inline Markdown
    children: ListBlock | None = None
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class ListBlock:
    id: str
    ordered: bool
    items: tuple[ListItem, ...]
    type: Literal["list"] = "list"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: str
    number: str | None = None  # "3.6" for numbered paragraphs
    type: Literal["paragraph"] = "paragraph"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Heading:
    id: str
    text: str
    type: Literal["heading"] = "heading"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class TableRow:
    id: str
    cells: tuple[str, ...]
    mark: Mark = field(default=Mark(""), compare=False)
    cell_marks: tuple[Mark, ...] = field(default=(), compare=False)  # so a chart can point at a bad cell


@dataclass(frozen=True)
class Table:
    id: str
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    caption: str | None = None
    type: Literal["table"] = "table"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Note:
    id: str
    title: str | None
    text: str | None
    bullets: ListBlock | None
    includes_from: Ref | None = None  # a diagram: its priorities' "includes" become the bullets
    type: Literal["note"] = "note"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Figure:
    id: str
    src: str  # as written, relative to the version folder
    data_uri: str  # the image itself, so outputs are self-contained
    alt: str
    caption: str | None = None
    type: Literal["figure"] = "figure"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Signature:
    id: str
    name: str
    roles: tuple[str, ...]
    type: Literal["signature"] = "signature"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Priority:
    """One box of the priorities diagram."""

    name: str  # inline Markdown; drawn as plain text
    includes: str | None = None  # inline Markdown, printed by a note that names the diagram
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Diagram:
    """The county priorities and cross-cutting themes beside another plan's priorities.

    `beside` holds the items of the list block `beside_list` (e.g. Appendix D's
    Chief Constable's priorities), copied in by validation so they are written once.
    """

    id: str
    priorities: tuple[Priority, ...]
    themes: tuple[str, ...]
    beside_title: str
    beside_list: Ref
    beside: tuple[str, ...] = ()
    caption: str | None = None
    type: Literal["diagram"] = "diagram"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Bar:
    label: str  # inline Markdown, from the table's label column
    value: float


@dataclass(frozen=True)
class Chart:
    """A bar chart drawn from a table block; validation copies the bars in from the table."""

    id: str
    kind: Literal["bar"]
    table: Ref
    value_column: Column
    label_column: Column = Column(1)
    caption: str | None = None
    label_header: str = ""
    value_header: str = ""
    bars: tuple[Bar, ...] = ()
    type: Literal["chart"] = "chart"
    mark: Mark = field(default=Mark(""), compare=False)


Block = Paragraph | Heading | ListBlock | Table | Note | Figure | Signature | Diagram | Chart
BlockType = Literal["paragraph", "heading", "list", "table", "note", "figure", "signature", "diagram", "chart"]


@dataclass(frozen=True)
class Chapter:
    id: str  # file name without its NN- prefix; stable across versions
    kind: Kind
    title: str
    label: str | None  # "3", "B", or None for the foreword
    blocks: tuple[Block, ...]
    source: str = field(default="", compare=False)  # file name for messages

    @property
    def prefix(self) -> str:
        """What is printed before the title: "3. ", "Appendix B: " or nothing."""
        if self.kind == "appendix":
            return f"Appendix {self.label}: "
        if self.kind == "chapter":
            return f"{self.label}. "
        return ""

    @property
    def heading(self) -> str:
        """Title as printed: "3. Governance", "Appendix B: MoRiLE", "Foreword"."""
        return self.prefix + self.title

    @property
    def short_name(self) -> str:
        """How the version-control table names the chapter: "Ch.5", "Appendix A"."""
        if self.kind == "appendix":
            return f"Appendix {self.label}"
        if self.kind == "chapter":
            return f"Ch.{self.label}"
        return self.title


@dataclass(frozen=True)
class HistoryRow:
    """One row of the version-control table."""

    version: str
    date: str
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Contact:
    """How to reach the partnership, printed on the back page; each part is left out when not given."""

    intro: str | None = None
    team: str | None = None
    address: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None
    other_formats: str | None = None


@dataclass(frozen=True)
class Logo:
    src: str  # as written, relative to the document folder
    data_uri: str  # the image itself, so outputs are self-contained
    alt: str


@dataclass(frozen=True)
class Cover:
    """What the cover shows besides the partnership, title and date: `cover:` in document.yaml and version.yaml."""

    strapline: str | None = None  # "Delivering Safer Communities"
    period: str | None = None  # "2013-2018"
    refreshed: str | None = None  # "Refreshed March 2017"; only a version gives it
    logo: Logo | None = None
    version: bool = True  # print the "Version N" line


@dataclass(frozen=True)
class ChangeNote:
    """An editor's words for a chapter's version-control entry."""

    chapter_id: str
    text: str
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Version:
    number: str
    date: str  # as printed: "April 2020"
    effective: dt.date
    status: Status
    supersedes: str | None
    contact: Contact | None  # None: the back page has no contact block
    chapters: tuple[Chapter, ...]
    change_notes: tuple[ChangeNote, ...] = ()
    cover: Cover = Cover()
    folder: str = field(default="", compare=False)
    mark: Mark = field(default=Mark(""), compare=False)  # version.yaml

    def chapter(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == chapter_id), None)


@dataclass(frozen=True)
class Words:
    """The fixed words a document prints, for partnerships whose documents word them otherwise."""

    partners: str = "In partnership with"  # above the partners on the back page
    email: str = "Email:"
    phone: str = "Tel:"
    # First entry of a generated version-control row, {title} and {short_title} filled in;
    # None: "Refreshed {title} ({short_title})", or without the brackets when there is no short title.
    refreshed: str | None = None
    site_title: str = "Community Safety Agreements"  # the published site's index page


@dataclass(frozen=True)
class Settings:
    """How a document is laid out and worded: `settings:` in document.yaml.

    Every field is optional there; the defaults are the Kent CSA's house style.
    """

    contents_depth: int = 1  # heading levels listed in the contents page: 1 chapters only, 2 with headings
    # Where the version-control table is printed: after the cover, before the back page, or nowhere.
    version_control: VersionControlPlace = "front"
    words: Words = Words()


@dataclass(frozen=True)
class Document:
    id: str  # folder name, e.g. "kent-csa"
    title: str
    short_title: str | None
    partnership: str
    author: str  # the PDF's author; the partnership unless document.yaml names another
    partners: tuple[str, ...]
    licence: str | None
    history: tuple[HistoryRow, ...]
    versions: tuple[Version, ...]  # oldest first
    settings: Settings = Settings()

    def version(self, number: str) -> Version | None:
        return next((v for v in self.versions if v.number == number), None)

    @property
    def latest(self) -> Version:
        return self.versions[-1]


def version_key(number: str) -> tuple[int, ...]:
    """Sort key of a version number: "10.0" comes after "9.1" (anything not a number sorts first)."""
    return tuple(int(p) if p.isdigit() else -1 for p in number.split("."))
