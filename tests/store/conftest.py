"""Store fixtures: `store_url` runs a test on a fresh SQLite file and on a fresh
database of a real PostgreSQL server that the session starts itself (tests/pg.py).

Without PostgreSQL binaries the PostgreSQL cases skip, unless LODEMAP_REQUIRE_PG=1
(set by `make test`), when they fail and say how to install the server.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import PgServer, PgUnavailable, pg_required

BACKENDS = ["sqlite", "postgresql"]
_names = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    try:
        server = PgServer.start(fsync=False)
    except PgUnavailable as exc:
        if pg_required():
            pytest.fail(f"PostgreSQL is required (LODEMAP_REQUIRE_PG=1): {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL not available: {exc}")
    yield server
    server.stop()


def new_store_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty store of `backend`: a new SQLite file, or a new PostgreSQL database."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'kb' / 'lodemap.db'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_database(f"t{next(_names)}")


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return new_store_url(str(request.param), tmp_path, request)
