"""Resolution v1: mention text -> canonical entity.

Names, aliases and tickers are folded by `lodemap.names` into keys; a key
known to the store resolves to its entity, an unknown organisation becomes a
new entity whose id derives from its key (so the same name always gets the
same id). Every answer says how it was reached.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lodemap.entity import Entity, alias_rows
from lodemap.ids import slug
from lodemap.names import name_key, ticker_key


@dataclass(frozen=True)
class Resolution:
    entity_id: str
    method: str
    """`name` (a known name or alias), `ticker`, or `new` (first time seen)."""
    score: float
    new_entity: Entity | None = None


class Resolver:
    """Resolves names against an alias index (key -> entity ids) from the store."""

    def __init__(self, index: dict[str, list[str]], types: dict[str, str] | None = None) -> None:
        self.index = {k: sorted(v) for k, v in index.items()}
        self.types = types or {}
        self._new: dict[str, Entity] = {}

    @classmethod
    def for_entities(cls, entities: Iterable[Entity]) -> Resolver:
        """A resolver that knows these entities (no store)."""
        resolver = cls({})
        resolver.learn(entities)
        return resolver

    def learn(self, entities: Iterable[Entity]) -> None:
        """Know these entities' names from now on; a key already known keeps its entity."""
        index: dict[str, list[str]] = {}
        for e in entities:
            self.types.setdefault(e.id, e.type)
            for row in alias_rows(e):
                index.setdefault(row["key"], []).append(e.id)
        for key, ids in index.items():
            self.index.setdefault(key, sorted(ids))

    def lookup(self, text: str) -> str | None:
        """The entity id for a known name, alias or ticker symbol, else None."""
        for key in (name_key(text), ticker_key(None, text)):
            ids = self.index.get(key)
            if ids:
                return ids[0]
        return None

    def resolve(self, text: str, *, entity_type: str = "Organization",
                ticker: str | None = None) -> Resolution:
        if ticker:
            ids = self.index.get(ticker_key(None, ticker))
            if ids:
                return Resolution(ids[0], "ticker", 1.0)
        key = name_key(text)
        ids = self.index.get(key)
        if ids:
            return Resolution(ids[0], "name", 1.0)
        if key in self._new:
            ent = self._new[key]
            return Resolution(ent.id, "new", 0.7, ent)
        ent = Entity(id="x-" + slug(key)[:60], type=entity_type, name=text.strip(),
                     origin="extracted")
        if ticker:
            ent.aliases.append((ticker, "ticker"))
        self._new[key] = ent
        return Resolution(ent.id, "new", 0.7, ent)

    def new_entities(self) -> list[Entity]:
        return list(self._new.values())
