"""Paged reads the API needs and the Store does not offer: entity search and statement
filters with LIMIT/OFFSET in SQL. SQLAlchemy Core only, so every value is a bound
parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select

from lodemap.entity import Entity
from lodemap.names import name_key, ticker_key
from lodemap.statement import Statement
from lodemap.store import Store, tables
from lodemap.store.store import effective_date_sql

_TOP = "\U0010ffff"
"""Sorts after every character: `key >= k AND key < k + _TOP` is a prefix match that
uses the alias primary-key index, where LIKE 'k%' would scan on some backends."""


def _prefix(column: Any, key: str) -> Any:
    return (column >= key) & (column < key + _TOP)


def search_entities(store: Store, q: str | None, entity_type: str | None, limit: int,
                    offset: int) -> list[Entity]:
    """Entities whose name, alias or ticker starts with `q` (after name folding), or whose
    id is `q`; by name. One row more than `limit` tells the caller there is a next page."""
    e, a = tables.entities.c, tables.aliases.c
    stmt = select(tables.entities)
    if q and q.strip():
        keys = {k for k in (name_key(q), ticker_key(None, q.strip())) if k.strip(":")}
        hits = select(a.entity_id).where(or_(*(_prefix(a.key, k) for k in sorted(keys))))
        stmt = stmt.where(or_(e.id.in_(hits), e.id == q.strip()))
    if entity_type:
        stmt = stmt.where(e.type == entity_type)
    stmt = stmt.order_by(e.name, e.id).limit(limit + 1).offset(offset)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return [Entity(id=r.id, type=r.type, name=r.name, country=r.country,
                   stages=[s for s in (r.stages or "").split(",") if s],
                   description=r.description, origin=r.origin) for r in rows]


@dataclass(frozen=True)
class StatementFilter:
    entity_id: str | None = None
    """Statements with this entity at either end."""
    predicate: str | None = None
    status: str | None = None
    doc_id: str | None = None
    min_confidence: float = 0.0
    as_of: str | None = None


def _filtered(f: StatementFilter) -> Select[Any]:
    st = tables.statements.c
    stmt = select(tables.statements)
    if f.entity_id:
        stmt = stmt.where(or_(st.subject_id == f.entity_id, st.object_id == f.entity_id))
    if f.predicate:
        stmt = stmt.where(st.predicate == f.predicate)
    if f.status:
        stmt = stmt.where(st.status == f.status)
    if f.doc_id:
        stmt = stmt.where(st.doc_id == f.doc_id)
    if f.min_confidence > 0:
        stmt = stmt.where(st.confidence >= f.min_confidence)
    if f.as_of:
        stmt = stmt.join(tables.documents, tables.documents.c.id == st.doc_id).where(
            effective_date_sql() <= f.as_of)
    return stmt


def find_statements(store: Store, f: StatementFilter, limit: int,
                    offset: int) -> tuple[list[Statement], int]:
    """A page of matching statements (by date, document, span) and how many match."""
    st = tables.statements.c
    stmt = _filtered(f)
    page = stmt.order_by(st.date, st.doc_id, st.span_start, st.id).limit(limit).offset(offset)
    counted = select(func.count()).select_from(stmt.subquery())
    columns = [c.name for c in tables.statements.columns]
    with store.engine.connect() as conn:
        rows = conn.execute(page).all()
        total = int(conn.execute(counted).scalar() or 0)
    return [Statement(**{c: getattr(r, c) for c in columns}) for r in rows], total
