"""Builds the dossier's content: every line a claim, every claim its citations.

The dossier is data first (`Dossier`), rendered afterwards by
`lodemap.dossier.render`. A `Line` is one sentence of the dossier that states
facts; it cannot be built without at least one statement behind it, so a fact
without a source cannot reach the page. Sources are numbered by document in
order of first citation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Protocol

import yaml

from lodemap.conflicts import Conflict, value_conflicts
from lodemap.document import Document
from lodemap.dossier.assess import Assessment, assess
from lodemap.entity import Entity
from lodemap.errors import LodemapError
from lodemap.ledger import Ledger, LedgerEntry, LedgerRelation, build_ledger
from lodemap.schema import Schema, get_schema
from lodemap.statement import Statement
from lodemap.store import Store
from lodemap.values import format_value


@cache
def phrases() -> dict[str, Any]:
    text = (resources.files("lodemap") / "dossier" / "phrases.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@dataclass(frozen=True)
class Citation:
    number: int
    statement_id: str


@dataclass
class Line:
    text: str
    citations: list[Citation]
    status: str | None = None

    def __post_init__(self) -> None:
        if not self.citations:
            raise LodemapError(f"dossier line without a source: {self.text!r}")

    @property
    def refs(self) -> list[Citation]:
        """One citation per source, pointing at its first statement, in source order."""
        first: dict[int, Citation] = {}
        for c in self.citations:
            first.setdefault(c.number, c)
        return [first[n] for n in sorted(first)]


@dataclass
class Source:
    number: int
    doc: Document


@dataclass
class EvidenceItem:
    statement_id: str
    number: int
    quote: str
    extractor: str
    confidence: float


@dataclass
class Disagreement:
    """Sources that disagree, side by side: each side is a line with its own citations."""

    topic: str
    reason: str
    sides: list[Line]


@dataclass
class Take:
    counterparty: str
    counterparty_type: str
    lines: list[Line]
    disagreements: list[Disagreement] = field(default_factory=list)


@dataclass
class Dossier:
    entity: Entity
    generated: str
    as_of: str | None = None
    """The date the dossier describes (statements effective by then), if not today."""
    snapshot: list[Line] = field(default_factory=list)
    facilities: list[Line] = field(default_factory=list)
    figures: list[Line] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    """Figures on which sources disagree (`lodemap.conflicts`)."""
    takes: list[Take] = field(default_factory=list)
    absences: list[str] = field(default_factory=list)
    """Sections with no evidence, stated plainly."""
    assessment: Assessment | None = None
    """Signals, chain position, risk implications and bottom line (`dossier.assess`)."""
    sources: list[Source] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)


class Cited(Protocol):
    """What a citation needs: a statement, or a claim of a disagreement."""

    @property
    def id(self) -> str: ...
    @property
    def doc_id(self) -> str: ...
    @property
    def evidence(self) -> str: ...
    @property
    def extractor(self) -> str: ...
    @property
    def confidence(self) -> float: ...


class _Citer:
    """Numbers documents in order of first citation and records each statement cited."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.numbers: dict[str, int] = {}
        self.docs: dict[str, Document] = {}
        self.cited: dict[str, EvidenceItem] = {}
        self.quotes: dict[tuple[str, str], str] = {}

    def cite(self, statements: Sequence[Cited]) -> list[Citation]:
        missing = {s.doc_id for s in statements} - set(self.docs)
        self.docs.update(self.store.documents_by_id(missing))
        out = []
        for s in statements:
            number = self.numbers.setdefault(s.doc_id, len(self.numbers) + 1)
            # Statements that quote the same sentence of the same source share one
            # evidence entry (a pack profile backs several stage statements).
            first = self.quotes.setdefault((s.doc_id, s.evidence), s.id)
            self.cited.setdefault(first, EvidenceItem(first, number, s.evidence, s.extractor,
                                                      s.confidence))
            out.append(Citation(number, first))
        return out

    def sources(self) -> list[Source]:
        return [Source(n, self.docs[d]) for d, n in sorted(self.numbers.items(),
                                                           key=lambda x: x[1])]


def _disagreement(conflict: Conflict, topic: str, citer: _Citer) -> Disagreement:
    sides = [Line(f"{side.value} (reported {', '.join(side.dates) or 'undated'})",
                  citer.cite(side.claims), side.value)
             for side in conflict.sides]
    return Disagreement(topic, conflict.reason, sides)


def _relation_lines(entity: Entity, entry: LedgerEntry, rel: LedgerRelation,
                    by_id: dict[str, Statement], citer: _Citer) -> list[Line]:
    """One line per reported status, latest first: disagreeing sources stay visible;
    then the lifecycle when the relationship has moved on."""
    words = phrases()["relations"][rel.type][rel.direction]
    lines = []
    for group in rel.statuses:
        status = phrases()["statuses"][group.status]
        when = f", latest report {group.latest_date}" if group.latest_date else ", undated"
        text = (f"{status['prefix']}{entity.name} {words} {entry.name} "
                f"({status['label']}{when}).")
        sts = [by_id[i] for i in group.statement_ids if i in by_id]
        lines.append(Line(text[0].upper() + text[1:], citer.cite(sts), group.status))
    steps = [by_id[e.statement_id] for e in rel.events
             if e.statement_id in by_id and e.status in {x.status for x in rel.statuses}]
    if " → " in rel.lifecycle and steps:
        lines.append(Line(f"Lifecycle: {rel.lifecycle}.", citer.cite(steps), rel.state))
    return lines


