"""Scenario overlays change the right rows, keep their premise, and refuse bad files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lodemap.scenario.baseline import baseline_tables
from lodemap.scenario.overlay import Scenario, apply, load_scenario
from lodemap.scenario.tables import ScenarioDataError, data_dir

WHY = {"why": "test premise"}


def _row(tables: dict[str, Any], table: str, key: str) -> Any:
    return next(r for r in tables[table] if r.key == key)


@pytest.mark.parametrize(("change", "table", "key", "column", "expected"), [
    ({"action": "slip", "target": "stillwater", "years": 2}, "facilities", "stillwater-magnet",
     "start_year", 2028),
    ({"action": "cancel", "target": "vulcan-elements"}, "facilities", "vulcan-benson-magnet",
     "capacity", 0.0),
    ({"action": "capacity", "target": "stillwater-magnet", "value": 1200}, "facilities",
     "stillwater-magnet", "capacity", 1200.0),
    ({"action": "capacity", "target": "neo-narva", "scale": 2.5}, "facilities",
     "neo-narva-magnet", "capacity", 5000.0),
    ({"action": "demand_growth", "region": "US", "end_use": "ev", "growth": 0.2}, "demand",
     "us-ev", "growth", 0.2),
    ({"action": "recycling", "recovery": 0.85}, "recycling", "noveon-recycling", "recovery",
     0.85),
    ({"action": "recycling", "target": "caremag-recycling", "recovery": 0.9}, "recycling",
     "caremag-recycling", "recovery", 0.9),
])
def test_each_change_sets_its_value_and_premise(change: dict[str, Any], table: str, key: str,
                                                column: str, expected: float) -> None:
    tables, _ = baseline_tables()
    apply(Scenario("t", "t.yaml", changes=[{**change, **WHY}]), tables)
    row = _row(tables, table, key)
    assert row[column] == pytest.approx(expected)
    assert row.premises[column] == "test premise"


def test_an_export_control_becomes_a_trade_rule() -> None:
    tables, _ = baseline_tables()
    ch = {"action": "export_control", "product": "magnet", "from": "CN", "to": "US",
          "start": 2025, "end": 2030, "allowed": 0.3, "kind": "licence", **WHY}
    apply(Scenario("t", "t.yaml", changes=[ch]), tables)
    rule = tables["trade"][-1]
    assert (rule["from_country"], rule["to_region"], rule["allowed"], rule["kind"]) == (
        "CN", "US", 0.3, "licence")


@pytest.mark.parametrize(("text", "message"), [
    ("name: x\nchanges:\n  - action: slip\n    target: stillwater\n    years: 1\n",
     "every change needs `why`"),
    ("name: x\nchanges:\n  - action: teleport\n    why: y\n", "action must be one of"),
    ("name: x\nchanges:\n  - {action: slip, target: stillwater, years: 1, why: y, "
     "source_url: 'https://a.org'}\n", "source_url and source_date together"),
    ("changes: []\n", "a mapping with a name"),
    ("name: x\nyears: {start: 2030, end: 2025}\n", "end before start"),
])
def test_malformed_scenarios_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioDataError, match=message):
        load_scenario(path)


def test_an_unknown_target_is_refused() -> None:
    tables, _ = baseline_tables()
    bad = Scenario("t", "t.yaml", changes=[{"action": "slip", "target": "atlantis",
                                            "years": 1, **WHY}])
    with pytest.raises(ScenarioDataError, match="no facility or recycling row matches"):
        apply(bad, tables)


def test_the_shipped_examples_load() -> None:
    names = {p.name for p in (data_dir() / "examples").iterdir()}
    assert {"baseline.yaml", "china-magnet-ban-us.yaml", "stillwater-slips.yaml",
            "recycling-85.yaml"} <= names
    for name in names:
        sc = load_scenario(str(data_dir() / "examples" / name))
        tables, _ = baseline_tables()
        apply(sc, tables)
