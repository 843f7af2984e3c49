"""Contradictions: where sources disagree, both sides are kept with their sources.

Values (`value_conflicts`): two statements about the same subject and property
disagree when they give the same figure (`lodemap.values.comparable`: same unit
after conversion, same phase, same material where both name one, same period
where both state one, same qualifier for deal amounts and metrics) and their
ranges do not overlap within the tolerance (2 %), and they come from different
documents (one document giving two figures is describing a progression).

Statuses (`status_conflicts`): two statements about the same relationship, from
different documents, dated within the same period (92 days), disagree when
- one says the relationship does not exist (`negated`) and the other reports it
  in any stage;
- one says it ended (`terminated`) and the other, dated the same day or later,
  reports it as live;
- one says it is binding (`signed`, `completed`) and the other, dated the same
  day or later, says it is only `proposed`.
A stage reported after an earlier one (proposed, then signed, then completed; or
signed, then terminated) is the lifecycle moving on, not a disagreement; nor is
`announced` next to `signed` (news says "announced" of signed deals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from lodemap.document import Document
from lodemap.entity import Entity
from lodemap.lifecycle import effective_date
from lodemap.resolution.clusters import load_clusters
from lodemap.schema import Schema, get_schema
from lodemap.statement import Statement
from lodemap.store import Store
from lodemap.values import Measure, agree, bound, comparable, format_value, measure, rules

LIVE = frozenset({"proposed", "announced", "signed", "completed"})
BINDING = frozenset({"signed", "completed"})


@dataclass
class Claim:
    """One statement on one side of a disagreement, with its source."""

    statement_id: str
    doc_id: str
    date: str
    evidence: str
    extractor: str
    confidence: float
    qualifier: str | None
    url: str
    title: str | None

    @property
    def id(self) -> str:
        return self.statement_id


@dataclass
class Side:
    value: str
    """The value as printed ("5,000 t/yr") or the status."""
    claims: list[Claim] = field(default_factory=list)

    @property
    def dates(self) -> list[str]:
        return sorted({c.date for c in self.claims if c.date})


@dataclass
class Conflict:
    kind: str
    """`value` or `status`."""
    subject_id: str
    topic: str
    """The property or the relationship type."""
    reason: str
    sides: list[Side]
    object_id: str | None = None
    measure: str = ""
    """What the values measure, as the rules read it ("initial, magnets; 2024")."""

    @property
    def statement_ids(self) -> set[str]:
        return {c.statement_id for s in self.sides for c in s.claims}

    def to_dict(self, names: Mapping[str, str]) -> dict[str, Any]:
        """The conflict as data (`lodemap conflicts --json`, the API), with the names of
        its subject and object from `names` (ids where a name is missing)."""
        return {"kind": self.kind, "subject_id": self.subject_id,
                "subject": names.get(self.subject_id, self.subject_id), "topic": self.topic,
                "object_id": self.object_id,
                "object": names.get(self.object_id, self.object_id) if self.object_id
                else None,
                "measure": self.measure, "reason": self.reason,
                "sides": [{"value": s.value, "claims": [asdict(x) for x in s.claims]}
                          for s in self.sides]}


def _claim(st: Statement, docs: Mapping[str, Document]) -> Claim:
    d = docs.get(st.doc_id)
    return Claim(st.id, st.doc_id, effective_date(st, d.published if d else None),
                 st.evidence, st.extractor, st.confidence, st.qualifier,
                 d.link if d else "", d.title if d else None)


def _groups(pairs: list[tuple[Statement, Statement]],
            together: Callable[[Statement, Statement], bool]) -> list[list[Statement]]:
    """Disagreeing pairs gathered into groups whose members all give the same figure
    (`together`): a claim of unstated scope that disagrees with two different figures
    makes two conflicts, not one that mixes the figures."""
    groups: list[dict[str, Statement]] = []
    for a, b in pairs:
        for g in groups:
            if all(together(x, y) for x in g.values() for y in (a, b) if x.id != y.id):
                g[a.id], g[b.id] = a, b
                break
        else:
            groups.append({a.id: a, b.id: b})
    return [sorted(g.values(), key=lambda s: s.id) for g in groups]


def _sides(group: list[Statement], key: Callable[[Statement], object],
           label: Callable[[Statement], str], docs: Mapping[str, Document]) -> list[Side]:
    sides: dict[object, Side] = {}
    for st in group:
        sides.setdefault(key(st), Side(label(st))).claims.append(_claim(st, docs))
    for side in sides.values():
        side.claims.sort(key=lambda c: (c.date, c.statement_id))
    return sorted(sides.values(), key=lambda s: (s.claims[0].date, s.value))


def _describe(measures: list[Measure]) -> str:
    words = ", ".join(sorted({w for m in measures for w in m.phase | m.material}))
    periods = ", ".join(sorted({m.period for m in measures if m.period}))
    return "; ".join(x for x in (measures[0].qualifier or words, periods) if x)


def _value_label(st: Statement) -> str:
    limit = bound(st)
    return f"{limit} {format_value(st)}" if limit else format_value(st)


def value_conflicts(statements: Iterable[Statement], *,
                    docs: Mapping[str, Document] | None = None,
                    subject_of: Callable[[str], str] = lambda x: x) -> list[Conflict]:
    """Disagreeing values among `statements`; `subject_of` maps an entity id to the one
    it is merged into (`lodemap.resolution` clusters)."""
    docs = docs or {}
    r = rules()
    groups: dict[tuple[str, str], list[tuple[Statement, Measure]]] = {}
    for st in statements:
        if st.value is None or st.object_id or st.predicate in r.many_valued:
            continue
        if st.status == "negated":
            continue  # a denied figure is not a figure
        groups.setdefault((subject_of(st.subject_id), st.predicate), []).append(
            (st, measure(st)))
    out = []
    measures = {st.id: m for items in groups.values() for st, m in items}
    for (subject, prop), items in sorted(groups.items()):
        pairs = [(a, b) for (a, ma), (b, mb) in combinations(items, 2)
                 if a.doc_id != b.doc_id and comparable(ma, mb) and not agree(a, b)]
        for group in _groups(pairs, lambda x, y: comparable(measures[x.id], measures[y.id])):
            out.append(Conflict(
                "value", subject, prop, f"values differ by more than {r.tolerance:.0%}",
                _sides(group, _value_label, _value_label, docs),
                measure=_describe([measures[s.id] for s in group])))
    return out


def _day(text: str) -> date:
    parts = [int(p) for p in text[:10].split("-") if p.isdigit()] + [1, 1]
    try:
        return date(parts[0], max(1, min(parts[1], 12)), max(1, min(parts[2], 28)))
    except (ValueError, IndexError):
        return date(1, 1, 1)


def _status_reason(a: Statement, da: str, b: Statement, db: str) -> str | None:
    """Why two dated status reports of one relationship disagree, or None."""
    if a.doc_id == b.doc_id:
        return None
    if abs((_day(da) - _day(db)).days) > rules().same_period_days:
        return None
    for (x, dx), (y, dy) in (((a, da), (b, db)), ((b, db), (a, da))):
        if x.status == "negated" and y.status in LIVE:
            return "one source says the relationship does not exist"
        if x.status == "terminated" and y.status in LIVE and dy >= dx:
            return "reported as ended, then as live"
        if x.status in BINDING and y.status == "proposed" and dy >= dx:
            return "reported as binding, then as only proposed"
    return None


def status_conflicts(statements: Iterable[Statement], *,
                     docs: Mapping[str, Document] | None = None) -> list[Conflict]:
    """Disagreeing statuses among the statements of ONE relationship (same ends and type,
    as the caller groups them)."""
    docs = docs or {}
    sts = list(statements)
    dated = [(s, effective_date(s, d.published if (d := docs.get(s.doc_id)) else None))
             for s in sts]
    pairs, reasons = [], {}
    for (a, da), (b, db) in combinations(dated, 2):
        reason = _status_reason(a, da, b, db)
        if reason:
            pairs.append((a, b))
            reasons[a.id] = reasons[b.id] = reason
    if not pairs:
        return []
    first = sts[0]
    return [Conflict("status", first.subject_id, first.predicate,
                     "; ".join(sorted({reasons[s.id] for s in group})),
                     _sides(group, lambda s: s.status, lambda s: s.status, docs),
                     object_id=first.object_id)
            for group in _groups(pairs, lambda x, y: True)]


def find_conflicts(store: Store, entity: Entity | None = None, *, as_of: str | None = None,
                   schema: Schema | None = None) -> list[Conflict]:
    """Disagreements in the store, or about one entity (its cluster, and the figures of
    the facilities it operates), counting statements effective by `as_of`."""
    schema = schema or get_schema()
    clusters = load_clusters(store)
    if entity is None:
        sts = store.statements(as_of=as_of)
    else:
        own = clusters.members(entity.id)
        sts = [s for m in own for s in store.statements_about(m, as_of=as_of)]
        sites = sorted({s.object_id for s in sts if s.object_id and s.subject_id in own
                        and s.predicate in schema.relations
                        and schema.relations[s.predicate].family == "physical"})
        kinds = store.entities_by_id(sites)
        sts += [s for site in sites if not schema.is_a(kinds[site].type, "Place")
                for s in store.statements_about(site, as_object=False, as_of=as_of)]
        sts = list({s.id: s for s in sts}.values())
    docs = store.documents_by_id(s.doc_id for s in sts)
    found = value_conflicts(sts, docs=docs, subject_of=clusters.canonical)
    relationships: dict[tuple[str, str, str], list[Statement]] = {}
    for s in sts:
        if s.object_id is None or s.predicate not in schema.relations:
            continue
        ends = (clusters.canonical(s.subject_id), clusters.canonical(s.object_id))
        if schema.relations[s.predicate].symmetric:
            ends = (min(ends), max(ends))
        relationships.setdefault((ends[0], s.predicate, ends[1]), []).append(s)
    for key in sorted(relationships):
        for c in status_conflicts(relationships[key], docs=docs):
            c.subject_id, c.object_id = key[0], key[2]
            found.append(c)
    return found
