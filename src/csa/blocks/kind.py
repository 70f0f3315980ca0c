"""What one block kind declares: its model class, YAML keys and reader, schema, texts and
pairing for the differ, nouns for the change log, its macros, and the parts stages above
attach (see csa.blocks.registry.SLOTS)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from csa.blocks import differ
from csa.blocks.read import BlockReader
from csa.errors import Mark, Problem
from csa.model import Block, BlockType, DiagramWords, Document, LiveParagraph, Ref, Version, Words
from csa.nodes import Map
from csa.textdiff.pair import Pair

B = TypeVar("B", bound=Block)
T = TypeVar("T")


@dataclass(frozen=True)
class NamedPart:
    """A part with an id of its own inside a block (an action, an indicator): a reference
    [](#id) to it prints `words`; validation names it by `noun` when its id is given twice."""

    id: str
    words: str
    noun: str
    mark: Mark


class Resolver(Protocol):
    """What a kind's `resolve` asks once every chapter is read (content/drawings.py implements it)."""

    problems: list[Problem]
    diagram_words: DiagramWords  # the document's words for a diagram's headings and key

    def find(self, target: Ref, kind: type[T], described: str) -> T | None:
        """The block `target` names if it is a `kind`; else None, the problem reported."""
        ...


@dataclass(frozen=True)
class BlockKind(Generic[B]):
    name: BlockType  # the model's `type`, the differ's kind and the template macro's name
    model: type[B]
    keys: Mapping[str, str]  # YAML key -> what it means, for the schema and editors
    schema: str  # the definition its value must match, in chapter.schema.json's $defs
    read: Callable[[BlockReader, str, str, Map], B]  # (reader, key, block id, block node)
    texts: Callable[[B], list[str]]  # every text it holds, in reading order
    noun: str  # how the version-control table names one: "paragraph", "priorities diagram"
    pair: Callable[[B, B, bool, str], Pair[B]] | None = None  # (old, new, moved, key); None: text by text
    # Rewritten in place it is still the same block, revised (its parts are compared one by one).
    same_in_place: bool = False
    parts_noun: str | None = None  # "list item": a revised block is described by its changed parts
    # What a revised block is and what changed in it ("priorities diagram", ["theme 'X' added"]);
    # None: "<noun> revised", or its changed parts counted when it has `parts_noun`.
    describe: Callable[[Pair[B]], tuple[str, list[str]]] | None = None
    # Its parts are copied from another block (a note listing a diagram's includes): the
    # redline marks them, the change log names only the block they come from.
    copies_parts: Callable[[B], bool] | None = None
    # Whether two blocks of the kind may be one block rewritten (a numbered paragraph never
    # becomes an unnumbered one); None: any two may.
    comparable: Callable[[B, B], bool] | None = None
    # The change log names up to MAX_NAMED blocks by this ("3.6", "'Our approach'") rather than
    # counting them; "former " before removed ones when `former_when_removed`.
    change_log_name: Callable[[B], str | None] | None = None
    former_when_removed: bool = False
    # A changed part's short name in the change log ("Road Safety" for a table row); None: counted only.
    part_name: Callable[[Pair[Any]], str | None] | None = None
    fields_noun: str | None = None  # "table heading": the block's own fields, revised beside its parts
    # What a cross-reference [](#id) to it prints ("paragraph 3.6", a caption); None: its noun.
    cross_reference: Callable[[B, Words], str | None] | None = None
    aliases: Callable[[B], tuple[str, ...]] | None = None  # other anchors naming it ("para-3.6")
    named_parts: Callable[[B], tuple[NamedPart, ...]] | None = None  # its parts with ids of their own
    # Filled in from the blocks it names once every chapter is read (a chart's bars from a table);
    # late: after the others, as it copies from blocks resolved themselves (a note from a diagram).
    resolve: Callable[[Resolver, B], B] | None = None
    resolves_late: bool = False
    # What its words do not show (a heading's level, a list's nesting, a table's spans): two
    # blocks with the same words and the same shape print alike; None: the words say it all.
    shape: Callable[[B], Any] | None = None
    # A report's live block: what it prints, read from the plan version it names once every document is
    # read (plan document, that version, every document by id); None: the kind reads no plan.
    read_plan: Callable[[Document, Version, Mapping[str, Document]], tuple[LiveParagraph, ...]] | None = None
    # Its paragraph numbers drawn again in reading order from `next_number` (the section's next one, or
    # None where paragraphs are not numbered), once a report's live blocks are filled in: a live block's
    # paragraphs are known only then, and a numbered paragraph after one takes the number after them.
    # None: it holds no numbered paragraph.
    renumber: Callable[[B, Callable[[], str | None]], B] | None = None
    # What the stages above implement for this kind (its Word writer, reader and tracked-change
    # reviser), attached by those stages with `@implements(slot, kind)`: the registry stays below
    # them, yet the entry holds every per-kind part. See SLOTS and `hook`.
    hooks: dict[str, Callable[..., Any]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def macro(self) -> str:
        """Its HTML macro in templates/macros/blocks.html.j2."""
        return self.name

    @property
    def redline_macro(self) -> str:
        """Its redline macro in templates/redline/macros.html.j2 (a generic one where absent)."""
        return f"revised_{self.name}"

    def hook(self, slot: str) -> Callable[..., Any]:
        """The function a stage attached for this kind under `slot` (one of SLOTS)."""
        try:
            return self.hooks[slot]
        except KeyError:
            raise LookupError(
                f"block kind {self.name!r} has no {slot!r}: the stage that owns it registers it "
                f"with @implements({slot!r}, {self.name!r})"
            ) from None

    def compare(self, old: B, new: B, moved: bool, key: str) -> Pair[B]:
        if self.pair is not None:
            return self.pair(old, new, moved, key)
        compared: Pair[B] = differ.whole(self.name, self.texts)(old, new, moved, key)
        return compared
