"""The counterparty ledger: every organisation an entity deals with, seen from its side.

Each relationship statement about the entity is turned around when the entity
is its target (`supplies` becomes `customer_of`), grouped by counterparty and
type, and kept with all its evidence. Negated statements are evidence of
absence and never appear as a relationship.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from lodemap.conflicts import Conflict, status_conflicts
from lodemap.document import Document
from lodemap.entity import Entity
from lodemap.errors import NotFoundError
from lodemap.lifecycle import Event, lifecycle
from lodemap.names import name_key, ticker_key
from lodemap.resolution.clusters import load_clusters
from lodemap.schema import Schema, get_schema
from lodemap.statement import Statement
from lodemap.store import Store


@dataclass
class Evidence:
    statement_id: str
    status: str
    date: str | None
    evidence: str
    doc_id: str
    url: str
    title: str | None
    published: str | None
    extractor: str
    confidence: float
    subject_text: str
    object_text: str | None


@dataclass
class StatusGroup:
    """The statements that give one relationship one status; sources may disagree."""

    status: str
    latest_date: str | None
    statement_ids: list[str]


@dataclass
class LedgerRelation:
    type: str
    """The canonical relationship type of the statements."""
    label: str
    """The type as seen from the ledger entity's side (`customer_of` for a supplier)."""
    direction: str
    """`outgoing` (the entity is the source), `incoming`, or `mutual` (symmetric types)."""
    status: str
    """The status of the latest dated statement (see `statuses` for every reported one)."""
    latest_date: str | None
    statuses: list[StatusGroup] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    state: str | None = None
    """The lifecycle state (`lodemap.lifecycle`): the furthest stage reached, or
    terminated; None when only negated or unknown statements give a status."""
    lifecycle: str = ""
    """Each change of state with its month: "proposed 2025-07 → signed 2026-03"."""
    events: list[Event] = field(default_factory=list)
    """Every dated status statement, negated ones included, oldest first."""
    conflicts: list[Conflict] = field(default_factory=list)
    """Sources that disagree on the status at the same time (`lodemap.conflicts`)."""


@dataclass
class LedgerEntry:
    counterparty_id: str
    name: str
    entity_type: str
    country: str | None
    relations: list[LedgerRelation] = field(default_factory=list)

    @property
    def latest_date(self) -> str | None:
        dates = [r.latest_date for r in self.relations if r.latest_date]
        return max(dates) if dates else None


@dataclass
class Ledger:
    entity: Entity
    entries: list[LedgerEntry]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": {"id": self.entity.id, "name": self.entity.name,
                       "type": self.entity.type, "country": self.entity.country},
            "counterparties": [
                {"id": e.counterparty_id, "name": e.name, "type": e.entity_type,
                 "country": e.country, "latest_date": e.latest_date,
                 "relationships": [asdict(r) for r in e.relations]}
                for e in self.entries
            ],
        }


def find_entity(store: Store, name: str, *, canonical: bool = True) -> Entity:
    """The entity a user means by `name` (id, name, alias or ticker); with `canonical`,
    the canonical entity of its cluster (see `lodemap.resolution`)."""
    ent = _lookup(store, name)
    head = load_clusters(store).canonical(ent.id) if canonical else ent.id
    return (store.entity(head) or ent) if head != ent.id else ent


def _lookup(store: Store, name: str) -> Entity:
    ent = store.entity(name)
    if ent is not None:
        return ent
    symbol = name.rpartition(":")[2].strip()
    for candidate in (name_key(name), ticker_key(None, symbol)):
        ids = store.alias_index_for(candidate)
        if ids:
            found = store.entity(ids[0])
            if found is not None:
                return found
    suggestions = [e.name for e in store.list_entities(query=name, limit=5)]
    raise NotFoundError(name, suggestions=suggestions)


def _summary_status(statements: list[Statement], schema: Schema) -> str:
    """The status of the latest dated statement; on a tie, the furthest along the lifecycle."""
    def key(st: Statement) -> tuple[str, int, float]:
        return (st.date or "", schema.status(st.status).rank, st.confidence)
    return max(statements, key=key).status


