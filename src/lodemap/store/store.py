"""The knowledge store: documents, entities, aliases and statements over SQLAlchemy Core.

SQLite by default; any SQLAlchemy URL works. Every document is written in one
transaction together with the entities and statements it introduced, so a
crash leaves either all of a document or none of it. Ids derive from content,
so writing the same document twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Table,
    create_engine,
    event,
    func,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, SQLAlchemyError

from lodemap.document import Document, utcnow
from lodemap.entity import Entity, alias_rows
from lodemap.errors import StoreError
from lodemap.names import name_key
from lodemap.schema import get_schema
from lodemap.statement import Statement
from lodemap.store import migrations, tables


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path)}"


def normalise_url(url: str) -> str:
    """Accept a bare file path as well as an SQLAlchemy URL."""
    return url if "://" in url else sqlite_url(url)


@dataclass(frozen=True)
class WriteResult:
    doc_id: str
    new: bool
    statements: int
    entities: int


def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers work while one writer commits; the busy timeout makes
    # concurrent writers wait instead of failing; foreign keys are off by default.
    # The driver's own transaction handling is switched off (isolation_level None):
    # `_on_sqlite_begin` emits BEGIN, so that writers can take the lock up front.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


_WRITE = "lodemap_write"
"""Execution option marking a connection that will write."""


def _on_sqlite_begin(conn: Connection) -> None:
    # A deferred transaction that reads and then writes fails at once (SQLITE_BUSY,
    # no busy wait) when another process committed in between; BEGIN IMMEDIATE
    # takes the write lock first, so concurrent writers queue on the busy timeout.
    write = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


_MIGRATION_LOCK = 0x6C6F6465  # any constant shared by every lodemap process ("lode")


def _lock_for_migration(conn: Connection) -> None:
    # Two processes opening a new PostgreSQL store would both create its tables;
    # the loser fails on the catalogue. A transaction-scoped advisory lock queues
    # them, and the second finds the store migrated. (SQLite: BEGIN IMMEDIATE.)
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK)))


def _entity_row(e: Entity, now: str) -> dict[str, Any]:
    return {
        "id": e.id, "type": e.type, "name": e.name, "country": e.country,
        "stages": ",".join(e.stages), "description": e.description, "origin": e.origin,
        "created_at": now,
    }


def _row_to_entity(row: Any) -> Entity:
    return Entity(
        id=row.id, type=row.type, name=row.name, country=row.country,
        stages=[s for s in (row.stages or "").split(",") if s],
        description=row.description, origin=row.origin,
    )


_STATEMENT_COLUMNS = tuple(col.name for col in tables.statements.columns)


def effective_date_sql() -> Any:
    """A statement's effective date in SQL (as `lodemap.lifecycle.effective_date`):
    its date, else its document's publication date, else the day it was first seen.
    Needs the documents table joined (`_known_by`)."""
    st = tables.statements.c
    return func.coalesce(st.date, tables.documents.c.published, func.substr(st.first_seen, 1, 10))


def _known_by(stmt: Select[Any], as_of: str) -> Select[Any]:
    # One query: the document row is a primary-key lookup per statement, and the
    # entity indexes still choose the rows; dates compare as ISO strings.
    return stmt.join(tables.documents, tables.documents.c.id == tables.statements.c.doc_id
                     ).where(effective_date_sql() <= as_of)


def _row_to_statement(row: Any) -> Statement:
    return Statement(**{c: getattr(row, c) for c in _STATEMENT_COLUMNS})


class Store:
    """A migrated knowledge store. Use `Store.open(url)`; close with `close()`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        url = normalise_url(url)
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {url!r}",
                             hint="give a file path or an SQLAlchemy URL") from exc
        if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
            folder = Path(parsed.database).parent
            if not folder.exists():
                folder.mkdir(parents=True, exist_ok=True)
        try:
            engine = create_engine(url)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database {url!r}: {exc}") from exc
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _on_sqlite_connect)
            event.listen(engine, "begin", _on_sqlite_begin)
        store = cls(engine)
        try:
            with engine.connect() as conn, conn.execution_options(**{_WRITE: True}).begin():
                _lock_for_migration(conn)
                migrations.migrate(conn)
        except DatabaseError as exc:
            engine.dispose()
            raise StoreError(f"cannot open store {url!r}: {exc.orig}") from exc
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back on error."""
        try:
            with (self.engine.connect() as conn,
                  conn.execution_options(**{_WRITE: True}).begin()):
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"store write failed: {exc}") from exc

    # ---- writing -------------------------------------------------------------

    def _insert_ignore(self, conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> int:
        """Insert rows whose primary key is absent; returns how many were new.

        A row another process inserts at the same moment is skipped, not an
        error (ON CONFLICT DO NOTHING; PostgreSQL waits for the other transaction
        to finish first). Rows go in primary-key order, so two writers lock
        shared rows (entities, aliases) in the same order and cannot deadlock.
        """
        if not rows:
            return 0
        pk = [c.name for c in table.primary_key.columns]
        ordered = sorted(rows, key=lambda r: tuple(r[c] for c in pk))
        dialect = conn.dialect.name
        if dialect in ("sqlite", "postgresql"):
            insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
            # Both drivers sum the rows an executemany inserted; SQLAlchemy passes
            # that on for INSERT only when asked to.
            result = conn.execute(insert(table).on_conflict_do_nothing(), ordered,
                                  execution_options={"preserve_rowcount": True})
            return max(result.rowcount, 0)
        added = 0
        for row in ordered:
            where = [table.c[c] == row[c] for c in pk]
            if conn.execute(select(func.count()).select_from(table).where(*where)).scalar():
                continue
            conn.execute(table.insert().values(**row))
            added += 1
        return added

    def add_entities(self, conn: Connection, entities: Iterable[Entity]) -> int:
        """Entities not stored yet, with every alias of every entity; returns how many
        entities were new."""
        now = utcnow()
        ents: dict[str, Entity] = {}
        for e in entities:
            ents.setdefault(e.id, e)  # one row per id; the first wins, as before
        n = self._insert_ignore(conn, tables.entities,
                                [_entity_row(e, now) for e in ents.values()])
        aliases: dict[tuple[str, str], dict[str, Any]] = {}
        for e in ents.values():
            for r in alias_rows(e):
                aliases.setdefault((r["key"], r["entity_id"]), r)  # a name before its variants
        self._insert_ignore(conn, tables.aliases, list(aliases.values()))
        return n

    def write(self, doc: Document, entities: Iterable[Entity],
              statements: Iterable[Statement], *, merge: bool = False) -> WriteResult:
        """Store one document with what was extracted from it, atomically.

        A document already stored (same content hash) is left untouched, unless
        `merge` is set (knowledge-pack references), when only statements not yet
        stored are added.
        """
        with self.transaction() as conn:
            return self.write_in(conn, doc, entities, statements, merge=merge)

    def write_in(self, conn: Connection, doc: Document, entities: Iterable[Entity],
                 statements: Iterable[Statement], *, merge: bool = False) -> WriteResult:
        """`write` inside the caller's transaction (from `transaction()`), so that
        several documents can be stored all or none."""
        now = utcnow()
        # Inserting the document first decides who stores it when two processes
        # ingest the same text at once: the other finds it present and stops.
        new_doc = self._insert_ignore(conn, tables.documents, [{
            "id": doc.id, "source": doc.source, "url": doc.url, "title": doc.title,
            "published": doc.published, "retrieved": doc.retrieved,
            "media_type": doc.media_type, "kind": doc.kind, "text": doc.text,
            "ingested_at": now,
        }]) == 1
        if not new_doc and not merge:
            return WriteResult(doc.id, new=False, statements=0, entities=0)
        n_entities = self.add_entities(conn, entities)
        rows: dict[str, dict[str, Any]] = {}
        for st in statements:
            if st.id in rows:
                continue
            row = st.to_dict()
            row["first_seen"] = row["first_seen"] or now
            row["last_seen"] = row["last_seen"] or now
            rows[st.id] = row
        added = self._insert_ignore(conn, tables.statements, list(rows.values()))
        return WriteResult(doc.id, new=new_doc or added > 0, statements=added,
                           entities=n_entities)

    # ---- reading -------------------------------------------------------------

    def alias_index(self) -> dict[str, list[str]]:
        """Alias key -> entity ids, for the resolver."""
        index: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for key, entity_id in conn.execute(
                select(tables.aliases.c.key, tables.aliases.c.entity_id)
            ):
                index.setdefault(key, []).append(entity_id)
        return index

    def alias_index_for(self, key: str) -> list[str]:
        """Entity ids filed under one alias key."""
        with self.engine.connect() as conn:
            return sorted(conn.execute(
                select(tables.aliases.c.entity_id).where(tables.aliases.c.key == key)
            ).scalars())

    def names(self, *, origin: str | None = None) -> list[tuple[str, str, str]]:
        """(alias text, entity id, entity type) for every known name, for the gazetteer."""
        a, e = tables.aliases.c, tables.entities.c
        stmt = select(a.text, a.entity_id, e.type).join(
            tables.entities, tables.entities.c.id == a.entity_id)
        if origin:
            stmt = stmt.where(e.origin == origin)
        with self.engine.connect() as conn:
            return [(r.text, r.entity_id, r.type) for r in conn.execute(stmt)]

    def entity_types(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return {r.id: r.type for r in conn.execute(
                select(tables.entities.c.id, tables.entities.c.type))}

    def entity(self, entity_id: str) -> Entity | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(tables.entities).where(tables.entities.c.id == entity_id)
            ).first()
            if row is None:
                return None
            ent = _row_to_entity(row)
            ent.aliases = [
                (r.text, r.kind) for r in conn.execute(
                    select(tables.aliases.c.text, tables.aliases.c.kind)
                    .where(tables.aliases.c.entity_id == entity_id)
                    .order_by(tables.aliases.c.kind, tables.aliases.c.text)
                ) if r.text != ent.name
            ]
        return ent

    def entities_by_id(self, ids: Iterable[str]) -> dict[str, Entity]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(tables.entities).where(tables.entities.c.id.in_(wanted)))
            return {r.id: _row_to_entity(r) for r in rows}

    def list_entities(self, *, entity_type: str | None = None, query: str | None = None,
                      limit: int | None = None) -> list[Entity]:
        stmt = select(tables.entities).order_by(tables.entities.c.name)
        if entity_type:
            stmt = stmt.where(tables.entities.c.type == entity_type)
        if query:
            key = name_key(query)
            ids = select(tables.aliases.c.entity_id).where(tables.aliases.c.key.contains(key))
            stmt = stmt.where(or_(tables.entities.c.id.in_(ids),
                                  tables.entities.c.name.contains(query)))
        if limit:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [_row_to_entity(r) for r in conn.execute(stmt)]

    def statements_about(self, entity_id: str, predicates: Iterable[str] | None = None,
                         *, as_subject: bool = True, as_object: bool = True,
                         as_of: str | None = None) -> list[Statement]:
        """Statements with the entity at either end; with `as_of` (an ISO date), only
        those whose effective date is on or before it (`lodemap.lifecycle`)."""
        cols = tables.statements.c
        ends = []
        if as_subject:
            ends.append(cols.subject_id == entity_id)
        if as_object:
            ends.append(cols.object_id == entity_id)
        stmt = select(tables.statements).where(or_(*ends))
        if predicates is not None:
            stmt = stmt.where(cols.predicate.in_(list(predicates)))
        if as_of is not None:
            stmt = _known_by(stmt, as_of)
        stmt = stmt.order_by(cols.date, cols.doc_id, cols.span_start, cols.id)
        with self.engine.connect() as conn:
            return [_row_to_statement(r) for r in conn.execute(stmt)]

    def statements(self, *, as_of: str | None = None) -> list[Statement]:
        """Every statement (effective by `as_of`), for whole-store reports."""
        cols = tables.statements.c
        stmt = select(tables.statements).order_by(cols.subject_id, cols.predicate, cols.id)
        if as_of is not None:
            stmt = _known_by(stmt, as_of)
        with self.engine.connect() as conn:
            return [_row_to_statement(r) for r in conn.execute(stmt)]

    def statements_by_id(self, ids: Iterable[str]) -> dict[str, Statement]:
        """Statements by id (those that exist), for reports that cite them."""
        wanted = sorted(set(ids))
        out: dict[str, Statement] = {}
        cols = tables.statements.c
        with self.engine.connect() as conn:
            # In chunks: an IN list has a bound-parameter limit on some backends.
            for i in range(0, len(wanted), 500):
                rows = conn.execute(select(tables.statements).where(
                    cols.id.in_(wanted[i:i + 500])))
                out.update((r.id, _row_to_statement(r)) for r in rows)
        return out

    def statements_for_document(self, doc_id: str) -> list[Statement]:
        cols = tables.statements.c
        stmt = select(tables.statements).where(cols.doc_id == doc_id).order_by(
            cols.span_start, cols.id)
        with self.engine.connect() as conn:
            return [_row_to_statement(r) for r in conn.execute(stmt)]

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this id (content hash) is stored; reads no text."""
        with self.engine.connect() as conn:
            return conn.execute(select(tables.documents.c.id).where(
                tables.documents.c.id == doc_id)).first() is not None

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        cols = tables.documents.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(tables.documents).where(cols.id.in_(wanted)))
            return {
                r.id: Document(text=r.text, source=r.source, url=r.url, title=r.title,
                               published=r.published, retrieved=r.retrieved,
                               media_type=r.media_type, kind=r.kind, id=r.id)
                for r in rows
            }

    def stats(self, *, as_of: str | None = None) -> dict[str, int]:
        """Counts of documents, entities, statements and relationship statements; with
        `as_of`, documents published (else ingested) and statements effective by then."""
        schema = get_schema()
        rel_names = list(schema.relations)
        st = tables.statements.c
        docs = tables.documents.c
        with self.engine.connect() as conn:
            def count(table: Table, *where: Any) -> int:
                query = select(func.count()).select_from(table).where(*where)
                if as_of is not None and table is tables.statements:
                    query = _known_by(query, as_of)
                elif as_of is not None and table is tables.documents:
                    query = query.where(func.coalesce(
                        docs.published, func.substr(docs.ingested_at, 1, 10)) <= as_of)
                return int(conn.execute(query).scalar() or 0)

            return {
                "documents": count(tables.documents, tables.documents.c.kind == "article"),
                "references": count(tables.documents, tables.documents.c.kind == "reference"),
                "entities": count(tables.entities),
                "statements": count(tables.statements),
                "relationships": count(tables.statements, st.predicate.in_(rel_names),
                                       st.status.in_(schema.shown_statuses())),
            }
