"""Routes over entities and statements: search, detail, ledger, relationships with their
evidence, statements and conflicts. Entity references in paths are ids, names, aliases
or tickers, resolved as `lodemap ledger` resolves them (the cluster's canonical entity).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse

from lodemap.conflicts import find_conflicts
from lodemap.entity import Entity
from lodemap.ledger import Ledger, build_ledger, find_entity
from lodemap.resolution.clusters import load_clusters
from lodemap.store import Store
from lodemap.web.paging import (
    AsOf,
    Limit,
    MinConfidence,
    Offset,
    as_of_date,
    page,
    page_of,
)
from lodemap.web.queries import StatementFilter, find_statements, search_entities

router = APIRouter(tags=["entities"])

Ref = Annotated[str, Path(min_length=1, max_length=300,
                          description="Entity id, name, alias or ticker.")]
Text = Annotated[str | None, Query(max_length=300)]


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def entity_of(request: Request, ref: str) -> Entity:
    """The canonical entity `ref` names; 404 (with suggestions) when none does."""
    return find_entity(store_of(request), ref)


def entity_summary(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "type": e.type, "name": e.name, "country": e.country,
            "stages": e.stages, "origin": e.origin}


@router.get("/entities", summary="Search entities by name, alias or ticker")
def search(request: Request, limit: Limit = 20, offset: Offset = 0,
           q: Annotated[str | None, Query(max_length=200, description=(
               "Start of a name, alias or ticker (case and punctuation folded), or an id."))
           ] = None,
           type: Annotated[str | None, Query(max_length=40, description="Entity type.")
                           ] = None) -> JSONResponse:
    found = search_entities(store_of(request), q, type, limit, offset)
    # Hot routes answer JSON-native data directly: FastAPI's encoder walk would cost
    # more than the query (bench/api_load.py).
    return JSONResponse(page(request, [entity_summary(e) for e in found], limit, offset))


@router.get("/entities/{ref}", summary="One entity with its names and cluster")
def entity(request: Request, ref: Ref) -> dict[str, Any]:
    store = store_of(request)
    ent = find_entity(store, ref, canonical=False)
    full = store.entity(ent.id) or ent
    members = sorted(load_clusters(store).members(ent.id))
    return {**entity_summary(full), "description": full.description,
            "aliases": [{"text": t, "kind": k} for t, k in full.aliases],
            "canonical_id": find_entity(store, full.id).id, "cluster": members}


def _ledger(request: Request, ref: str, as_of: str | None,
            min_confidence: float) -> tuple[Ledger, str | None]:
    day = as_of_date(as_of)
    store = store_of(request)
    return build_ledger(store, find_entity(store, ref), min_confidence=min_confidence,
                        as_of=day), day


@router.get("/entities/{ref}/ledger", summary="Counterparties, from the entity's side")
def ledger(request: Request, ref: Ref, as_of: AsOf = None, min_confidence: MinConfidence = 0.0,
           limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
    result, day = _ledger(request, ref, as_of, min_confidence)
    data = result.to_dict()
    return JSONResponse({"entity": data["entity"], "as_of": day,
                         **page_of(request, data["counterparties"], limit, offset)})


@router.get("/entities/{ref}/relationships", summary="Relationships with their evidence")
def relationships(request: Request, ref: Ref, as_of: AsOf = None,
                  min_confidence: MinConfidence = 0.0, type: Text = None, status: Text = None,
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """One item per counterparty and relationship type, each with every evidence
    sentence, its source and the statement ids behind it."""
    result, day = _ledger(request, ref, as_of, min_confidence)
    rows = [{"counterparty": {"id": e.counterparty_id, "name": e.name,
                              "type": e.entity_type, "country": e.country},
             **asdict(rel)}
            for e in result.entries for rel in e.relations
            if (type is None or type in (rel.type, rel.label))
            and (status is None or status in (rel.status, rel.state))]
    return {"entity": entity_summary(result.entity), "as_of": day,
            **page_of(request, rows, limit, offset)}


@router.get("/statements", summary="Statements, filtered")
def statements(request: Request, entity: Text = None, predicate: Text = None,
               status: Text = None, doc_id: Text = None, as_of: AsOf = None,
               min_confidence: MinConfidence = 0.0, limit: Limit = 50,
               offset: Offset = 0) -> dict[str, Any]:
    store = store_of(request)
    f = StatementFilter(entity_id=find_entity(store, entity).id if entity else None,
                        predicate=predicate, status=status, doc_id=doc_id,
                        min_confidence=min_confidence, as_of=as_of_date(as_of))
    found, total = find_statements(store, f, limit, offset)
    return page(request, [s.to_dict() for s in found], limit, offset, total)


@router.get("/statements/{statement_id}", summary="One statement with its document")
def statement(request: Request,
              statement_id: Annotated[str, Path(max_length=80)]) -> dict[str, Any]:
    from lodemap.web.errors import ApiError

    store = store_of(request)
    found = store.statements_by_id([statement_id]).get(statement_id)
    if found is None:
        raise ApiError(404, f"no statement {statement_id!r}",
                       hint="statement ids come from ledgers, relationships and statements")
    doc = store.documents_by_id([found.doc_id]).get(found.doc_id)
    return {**found.to_dict(), "document": None if doc is None else {
        "id": doc.id, "url": doc.url, "title": doc.title, "published": doc.published,
        "kind": doc.kind, "source": doc.source}}


@router.get("/conflicts", summary="Where sources disagree, each side with its sources")
def conflicts(request: Request, entity: Text = None, as_of: AsOf = None, limit: Limit = 50,
              offset: Offset = 0) -> dict[str, Any]:
    store = store_of(request)
    day = as_of_date(as_of)
    found = find_conflicts(store, find_entity(store, entity) if entity else None, as_of=day)
    ids = {c.subject_id for c in found} | {c.object_id for c in found if c.object_id}
    names = {k: e.name for k, e in store.entities_by_id(ids).items()}
    return {"as_of": day,
            **page_of(request, [c.to_dict(names) for c in found], limit, offset)}
