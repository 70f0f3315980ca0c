"""The document as the pipeline sees it: frozen values, no I/O.

Every chapter, block, list item and table row has an ``id`` that stays the same
while the content around it is edited, so versions can be compared (diff) and
linked to (anchors). Numbers and letters are derived from order by
``validate`` and stored here for the templates; authors never type them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from csa.errors import Mark, Problem
from csa.inline import plain_text

Kind = Literal["foreword", "chapter", "appendix", "priority"]  # priority: an action plan's section for one priority
Status = Literal["draft", "published"]
VersionControlPlace = Literal["front", "back", "none"]
DocumentType = Literal["agreement", "action-plan", "report"]
Stage = Literal["draft", "for information", "noted"]  # an action plan's journey through the partnership
ActionStatus = Literal["not started", "on track", "at risk", "off track", "complete"]
Better = Literal["lower", "higher", "none"]  # which way an indicator improves


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


HEADING_LEVELS = range(2, 5)  # level 1 is the chapter's title; 2 (the default) to 4 within it


@dataclass(frozen=True)
class Heading:
    id: str
    text: str
    level: int = 2  # printed as <h{level + 1}>: the document title is h1, a chapter's title h2
    type: Literal["heading"] = "heading"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class OutlineEntry:
    """A heading as the contents page lists it, with the headings under it."""

    heading: Heading
    children: tuple[OutlineEntry, ...] = ()


@dataclass(frozen=True)
class Cell:
    """One table cell: paragraphs of inline Markdown, then an optional list.

    A line break inside a paragraph ("\n", from a YAML `|` block) is printed as one.
    """

    paragraphs: tuple[str, ...]
    list: ListBlock | None = None
    span: int = 1  # columns it covers
    mark: Mark = field(default=Mark(""), compare=False)  # so a chart can point at a bad cell
    # `{priority: id}`: the cell names a priority or theme of the version's diagram by id. Its
    # paragraphs are then the priority's name (filled in by validation) or the `text:` given.
    priority: Ref | None = None
    rows: int = 1  # rows it covers: the rows below leave its columns out

    @property
    def text(self) -> str:
        """Its paragraphs as one Markdown text: a row's name, a chart's number or label, what the differ compares."""
        return "\n\n".join(self.paragraphs)

    @property
    def lines(self) -> tuple[tuple[str, ...], ...]:
        """Each paragraph's lines, as printed."""
        return tuple(tuple(p.split("\n")) for p in self.paragraphs)


@dataclass(frozen=True)
class TableRow:
    id: str
    cells: tuple[Cell, ...]
    mark: Mark = field(default=Mark(""), compare=False)
    # Columns (from 0) a cell of a row above covers (its `rows`), so this row's cells skip them:
    # known from the rows above, hence worked out by the table's reader (see `covered_columns`).
    covered: frozenset[int] = field(default=frozenset(), compare=False)

    @property
    def starts(self) -> tuple[int, ...]:
        """The column (from 0) each cell starts in: the next one no cell from above covers."""
        starts, column = [], 0
        for cell in self.cells:
            while column in self.covered:
                column += 1
            starts.append(column)
            column += cell.span
        return tuple(starts)

    @property
    def width(self) -> int:
        """The columns it fills: its cells' and those covered from above."""
        return sum(c.span for c in self.cells) + len(self.covered)

    @property
    def placed(self) -> tuple[tuple[int, Cell] | None, ...]:
        """(index, cell) of its cells in column order, None for each column a cell above covers:
        how a redline lays the row out when rows added or removed leave a span broken."""
        by_start = {s: (i, c) for i, (s, c) in enumerate(zip(self.starts, self.cells, strict=True))}
        slots: list[tuple[int, Cell] | None] = []
        column = 0
        while column in by_start or column in self.covered:
            slot = by_start.get(column)
            slots.append(slot)
            column += slot[1].span if slot is not None else 1
        return tuple(slots)

    def cell_at(self, column: int) -> Cell | None:
        """The cell covering `column` (from 0), if the row reaches it."""
        return next((c for c, s in zip(self.cells, self.starts, strict=True) if s <= column < s + c.span), None)


