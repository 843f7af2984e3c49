"""The knowledge store read as a graph: entities are nodes, relationship statements edges.

Nodes are canonical entities (entity-resolution clusters are followed, as the
ledger does): companies, government bodies, labs, facilities, deposits, places.
An edge joins two nodes by one relationship type in the schema's direction
(`source TYPE target`) and keeps every statement that asserts it, with its
status and evidence. Only statuses the schema shows become edges: a negated
statement is evidence of absence, never a link. The graph is read lazily, one
node's statements at a time (indexed look-ups), so a walk of a few tiers stays
cheap on a store of a million statements.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from lodemap.document import Document
from lodemap.entity import Entity
from lodemap.ledger import Evidence
from lodemap.lifecycle import lifecycle
from lodemap.resolution.clusters import load_clusters
from lodemap.schema import RelationType, Schema, get_schema
from lodemap.statement import Statement
from lodemap.store import Store

STAGE_PROPERTY = "stage"
"""The value property that states a chain stage of an entity (with its evidence)."""


@dataclass
class Node:
    id: str
    name: str
    type: str
    country: str | None
    stages: list[str]
    """The entity's stages (profile and `stage` statements), upstream first."""
    stage_statements: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Edge:
    """One relationship between two nodes, with every statement that asserts it."""

    source: str
    target: str
    type: str
    label: str
    family: str
    flow: str
    symmetric: bool
    status: str
    """The relationship's state from its lifecycle (`lodemap.lifecycle`); `unknown` when
    no statement gives a state."""
    statuses: list[str]
    """Every status reported, furthest along the lifecycle first."""
    statement_ids: list[str]
    evidence: list[Evidence]
    """Newest first; one per statement, with its document and sentence."""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.type)

    def other(self, node: str) -> str:
        return self.target if node == self.source else self.source

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "target": self.target, "type": self.type,
            "label": self.label, "status": self.status, "statuses": self.statuses,
            "statement_ids": self.statement_ids,
            "evidence": [asdict(e) for e in self.evidence],
        }


def evidence_of(st: Statement, doc: Document | None) -> Evidence:
    return Evidence(
        statement_id=st.id, status=st.status, date=st.date, evidence=st.evidence,
        doc_id=st.doc_id, url=doc.link if doc else "", title=doc.title if doc else None,
        published=doc.published if doc else None, extractor=st.extractor,
        confidence=st.confidence, subject_text=st.subject_text, object_text=st.object_text,
    )


class StoreGraph:
    """Adjacency of the store, read node by node and cached.

    `as_of` (an ISO date) keeps only statements effective by then (the store's
    rule: the statement's date, else its document's publication date).
    """

    def __init__(self, store: Store, *, as_of: str | None = None,
                 schema: Schema | None = None) -> None:
        self.store = store
        self.as_of = as_of
        self.schema = schema or get_schema()
        self.clusters = load_clusters(store)
        self._shown = frozenset(self.schema.shown_statuses())
        self._predicates = [*self.schema.relations, STAGE_PROPERTY]
        self._adjacent: dict[str, list[Edge]] = {}
        self._edges: dict[tuple[str, str, str], Edge] = {}
        self._nodes: dict[str, Node] = {}
        self._entities: dict[str, Entity] = {}
        self._stage_statements: dict[str, list[Statement]] = {}

    def relation(self, edge: Edge) -> RelationType:
        return self.schema.relation(edge.type)

    def node(self, node_id: str) -> Node:
        """The entity with its stages (which need its statements read first)."""
        node_id = self.clusters.canonical(node_id)
        if node_id not in self._nodes:
            self.edges(node_id)
            self._fetch_entities([node_id])
            ent = self._entities.get(node_id) or Entity(id=node_id, type="Thing", name=node_id)
            self._nodes[node_id] = self._node(ent)
        return self._nodes[node_id]

    def is_a(self, node_id: str, entity_type: str) -> bool:
        """The node's entity type (known once a neighbour's edges are read) descends from
        `entity_type`."""
        self._fetch_entities([node_id])
        ent = self._entities.get(node_id)
        return ent is not None and self.schema.is_a(ent.type, entity_type)

    def edges(self, node_id: str) -> list[Edge]:
        """Every shown relationship at the node, in a stable order."""
        node_id = self.clusters.canonical(node_id)
        if node_id not in self._adjacent:
            self._load(node_id)
        return self._adjacent[node_id]

    # ---- loading --------------------------------------------------------------

    def _load(self, node_id: str) -> None:
        own = set(self.clusters.members(node_id))
        about: dict[str, Statement] = {}
        for member in sorted(own):
            for st in self.store.statements_about(member, self._predicates, as_of=self.as_of):
                about.setdefault(st.id, st)  # a statement between two members comes twice
        shown = [s for s in about.values() if s.status in self._shown]
        self._stage_statements[node_id] = [
            s for s in shown if s.predicate == STAGE_PROPERTY and s.subject_id in own]
        groups: dict[tuple[str, str, str], list[Statement]] = {}
        for s in shown:
            if s.predicate == STAGE_PROPERTY or s.object_id is None:
                continue
            src, tgt = self.clusters.canonical(s.subject_id), self.clusters.canonical(s.object_id)
            if src == tgt:
                continue  # a claim between two names of one entity is no link
            if self.schema.relation(s.predicate).symmetric:
                src, tgt = sorted((src, tgt))  # stored in mention order; one edge either way
            groups.setdefault((src, tgt, s.predicate), []).append(s)
        docs = self.store.documents_by_id(s.doc_id for g in groups.values() for s in g)
        edges = [self._edges.get(key) or self._edge(key, group, docs)
                 for key, group in sorted(groups.items())]
        self._adjacent[node_id] = edges
        self._fetch_entities([node_id, *(e.other(node_id) for e in edges)])

    def _edge(self, key: tuple[str, str, str], group: list[Statement],
              docs: dict[str, Document]) -> Edge:
        src, tgt, predicate = key
        rel = self.schema.relation(predicate)
        published = {d.id: d.published for d in docs.values()}
        state = lifecycle(group, schema=self.schema, published=published).state
        ordered = sorted(group, key=lambda s: (s.date or "", s.id), reverse=True)
        statuses = sorted({s.status for s in group},
                          key=lambda x: (-self.schema.status(x).rank, x))
        edge = Edge(
            source=src, target=tgt, type=predicate, label=rel.label, family=rel.family,
            flow=rel.flow, symmetric=rel.symmetric, status=state or "unknown",
            statuses=statuses, statement_ids=sorted(s.id for s in group),
            evidence=[evidence_of(s, docs.get(s.doc_id)) for s in ordered],
        )
        self._edges[key] = edge
        return edge

    def _fetch_entities(self, ids: list[str]) -> None:
        # One query for a node's neighbours: a walk asks for most of them next.
        wanted = [x for x in dict.fromkeys(ids) if x not in self._entities]
        if wanted:
            self._entities.update(self.store.entities_by_id(wanted))

    def _node(self, ent: Entity) -> Node:
        stages = set(ent.stages)
        stated = self._stage_statements.get(ent.id, [])
        stages |= {s.value for s in stated if s.value in self.schema.stages}
        return Node(id=ent.id, name=ent.name, type=ent.type, country=ent.country,
                    stages=[s for s in self.schema.stage_order() if s in stages],
                    stage_statements=sorted(s.id for s in stated))
