"""`--as-of DATE`: answers as the sources stood on a date, through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lodemap.cli.app import app
from lodemap.lifecycle import effective_date
from lodemap.store import Store
from tests.conftest import build_store

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo store (pack and sample documents) as a file the CLI opens."""
    path = tmp_path_factory.mktemp("asof") / "demo.db"
    build_store(path).close()
    return str(path)


def _ledger(db: str, *extra: str) -> dict[str, dict[str, Any]]:
    res = runner.invoke(app, ["ledger", "USA Rare Earth", "--db", db, "--json", *extra])
    assert res.exit_code == 0, res.output
    return {cp["name"]: {r["type"]: r for r in cp["relationships"]}
            for cp in json.loads(res.stdout)["counterparties"]}


def test_ledger_as_of_shows_the_state_on_that_date(demo_db: str) -> None:
    now = _ledger(demo_db)
    lcm = now["Less Common Metals"]["acquires"]
    assert lcm["state"] == "completed"
    assert lcm["lifecycle"] == "announced 2025-09 → signed 2025-09 → completed 2025-11"
    then = _ledger(demo_db, "--as-of", "2025-10")
    assert then["Less Common Metals"]["acquires"]["state"] == "signed"
    assert "completed" not in then["Less Common Metals"]["acquires"]["lifecycle"]
    # Carester (April 2026) and Commerce (January 2026) came later.
    assert "Carester" in now and "Carester" not in then
    assert set(then) < set(now)
    for rels in then.values():
        for rel in rels.values():
            assert all(ev["date"] is None or ev["date"] <= "2025-10-31"
                       for ev in rel["evidence"])
    assert _ledger(demo_db, "--as-of", "2020") == {}


def test_brief_as_of_leaves_out_later_sources(demo_db: str, tmp_path: Path) -> None:
    res = runner.invoke(app, ["brief", "USAR", "--as-of", "2025-09-30", "--db", demo_db])
    assert res.exit_code == 0, res.output
    assert "as of 2025-09-30" in res.stdout
    assert "Carester" not in res.stdout and "10,000 t/yr" not in res.stdout
    assert "4,800 t/yr" in res.stdout and "5,000 t/yr" in res.stdout  # known by then
    later = runner.invoke(app, ["brief", "USAR", "--db", demo_db]).stdout
    assert "Carester" in later and "10,000 t/yr" in later and "as of" not in later


def test_stats_as_of_counts_fewer(demo_db: str) -> None:
    def stats(*extra: str) -> dict[str, int]:
        res = runner.invoke(app, ["stats", "--db", demo_db, "--json", *extra])
        assert res.exit_code == 0, res.output
        data: dict[str, int] = json.loads(res.stdout)
        return data

    now, then = stats(), stats("--as-of", "2025-06")
    assert then["statements"] < now["statements"] and then["documents"] < now["documents"]
    assert then["entities"] == now["entities"]


def test_store_filter_matches_effective_dates(demo_db: str) -> None:
    with Store.open(demo_db) as store:
        every = store.statements_about("usa-rare-earth")
        docs = store.documents_by_id(s.doc_id for s in every)
        for day in ("2024-12-31", "2025-09-30", "2026-02-28"):
            want = {s.id for s in every
                    if effective_date(s, docs[s.doc_id].published) <= day}
            got = {s.id for s in store.statements_about("usa-rare-earth", as_of=day)}
            assert got == want and 0 < len(got) < len(every)


@pytest.mark.parametrize("command", [["ledger", "USAR"], ["brief", "USAR"], ["stats"],
                                     ["conflicts"]])
@pytest.mark.parametrize("bad", ["2025-13", "2025-02-30", "last week", "2025/01/01"])
def test_bad_dates_are_usage_errors(demo_db: str, command: list[str], bad: str) -> None:
    res = runner.invoke(app, [*command, "--as-of", bad, "--db", demo_db])
    assert res.exit_code == 2
    assert f"not a date: {bad!r}" in res.output and "YYYY-MM-DD" in res.output
