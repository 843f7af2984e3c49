"""A synthetic store for measuring the store at scale (`make bench-store`).

Writes N organisations (with one alias each), documents, and relationship
statements between the organisations, in large transactions of many rows each.
Which organisations a statement links is skewed, as in news: a few are named
in thousands of statements, most in a handful. Everything is invented and
marked so (`origin` "synthetic", extractor "lodemap.synthetic"); a seed makes a
store reproducible. Rows go straight to the tables: the point is the shape and
size of the data the queries meet, not the extractor.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from lodemap.names import name_key
from lodemap.schema import get_schema
from lodemap.store import tables
from lodemap.store.store import Store

EXTRACTOR = "lodemap.synthetic"
STATEMENTS_PER_DOCUMENT = 20
BATCH = 20_000
TRANSACTION_ROWS = 10 * BATCH
_NOW = "2026-11-22T00:00:00+00:00"
_WORDS = ("Alder", "Basalt", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor",
          "Iron", "Juniper", "Keystone", "Lumen", "Meridian", "Nordic", "Onyx", "Pioneer")
_KINDS = ("Magnetics", "Metals", "Mining", "Motors", "Materials", "Recycling", "Alloys")


@dataclass(frozen=True)
class SyntheticSize:
    entities: int = 100_000
    statements: int = 1_000_000
    seed: int = 20261122


def entity_id(i: int) -> str:
    return f"syn-{i:07d}"


def _name(i: int) -> str:
    return f"{_WORDS[i % 16]} {_WORDS[i // 16 % 16]} {_KINDS[i % 7]} {i}"


def _hex(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _entities(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield {"id": entity_id(i), "type": "Company", "name": _name(i), "country": None,
               "stages": "", "description": None, "origin": "synthetic", "created_at": _NOW}


def _aliases(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield {"key": name_key(_name(i)), "entity_id": entity_id(i), "text": _name(i),
               "kind": "name"}


def _documents(n: int, seed: int) -> Iterator[dict[str, Any]]:
    for d in range(n):
        day = f"20{20 + d % 7}-{d % 12 + 1:02d}-{d % 28 + 1:02d}"
        yield {"id": f"doc-{_hex(f'{seed}/doc/{d}')}", "source": f"synthetic/{d}.txt",
               "url": None, "title": f"Synthetic report {d}", "published": day,
               "retrieved": _NOW, "media_type": "text/plain", "kind": "article",
               "text": f"Synthetic report {d}, written by lodemap's store benchmark.",
               "ingested_at": _NOW}


def _pick(rng: random.Random, n: int) -> int:
    # Squaring a uniform draw favours low indexes: entity 0 is named in about
    # 0.3 % of statement ends, the median entity in a few statements.
    return int(n * rng.random() ** 2)


def _statements(size: SyntheticSize, docs: list[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    rng = random.Random(size.seed)
    schema = get_schema()
    predicates = [r.name for r in schema.relations.values()
                  if "Organization" in r.source and "Organization" in r.target]
    statuses = [s for s in schema.shown_statuses() if s != "unknown"]
    n = size.entities
    for i in range(size.statements):
        doc_id, day = docs[i // STATEMENTS_PER_DOCUMENT]
        subject = _pick(rng, n)
        obj = (subject + 1 + _pick(rng, n - 1)) % n  # never the subject itself
        evidence = f"{_name(subject)} and {_name(obj)}: synthetic statement {i}."
        span = (i % STATEMENTS_PER_DOCUMENT) * 100
        yield {
            "id": f"st-{_hex(f'{size.seed}/st/{i}')}", "doc_id": doc_id,
            "subject_id": entity_id(subject), "subject_text": _name(subject),
            "predicate": rng.choice(predicates), "object_id": entity_id(obj),
            "object_text": _name(obj), "value": None, "unit": None, "qualifier": None,
            "status": rng.choice(statuses), "date": day, "evidence": evidence,
            "span_start": span, "span_end": span + len(evidence), "extractor": EXTRACTOR,
            "extractor_version": "1", "confidence": round(0.5 + rng.random() / 2, 4),
            "first_seen": _NOW, "last_seen": _NOW,
        }


def _write(store: Store, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    """Rows in executemany batches, TRANSACTION_ROWS to a transaction (big enough to
    be fast, small enough not to hold a huge transaction open)."""
    n = 0
    batches = _batches(rows)
    while True:
        with store.transaction() as conn:
            for batch in batches:
                conn.execute(table.insert(), batch)
                n += len(batch)
                if n % TRANSACTION_ROWS == 0:
                    break
            else:
                return n


def generate(store: Store, size: SyntheticSize = SyntheticSize()) -> dict[str, int]:
    """Fill an empty store; returns the rows written per table."""
    n_docs = -(-size.statements // STATEMENTS_PER_DOCUMENT)
    docs = list(_documents(n_docs, size.seed))
    written = {
        "entities": _write(store, tables.entities, _entities(size.entities)),
        "aliases": _write(store, tables.aliases, _aliases(size.entities)),
        "documents": _write(store, tables.documents, iter(docs)),
        "statements": _write(store, tables.statements,
                             _statements(size, [(d["id"], d["published"]) for d in docs])),
    }
    if store.engine.dialect.name == "postgresql":
        # The planner's statistics, which autovacuum would gather a little later.
        with store.transaction() as conn:
            conn.exec_driver_sql("ANALYZE")
    return written