def _by_status(statements: list[Statement]) -> list[StatusGroup]:
    groups: dict[str, list[Statement]] = {}
    for st in statements:
        groups.setdefault(st.status, []).append(st)
    out = []
    for status, sts in groups.items():
        dates = [x.date for x in sts if x.date]
        out.append(StatusGroup(status, max(dates) if dates else None,
                               sorted(x.id for x in sts)))
    return sorted(out, key=lambda g: (g.latest_date or "", g.status), reverse=True)


def build_ledger(store: Store, entity: Entity, *, schema: Schema | None = None,
                 min_confidence: float = 0.0,
                 statements: list[Statement] | None = None,
                 as_of: str | None = None) -> Ledger:
    """The ledger of `entity` and every entity merged with it (its cluster), with
    counterparties under their canonical ids; `statements`, when the caller already read
    every statement about the entity, saves reading them again. With `as_of` (ISO date),
    only statements effective by then count (caller's `statements` must be so read)."""
    schema = schema or get_schema()
    shown = set(schema.shown_statuses())
    rels = schema.relations
    clusters = load_clusters(store)
    own = set(clusters.members(entity.id))
    about = (store.statements_about(entity.id, predicates=list(rels), as_of=as_of)
             if statements is None else [s for s in statements if s.predicate in rels])
    for member in sorted(own - {entity.id}):
        about += store.statements_about(member, predicates=list(rels), as_of=as_of)
    about = list({s.id: s for s in about}.values())  # a statement between two members twice

    def far_end(s: Statement) -> str | None:
        end = s.object_id if s.subject_id in own else s.subject_id
        return clusters.canonical(end) if end else None

    # Negated statements are read too: never shown as a relationship, they stay in
    # its lifecycle events and can contradict another source.
    stmts = [
        s for s in about
        if s.confidence >= min_confidence and far_end(s) is not None and far_end(s) not in own
    ]
    ents = store.entities_by_id(x for s in stmts if (x := far_end(s)))
    docs: dict[str, Document] = store.documents_by_id(s.doc_id for s in stmts)

    groups: dict[tuple[str, str, str], list[Statement]] = {}
    for s in stmts:
        outgoing = s.subject_id in own
        other = far_end(s)
        if other is None or other not in ents:
            continue
        if not schema.is_a(ents[other].type, "Organization"):
            continue  # facilities and places belong to the snapshot, not the ledger
        rel = rels[s.predicate]
        direction = "mutual" if rel.symmetric else ("outgoing" if outgoing else "incoming")
        groups.setdefault((other, s.predicate, direction), []).append(s)

    entries: dict[str, LedgerEntry] = {}
    for (other, predicate, direction), every in sorted(groups.items()):
        group = [s for s in every if s.status in shown]
        if not group:
            continue  # only denials: no relationship to show
        rel = rels[predicate]
        e = ents[other]
        entry = entries.setdefault(other, LedgerEntry(other, e.name, e.type, e.country))
        evidence = []
        for s in sorted(group, key=lambda x: (x.date or "", x.id), reverse=True):
            d = docs.get(s.doc_id)
            evidence.append(Evidence(
                statement_id=s.id, status=s.status, date=s.date, evidence=s.evidence,
                doc_id=s.doc_id, url=d.link if d else "", title=d.title if d else None,
                published=d.published if d else None, extractor=s.extractor,
                confidence=s.confidence, subject_text=s.subject_text,
                object_text=s.object_text,
            ))
        dates = [s.date for s in group if s.date]
        life = lifecycle(every, schema=schema,
                         published={k: d.published for k, d in docs.items()})
        entry.relations.append(LedgerRelation(
            type=predicate, label=rel.label_for(as_source=direction != "incoming"),
            direction=direction, status=_summary_status(group, schema),
            latest_date=max(dates) if dates else None, statuses=_by_status(group),
            evidence=evidence, state=life.state, lifecycle=life.summary, events=life.events,
            conflicts=status_conflicts(every, docs=docs),
        ))
    ordered = sorted(entries.values(), key=lambda x: (x.latest_date or "", x.name),
                     reverse=True)
    return Ledger(entity, ordered)
