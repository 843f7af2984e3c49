"""Versioned schema migrations.

Each migration is a function of a connection, applied once, in order, inside
one transaction with the version bump. `lodemap_meta.schema_version` records
how far a store has come; a store newer than this code is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect, select

from lodemap.errors import StoreError
from lodemap.store import tables

Migration = Callable[[Connection], None]


def _v1_initial(conn: Connection) -> None:
    tables.metadata.create_all(conn)


def _v2_judgements(conn: Connection) -> None:
    # Stores made by a newer lodemap got the table from v1's create_all already.
    tables.judgements.create(conn, checkfirst=True)


MIGRATIONS: list[tuple[int, str, Migration]] = [
    (1, "documents, entities, aliases, statements", _v1_initial),
    (2, "judgements (entity-resolution log)", _v2_judgements),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table(tables.meta.name):
        return 0
    row = conn.execute(
        select(tables.meta.c.value).where(tables.meta.c.key == "schema_version")
    ).first()
    return int(row[0]) if row else 0


def migrate(conn: Connection) -> list[int]:
    """Apply pending migrations; returns the versions applied."""
    version = current_version(conn)
    if version > LATEST:
        raise StoreError(
            f"store is at schema version {version}, this lodemap knows up to {LATEST}",
            hint="upgrade lodemap",
        )
    applied = []
    for number, _title, step in MIGRATIONS:
        if number <= version:
            continue
        step(conn)
        if number == 1:
            conn.execute(tables.meta.insert().values(key="schema_version", value=str(number)))
        else:
            conn.execute(
                tables.meta.update()
                .where(tables.meta.c.key == "schema_version")
                .values(value=str(number))
            )
        applied.append(number)
    return applied
