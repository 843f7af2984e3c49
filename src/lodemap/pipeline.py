"""The ingest pipeline: load → extract → resolve → statements → store, one document at a time.

A document that cannot be read is reported with its reason and skipped; the
rest of the batch goes on. Each document is written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lodemap.document import Document
from lodemap.entity import Entity
from lodemap.errors import DocumentError
from lodemap.extract.extractor import (
    Extraction,
    Extractor,
    number_text,
    quantity_for,
    wants_money,
)
from lodemap.extract.gazetteer import Gazetteer, GazetteerEntry
from lodemap.extract.mentions import MentionFinder
from lodemap.ingest import expand, load_source
from lodemap.orgnames import broad_entities, default_watchlist, gazetteer_names
from lodemap.pack import Pack, load_pack
from lodemap.pack import statements as pack_statements
from lodemap.resolve import Resolver
from lodemap.schema import get_schema
from lodemap.statement import Statement
from lodemap.store import Store


def gazetteer_for(names: Iterable[tuple[str, str, str]]) -> Gazetteer:
    """A gazetteer from (text, entity id, entity type) triples."""
    return Gazetteer(GazetteerEntry(t, i, ty) for t, i, ty in names)


def to_statements(ex: Extraction, extractor: Extractor) -> list[Statement]:
    """Every relation and value of an extraction as a statement with provenance."""
    schema = extractor.schema
    doc = ex.doc
    out: list[Statement] = []
    for claim in ex.claims:
        sent = claim.sentence
        common: dict[str, Any] = {"doc_id": doc.id, "extractor": extractor.name,
                                  "extractor_version": extractor.version,
                                  "date": claim.date or doc.published}
        for rel in claim.relations:
            assert rel.source.entity_id is not None
            assert rel.target.entity_id is not None
            out.append(Statement(
                subject_id=rel.source.entity_id, subject_text=rel.source.text,
                predicate=rel.type, object_id=rel.target.entity_id,
                object_text=rel.target.text, status=rel.status, evidence=sent.text,
                span_start=sent.start, span_end=sent.end, confidence=rel.confidence,
                qualifier=f"rule {rel.rule}", **common,
            ))
            if not wants_money(schema, rel.type):
                continue
            # A deal's money and, for equity, the stake: attached to the deal's target.
            for kind, prop, qualifier in (("money", "amount", f"{rel.type} from"),
                                          ("percent", "stake", "held by")):
                q = quantity_for(claim, rel, kind)
                if q is None or (prop == "stake" and rel.type == "funds"):
                    continue
                value = number_text(q.value) if q.high is None else (
                    f"{number_text(q.value)}-{number_text(q.high)}")
                out.append(Statement(
                    subject_id=rel.target.entity_id, subject_text=rel.target.text,
                    predicate=prop, value=value, unit=q.unit,
                    qualifier=f"{qualifier} {rel.source.name}", status=rel.status,
                    evidence=sent.text, span_start=sent.start, span_end=sent.end,
                    confidence=round(rel.confidence * 0.9, 4), **common,
                ))
        for val in claim.values:
            assert val.subject.entity_id
            out.append(Statement(
                subject_id=val.subject.entity_id, subject_text=val.subject.text,
                predicate=val.property, value=val.value, unit=val.unit,
                qualifier=val.qualifier, status=val.status, evidence=sent.text,
                span_start=sent.start, span_end=sent.end, confidence=val.confidence, **common,
            ))
    return out


@dataclass
class ItemResult:
    source: str
    status: str
    """stored | unchanged | failed"""
    doc_id: str | None = None
    title: str | None = None
    statements: int = 0
    error: str | None = None


@dataclass
class IngestReport:
    items: list[ItemResult] = field(default_factory=list)

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if i.status == "failed"]

    def counts(self) -> dict[str, int]:
        out = {"stored": 0, "unchanged": 0, "failed": 0, "statements": 0}
        for i in self.items:
            out[i.status] += 1
            out["statements"] += i.statements
        return out


def known_entities(pack: Pack | None = None) -> list[Entity]:
    """Every organisation lodemap knows without a store: the knowledge pack, then the
    user's watch-list (`LODEMAP_WATCHLIST`), curated and stock-index organisations."""
    pack = pack or load_pack()
    return broad_entities(pack.entities, default_watchlist())


def offline_extractor(entities: Sequence[Entity] | None = None) -> Extractor:
    """An extractor over the known organisations (`known_entities()` by default), for
    `lodemap extract` and `lodemap eval` (no store)."""
    entities = known_entities() if entities is None else entities
    return Extractor(MentionFinder(gazetteer_for(gazetteer_names(entities))),
                     Resolver.for_entities(entities))


class Pipeline:
    """Ingests documents into a store, using its entities for the gazetteer and resolution."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.schema = get_schema()
        known = known_entities()
        stored = store.entity_types()
        # Known organisations enter the store the first time a document names them;
        # names already in the store resolve as stored.
        self.unstored = {e.id: e for e in known if e.id not in stored}
        resolver = Resolver(store.alias_index(), stored)
        resolver.learn(self.unstored.values())
        self.extractor = Extractor(MentionFinder(gazetteer_for(gazetteer_names(known))),
                                   resolver)

    def process(self, doc: Document) -> ItemResult:
        if self.store.has_document(doc.id):
            # Same content, same id: a stored document holds all its statements (one
            # transaction each), so extracting it again would only repeat the work.
            return ItemResult(doc.source, "unchanged", doc.id, doc.title, 0)
        ex = self.extractor.extract(doc)
        stmts = to_statements(ex, self.extractor)
        used = {s.subject_id for s in stmts} | {s.object_id for s in stmts if s.object_id}
        known = [self.unstored[i] for i in sorted(used) if i in self.unstored]
        # A name first met in an earlier document that made no claim about it was
        # not stored then (the extraction lists only this document's new names).
        met = {e.id: e for e in self.extractor.resolver.new_entities()}
        earlier = [met[i] for i in sorted(used)
                   if i in met and all(e.id != i for e in ex.entities)]
        result = self.store.write(doc, [*known, *ex.entities, *earlier], stmts)
        for e in known:
            self.unstored.pop(e.id, None)
        if result.new:
            # Names first met here are known from now on, for the rest of the batch.
            self.extractor.resolver.learn([*ex.entities, *earlier])
        return ItemResult(doc.source, "stored" if result.new else "unchanged", doc.id,
                          doc.title, result.statements)

    def ingest(self, items: Iterable[str],
               on_item: Callable[[ItemResult], None] | None = None) -> IngestReport:
        """Ingest files, folders (recursively) and URLs; one failure never stops the batch."""
        report = IngestReport()
        for item in expand(items):
            try:
                doc = load_source(item)
                res = self.process(doc)
            except DocumentError as exc:
                res = ItemResult(item, "failed", error=exc.reason if exc.source == item
                                 else str(exc))
                if exc.hint:
                    res.error = f"{res.error} ({exc.hint})"
            report.items.append(res)
            if on_item:
                on_item(res)
        return report


def load_pack_into(store: Store, pack: Pack | None = None) -> dict[str, int]:
    """Write the pack's entities and sourced facts; loading twice changes nothing."""
    pack = pack or load_pack()
    # One transaction: a store that holds the pack's entities holds all of the pack
    # (`lodemap ingest` loads the pack only into a store without entities).
    with store.transaction() as conn:
        added = store.add_entities(conn, pack.entities)
        n = sum(store.write_in(conn, doc, [], stmts, merge=True).statements
                for doc, stmts in pack_statements(pack).values())
    return {"entities": added, "statements": n}
