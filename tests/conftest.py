"""Shared fixtures: real SQLite stores built through the real pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lodemap.pack import load_pack
from lodemap.pipeline import Pipeline, load_pack_into
from lodemap.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
EVAL_DEV = SHARED / "eval" / "dev" / "articles"


def build_store(path: Path, *inputs: str, samples: bool = True) -> Store:
    store = Store.open(str(path))
    load_pack_into(store)
    items = [str(p) for p in load_pack().documents()] if samples else []
    Pipeline(store).ingest([*items, *inputs])
    return store


@pytest.fixture
def pack_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(str(tmp_path / "pack.db"))
    load_pack_into(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The demo's store: the knowledge pack plus the bundled sample documents."""
    store = build_store(tmp_path_factory.mktemp("demo") / "demo.db")
    yield store
    store.close()


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The pack plus the five seed articles (skipped where shared/ is absent)."""
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside the repository")
    store = build_store(tmp_path_factory.mktemp("seeds") / "seeds.db", str(SEEDS),
                        samples=False)
    yield store
    store.close()
