"""Merge and split on a real store: the ledger follows the clusters, statements never
change, and the judgement log only grows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from lodemap.ledger import build_ledger, find_entity
from lodemap.resolution.decisions import merge, split
from lodemap.resolution.judgements import Judgement, read_log
from lodemap.store import Store, migrations, tables


def ledger_of(store: Store, entity_id: str) -> dict[str, Any]:
    ent = store.entity(entity_id)
    assert ent is not None
    return build_ledger(store, ent).to_dict()


def statement_ids(ledger: dict[str, Any]) -> set[str]:
    return {ev["statement_id"] for cp in ledger["counterparties"]
            for rel in cp["relationships"] for ev in rel["evidence"]}


def counterparties(ledger: dict[str, Any]) -> set[str]:
    return {cp["id"] for cp in ledger["counterparties"]}


def all_statements(store: Store) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(tables.statements).order_by(tables.statements.c.id))]


def test_merge_shows_the_union_and_split_restores(pack_store: Store) -> None:
    before = {x: ledger_of(pack_store, x) for x in ("lynas", "lynas-usa")}
    rows = all_statements(pack_store)
    assert "lynas-usa" in counterparties(before["lynas"])

    merge(pack_store, "lynas-usa", "lynas", author="tester", reason="one company")
    merged = ledger_of(pack_store, "lynas")
    assert find_entity(pack_store, "Lynas USA LLC").id == "lynas"  # canonical: smaller id
    assert find_entity(pack_store, "Lynas USA LLC", canonical=False).id == "lynas-usa"
    assert ledger_of(pack_store, "lynas-usa")["counterparties"] == merged["counterparties"]
    between = statement_ids(before["lynas"]) & statement_ids(before["lynas-usa"])
    union = statement_ids(before["lynas"]) | statement_ids(before["lynas-usa"])
    assert between  # the subsidiary statement: inside the cluster now, so not a counterparty
    assert statement_ids(merged) == union - between
    assert counterparties(merged) == (counterparties(before["lynas"])
                                      | counterparties(before["lynas-usa"])) - {"lynas",
                                                                                "lynas-usa"}
    assert all_statements(pack_store) == rows  # names as written and ids untouched

    split(pack_store, "lynas-usa", author="tester", reason="a subsidiary after all")
    assert {x: ledger_of(pack_store, x) for x in ("lynas", "lynas-usa")} == before
    assert all_statements(pack_store) == rows


def test_counterparties_are_shown_under_their_canonical_id(pack_store: Store) -> None:
    # us-dod funds lynas and lynas-usa; merging the two funded companies gives the
    # Department of Defense one counterparty, not two.
    merge(pack_store, "lynas", "lynas-usa", author="tester")
    dod = ledger_of(pack_store, "us-dod")
    assert "lynas" in counterparties(dod) and "lynas-usa" not in counterparties(dod)


def _assert_prefix(old: list[Judgement], new: list[Judgement]) -> None:
    assert new[:len(old)] == old
    ids = [j.id for j in new]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_judgement_log_is_append_only(pack_store: Store) -> None:
    log: list[Judgement] = []
    steps = [
        lambda: merge(pack_store, "lynas", "lynas-usa", author="a"),
        lambda: merge(pack_store, "lynas-usa", "arafura", author="b"),
        lambda: split(pack_store, "lynas-usa", author="c"),
        lambda: merge(pack_store, "lynas-usa", "lynas", author="d"),
        lambda: split(pack_store, "arafura", author="e"),
    ]
    for step in steps:
        appended = step()
        assert appended
        new = read_log(pack_store)
        _assert_prefix(log, new)
        assert new[len(log):] == appended
        log = new
    assert {j.judgement for j in log} == {"same", "different"}
    assert all(j.created_at and j.author for j in log)


def test_split_keeps_the_rest_of_the_cluster_together(pack_store: Store) -> None:
    merge(pack_store, "lynas", "lynas-usa", author="t")
    merge(pack_store, "lynas-usa", "arafura", author="t")  # arafura joins through lynas-usa
    from lodemap.resolution.clusters import load_clusters

    assert load_clusters(pack_store).members("arafura") == ["arafura", "lynas", "lynas-usa"]
    split(pack_store, "lynas-usa", author="t")
    clusters = load_clusters(pack_store)
    assert clusters.members("lynas") == ["arafura", "lynas"]
    assert clusters.members("lynas-usa") == ["lynas-usa"]
    # A merge overrides the split's `different` judgements: all three are one again.
    merge(pack_store, "lynas-usa", "arafura", author="t")
    assert load_clusters(pack_store).members("lynas") == ["arafura", "lynas", "lynas-usa"]
    assert merge(pack_store, "lynas", "arafura", author="t") == []  # already one
    assert split(pack_store, "iluka", author="t") == []  # alone already


def test_unknown_entity_is_refused_by_the_store(pack_store: Store) -> None:
    from lodemap.errors import StoreError

    with pytest.raises(StoreError):
        merge(pack_store, "lynas", "no-such-entity", author="t")
    assert read_log(pack_store) == []


def test_v1_store_is_migrated_to_judgements(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    Store.open(str(db)).close()
    store = Store.open(str(db))
    with store.engine.begin() as conn:  # make it look like a store written before v2
        conn.execute(text("DROP TABLE judgements"))
        conn.execute(tables.meta.update().values(value="1"))
    store.close()
    store = Store.open(str(db))
    try:
        with store.engine.connect() as conn:
            assert inspect(conn).has_table("judgements")
            assert migrations.current_version(conn) == migrations.LATEST >= 2
        assert read_log(store) == []
    finally:
        store.close()
