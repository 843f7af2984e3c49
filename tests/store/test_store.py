"""Tests for lodemap.store.Store on a real SQLite file (all texts written for these tests)."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from lodemap.document import Document
from lodemap.entity import Entity
from lodemap.errors import StoreError
from lodemap.statement import Statement
from lodemap.store import Store, migrations, tables

TEXT = (
    "Zephyr Magnetics signed a supply agreement with Quillon Minerals on Monday. "
    "Quillon Minerals will deliver separated oxide to the Zephyr plant from 2027. "
    "The Northern Minerals Finance Agency lent Zephyr Magnetics $40 million."
)
SENT1 = (0, 75)
SENT2 = (76, 152)


def _entities() -> list[Entity]:
    return [
        Entity(id="zephyr", type="Company", name="Zephyr Magnetics", country="US",
               stages=["magnet", "alloy"],
               aliases=[("Zephyr Magnetics, Inc.", "alias"), ("NASDAQ:ZPHR", "ticker")]),
        Entity(id="quillon", type="Company", name="Quillon Minerals",
               aliases=[("Quillon Minerals Pty Ltd", "alias")]),
        Entity(id="nmfa", type="GovernmentBody", name="Northern Minerals Finance Agency",
               aliases=[("NMFA", "acronym")]),
    ]


def _doc(text: str = TEXT, **kw: str) -> Document:
    return Document(text=text, source="tests/zephyr.txt", title="Zephyr deal",
                    published="2026-03-02", **kw)


def _st(doc: Document, subject: str, predicate: str, obj: str | None, span: tuple[int, int],
        status: str = "signed", **kw: object) -> Statement:
    names = {"zephyr": "Zephyr Magnetics", "quillon": "Quillon Minerals",
             "nmfa": "Northern Minerals Finance Agency", "ghost": "Ghost Co"}
    return Statement(
        doc_id=doc.id, subject_id=subject, subject_text=names[subject], predicate=predicate,
        object_id=obj, object_text=names[obj] if obj else None, status=status,
        evidence=doc.text[span[0]:span[1]], span_start=span[0], span_end=span[1],
        extractor="test", extractor_version="1", confidence=0.9, date="2026-03-02",
        **kw,  # type: ignore[arg-type]
    )


def _statements(doc: Document) -> list[Statement]:
    return [
        _st(doc, "quillon", "supplies", "zephyr", SENT1),
        _st(doc, "quillon", "supplies", "zephyr", SENT2, status="announced"),
        _st(doc, "nmfa", "funds", "zephyr", (153, len(TEXT)), status="completed"),
        _st(doc, "nmfa", "amount", None, (153, len(TEXT)), status="completed",
            value="40000000", unit="USD"),
    ]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "kb" / "lodemap.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    s = Store.open(str(db))
    yield s
    s.close()


def _version(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT value FROM lodemap_meta WHERE key = 'schema_version'").fetchall()
    assert len(rows) == 1
    return str(rows[0][0])


# ---- opening and migrating ---------------------------------------------------


def test_open_creates_and_migrates(store: Store, db: Path) -> None:
    assert db.is_file()  # the missing folder was created
    assert _version(db) == str(migrations.LATEST)
    assert migrations.LATEST == migrations.MIGRATIONS[-1][0]
    with sqlite3.connect(db) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"lodemap_meta", "documents", "entities", "aliases", "statements"} <= names
    assert store.stats() == {"documents": 0, "references": 0, "entities": 0, "statements": 0,
                             "relationships": 0}


def test_reopen_is_a_noop(store: Store, db: Path) -> None:
    store.write(_doc(), _entities(), _statements(_doc()))
    before = store.stats()
    store.close()
    with Store.open(str(db)) as again:
        assert again.stats() == before
        with again.engine.connect() as conn:
            assert migrations.migrate(conn) == []  # nothing left to apply
    assert _version(db) == str(migrations.LATEST)


def test_sqlite_url_form(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'u.db'}") as s:
        assert s.stats()["entities"] == 0
    assert (tmp_path / "u.db").is_file()


def test_foreign_keys_are_on(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize(
    "make_url",
    [
        lambda tmp: "postgresql+nonexistentdriver://x",
        lambda tmp: str(tmp / "plain.txt" / "store.db"),
        lambda tmp: f"sqlite:///{tmp / 'plain.txt' / 'store.db'}",
    ],
    ids=["unknown-driver", "path-inside-a-file", "sqlite-url-inside-a-file"],
)
def test_unusable_url_raises_store_error(tmp_path: Path,
                                         make_url: Callable[[Path], str]) -> None:
    (tmp_path / "plain.txt").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(StoreError):
        Store.open(make_url(tmp_path))


def test_file_that_is_not_a_database_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("A plain text file written by the test, not a database.\n" * 40,
                    encoding="utf-8")
    with pytest.raises(StoreError):
        Store.open(str(path))


def test_newer_schema_version_is_refused(db: Path) -> None:
    Store.open(str(db)).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE lodemap_meta SET value = ? WHERE key = 'schema_version'",
                     (str(migrations.LATEST + 1),))
    with pytest.raises(StoreError) as exc:
        Store.open(str(db))
    assert str(migrations.LATEST + 1) in str(exc.value)
    assert _version(db) == str(migrations.LATEST + 1)  # left untouched


# ---- writing -------------------------------------------------------------------


def test_write_stores_document_entities_statements(store: Store) -> None:
    doc = _doc()
    sts = _statements(doc)
    result = store.write(doc, _entities(), sts)
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
    doc = _doc()
    store.write(doc, _entities(), _statements(doc))
    before = store.stats()
    again = _doc()  # same text: same id, even with a later `retrieved`
    assert again.id == doc.id
    result = store.write(again, _entities(), _statements(again))
    assert result.new is False
    assert (result.statements, result.entities) == (0, 0)
    assert store.stats() == before


def test_duplicate_statements_in_one_write_are_stored_once(store: Store) -> None:
    doc = _doc()
    sts = _statements(doc)
    result = store.write(doc, _entities(), [*sts, *sts])
    assert result.statements == len(sts)
    assert store.stats()["statements"] == len(sts)


def test_statement_ids_are_content_derived() -> None:
    doc = _doc()
    a = _st(doc, "quillon", "supplies", "zephyr", SENT1)
    b = _st(doc, "quillon", "supplies", "zephyr", SENT1)
    assert a.id == b.id
    assert a.id.startswith("st-")
    variants = [
        _st(doc, "quillon", "supplies", "zephyr", SENT2),
        _st(doc, "quillon", "supplies", "zephyr", (SENT1[0], SENT1[1] - 1)),
        _st(doc, "quillon", "offtake", "zephyr", SENT1),
        _st(doc, "quillon", "supplies", "zephyr", SENT1, status="announced"),
        _st(_doc(TEXT + " More."), "quillon", "supplies", "zephyr", SENT1),
    ]
    ids = {a.id, *(v.id for v in variants)}
    assert len(ids) == 1 + len(variants)
    # Confidence and dates are not part of what was claimed.
    assert dataclasses.replace(a, id="", confidence=0.1, date="1999-01-01").content_id() == a.id


def test_merge_adds_only_new_statements(store: Store) -> None:
    doc = _doc()
    first, *rest = _statements(doc)
    store.write(doc, _entities(), [first])
    assert store.stats()["statements"] == 1
    result = store.write(doc, _entities(), [first, *rest], merge=True)
    assert result.new is True
    assert result.statements == len(rest)
    assert result.entities == 0
    stats = store.stats()
    assert (stats["documents"], stats["statements"], stats["entities"]) == (1, 4, 3)
    noop = store.write(doc, _entities(), [first, *rest], merge=True)
    assert (noop.new, noop.statements) == (False, 0)
    assert store.stats() == stats


def test_merge_without_existing_document_writes_it(store: Store) -> None:
    doc = _doc()
    result = store.write(doc, _entities(), _statements(doc), merge=True)
    assert result.new is True
    assert store.stats()["documents"] == 1


def test_failed_write_rolls_back_whole_document(store: Store) -> None:
    doc = _doc()
    bad = [*_statements(doc), _st(doc, "ghost", "supplies", "zephyr", SENT1)]
    with pytest.raises(StoreError):
        store.write(doc, _entities(), bad)
    assert store.stats() == {"documents": 0, "references": 0, "entities": 0, "statements": 0,
                             "relationships": 0}
    assert store.documents_by_id([doc.id]) == {}
    assert store.alias_index() == {}
    # The store is still usable and the good write goes through afterwards.
    assert store.write(doc, _entities(), _statements(doc)).new is True
    assert store.stats()["statements"] == 4


def test_reference_documents_count_separately(store: Store) -> None:
    ref = Document(text="", source="https://news.example.org/a", url="https://news.example.org/a",
                   kind="reference", media_type="text/uri-list", id="ref-abc")
    ents = _entities()
    st = Statement(doc_id=ref.id, subject_id="zephyr", subject_text="Zephyr Magnetics",
                   predicate="stage", value="magnet", status="completed", evidence="x",
                   span_start=0, span_end=0, extractor="lodemap.pack", extractor_version="1",
                   confidence=1.0)
    store.write(ref, ents, [st])
    stats = store.stats()
    assert (stats["documents"], stats["references"], stats["relationships"]) == (0, 1, 0)


def test_negated_statements_are_not_relationships(store: Store) -> None:
    doc = _doc()
    store.write(doc, _entities(), [_st(doc, "quillon", "supplies", "zephyr", SENT1,
                                       status="negated")])
    stats = store.stats()
    assert (stats["statements"], stats["relationships"]) == (1, 0)


# ---- reading -------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    doc = _doc()
    store.write(doc, _entities(), _statements(doc))
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
    doc = _doc()
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
