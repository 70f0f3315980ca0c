"""How each kind of block is compared: its texts, its parts, and the change-log words for it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from csa.blocks.plan_changes import (
    ACTION_STATUSES,
    INDICATOR_STATUSES,
    action_changes,
    by_id,
    figure_words,
    indicator_changes,
)
from csa.inline import plain_text
from csa.model import (
    Action,
    ActionsBlock,
    Bar,
    Cell,
    Chart,
    Diagram,
    Figure,
    Heading,
    Indicator,
    Indicators,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Signature,
    Table,
    TableRow,
)
from csa.textdiff.align import align
from csa.textdiff.pair import Pair, PartKind
from csa.textdiff.words import TextDiff, similarity, text_diff

T = TypeVar("T")
MAX_NAMED = 3  # the change log names at most this many parts in an entry, else counts them
MAX_NAME_CHARS = 40  # and only names this short

# -- texts: every text a block holds, in reading order (Markdown source) -------------


def caption_texts(caption: str | None) -> list[str]:
    return [caption] if caption else []


def paragraph_texts(block: Paragraph | Heading) -> list[str]:
    return [block.text]


def list_texts(block: ListBlock) -> list[str]:
    return [t for item in block.items for t in item_texts(item)]


def item_texts(item: ListItem) -> list[str]:
    return [item.text, *(list_texts(item.children) if item.children else [])]


def table_texts(block: Table) -> list[str]:
    cells = (*block.header, *(c for r in block.rows for c in r.cells))
    return [*caption_texts(block.caption), *(t for c in cells for t in cell_texts(c))]


def cell_texts(cell: Cell) -> list[str]:
    """A cell's text, then its list's items."""
    return [cell.text, *(list_texts(cell.list) if cell.list else [])]


def note_texts(block: Note) -> list[str]:
    return [t for t in (block.title, block.text) if t] + (list_texts(block.bullets) if block.bullets else [])


def note_copies_its_bullets(note: Note) -> bool:
    return note.includes_from is not None


def figure_texts(block: Figure) -> list[str]:
    return [block.alt, *caption_texts(block.caption)]


def signature_texts(block: Signature) -> list[str]:
    return [block.name, *block.roles]


def diagram_texts(block: Diagram) -> list[str]:
    return [
        *(p.name for p in block.priorities),
        *(f"{p.name} includes: {p.includes}" for p in block.priorities if p.includes),
        *(t.name for t in block.themes),
        *([block.beside_title] if block.beside_title else []),
        *block.beside,
        *caption_texts(block.caption),
    ]


def chart_texts(block: Chart) -> list[str]:
    return [*caption_texts(block.caption), _columns(block), *(_bar_text(bar) for bar in block.bars)]


def actions_texts(block: ActionsBlock) -> list[str]:
    return [t for action in block.actions for t in action_texts(action)]


def action_texts(action: Action) -> list[str]:
    """The action, its lead, due date, status and measure as printed, then every update (latest last)."""
    fields = (action.action, action.lead, _due_words(action), action.status, action.measure)
    return [t for t in fields if t] + [p.text for p in action.progress]


def _due_words(action: Action) -> str | None:
    return action.due if isinstance(action.due, str) or action.due is None else f"due {action.due.isoformat()}"


def indicators_texts(block: Indicators) -> list[str]:
    return [t for indicator in block.indicators for t in indicator_texts(indicator)]


def indicator_texts(indicator: Indicator) -> list[str]:
    return [indicator.name, figure_words(indicator)]


# -- pairs: one block in two versions ------------------------------------------------


def whole(kind: PartKind, texts: Callable[[Any], list[str]]) -> Callable[[Any, Any, bool, str], Pair[Any]]:
    """Compare a block text by text (a paragraph, a signature, a drawing's words)."""

    def pair(old: Any, new: Any, moved: bool, key: str) -> Pair[Any]:
        before, after = texts(old), texts(new)
        fields = tuple(text_diff(a, b) for a, b in zip(before, after, strict=False))
        if len(before) != len(after):
            fields += (text_diff(" ".join(before), " ".join(after)),)
        return Pair(kind, key, old, new, fields, moved=moved)

    return pair


def chart_pair(old: Chart, new: Chart, moved: bool, key: str) -> Pair[Chart]:
    """Caption, column names, then each bar as "label: value", bars matched by label.

    A chart's words and numbers are its table's, counted there; the redline still marks them.
    """
    fields = [text_diff(old.caption, new.caption), text_diff(_columns(old), _columns(new))]
    for a, b, _ in align(old.bars, new.bars, _bar_label, lambda a, b: similarity(_bar_label(a), _bar_label(b))):
        fields.append(text_diff(_bar_text(a), _bar_text(b)))
    return Pair("chart", key, old, new, tuple(fields), moved=moved, counts_words=False)


def _columns(chart: Chart) -> str:
    return f"{chart.label_header} / {chart.value_header}"


def _bar_label(bar: Bar) -> str:
    return plain_text(bar.label)


def _bar_text(bar: Bar | None) -> str:
    return f"{bar.label}: {bar.value:g}" if bar is not None else ""


def actions_pair(old: ActionsBlock, new: ActionsBlock, moved: bool, key: str) -> Pair[ActionsBlock]:
    """Each action's texts against the same action's (by id); an added or removed action against nothing."""
    fields = _fields_by_id(old.actions, new.actions, lambda a: a.id, action_texts)
    return Pair("actions", key, old, new, fields, moved=moved)


def indicators_pair(old: Indicators, new: Indicators, moved: bool, key: str) -> Pair[Indicators]:
    fields = _fields_by_id(old.indicators, new.indicators, lambda i: i.id, indicator_texts)
    return Pair("indicators", key, old, new, fields, moved=moved)


def _fields_by_id(
    old: Sequence[T], new: Sequence[T], id_of: Callable[[T], str], texts: Callable[[T], list[str]]
) -> tuple[TextDiff, ...]:
    return tuple(
        text_diff(a, b)
        for before, after in by_id(old, new, id_of)
        for a, b in padded(texts(before) if before else [], texts(after) if after else [])
    )


def heading_pair(old: Heading, new: Heading, moved: bool, key: str) -> Pair[Heading]:
    """Its text; and, only when it changed, its level (so the change log and redline say so)."""
    fields: tuple[TextDiff, ...] = (text_diff(old.text, new.text),)
    if old.level != new.level:
        fields += (TextDiff(f"level {old.level}", f"level {new.level}"),)
    return Pair("heading", key, old, new, fields, moved=moved)


def one_sided(kind: PartKind, key: str, old: Any, new: Any, moved: bool, texts: list[str]) -> Pair[Any]:
    """An added or removed part; its texts count towards the words inserted or deleted.

    A removed part's key starts "was:": a new part may since have taken its id.
    """
    if new is None:
        return Pair(kind, f"was:{key}", old, new, moved=moved, texts=(tuple(texts), ()))
    return Pair(kind, key, old, new, moved=moved, texts=((), tuple(texts)))


def list_pair(old: ListBlock, new: ListBlock, moved: bool, key: str) -> Pair[ListBlock]:
    return Pair("list", key, old, new, children=items_pairs(old.items, new.items, key), moved=moved)


def items_pairs(old: Sequence[ListItem], new: Sequence[ListItem], key: str) -> tuple[Pair[ListItem], ...]:
    def signature(item: ListItem) -> str:
        return " ".join(plain_text(t) for t in item_texts(item))

    def item_similarity(a: ListItem, b: ListItem) -> float:
        return similarity(plain_text(a.text), plain_text(b.text))

    return tuple(_item_pair(a, b, m, key) for a, b, m in align(old, new, signature, item_similarity))


def _item_pair(old: ListItem | None, new: ListItem | None, moved: bool, key: str) -> Pair[ListItem]:
    if old is None or new is None:
        item = old or new
        assert item is not None
        return one_sided("item", f"{key}/{item.id}", old, new, moved, item_texts(item))
    children = items_pairs(old.children.items if old.children else (), new.children.items if new.children else (), key)
    return Pair("item", f"{key}/{new.id}", old, new, (text_diff(old.text, new.text),), children, moved)


def table_pair(old: Table, new: Table, moved: bool, key: str) -> Pair[Table]:
    header = tuple(text_diff(a, b) for a, b in padded(_texts(old.header), _texts(new.header)))
    caption = (text_diff(old.caption, new.caption),)

    def first_column(row: TableRow) -> str:
        return plain_text(row.cells[0].text).lower() if row.cells else ""

    def row_similarity(a: TableRow, b: TableRow) -> float:
        return similarity(first_column(a), first_column(b))

    rows: list[Pair[TableRow]] = []
    for a, b, m in align(old.rows, new.rows, _row_signature, row_similarity, threshold=0.6):
        if a is None or b is None:
            row = a or b
            assert row is not None
            texts = [t for c in row.cells for t in cell_texts(c)]
            rows.append(one_sided("row", f"{key}/{row.id}", a, b, m, texts))
            continue
        cells = tuple(text_diff(x, y) for x, y in padded(_texts(a.cells), _texts(b.cells)))
        rows.append(Pair("row", f"{key}/{b.id}", a, b, cells, _cell_lists_pairs(a, b, f"{key}/{b.id}"), m))
    return Pair("table", key, old, new, caption + header, tuple(rows), moved)


def _row_signature(row: TableRow) -> str:
    """Rows are paired by the priority their first cell names (however it is worded), else by its words."""
    first = row.cells[0] if row.cells else None
    if first is not None and first.priority is not None:
        return f"priority:{first.priority.id}"
    return plain_text(first.text).lower() if first is not None else ""


def _texts(cells: Sequence[Cell]) -> list[str]:
    return [c.text for c in cells]


def _cell_lists_pairs(old: TableRow, new: TableRow, key: str) -> tuple[Pair[ListBlock], ...]:
    """The lists in a row's cells, item by item: one pair per cell (by position) if any cell has a list."""
    if not any(c.list for c in (*old.cells, *new.cells)):
        return ()

    def list_in(row: TableRow, index: int) -> ListBlock:
        cell = row.cells[index] if index < len(row.cells) else None
        return cell.list if cell and cell.list else ListBlock(f"{row.id}-cell{index + 1}", False, ())

    count = max(len(old.cells), len(new.cells))
    return tuple(list_pair(list_in(old, i), list_in(new, i), False, f"{key}/cell{i + 1}") for i in range(count))


def padded(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, str]]:
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else "", b[i] if i < len(b) else "") for i in range(n)]