@dataclass(frozen=True)
class Table:
    id: str
    header: tuple[Cell, ...]  # empty when the table has no header row
    rows: tuple[TableRow, ...]
    caption: str | None = None
    header_rows: int = 1  # `header`, then this many less one of `rows`, are column headers
    header_columns: int = 1  # cells starting in the first this many columns are row headers
    type: Literal["table"] = "table"
    mark: Mark = field(default=Mark(""), compare=False)

    @property
    def columns(self) -> int:
        first = self.header or (self.rows[0].cells if self.rows else ())
        return sum(c.span for c in first)

    @property
    def head_rows(self) -> tuple[TableRow, ...]:
        """Rows of `rows` printed as header rows, under `header`."""
        return self.rows[: max(self.header_rows - 1, 0)]

    @property
    def body_rows(self) -> tuple[TableRow, ...]:
        return self.rows[len(self.head_rows) :]

    @property
    def spans_rows(self) -> bool:
        """Whether a cell spans rows (`rows: N`)."""
        return any(c.rows > 1 for c in (*self.header, *(c for r in self.rows for c in r.cells)))

    def column_name(self, column: int) -> str:
        """The text of the header cell over `column` (from 0), or "" without a header row."""
        header = TableRow("", self.header).cell_at(column)
        return header.text if header else ""

    def is_row_header(self, row: TableRow, index: int) -> bool:
        """Cell `index` of a body row starts in a header column; a cell across every column heads nothing."""
        cell = row.cells[index]
        return row.starts[index] < self.header_columns and cell.span < self.columns


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
    """One dark purple box of the priorities diagram."""

    id: str  # as written, or the name's slug; stable across versions, so a renamed priority stays itself
    name: str  # inline Markdown; drawn as plain text
    includes: str | None = None  # inline Markdown, printed by a note that names the diagram
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Theme:
    """One cross-cutting theme of the priorities diagram (a pale purple box)."""

    id: str  # as written, or the name's slug
    name: str  # inline Markdown; drawn as plain text
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class PriorityInfo:
    """A priority or theme of a version, as other documents (the action plan) refer to it."""

    id: str
    name: str  # inline Markdown, as the diagram words it
    kind: Literal["priority", "theme"]
    lead: str | None  # plain text: the second cell of the table row whose first cell is {priority: id}


@dataclass(frozen=True)
class Diagram:
    """The county priorities and cross-cutting themes beside another plan's priorities.

    `beside` holds the items of the list block `beside_list` (e.g. Appendix D's
    Chief Constable's priorities), copied in by validation so they are written once.
    """

    id: str
    priorities: tuple[Priority, ...]
    themes: tuple[Theme, ...]
    beside_title: str | None  # None: no grey column
    beside_list: Ref | None
    beside: tuple[str, ...] = ()
    words: DiagramWords = field(default_factory=lambda: DiagramWords())  # the document's, filled in by validation
    caption: str | None = None
    type: Literal["diagram"] = "diagram"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class DiagramWords:
    """The priorities diagram's headings and key, in the document's words (settings.words)."""

    priorities: str = "Community Safety Agreement priorities"
    priority: str = "Community Safety Agreement priority"
    themes: str = "Cross-cutting themes"
    theme: str = "Cross-cutting theme"


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


@dataclass(frozen=True)
class Progress:
    """One dated update on an action; the text is Markdown paragraphs (a blank line between)."""

    text: str
    date: dt.date | None = None  # None where the source gives none
    mark: Mark = field(default=Mark(""), compare=False)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in re.split(r"\n[ \t]*\n", self.text.strip()) if p.strip())


@dataclass(frozen=True)
class Action:
    """One row of an action plan's Actions | Progress table; its id is stable across plan versions."""

    id: str
    action: str  # inline Markdown
    lead: str | None = None  # as written; None: the priority's lead in the agreement (ActionsBlock.default_lead)
    due: dt.date | Literal["ongoing"] | None = None
    status: ActionStatus | None = None
    measure: str | None = None  # inline Markdown
    progress: tuple[Progress, ...] = ()  # oldest first: the last is printed, earlier ones kept for the record
    mark: Mark = field(default=Mark(""), compare=False)  # its `id:`
    due_mark: Mark = field(default=Mark(""), compare=False)

    @property
    def latest(self) -> Progress | None:
        return self.progress[-1] if self.progress else None

    @property
    def earlier(self) -> tuple[Progress, ...]:
        return self.progress[:-1]

    @property
    def complete(self) -> bool:
        return self.status == "complete"


