"""The store contract: every test here runs on a fresh SQLite file and on a fresh
database of a real PostgreSQL server (`store_url`, tests/store/conftest.py).
All texts are written for these tests (tests/store/samples.py)."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from lodemap.cli.app import app
from lodemap.document import Document
from lodemap.errors import StoreError
from lodemap.statement import Statement
from lodemap.store import Store, WriteResult, migrations, tables
from tests.store.samples import SENT1, TEXT, document, entities, st, statements

T = TypeVar("T")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = Store.open(store_url)
    yield s
    s.close()


def _version(store: Store) -> str:
    with store.engine.connect() as conn:
        rows = conn.execute(select(tables.meta.c.value).where(
            tables.meta.c.key == "schema_version")).scalars().all()
    assert len(rows) == 1
    return str(rows[0])


# ---- opening and migrating ---------------------------------------------------


def test_open_migrates_to_latest(store: Store) -> None:
    assert _version(store) == str(migrations.LATEST)
    assert migrations.LATEST == migrations.MIGRATIONS[-1][0]
    assert {"lodemap_meta", "documents", "entities", "aliases", "statements"} <= set(
        tables.metadata.tables)
    assert store.stats() == {"documents": 0, "references": 0, "entities": 0, "statements": 0,
                             "relationships": 0}


def test_reopen_is_a_noop(store: Store, store_url: str) -> None:
    doc = document()
    store.write(doc, entities(), statements(doc))
    before = store.stats()
    store.close()
    with Store.open(store_url) as again:
        assert again.stats() == before
        with again.engine.begin() as conn:
            assert migrations.migrate(conn) == []  # nothing left to apply
        assert _version(again) == str(migrations.LATEST)


def test_newer_schema_version_is_refused(store: Store, store_url: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(tables.meta.update().where(tables.meta.c.key == "schema_version")
                     .values(value=str(migrations.LATEST + 1)))
    store.close()
    with pytest.raises(StoreError) as exc:
        Store.open(store_url)
    assert str(migrations.LATEST + 1) in str(exc.value)


def _at_once(n: int, work: Callable[[], T]) -> list[T]:
    """`work` in n threads released together; each thread opens its own store (its
    own connections), as separate processes would. Any exception fails the test."""
    start = threading.Barrier(n)
    with ThreadPoolExecutor(n) as pool:
        futures = [pool.submit(lambda: (start.wait(), work())[1]) for _ in range(n)]
        return [f.result() for f in futures]


def test_concurrent_opens_migrate_once(store_url: str) -> None:
    """Processes that open a new store at the same moment must not both create it."""
    _at_once(4, lambda: Store.open(store_url).close())
    with Store.open(store_url) as s:
        assert _version(s) == str(migrations.LATEST)


# ---- writing -------------------------------------------------------------------


def test_write_stores_document_entities_statements(store: Store) -> None:
    doc = document()
    sts = statements(doc)
    result = store.write(doc, entities(), sts)
    assert result.doc_id == doc.id
    assert result.new is True
    assert result.statements == 4
    assert result.entities == 3
    assert store.stats() == {"documents": 1, "references": 0, "entities": 3, "statements": 4,
                             "relationships": 3}
    stored = store.documents_by_id([doc.id])[doc.id]
    assert (stored.text, stored.title, stored.published, stored.kind) == (
        TEXT, "Zephyr deal", "2026-03-02", "article")
    back = {s.id: s for s in store.statements_for_document(doc.id)}
    assert set(back) == {s.id for s in sts}
    for s in sts:
        got = back[s.id]
        assert got.first_seen and got.last_seen
        assert dataclasses.replace(got, first_seen=None, last_seen=None) == s
        assert TEXT[got.span_start:got.span_end] == got.evidence


def test_writing_same_document_again_changes_nothing(store: Store) -> None:
    doc = document()
    store.write(doc, entities(), statements(doc))
    before = store.stats()
    again = document()  # same text: same id, even with a later `retrieved`
    assert again.id == doc.id
    result = store.write(again, entities(), statements(again))
    assert result.new is False
    assert (result.statements, result.entities) == (0, 0)
    assert store.stats() == before


def test_duplicate_statements_in_one_write_are_stored_once(store: Store) -> None:
    doc = document()
    sts = statements(doc)
    result = store.write(doc, entities(), [*sts, *sts])
    assert result.statements == len(sts)
    assert store.stats()["statements"] == len(sts)


def test_merge_adds_only_new_statements(store: Store) -> None:
    doc = document()
    first, *rest = statements(doc)
    store.write(doc, entities(), [first])
    assert store.stats()["statements"] == 1
    result = store.write(doc, entities(), [first, *rest], merge=True)
    assert result.new is True
    assert result.statements == len(rest)
    assert result.entities == 0
    stats = store.stats()
    assert (stats["documents"], stats["statements"], stats["entities"]) == (1, 4, 3)
    noop = store.write(doc, entities(), [first, *rest], merge=True)
    assert (noop.new, noop.statements) == (False, 0)
    assert store.stats() == stats


def test_merge_without_existing_document_writes_it(store: Store) -> None:
    doc = document()
    result = store.write(doc, entities(), statements(doc), merge=True)
    assert result.new is True
    assert store.stats()["documents"] == 1


def test_failed_write_rolls_back_whole_document(store: Store) -> None:
    doc = document()
    bad = [*statements(doc), st(doc, "ghost", "supplies", "zephyr", SENT1)]
    with pytest.raises(StoreError):
        store.write(doc, entities(), bad)
    assert store.stats() == {"documents": 0, "references": 0, "entities": 0, "statements": 0,
                             "relationships": 0}
    assert store.documents_by_id([doc.id]) == {}
    assert store.alias_index() == {}
    # The store is still usable and the good write goes through afterwards.
    assert store.write(doc, entities(), statements(doc)).new is True
    assert store.stats()["statements"] == 4


def test_reference_documents_count_separately(store: Store) -> None:
    ref = Document(text="", source="https://news.example.org/a", url="https://news.example.org/a",
                   kind="reference", media_type="text/uri-list", id="ref-abc")
    ents = entities()
    pack_st = Statement(doc_id=ref.id, subject_id="zephyr", subject_text="Zephyr Magnetics",
                        predicate="stage", value="magnet", status="completed", evidence="x",
                        span_start=0, span_end=0, extractor="lodemap.pack",
                        extractor_version="1", confidence=1.0)
    store.write(ref, ents, [pack_st])
    stats = store.stats()
    assert (stats["documents"], stats["references"], stats["relationships"]) == (0, 1, 0)


def test_negated_statements_are_not_relationships(store: Store) -> None:
    doc = document()
    store.write(doc, entities(), [st(doc, "quillon", "supplies", "zephyr", SENT1,
                                       status="negated")])
    stats = store.stats()
    assert (stats["statements"], stats["relationships"]) == (1, 0)


# ---- reading -------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    doc = document()
    store.write(doc, entities(), statements(doc))
    return store


@pytest.mark.parametrize(
    ("entity_id", "predicates", "as_subject", "as_object", "expected"),
    [
        ("zephyr", None, True, True, [("quillon", "supplies"), ("quillon", "supplies"),
                                      ("nmfa", "funds")]),
        ("zephyr", None, True, False, []),
        ("nmfa", None, True, True, [("nmfa", "funds"), ("nmfa", "amount")]),
        ("nmfa", ["amount"], True, True, [("nmfa", "amount")]),
        ("quillon", ["funds"], True, True, []),
        ("quillon", None, False, True, []),
        ("nobody", None, True, True, []),
    ],
)
def test_statements_about(filled: Store, entity_id: str, predicates: list[str] | None,
                          as_subject: bool, as_object: bool,
                          expected: list[tuple[str, str]]) -> None:
    got = filled.statements_about(entity_id, predicates, as_subject=as_subject,
                                  as_object=as_object)
    assert sorted((s.subject_id, s.predicate) for s in got) == sorted(expected)
    for s in got:
        assert entity_id in (s.subject_id, s.object_id)


def test_statements_about_is_ordered_by_span(filled: Store) -> None:
    starts = [s.span_start for s in filled.statements_about("zephyr")]
    assert starts == sorted(starts)


def test_entities_by_id(filled: Store) -> None:
    got = filled.entities_by_id(["zephyr", "nmfa", "zephyr", "nobody"])
    assert set(got) == {"zephyr", "nmfa"}
    assert got["zephyr"].stages == ["magnet", "alloy"]
    assert got["zephyr"].country == "US"
    assert got["nmfa"].type == "GovernmentBody"
    assert filled.entities_by_id([]) == {}


def test_entity_with_aliases(filled: Store) -> None:
    ent = filled.entity("zephyr")
    assert ent is not None
    assert ("NASDAQ:ZPHR", "ticker") in ent.aliases
    assert ("ZPHR", "alias") in ent.aliases
    assert all(text != ent.name for text, _ in ent.aliases)
    assert filled.entity("nobody") is None


def test_documents_by_id(filled: Store) -> None:
    doc = document()
    assert set(filled.documents_by_id([doc.id, "doc-missing"])) == {doc.id}
    assert filled.documents_by_id([]) == {}


@pytest.mark.parametrize(
    ("query", "entity_type", "expected"),
    [
        ("Zephyr", None, {"zephyr"}),
        ("zephyr magnetics inc", None, {"zephyr"}),
        ("ZPHR", None, {"zephyr"}),
        ("Minerals", None, {"quillon", "nmfa"}),
        ("Minerals", "GovernmentBody", {"nmfa"}),
        ("NMFA", None, {"nmfa"}),
        ("Xanthe", None, set()),
        (None, "Company", {"zephyr", "quillon"}),
    ],
)
def test_list_entities(filled: Store, query: str | None, entity_type: str | None,
                       expected: set[str]) -> None:
    got = filled.list_entities(query=query, entity_type=entity_type)
    assert {e.id for e in got} == expected
    assert [e.name for e in got] == sorted(e.name for e in got)


def test_list_entities_limit(filled: Store) -> None:
    assert len(filled.list_entities(limit=2)) == 2


def test_alias_index(filled: Store) -> None:
    index = filled.alias_index()
    assert index["zephyr magnetics"] == ["zephyr"]
    assert index["ticker:zphr"] == ["zephyr"]
    assert index["zphr"] == ["zephyr"]
    assert index["quillon minerals"] == ["quillon"]
    assert index["nmfa"] == ["nmfa"]
    assert all(len(v) == 1 for v in index.values())  # one row per (key, entity)
    assert filled.alias_index_for("zephyr magnetics") == ["zephyr"]


def test_alias_rows_table_matches_index(filled: Store) -> None:
    with filled.engine.connect() as conn:
        keys = {r.key for r in conn.execute(select(tables.aliases.c.key))}
    assert keys == set(filled.alias_index())


def test_names_for_gazetteer(filled: Store) -> None:
    names = {(text, eid, etype) for text, eid, etype in filled.names()}
    assert ("Zephyr Magnetics", "zephyr", "Company") in names
    assert ("NMFA", "nmfa", "GovernmentBody") in names
    assert filled.entity_types() == {"zephyr": "Company", "quillon": "Company",
                                     "nmfa": "GovernmentBody"}


# ---- several writers ------------------------------------------------------------


def test_batch_in_one_transaction_is_all_or_none(store: Store) -> None:
    first = document()
    second = document(TEXT + " A second text.")
    bad = [*statements(second), st(second, "ghost", "supplies", "zephyr", SENT1)]

    def write_both() -> None:
        with store.transaction() as conn:
            store.write_in(conn, first, entities(), statements(first))
            store.write_in(conn, second, [], bad)

    with pytest.raises(StoreError):
        write_both()
    assert store.documents_by_id([first.id, second.id]) == {}
    with store.transaction() as conn:
        for doc in (first, second):
            store.write_in(conn, doc, entities(), statements(doc))
    assert store.stats()["documents"] == 2


def test_concurrent_writers_of_one_document_store_it_once(store: Store, store_url: str) -> None:
    """Each thread has its own store (its own connections), like separate processes."""
    doc = document()

    def write_one() -> WriteResult:
        with Store.open(store_url) as own:
            return own.write(doc, entities(), statements(doc))

    results = _at_once(4, write_one)
    assert sorted(r.new for r in results) == [False, False, False, True]
    assert sum(r.statements for r in results) == 4
    assert sum(r.entities for r in results) == 3
    assert store.stats() == {"documents": 1, "references": 0, "entities": 3, "statements": 4,
                             "relationships": 3}


# ---- the command line on this backend ------------------------------------------


def test_cli_ingest_and_ledger(store_url: str) -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", "--samples", "--json", "--db", store_url])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)["summary"]
    assert (summary["stored"], summary["failed"]) == (10, 0)
    with Store.open(store_url) as s:
        before = s.stats()
    again = runner.invoke(app, ["ingest", "--samples", "--json", "--db", store_url])
    assert json.loads(again.stdout)["summary"]["unchanged"] == 10
    with Store.open(store_url) as s:
        assert s.stats() == before
    ledger = runner.invoke(app, ["ledger", "USA Rare Earth", "--json", "--db", store_url])
    assert ledger.exit_code == 0, ledger.output
    names = {c["name"] for c in json.loads(ledger.stdout)["counterparties"]}
    assert "Arnold Magnetic Technologies" in names