def note_pair(old: Note, new: Note, moved: bool, key: str) -> Pair[Note]:
    fields = (text_diff(old.title, new.title), text_diff(old.text, new.text))
    children = items_pairs(old.bullets.items if old.bullets else (), new.bullets.items if new.bullets else (), key)
    return Pair("note", key, old, new, fields, children, moved)


def figure_pair(old: Figure, new: Figure, moved: bool, key: str) -> Pair[Figure]:
    fields: tuple[TextDiff, ...] = (text_diff(old.alt, new.alt), text_diff(old.caption, new.caption))
    if old.data_uri != new.data_uri:
        fields += (text_diff(f"image {old.src} (before)", f"image {new.src} (after)"),)
    return Pair("figure", key, old, new, fields, moved=moved)


# -- change-log words for a revised drawing --------------------------------------------


Described = tuple[str, list[str]]  # what the block is ("": the details name it), and what changed in it


def describe_diagram(pair: Pair[Diagram]) -> Described:
    """("priorities diagram", ["'Substance Misuse' renamed 'Substance Misuse and Addiction'", "theme 'X' added"]).

    Priorities and themes are paired by id, so one renamed out of all recognition is still
    "renamed"; those whose ids differ are paired by name, as for a plain name whose id follows it.
    """
    assert pair.old is not None and pair.new is not None
    old, new = pair.old, pair.new
    details = named_changes(
        "priority",
        old.priorities,
        new.priorities,
        lambda p: plain_text(p.name),
        lambda a, b: (a.includes or "") != (b.includes or ""),
        ("includes revised", "priorities' includes revised"),
        key=lambda p: p.id,
    )
    details += named_changes("theme", old.themes, new.themes, lambda t: plain_text(t.name), key=lambda t: t.id)
    if (old.beside_title, old.beside) != (new.beside_title, new.beside):
        details.append(f"'{short_name(plain_text(new.beside_title or old.beside_title or ''))}' column updated")
    if old.caption != new.caption:
        details.append("caption revised")
    return "priorities diagram", details


