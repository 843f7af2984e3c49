"""USA Rare Earth's signals with the five seed articles and the knowledge pack ingested."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from lodemap.cli.app import app
from lodemap.statement import Statement
from lodemap.store import Store
from tests.signals.conftest import signals_of, stored_ids

USAR = "usa-rare-earth"


def _statements(store: Store, ids: list[str]) -> list[Statement]:
    wanted = set(ids)
    pool = {s.id: s for e in ("usa-rare-earth", "carester", "stillwater", "round-top")
            for s in store.statements_about(e)}
    return [pool[i] for i in wanted if i in pool]


def test_no_committed_customers_is_a_stated_signal_feeding_the_stage(seeds_store: Store) -> None:
    stage = signals_of(seeds_store, USAR)["commercial_stage"]
    assert stage.value == "pre-commercial"
    cited = _statements(seeds_store, stage.detail["cues"]["no_committed_customers"])
    assert cited and all(s.predicate == "committed_customers" and s.value == "false"
                         for s in cited)
    assert "no_committed_customers" in stage.detail["because"]
    assert {s.id for s in cited} <= set(stage.reasons[0].statement_ids)
    # The seeds state a production figure for nobody at USAR: said as an absence.
    assert any(r.absence and "production" in r.text for r in stage.reasons)


def test_vertical_integration_from_round_top_to_stillwater(seeds_store: Store) -> None:
    vi = signals_of(seeds_store, USAR)["vertical_integration"]
    assert vi.value[0] == "mining" and "magnet" in vi.value
    assert vi.detail["span"] == ["mining", "magnet"]
    assert "round-top" in vi.detail["by_stage"]["mining"]
    assert "stillwater" in vi.detail["by_stage"]["magnet"]
    sites = {s.object_id for s in _statements(seeds_store, vi.statement_ids)
             if s.predicate == "operates"}
    assert {"round-top", "stillwater"} <= sites


def test_posture_sells_through_distribution_partners(seeds_store: Store) -> None:
    posture = signals_of(seeds_store, USAR)["posture"]
    assert posture.value in ("seller", "both")
    seller = next(r for r in posture.reasons if "seller" in r.text)
    assert "Arnold Magnetic Technologies" in seller.text


def test_maturity_counts_the_carester_investment_as_proposed(seeds_store: Store) -> None:
    maturity = signals_of(seeds_store, USAR)["maturity"]
    assert maturity.value["proposed"] >= 1 and maturity.value["signed"] >= 1
    proposed = next(r for r in maturity.reasons if "as proposed" in r.text)
    assert "Carester (invests_in)" in proposed.text
    cited = _statements(seeds_store, list(proposed.statement_ids))
    assert any(s.predicate == "invests_in" and s.object_id == "carester"
               and s.status == "proposed" for s in cited)


def test_every_usar_signal_has_a_value_and_cites_stored_statements(seeds_store: Store) -> None:
    known = stored_ids(seeds_store)
    for result in signals_of(seeds_store, USAR).values():
        assert result.value is not None, result.name
        assert result.statement_ids and set(result.statement_ids) <= known, result.name


def test_cli_signals(seeds_store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(seeds_store.engine.url.database)
    res = runner.invoke(app, ["signals", "NASDAQ:USAR", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["entity"]["id"] == USAR
    assert [s["name"] for s in data["signals"]][:2] == ["geography", "posture"]
    text = runner.invoke(app, ["signals", "USA Rare Earth", "--db", db,
                               "--signal", "commercial_stage"])
    assert text.exit_code == 0 and "pre-commercial" in text.stdout
    assert runner.invoke(app, ["signals", "Nobody At All", "--db", db]).exit_code == 6
    assert runner.invoke(app, ["signals", "USAR", "--db", db,
                               "--signal", "bogus"]).exit_code == 2
