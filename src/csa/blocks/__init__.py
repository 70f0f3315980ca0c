"""Every kind of block, declared once.

A block kind is read from YAML (its keys and reader), checked (its schema
definition), held in the model (its class), compared (its texts and pairing),
named in the version-control table (its noun and description) and rendered
(its template macro in templates/macros/blocks.html.j2, named after the kind;
its Word writer, reader and redline marker: hooks in csa/word/*/blocks.py, see SLOTS). Each kind is one module
here (paragraph.py, heading.py, lists.py, table.py, note.py, figure.py, signature.py,
diagram.py, chart.py, actions.py, indicators.py) declaring its `KIND`; registry.py lists
them. Every stage looks the kind up here; adding a kind means adding its model class,
its module with its `BlockKind`, its schema definition, its macros and its Word parts.

The registry imports only the model and the helpers below it (csa.nodes, csa.textdiff),
so every stage above can consult it (tests/test_layers.py keeps it so).
"""

from csa.blocks.kind import BlockKind
from csa.blocks.registry import BY_KEY, BY_NAME, KINDS, SLOTS, block_schema, block_texts, implements, kind_of

__all__ = ["BY_KEY", "BY_NAME", "KINDS", "SLOTS", "BlockKind", "block_schema", "block_texts", "implements", "kind_of"]
