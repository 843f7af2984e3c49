"""Stores and running servers for the API tests: a real SQLite store built with the real
pipeline (the knowledge pack and its sample documents), served by Uvicorn on 127.0.0.1."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from lodemap.web import create_app
from tests.conftest import build_store
from tests.web.server import running

TEXTS = Path(__file__).parent / "texts"
TOKEN = "test-token-7f3a"


@contextmanager
def serving(db: Path, **options: Any) -> Iterator[httpx.Client]:
    """A client of a real server over `db`; options go to `create_app` (no rate limit
    unless given)."""
    options.setdefault("rate", 0)
    with running(create_app(str(db), **options)) as url, \
            httpx.Client(base_url=url, timeout=120) as client:
        yield client


def check_error(response: httpx.Response, status: int | None = None) -> dict[str, Any]:
    """The one error shape; returns the error object."""
    if status is not None:
        assert response.status_code == status, response.text
    assert response.status_code >= 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert set(err) == {"code", "message", "hint"}, err
    assert isinstance(err["code"], str) and err["code"]
    assert isinstance(err["message"], str) and err["message"]
    assert err["hint"] is None or isinstance(err["hint"], str)
    assert "Traceback" not in response.text
    return dict(err)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store (pack + samples); read-only tests share it."""
    path = tmp_path_factory.mktemp("web") / "web.db"
    build_store(path).close()
    return path


@pytest.fixture
def fresh_db(web_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo store for a test that writes."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(web_db, copy)
    return copy


@pytest.fixture(scope="session")
def api(web_db: Path) -> Iterator[httpx.Client]:
    """The shared read server (a token is configured, but these tests only read)."""
    with serving(web_db, token=TOKEN) as client:
        yield client
