"""A small store of invented companies, built through the real pipeline from the
project-written texts beside this file (with the knowledge pack, as `lodemap ingest`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lodemap.signals import SignalResult, compute_signals
from lodemap.store import Store, tables
from tests.conftest import build_store

TEXTS = Path(__file__).parent / "texts"


@pytest.fixture(scope="session")
def signal_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = build_store(tmp_path_factory.mktemp("signals") / "signals.db", str(TEXTS),
                        samples=False)
    yield store
    store.close()


def signals_of(store: Store, entity_id: str, **kw: str) -> dict[str, SignalResult]:
    return {r.name: r for r in compute_signals(store, entity_id, **kw)}


def stored_ids(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(tables.statements.select().with_only_columns(
            tables.statements.c.id)).scalars())
