"""The priorities diagram, drawn from its priorities and themes."""

from __future__ import annotations

import dataclasses

from csa.blocks.differ import Described, caption_reference, caption_texts, named_changes, short_name
from csa.blocks.kind import BlockKind, Resolver
from csa.blocks.read import BlockReader, items, ref, slug, value
from csa.errors import Problem
from csa.inline import plain_text
from csa.model import Diagram, ListBlock, Priority, Theme
from csa.nodes import Map, Node, to_plain
from csa.textdiff.pair import Pair


def read_diagram(reader: BlockReader, key: str, block_id: str, node: Map) -> Diagram:
    """A Diagram whose `beside` items are still to be filled in by `content.drawings.resolve`."""
    diagram = value(node, key)
    assert isinstance(diagram, Map)
    beside = diagram.entries.get("beside")
    assert beside is None or isinstance(beside, Map)
    priority_nodes, theme_nodes = items(diagram.entries["priorities"]), items(diagram.entries["themes"])
    priorities = tuple(_priority(p, reader) for p in priority_nodes)
    themes = tuple(_theme(t, reader) for t in theme_nodes)
    reader.problems.extend(_duplicate_id_problems((*priority_nodes, *theme_nodes), (*priorities, *themes)))
    return Diagram(
        block_id,
        priorities=priorities,
        themes=themes,
        beside_title=reader.text(beside.entries["title"]) if beside else None,
        beside_list=ref(beside.entries["list"]) if beside else None,
        caption=reader.optional_text(diagram.entries.get("caption")),
        mark=diagram.mark,
    )


def _priority(node: Node, reader: BlockReader) -> Priority:
    """`Name`, or `{id, name, includes}` (id and includes optional)."""
    if isinstance(node, Map):
        name = reader.text(node.entries["name"])
        includes = reader.optional_text(node.entries.get("includes"))
        return Priority(_given_id(node, name), name, includes, node.mark)
    name = reader.text(node)
    return Priority(derived_priority_id(name), name, mark=node.mark)


def _theme(node: Node, reader: BlockReader) -> Theme:
    """`Name`, or `{id, name}`."""
    if isinstance(node, Map):
        name = reader.text(node.entries["name"])
        return Theme(_given_id(node, name), name, node.mark)
    name = reader.text(node)
    return Theme(derived_priority_id(name), name, node.mark)


def _given_id(node: Map, name: str) -> str:
    given = node.entries.get("id")
    return str(to_plain(given)) if given is not None else derived_priority_id(name)


def derived_priority_id(name: str) -> str:
    """The id of a priority or theme written as a plain name: its words, slugged."""
    return slug(plain_text(name)) or "priority"


def _duplicate_id_problems(nodes: tuple[Node, ...], named: tuple[Priority | Theme, ...]) -> list[Problem]:
    """Table cells name priorities and themes by id, so within a diagram each id names one of them."""
    problems: list[Problem] = []
    first_of: dict[str, Priority | Theme] = {}
    for node, item in zip(nodes, named, strict=True):
        first = first_of.setdefault(item.id, item)
        if first is item:
            continue
        given = node.entries.get("id") if isinstance(node, Map) else None
        suggestion = _free_id(item, {i.id for i in named})
        problems.append(
            Problem(
                given.mark if given is not None else item.mark,
                f"id {item.id!r} is also the id of {plain_text(first.name)!r} at {first.mark} "
                "(each priority and theme of a diagram needs its own id)",
                f"did you mean {suggestion!r}?"
                if given is not None
                else f"give it an id of its own: {{id: {suggestion}, name: ...}}",
            )
        )
    return problems


def _free_id(item: Priority | Theme, taken: set[str]) -> str:
    """An id no other priority or theme has: its name's, else a numbered one."""
    if (derived := derived_priority_id(item.name)) not in taken:
        return derived
    n = 2
    while f"{item.id}-{n}" in taken:
        n += 1
    return f"{item.id}-{n}"


def diagram_texts(block: Diagram) -> list[str]:
    return [
        *(p.name for p in block.priorities),
        *(f"{p.name} includes: {p.includes}" for p in block.priorities if p.includes),
        *(t.name for t in block.themes),
        *([block.beside_title] if block.beside_title else []),
        *block.beside,
        *caption_texts(block.caption),
    ]


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


def resolve_diagram(resolver: Resolver, diagram: Diagram) -> Diagram:
    """The document's words for its headings and key, and its grey boxes from the list it names."""
    diagram = dataclasses.replace(diagram, words=resolver.diagram_words)
    if diagram.beside_list is None:
        return diagram
    found = resolver.find(diagram.beside_list, ListBlock, "a bullets or numbers list")
    if found is None:
        return diagram
    return dataclasses.replace(diagram, beside=tuple(item.text for item in found.items))


KIND: BlockKind[Diagram] = BlockKind(
    "diagram",
    Diagram,
    {"diagram": "The priorities diagram, drawn from its priorities and themes"},
    "diagram",
    read_diagram,
    diagram_texts,
    "priorities diagram",
    same_in_place=True,
    describe=describe_diagram,
    cross_reference=caption_reference,
    resolve=resolve_diagram,
)