@dataclass(frozen=True)
class ActionsBlock:
    """An action plan's actions for one priority, printed as an Actions | Progress table.

    A column (lead, due, status, measure) is printed only when some action in the block has a value for it.
    """

    id: str
    actions: tuple[Action, ...]
    default_lead: str | None = None  # the priority's lead in the delivered agreement, filled in by validation
    type: Literal["actions"] = "actions"
    mark: Mark = field(default=Mark(""), compare=False)

    def lead_of(self, action: Action) -> str | None:
        return action.lead or self.default_lead

    @property
    def has_lead(self) -> bool:
        """Leads are printed when some action names its own; then the others print the priority's lead."""
        return any(a.lead for a in self.actions)

    @property
    def has_due(self) -> bool:
        return any(a.due for a in self.actions)

    @property
    def has_status(self) -> bool:
        return any(a.status for a in self.actions)

    @property
    def has_measure(self) -> bool:
        return any(a.measure for a in self.actions)

    @property
    def has_progress(self) -> bool:
        return any(a.progress for a in self.actions)


@dataclass(frozen=True)
class Reading:
    """An indicator's figure for one period: 42072 in "2017 (Jan-Dec)"."""

    value: float
    period: str  # as printed
    mark: Mark = field(default=Mark(""), compare=False)


# The computed fields an inline reference [](#<indicator-id>.<field>) prints.
INDICATOR_FIELDS = (
    "baseline",
    "latest",
    "change",
    "difference",
    "fewer",
    "direction",
    "decreased",
    "down",
    "percent",
    "baseline-period",
    "latest-period",
)


@dataclass(frozen=True)
class Indicator:
    """A performance figure: baseline and latest, each with its period. The change is computed, never typed."""

    id: str
    name: str  # inline Markdown
    baseline: Reading
    latest: Reading
    better: Better = "none"
    provisional: bool = False  # "unvalidated data"
    decimals: int = 0  # of the percentage change
    source: str | None = None  # a citation of the chapter's footnote (a numbered [^label]), printed after the name
    focus: bool = False  # the report to the partnership lists it under performance
    mark: Mark = field(default=Mark(""), compare=False)

    @property
    def difference(self) -> float:
        """How far latest is from baseline, without sign."""
        return abs(self.latest.value - self.baseline.value)

    @property
    def direction(self) -> Literal["increase", "decrease", "no change"]:
        if self.latest.value > self.baseline.value:
            return "increase"
        return "decrease" if self.latest.value < self.baseline.value else "no change"

    @property
    def ratio(self) -> float | None:
        """The change as a fraction of the baseline, signed; None when the baseline is 0."""
        if self.baseline.value == 0:
            return None
        return (self.latest.value - self.baseline.value) / self.baseline.value

    @property
    def percent(self) -> str:
        """ "20.7%": the size of the change, to `decimals` places."""
        ratio = self.ratio
        return "" if ratio is None else f"{abs(ratio) * 100:.{self.decimals}f}%"

    @property
    def change(self) -> str:
        """ "20.7% decrease", "no change"; from a baseline of 0, "an increase of 12"."""
        if self.direction == "no change":
            return "no change"
        if self.ratio is None:
            return f"an {self.direction} of {format_figure(self.difference)}"
        return f"{self.percent} {self.direction}"

    @property
    def improved(self) -> bool | None:
        """Whether the change is for the better; None when neither way is better, or nothing changed."""
        if self.better == "none" or self.direction == "no change":
            return None
        return (self.direction == "decrease") == (self.better == "lower")

    def field(self, name: str) -> str:
        """A computed field as text prints it (INDICATOR_FIELDS)."""
        up = self.direction == "increase"
        words = {
            "baseline": format_figure(self.baseline.value),
            "latest": format_figure(self.latest.value),
            "change": self.change,
            "difference": format_figure(self.difference),
            "fewer": "more" if up else "fewer",
            "direction": self.direction,
            "decreased": "increased" if up else "decreased",
            "down": "up" if up else "down",
            "percent": self.percent,
            "baseline-period": self.baseline.period,
            "latest-period": self.latest.period,
        }
        return words[name]


