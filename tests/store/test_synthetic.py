"""The synthetic store generator behind `make bench-store`, small, on both backends."""

from __future__ import annotations

from pathlib import Path

from lodemap.ledger import build_ledger
from lodemap.store import Store
from lodemap.store.synthetic import STATEMENTS_PER_DOCUMENT, SyntheticSize, entity_id, generate

SIZE = SyntheticSize(entities=300, statements=2_000, seed=7)


def test_generate_writes_the_requested_size(store_url: str) -> None:
    with Store.open(store_url) as store:
        written = generate(store, SIZE)
        assert written == {"entities": 300, "aliases": 300,
                           "documents": 2_000 // STATEMENTS_PER_DOCUMENT, "statements": 2_000}
        stats = store.stats()
        assert (stats["entities"], stats["statements"]) == (300, 2_000)
        assert stats["relationships"] == 2_000  # every one a shown relationship
        about = store.statements_about(entity_id(0))
        assert len(about) > 2_000 * 2 / 300  # the first organisation is a hub
        assert all(s.subject_id != s.object_id for s in about)
        hub = store.entity(entity_id(0))
        assert hub is not None
        ledger = build_ledger(store, hub)
        assert ledger.entries
        assert all(r.evidence for e in ledger.entries for r in e.relations)


def test_same_seed_same_store(tmp_path: Path, store_url: str) -> None:
    with Store.open(store_url) as store:
        generate(store, SIZE)
        first = [s.id for s in store.statements_about(entity_id(1))]
    again_url = f"sqlite:///{tmp_path / 'again.db'}"
    with Store.open(again_url) as again:
        generate(again, SIZE)
        assert [s.id for s in again.statements_about(entity_id(1))] == first
