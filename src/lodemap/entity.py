"""Canonical entities and the names they are known by."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lodemap.names import name_key, ticker_key

ALIAS_KINDS = ("name", "alias", "ticker", "acronym")


@dataclass
class Entity:
    id: str
    type: str
    name: str
    country: str | None = None
    stages: list[str] = field(default_factory=list)
    description: str | None = None
    origin: str = "pack"
    """`pack` for curated entities, `extracted` for ones first met in a document."""
    source_url: str | None = None
    """Where the curated profile's facts come from (pack entities)."""
    aliases: list[tuple[str, str]] = field(default_factory=list)
    """(text, kind) pairs; kind is one of ALIAS_KINDS."""


def alias_rows(e: Entity) -> list[dict[str, Any]]:
    """One row per key under which the entity can be found."""
    rows = {(name_key(e.name), "name"): e.name}
    for text, kind in e.aliases:
        if kind == "ticker":
            exchange, _, symbol = text.rpartition(":")
            rows.setdefault((ticker_key(exchange or None, symbol.strip()), "ticker"), text)
            rows.setdefault((name_key(symbol), "alias"), symbol.strip())
        else:
            rows.setdefault((name_key(text), kind), text)
    return [
        {"key": key, "entity_id": e.id, "text": text, "kind": kind}
        for (key, kind), text in rows.items()
        if key
    ]
