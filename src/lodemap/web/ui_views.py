"""What the UI's company page shows, as plain data for its templates.

Every string that came from a document (names as written, evidence sentences,
titles, URLs) is passed on as text: the templates autoescape it and the scripts
set it with `textContent`. Links to sources are kept only for http(s) URLs, so a
`javascript:` address in a document header can never become a link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from lodemap.chain import ChainMap, chain_position
from lodemap.conflicts import Conflict, find_conflicts
from lodemap.entity import Entity
from lodemap.ledger import Evidence, Ledger, build_ledger
from lodemap.schema import get_schema
from lodemap.signals import compute_signals
from lodemap.store import Store

TIER_GAP_X = 260
"""Pixels between tier columns of the chain graph."""
NODE_GAP_Y = 64


def safe_link(url: str | None) -> str | None:
    """The URL when it is an http(s) address, else None (shown as text, never linked)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def entity_href(entity_id: str) -> str:
    return "/entity/" + quote(entity_id, safe="")


@dataclass
class Quote:
    """One evidence sentence with where it came from."""

    statement_id: str
    text: str
    status: str
    date: str | None
    source: str
    link: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"statement_id": self.statement_id, "text": self.text, "status": self.status,
                "date": self.date, "source": self.source, "link": self.link}


def quote_of(ev: Evidence) -> Quote:
    return Quote(ev.statement_id, " ".join(ev.evidence.split()), ev.status, ev.date,
                 ev.title or ev.url, safe_link(ev.url))


@dataclass
class LedgerRow:
    counterparty: str
    href: str
    label: str
    status: str
    lifecycle: str
    latest: str | None
    quotes: list[Quote]
    disputed: list[str]


@dataclass
class SignalView:
    name: str
    value: str
    reasons: list[tuple[str, list[Quote]]]


@dataclass
class ConflictView:
    about: str
    reason: str
    sides: list[tuple[str, list[Quote]]]


@dataclass
class EntityPage:
    entity: Entity
    as_of: str | None
    stages: list[str]
    rows: list[LedgerRow]
    statuses: list[str]
    signals: list[SignalView]
    conflicts: list[ConflictView]
    chain: ChainMap
    graph: dict[str, Any] = field(default_factory=dict)


def ledger_rows(ledger: Ledger) -> list[LedgerRow]:
    rows = []
    for entry in ledger.entries:
        for rel in entry.relations:
            disputed = [" vs ".join(f"{s.value} ({', '.join(s.dates) or 'undated'})"
                                    for s in c.sides) for c in rel.conflicts]
            rows.append(LedgerRow(entry.name, entity_href(entry.counterparty_id), rel.label,
                                  rel.state or rel.status, rel.lifecycle, rel.latest_date,
                                  [quote_of(e) for e in rel.evidence], disputed))
    return rows


def _statement_quotes(store: Store, ids: set[str]) -> dict[str, Quote]:
    """Quotes of statements cited by signals and conflicts, with their documents."""
    sts = store.statements_by_id(ids)
    docs = store.documents_by_id({s.doc_id for s in sts.values()})
    out = {}
    for sid, st in sts.items():
        doc = docs.get(st.doc_id)
        url = doc.link if doc else ""
        out[sid] = Quote(sid, " ".join(st.evidence.split()), st.status, st.date,
                         (doc.title if doc and doc.title else url), safe_link(url))
    return out


def _show(value: object) -> str:
    """A signal's value in a line: parts with nothing in them are left out, so that
    `{"dependents": 2, "scarce_stages": []}` reads "dependents: 2"."""
    if value is None or value in ("", [], {}):
        return "no evidence"
    if isinstance(value, dict):
        parts = [f"{k.replace('_', ' ')}: {_show(v)}" for k, v in value.items()
                 if v not in (None, "", [], {})]
        return "; ".join(parts) or "no evidence"
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value)
    return str(value)


def _conflict_view(c: Conflict, names: dict[str, str]) -> ConflictView:
    about = c.topic + (f" with {names.get(c.object_id, c.object_id)}" if c.object_id else "")
    if c.measure:
        about += f" ({c.measure})"
    sides = [(s.value, [Quote(x.statement_id, " ".join(x.evidence.split()), s.value, x.date,
                              x.title or x.url, safe_link(x.url)) for x in s.claims])
             for s in c.sides]
    return ConflictView(about, c.reason, sides)