def format_figure(value: float) -> str:
    """ "39,355", "2.5": thousands separated, no trailing zeros."""
    return f"{value:,.10g}" if value != int(value) else f"{int(value):,}"


@dataclass(frozen=True)
class Indicators:
    """A table of indicators, followed by a chart of baseline against latest for each, drawn from the same data."""

    id: str
    indicators: tuple[Indicator, ...]
    type: Literal["indicators"] = "indicators"
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class PlanSource:
    """The action-plan version a report's live block reads: `{plan: <document id>, version: <plan year>}`."""

    plan: str
    version: str
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class LiveParagraph:
    """A paragraph a live block prints, read from the plan (inline Markdown), and the list under it."""

    text: str
    items: tuple[str, ...] = ()
    # Printed as a paragraph of the report (a list's title is not): in a document with numbered
    # paragraphs it takes the next number of its section once the report is linked.
    numbered: bool = True
    number: str | None = None  # "1.1"


@dataclass(frozen=True)
class LiveBlock:
    """A part of a report read from a plan version when the documents are linked (csa.content.reports);
    `paragraphs` is empty until then."""

    id: str
    source: PlanSource
    paragraphs: tuple[LiveParagraph, ...] = ()
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class PlanProgress(LiveBlock):
    """The plan's progress since its previous version: what changed, counted and listed."""

    type: Literal["plan_progress"] = "plan_progress"


@dataclass(frozen=True)
class FocusIndicators(LiveBlock):
    """The plan's focus indicators, each with its older and newer figure and which way it moved."""

    type: Literal["focus_indicators"] = "focus_indicators"


@dataclass(frozen=True)
class AgreementPriorities(LiveBlock):
    """The priorities and cross-cutting themes of the agreement version the plan delivers."""

    type: Literal["agreement_priorities"] = "agreement_priorities"


@dataclass(frozen=True)
class PlanLink(LiveBlock):
    """The plan itself, attached: its title, version and date, and the files it is published as."""

    type: Literal["plan_link"] = "plan_link"


Live = PlanProgress | FocusIndicators | AgreementPriorities | PlanLink  # a report's live blocks

Block = (
    Paragraph
    | Heading
    | ListBlock
    | Table
    | Note
    | Figure
    | Signature
    | Diagram
    | Chart
    | ActionsBlock
    | Indicators
    | PlanProgress
    | FocusIndicators
    | AgreementPriorities
    | PlanLink
)
BlockType = Literal[
    "paragraph",
    "heading",
    "list",
    "table",
    "note",
    "figure",
    "signature",
    "diagram",
    "chart",
    "actions",
    "indicators",
    "plan_progress",
    "focus_indicators",
    "agreement_priorities",
    "plan_link",
]
LIVE_TYPES = ("plan_progress", "focus_indicators", "agreement_priorities", "plan_link")


@dataclass(frozen=True)
class Footnote:
    """A source or note defined under `footnotes:` in a chapter file, cited as [^label] in its text.

    Numbered by validation in order of first citation; every citation of the same
    label prints the same number.
    """

    label: str
    number: int
    text: str  # inline Markdown
    citations: int  # times cited in its chapter: the note links back to each
    mark: Mark = field(default=Mark(""), compare=False)


@dataclass(frozen=True)
class Chapter:
    id: str  # file name without its NN- prefix; stable across versions
    kind: Kind
    title: str
    label: str | None  # "3", "B", or None for the foreword and unnumbered chapters
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...] = ()  # in number order
    source: str = field(default="", compare=False)  # file name for messages
    prefix: str = ""  # printed before the title: "3. ", "Appendix B: " (the document's numbering and words)
    short_name: str = ""  # how the version-control table names it: "Ch.5", "Appendix A"; "" for its title
    priority: Ref | None = None  # kind "priority": the agreement's priority id this section delivers

    def __post_init__(self) -> None:
        if not self.short_name:
            object.__setattr__(self, "short_name", self.title)

    @property
    def heading(self) -> str:
        """Title as printed: "3. Governance", "Appendix B: MoRiLE", "Foreword"."""
        return self.prefix + self.title

    def outline(self, depth: int) -> tuple[OutlineEntry, ...]:
        """The chapter's headings down to level `depth` (1: none), each holding those under it."""
        entries, _ = _outline(self.outline_headings(depth), 0, 2)
        return entries

    def outline_headings(self, depth: int) -> list[Heading]:
        """The headings `outline(depth)` lists, in order."""
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= depth]


