"""Signatures: a name and the roles signed under."""

from __future__ import annotations

from csa.blocks.kind import BlockKind
from csa.blocks.read import BlockReader, value
from csa.model import Signature
from csa.nodes import Map, to_plain


def read_signature(reader: BlockReader, key: str, block_id: str, node: Map) -> Signature:
    plain = to_plain(value(node, key))
    return Signature(block_id, plain["name"], tuple(plain.get("roles", ())), mark=node.mark)


def signature_texts(block: Signature) -> list[str]:
    return [block.name, *block.roles]


KIND: BlockKind[Signature] = BlockKind(
    "signature",
    Signature,
    {"signature": "A name and roles, as signed"},
    "signature",
    read_signature,
    signature_texts,
    "signature",
)
