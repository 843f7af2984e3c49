"""`lodemap scenario run/compare` end to end, store overlay, --explain and the dossier hook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodemap.cli.app import app
from lodemap.scenario import facility_contribution
from lodemap.scenario.baseline import baseline_tables
from lodemap.scenario.tables import data_dir
from lodemap.store import Store

EX = data_dir() / "examples"
runner = CliRunner()


def _json(*args: str) -> dict:
    result = runner.invoke(app, ["scenario", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_ban_cuts_us_coverage_while_it_lasts() -> None:
    base = _json("run", str(EX / "baseline.yaml"), "--draws", "200")
    ban = _json("run", str(EX / "china-magnet-ban-us.yaml"), "--draws", "200")
    for year in (0, 5):   # 2025 and 2030: inside the ban
        assert ban["regions"]["US"][year]["share_from_CN"] == 0.0
        assert ban["regions"]["US"][year]["coverage"] < base["regions"]["US"][year]["coverage"]
    assert ban["regions"]["US"][6]["share_from_CN"] > 0   # 2031: ban over
    mc = ban["regions"]["US"][2]["monte_carlo"]["coverage"]
    assert mc["p10"] <= mc["p50"] <= mc["p90"]
    assert ban["mass_balance_error"] < 1e-9


def test_recycling_at_85_percent_raises_recycled_supply() -> None:
    diff = _json("compare", str(EX / "baseline.yaml"), str(EX / "recycling-85.yaml"),
                 "--draws", "0")
    eu_2030 = next(r for r in diff["regions"]["EU"] if r["year"] == 2030)
    assert eu_2030["shortfall_t"] < 0


def test_explain_cites_store_statements_and_premises(pack_store: Store, tmp_path: Path
                                                     ) -> None:
    db = str(tmp_path / "pack.db")
    data = _json("run", str(EX / "stillwater-slips.yaml"), "--draws", "0", "--explain",
                 "--db", db)
    cited = {(i["id"], i["column"]): i for i in data["explain"]["direct"]}
    stillwater = cited[("stillwater-magnet", "start_year")]
    assert stillwater["basis"] == "scenario premise" and stillwater["premise"]
    capacity = cited[("stillwater-magnet", "capacity")]
    assert capacity["statement_id"].startswith("st-")
    assert capacity["source_url"].startswith("https://")
    assert any(o["row_id"] == "stillwater-magnet" for o in data["store_values"])


def test_store_values_win_and_carry_their_statement(pack_store: Store) -> None:
    tables, overrides = baseline_tables(pack_store)
    white_mesa = next(r for r in tables["facilities"] if r.key == "white-mesa-sep")
    assert white_mesa["capacity"] == 925.0          # "850-1000" in the store: midpoint
    assert white_mesa.statements["capacity"].startswith("st-")
    assert {o.row_id for o in overrides} >= {"stillwater-magnet", "lynas-malaysia-sep"}


def test_facility_contribution_for_a_dossier(pack_store: Store) -> None:
    got = facility_contribution(pack_store, "usa-rare-earth", 2028)
    rows = {r["row"]: r for r in got["facilities"]}
    assert set(rows) == {"stillwater-magnet"}
    row = rows["stillwater-magnet"]
    assert row["region"] == "US" and 0 < row["share_of_region_demand"] < 1
    assert any(i["statement_id"] for i in row["inputs"])
    assert got["share_of_region_demand"] == pytest.approx(row["share_of_region_demand"])


def test_chart_svg_is_byte_stable(tmp_path: Path) -> None:
    paths = [tmp_path / "a.svg", tmp_path / "b.svg"]
    for p in paths:
        result = runner.invoke(app, ["scenario", "run", str(EX / "china-magnet-ban-us.yaml"),
                                     "--draws", "50", "--chart", str(p)])
        assert result.exit_code == 0, result.output
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert b"<svg" in paths[0].read_bytes()


def test_text_output_and_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scenario", "run", str(EX / "recycling-85.yaml"),
                                 "--draws", "20"])
    assert result.exit_code == 0 and "coverage" in result.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nchanges:\n  - action: slip\n    target: stillwater\n")
    result = runner.invoke(app, ["scenario", "run", str(bad)])
    assert result.exit_code == 3
    assert "every change needs `why`" in result.stderr