def _outline(headings: list[Heading], start: int, level: int) -> tuple[tuple[OutlineEntry, ...], int]:
    """Entries for the headings from `start` at `level` (deeper ones nest under them); and where they end."""
    entries: list[OutlineEntry] = []
    i = start
    while i < len(headings) and headings[i].level >= level:
        children, after = _outline(headings, i + 1, level + 1)
        entries.append(OutlineEntry(headings[i], children))
        i = after
    return tuple(entries), i


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
class Person:
    """An officer a committee report is by: "Shirley Brinson", "Community Safety Team Leader, KCC"."""

    name: str
    role: str | None = None


@dataclass(frozen=True)
class Addressee:
    """Who a committee report goes to: the body and the meeting's date."""

    body: str
    meeting: dt.date | None = None


@dataclass(frozen=True)
class Officer:
    """A contact for further information, as the report's last lines print it."""

    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class CommitteeHeader:
    """A report document's version (`header:` in version.yaml): one version per meeting.

    The chapters are the report's numbered sections; the recommendations print as the
    last numbered section, then the attachments and the contacts.
    """

    subject: str
    to: Addressee
    by: tuple[Person, ...] = ()
    classification: str | None = None  # "For Information"
    summary: str | None = None  # inline Markdown
    recommendations: tuple[str, ...] = ()  # inline Markdown, one numbered paragraph each
    attachments: tuple[str, ...] = ()  # "Appendix 1: Draft Community Safety Agreement Action Plan"
    contacts: tuple[Officer, ...] = ()


@dataclass(frozen=True)
class PlanInfo:
    """What an action-plan version says about its agreement and progress (version.yaml)."""

    delivers: str  # the agreement's version number this plan delivers
    as_at: dt.date  # progress is reported as at this date
    stage: Stage = "draft"
    delivers_mark: Mark = field(default=Mark(""), compare=False)


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
    plan: PlanInfo | None = None  # an action plan's version: what it delivers, as at when; None in an agreement
    header: CommitteeHeader | None = None  # a report's version: its committee-report header; None elsewhere
    # A report's [](#<indicator>.<field>) references (target, where), and what each prints, read from the
    # plan version it reports on once the documents are linked (csa.content.reports.link_reports).
    figure_references: tuple[tuple[str, Mark], ...] = field(default=(), compare=False)
    figures: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def chapter(self, chapter_id: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == chapter_id), None)

    def priorities(self) -> tuple[PriorityInfo, ...]:
        """The priorities, then the cross-cutting themes, of this version's priorities diagram.

        Each has its id (stable across versions: the action plan names priorities by it),
        its name as the diagram words it, and its lead: the plain text of the second cell
        of a table row whose first cell is `{priority: id}` (the leads table), or None
        when no such row exists. With several diagrams, each id is taken from the first
        diagram that has it.
        """
        leads = _leads(self.chapters)
        found: dict[str, PriorityInfo] = {}
        for diagram in (b for c in self.chapters for b in c.blocks if isinstance(b, Diagram)):
            named: tuple[tuple[Priority | Theme, Literal["priority", "theme"]], ...] = (
                *((p, "priority") for p in diagram.priorities),
                *((t, "theme") for t in diagram.themes),
            )
            for item, kind in named:
                found.setdefault(item.id, PriorityInfo(item.id, item.name, kind, leads.get(item.id)))
        return tuple(found.values())