def describe_chart(pair: Pair[Chart]) -> Described:
    """("chart of No. of CSPs", ["'Dover' value changed", "bar 'Swale' added"])."""
    assert pair.old is not None and pair.new is not None
    old, new = pair.old, pair.new
    details = named_changes(
        "bar",
        old.bars,
        new.bars,
        lambda b: plain_text(b.label),
        lambda a, b: a.value != b.value,
        ("value changed", "values changed"),
    )
    if old.caption != new.caption:
        details.append("caption revised")
    if (old.label_header, old.value_header) != (new.label_header, new.value_header):
        details.append("columns changed")
    subject = plain_text(new.value_header or new.caption or "")
    return (f"chart of {subject}" if subject else "chart"), details


def named_changes(
    noun: str,
    old: Sequence[T],
    new: Sequence[T],
    name: Callable[[T], str],
    differs: Callable[[T, T], bool] | None = None,
    difference: tuple[str, str] = ("changed", "changed"),
    key: Callable[[T], str] | None = None,
) -> list[str]:
    """What happened to the named things: renamed, added, removed, `difference`, reordered.

    Things are paired by `key` (default: their name), then the most similar names.
    A few short names are given ("theme 'Cyber crime' added"); more, or long
    ones, are counted ("5 bars added"), as the version-control table does.
    """
    renamed: list[tuple[str, str]] = []
    added: list[str] = []
    removed: list[str] = []
    different: list[str] = []
    reordered = False
    for a, b, moved in align(old, new, key or name, lambda a, b: similarity(name(a), name(b))):
        reordered = reordered or moved
        if a is None and b is not None:
            added.append(name(b))
        elif b is None and a is not None:
            removed.append(name(a))
        elif a is not None and b is not None and name(a) != name(b):
            renamed.append((name(a), name(b)))
        elif a is not None and b is not None and differs is not None and differs(a, b):
            different.append(name(b))
    details = []
    if renamed:
        named = all(short_name(x) and short_name(y) for x, y in renamed) and len(renamed) <= MAX_NAMED
        details += [f"'{x}' renamed '{y}'" for x, y in renamed] if named else [f"{counted(noun, len(renamed))} renamed"]
    if different:
        named = len(different) <= MAX_NAMED and all(short_name(n) for n in different)
        quoted = ", ".join(f"'{n}'" for n in different)
        details.append(f"{quoted} {difference[0]}" if named else f"{len(different)} {difference[1]}")
    for names, what in ((added, "added"), (removed, "removed")):
        if names:
            details.append(_listed(noun, names, what))
    if reordered:
        details.append(f"{noun_plural(noun)} reordered")
    return details


