"""Tests for lodemap.store.Store on a real SQLite file (all texts written for these tests)."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lodemap.errors import StoreError
from lodemap.store import Store, migrations
from tests.store.samples import SENT1, SENT2, TEXT, document, entities, st, statements


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
    store.write(document(), entities(), statements(document()))
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


# ---- ids ---------------------------------------------------------------------


def test_statement_ids_are_content_derived() -> None:
    doc = document()
    a = st(doc, "quillon", "supplies", "zephyr", SENT1)
    b = st(doc, "quillon", "supplies", "zephyr", SENT1)
    assert a.id == b.id
    assert a.id.startswith("st-")
    variants = [
        st(doc, "quillon", "supplies", "zephyr", SENT2),
        st(doc, "quillon", "supplies", "zephyr", (SENT1[0], SENT1[1] - 1)),
        st(doc, "quillon", "offtake", "zephyr", SENT1),
        st(doc, "quillon", "supplies", "zephyr", SENT1, status="announced"),
        st(document(TEXT + " More."), "quillon", "supplies", "zephyr", SENT1),
    ]
    ids = {a.id, *(v.id for v in variants)}
    assert len(ids) == 1 + len(variants)
    # Confidence and dates are not part of what was claimed.
    assert dataclasses.replace(a, id="", confidence=0.1, date="1999-01-01").content_id() == a.id
