"""Canonical entities and the names they are known by."""

from __future__ import annotations

from dataclasses import dataclass, field

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

    def names(self) -> list[str]:
        return [self.name, *(text for text, _ in self.aliases)]