def _listed(noun: str, names: list[str], what: str) -> str:
    """ "theme 'Cyber crime' added", "2 bars added"."""
    if len(names) <= MAX_NAMED and all(short_name(n) for n in names):
        quoted = ", ".join(f"'{n}'" for n in names)
        return f"{_noun(noun, len(names))} {quoted} {what}"
    return f"{counted(noun, len(names))} {what}"


def counted(noun: str, n: int) -> str:
    """ "1 table row", "3 table rows", "2 priorities": how the version-control table counts parts."""
    return f"{n} {_noun(noun, n)}"


def _noun(noun: str, n: int) -> str:
    return noun if n == 1 else noun_plural(noun)


def noun_plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def short_name(text: str) -> str | None:
    """The text, if short enough to name a part in the version-control table."""
    return text if len(text) <= MAX_NAME_CHARS else None


def describe_actions(pair: Pair[ActionsBlock]) -> Described:
    """("", ["action 'Refresh the website' completed", "action 'Run a campaign' added",
    "progress on action 'Support the strategy' updated"]) (more than MAX_NAMED: "progress on 5 actions updated").

    The details stand alone in the change-log entry (no subject): each names what happened to the actions.
    """
    assert pair.old is not None and pair.new is not None
    changes = action_changes(pair.old.actions, pair.new.actions)
    details = [_named_changes("action", [c.short for c in changes if c.status == s], s) for s in ACTION_STATUSES[:-1]]
    updated = [c.short for c in changes if c.status == "progress updated"]
    if updated:  # named as the other changes are, so a partner's update is found by its action
        details.append("progress on " + _named_changes("action", updated, "updated"))
    return "", [d for d in details if d]


def describe_indicators(pair: Pair[Indicators]) -> Described:
    """("", ["indicator 'ASB incidents' updated", "indicator 'Referrals' added"]): updated means its figures changed."""
    assert pair.old is not None and pair.new is not None
    changes = indicator_changes(pair.old.indicators, pair.new.indicators)
    details = [_named_changes("indicator", [c.short for c in changes if c.status == s], s) for s in INDICATOR_STATUSES]
    return "", [d for d in details if d]


def _named_changes(noun: str, names: list[str], what: str) -> str:
    """ "action 'Run a campaign' added", "actions 'A' and 'B' removed", "5 actions added"; "" for none."""
    if not names:
        return ""
    if len(names) > MAX_NAMED:
        return f"{counted(noun, len(names))} {what}"
    quoted = [f"'{n}'" for n in names]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    return f"{_noun(noun, len(names))} {listed} {what}"