def _leads(chapters: tuple[Chapter, ...]) -> dict[str, str]:
    """Priority id -> the plain text of the cell after it, for each table row starting with {priority: id}."""
    leads: dict[str, str] = {}
    for table in (b for c in chapters for b in c.blocks if isinstance(b, Table)):
        for row in table.body_rows:
            first = row.cells[0] if row.cells else None
            if first is not None and first.priority is not None and len(row.cells) > 1:
                leads.setdefault(first.priority.id, plain_text(row.cells[1].text))
    return leads


FootnoteNumbering = Literal["chapter", "document", "labels"]
FootnotePlace = Literal["chapter-end", "page", "before-actions"]


@dataclass(frozen=True)
class FootnoteSettings:
    """`settings: footnotes:` in document.yaml."""

    # restart at 1 in each chapter, count on through the document, or print each label (a number) as written
    numbering: FootnoteNumbering = "chapter"
    # where the PDF prints the notes; the HTML page lists them at chapter end, or before-actions as the PDF
    place: FootnotePlace = "chapter-end"


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
    chapter: str = "{label}. "  # before a numbered chapter's title
    chapter_short: str = "Ch.{label}"  # a chapter in the version-control table
    appendix: str = "Appendix {label}: "  # before an appendix's title
    appendix_short: str = "Appendix {label}"  # an appendix in the version-control table; a reference to one
    section: str = "section {label}"  # a reference to a numbered chapter: [](#its-id)
    paragraph: str = "paragraph {number}"  # a reference to a numbered paragraph: [](#para-3.6)
    priorities: str | None = None  # the priorities diagram's heading; None: "<title> priorities"
    priority: str | None = None  # its key for a priority box; None: "<title> priority"
    themes: str = "Cross-cutting themes"  # its heading above the themes
    theme: str = "Cross-cutting theme"  # its key for a theme box


@dataclass(frozen=True)
class Numbering:
    """What is numbered, and how: Kent numbers chapters, paragraphs (3.6) and letters appendices."""

    chapters: bool = True
    paragraphs: bool = True  # `numbered:` paragraphs print their number; False: they print as plain paragraphs
    appendices: Literal["letters", "numbers"] = "letters"
    # a committee report's style: a chapter prints as section "1.0", its paragraphs 1.1, 1.2
    sections: bool = False
    paragraph_stop: bool = True  # a full stop after a paragraph's number: "3.6." (Kent) or "3.6"

    @property
    def after_paragraph_number(self) -> str:
        """What follows a paragraph's number: "3.6." in an agreement, "1.1" in a committee report or when set so."""
        return "." if self.paragraph_stop and not self.sections else ""


@dataclass(frozen=True)
class Settings:
    """How a document is laid out and worded: `settings:` in document.yaml.

    Every field is optional there; the defaults are the Kent CSA's house style.
    """

    contents_depth: int = 1  # heading levels listed in the contents page: 1 chapters only, 2 with headings
    # Where the version-control table is printed: after the cover, before the back page, or nowhere.
    version_control: VersionControlPlace = "front"
    words: Words = Words()
    numbering: Numbering = Numbering()
    chapter_page_breaks: bool = True  # each chapter and appendix starts a new page
    footnotes: FootnoteSettings = FootnoteSettings()
    # What `csa inbox` does with an upload's tracked changes: refuse it until they are decided (as csa import), accept or reject them
    tracked_changes: Literal["refuse", "accept", "reject"] = "refuse"


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
    warnings: tuple[Problem, ...] = field(default=(), compare=False)  # found by validation; they stop nothing
    type: DocumentType = "agreement"
    agreement: str | None = None  # an action plan: the id of the agreement document it delivers
    agreement_mark: Mark = field(default=Mark(""), compare=False)  # where document.yaml names it
    plan: str | None = None  # a report: the id of the action plan it reports on, when it is in content/
    plan_mark: Mark = field(default=Mark(""), compare=False)  # where document.yaml names it

    def version(self, number: str) -> Version | None:
        return next((v for v in self.versions if v.number == number), None)

    @property
    def latest(self) -> Version:
        return self.versions[-1]


def version_key(number: str) -> tuple[int, ...]:
    """Sort key of a version number: "10.0" comes after "9.1", "2019-20" after "2018-19" (anything not a number sorts first)."""
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.-]", number))