def entity_page(store: Store, entity: Entity, as_of: str | None = None) -> EntityPage:
    schema = get_schema()
    rows = ledger_rows(build_ledger(store, entity, as_of=as_of))
    results = compute_signals(store, entity.id, as_of=as_of)
    conflicts = find_conflicts(store, entity, as_of=as_of)
    cited = {sid for r in results for why in r.reasons for sid in why.statement_ids}
    quotes = _statement_quotes(store, cited | {i for c in conflicts for i in c.statement_ids})
    signals = [SignalView(r.name, _show(r.value),
                          [(why.text, [quotes[i] for i in why.statement_ids if i in quotes])
                           for why in r.reasons]) for r in results]
    others = {c.object_id for c in conflicts if c.object_id}
    names = {k: e.name for k, e in store.entities_by_id(others).items()}
    chain = chain_position(store, entity.id, 2, 2, as_of=as_of)
    statuses = sorted({r.status for r in rows}, key=_status_rank)
    return EntityPage(entity, as_of, [schema.stage(s).label for s in entity.stages], rows,
                      statuses, signals, [_conflict_view(c, names) for c in conflicts],
                      chain, chain_graph(chain))


def _status_rank(status: str) -> tuple[int, str]:
    order = list(get_schema().statuses)
    return (order.index(status) if status in order else len(order), status)


def tier_title(tier: int) -> str:
    if tier == 0:
        return "Tier 0: the company, its sites and group"
    side = "suppliers" if tier < 0 else "customers"
    return f"{'Upstream' if tier < 0 else 'Downstream'} tier {abs(tier)} ({side})"


def chain_graph(chain: ChainMap) -> dict[str, Any]:
    """Cytoscape elements: one compound node per tier (columns left to right, upstream
    first), entities inside it ordered by stage, and one edge per relationship with its
    evidence. Positions are fixed here so the picture is the same on every load."""
    schema = get_schema()
    nodes: list[dict[str, Any]] = []
    for tier, members in chain.tiers().items():
        parent = f"tier:{tier}"
        nodes.append({"data": {"id": parent, "label": tier_title(tier), "kind": "tier"}})
        for i, cn in enumerate(members):
            n = cn.node
            stage = n.stages[0] if n.stages else ""
            nodes.append({
                "data": {"id": f"{n.id}@{tier}", "entity": n.id, "parent": parent,
                         "label": n.name, "type": n.type, "stage": stage,
                         "stage_label": schema.stage(stage).label if stage else "",
                         "href": entity_href(n.id), "kind": "entity",
                         "self": cn.via == "self"},
                "position": {"x": tier * TIER_GAP_X, "y": i * NODE_GAP_Y}})
    placed = {(n.node.id, n.tier) for n in chain.nodes}
    edges = []
    for k, link in enumerate(chain.links):
        e = link.edge
        ends = _edge_ends(e.source, e.target, placed)
        if ends is None:
            continue
        edges.append({"data": {
            "id": f"edge:{k}", "source": ends[0], "target": ends[1], "label": e.label,
            "from": e.source, "to": e.target, "type": e.type,
            "status": e.status, "role": link.role, "title": f"{_name(chain, e.source)} "
            f"{e.label} {_name(chain, e.target)}",
            "evidence": [quote_of(ev).to_dict() for ev in e.evidence]}})
    return {"nodes": nodes, "edges": edges}


def _name(chain: ChainMap, node_id: str) -> str:
    for n in chain.nodes:
        if n.node.id == node_id:
            return n.node.name
    return node_id


def _edge_ends(source: str, target: str,
               placed: set[tuple[str, int]]) -> tuple[str, str] | None:
    """The graph nodes an edge joins: a node placed on both sides of the chain (a
    supplier that is also a customer) is joined at the pair of tiers nearest each other."""
    src = [t for n, t in placed if n == source]
    dst = [t for n, t in placed if n == target]
    pairs = sorted(((a, b) for a in src for b in dst), key=lambda p: (abs(p[0] - p[1]), p))
    if not pairs:
        return None
    a, b = pairs[0]
    return f"{source}@{a}", f"{target}@{b}"