def build_dossier(store: Store, entity: Entity, *, generated: str,
                  schema: Schema | None = None, as_of: str | None = None) -> Dossier:
    """The dossier of `entity`; with `as_of` (ISO date), as the sources stood then."""
    schema = schema or get_schema()
    citer = _Citer(store)
    dossier = Dossier(entity, generated, as_of=as_of)
    about = store.statements_about(entity.id, as_of=as_of)
    by_id = {s.id: s for s in about}
    shown = set(schema.shown_statuses())

    # Snapshot: stages and country as the sources state them.
    stage_st = [s for s in about if s.predicate == "stage" and s.subject_id == entity.id]
    if stage_st:
        stages = sorted({s.value for s in stage_st if s.value},
                        key=lambda x: schema.stages[x].order if x in schema.stages else 99)
        labels = ", ".join(schema.stages[x].label.lower() for x in stages if x in schema.stages)
        where = f" Its home country is {entity.country}." if entity.country else ""
        dossier.snapshot.append(Line(
            f"{entity.name} works in these chain stages: {labels}.{where}",
            citer.cite(stage_st)))

    # Facilities and deposits it operates, with their figures.
    op_rel = [s for s in about if s.subject_id == entity.id and s.object_id
              and s.status in shown and schema.relations.get(s.predicate) is not None
              and schema.relations[s.predicate].family == "physical"]
    sites = {k: v for k, v in store.entities_by_id(s.object_id for s in op_rel
                                                    if s.object_id).items()
             if not schema.is_a(v.type, "Place")}
    per_site: dict[str, list[Statement]] = defaultdict(list)
    for s in op_rel:
        if s.object_id in sites:
            per_site[s.object_id].append(s)
    site_values: list[Statement] = []
    for site_id, sts in sorted(per_site.items(), key=lambda x: sites[x[0]].name):
        site = sites[site_id]
        kind = site.type.lower()
        stage = (f" ({', '.join(schema.stages[x].label.lower() for x in site.stages if x in schema.stages)})"  # noqa: E501
                 if site.stages else "")
        dossier.facilities.append(Line(
            f"{entity.name} {phrases()['relations'][sts[0].predicate]['outgoing']} "
            f"{site.name}, a {kind}{stage}.", citer.cite(sts)))
        site_values += [s for s in store.statements_about(site_id, as_object=False,
                                                          as_of=as_of)
                        if s.value is not None and s.predicate != "stage"]

    # Headline figures: values about the entity and its sites. Where sources disagree
    # (lodemap.conflicts) the sides stand together with their own citations and dates.
    values = [s for s in about if s.subject_id == entity.id and s.value is not None
              and s.predicate != "stage"] + site_values
    names = {entity.id: entity.name, **{k: v.name for k, v in sites.items()}}
    disputed: set[str] = set()
    citer.docs.update(store.documents_by_id({s.doc_id for s in values} - set(citer.docs)))
    for c in value_conflicts(values, docs=citer.docs):
        label = schema.properties[c.topic].label if c.topic in schema.properties else c.topic
        what = f" ({c.measure})" if c.measure else ""
        dossier.disagreements.append(_disagreement(
            c, f"{names[c.subject_id]} {label}{what}", citer))
        disputed |= c.statement_ids
    groups: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for s in values:
        if s.id not in disputed:
            groups[(s.subject_id, s.predicate)].append(s)
    for (subject_id, prop), sts in sorted(groups.items()):
        label = schema.properties[prop].label if prop in schema.properties else prop
        if prop == "committed_customers":
            negative = [s for s in sts if s.value == "false"]
            if negative:
                dossier.figures.append(Line(
                    f"{names[subject_id]} states that it has no contractually committed "
                    f"customers yet.", citer.cite(negative)))
            continue
        parts = []
        for s in sorted(sts, key=lambda x: (x.date or "", x.id)):
            qual = f" {s.qualifier}" if s.qualifier else ""
            notes = [phrases()["value_status"][s.status]] if phrases()["value_status"].get(
                s.status) else []
            notes.append(f"reported {s.date}" if s.date else "undated")
            parts.append(f"{format_value(s)}{qual} ({', '.join(notes)})")
        # Different figures (phases, materials, years), not a disagreement.
        text = f"{names[subject_id]} {label}: {'; '.join(parts)}."
        dossier.figures.append(Line(text, citer.cite(sts)))

    # Counterparty ledger: one take per counterparty.
    ledger: Ledger = build_ledger(store, entity, schema=schema, statements=about, as_of=as_of)
    for entry in ledger.entries:
        take = Take(entry.name, entry.entity_type, [])
        for rel in entry.relations:
            take.lines += _relation_lines(entity, entry, rel, by_id, citer)
            take.disagreements += [
                _disagreement(c, f"whether {entity.name} "
                              f"{phrases()['relations'][rel.type][rel.direction]} {entry.name}",
                              citer) for c in rel.conflicts]
        dossier.takes.append(take)

    # The model year: the year after the one the dossier describes.
    year = int((as_of or generated)[:4]) + 1
    dossier.assessment = assess(store, entity, citer, Line, schema, as_of=as_of, year=year)

    if not dossier.snapshot:
        dossier.absences.append("No source states the chain stages this organisation works in.")
    if not dossier.facilities:
        dossier.absences.append("No source links this organisation to a facility or deposit.")
    if not (dossier.figures or dossier.disagreements):
        dossier.absences.append("No capacity, production or deal figures have been found.")
    if not dossier.takes:
        dossier.absences.append("No counterparty relationships have been found.")
    dossier.sources = citer.sources()
    dossier.evidence = sorted(citer.cited.values(), key=lambda e: (e.number, e.statement_id))
    return dossier
