"""The statements signals read, loaded once per entity.

`Facts` holds every statement about the entity and the entities merged with it
(its resolution cluster), as known on `as_of` (effective dates as in
`Store.statements_about`), with the entities at their far ends. Signals ask it
for relationships (grouped by counterparty, type and direction; shown statuses
only: negated statements are evidence of absence and never a relationship),
value facts, operated sites and subsidiaries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lodemap.entity import Entity
from lodemap.resolution.clusters import Clusters, load_clusters
from lodemap.schema import Schema, get_schema
from lodemap.statement import Statement
from lodemap.store import Store

CONTROL = ("subsidiary_of", "acquires")
"""Relationship types through which the entity owns another organisation."""


@dataclass
class Relationship:
    """One relationship with one counterparty, seen from the entity's side."""

    counterparty: str
    type: str
    direction: str
    """`outgoing` (the entity is the source), `incoming`, or `mutual` (symmetric types)."""
    statements: list[Statement] = field(default_factory=list)

    @property
    def statuses(self) -> list[str]:
        return sorted({s.status for s in self.statements})


class Facts:
    def __init__(self, store: Store, entity: Entity, *, as_of: str | None = None,
                 schema: Schema | None = None) -> None:
        self.store = store
        self.schema = schema or get_schema()
        self.entity = entity
        self.as_of = as_of
        self.today = as_of or datetime.now(UTC).date().isoformat()
        self.clusters: Clusters = load_clusters(store)
        self.own = frozenset(self.clusters.members(entity.id))
        about: dict[str, Statement] = {}
        for member in sorted(self.own):
            about.update((s.id, s) for s in store.statements_about(member, as_of=as_of))
        self.statements = list(about.values())
        self.entities = store.entities_by_id(
            [*self.own, *(self.far_end(s) for s in self.statements if s.object_id)])

    def about(self, entity_ids: Iterable[str], predicates: list[str]) -> list[Statement]:
        """Statements with one of `entity_ids` as subject (facilities, subsidiaries)."""
        out: dict[str, Statement] = {}
        for eid in sorted(set(entity_ids)):
            out.update((s.id, s) for s in self.store.statements_about(
                eid, predicates, as_object=False, as_of=self.as_of))
        return list(out.values())

    # ---- reading -----------------------------------------------------------------

    def shown(self, st: Statement) -> bool:
        return self.schema.status(st.status).shown

    def far_end(self, st: Statement) -> str:
        end = st.object_id if st.subject_id in self.own else st.subject_id
        return self.clusters.canonical(end or "")

    def is_org(self, entity_id: str) -> bool:
        ent = self.entities.get(entity_id)
        return ent is not None and self.schema.is_a(ent.type, "Organization")

    def name(self, entity_id: str) -> str:
        ent = self.entities.get(entity_id)
        return ent.name if ent else entity_id

    def values(self, predicate: str, subjects: Iterable[str] | None = None,
               statements: Iterable[Statement] | None = None) -> list[Statement]:
        """Shown value statements of one property about `subjects` (default: the entity)."""
        wanted = set(subjects) if subjects is not None else self.own
        pool = self.statements if statements is None else statements
        return [s for s in pool if s.predicate == predicate and s.subject_id in wanted
                and s.object_id is None and self.shown(s)]

    def relationships(self, families: Iterable[str] | None = None) -> list[Relationship]:
        """Relationships with organisations outside the cluster, by counterparty, type and
        direction; only shown statuses, optionally only some schema families."""
        fams = set(families) if families is not None else None
        groups: dict[tuple[str, str, str], Relationship] = {}
        for s in self.statements:
            rel = self.schema.relations.get(s.predicate)
            if rel is None or not self.shown(s) or (fams is not None and rel.family not in fams):
                continue
            other = self.far_end(s)
            if other in self.own or not self.is_org(other):
                continue
            direction = ("mutual" if rel.symmetric else
                         "outgoing" if s.subject_id in self.own else "incoming")
            key = (other, s.predicate, direction)
            groups.setdefault(key, Relationship(*key)).statements.append(s)
        return [groups[k] for k in sorted(groups)]

    def sites(self) -> dict[str, list[Statement]]:
        """Facilities and deposits the entity operates: site id -> `operates` statements."""
        out: dict[str, list[Statement]] = {}
        for s in self.statements:
            if (s.predicate == "operates" and s.subject_id in self.own and s.object_id
                    and self.shown(s) and s.status != "terminated"):
                out.setdefault(s.object_id, []).append(s)
        return out

    def subsidiaries(self) -> dict[str, list[Statement]]:
        """Organisations it controls (subsidiary of it, or acquired: completed only)."""
        out: dict[str, list[Statement]] = {}
        for s in self.statements:
            if s.predicate not in CONTROL or s.status != "completed":
                continue
            owned = s.object_id if s.predicate == "acquires" else s.subject_id
            owner = s.subject_id if s.predicate == "acquires" else s.object_id
            if owner in self.own and owned and owned not in self.own:
                out.setdefault(owned, []).append(s)
        return out

    def load(self, ids: Iterable[str]) -> None:
        """Make sure entities are known to `name` and `is_org`."""
        missing = set(ids) - set(self.entities)
        self.entities.update(self.store.entities_by_id(missing))
