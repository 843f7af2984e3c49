"""The engine's outputs are frozen: a fingerprint of every `Outcome` array (sums, a
weighted sum that notices values moving between cells, extremes and percentiles),
taken from the engine as it stood before it was optimised, must come out again to
1e-9 relative. Cases: the shipped baseline and each example scenario (the plan draw
and 300 Monte Carlo draws, run in uneven chunks), and the bench's synthetic model
(200 facilities, 400 draws), also under export rules that vary by draw and year
(a magnet licence from China to the US, a cap on alloy from China to the EU).

Regenerate (only on purpose, when a change of results is intended):
`.venv/bin/python -m tests.scenario.test_engine_equivalence`.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lodemap.scenario.baseline import baseline_tables
from lodemap.scenario.engine import Outcome, run
from lodemap.scenario.model import compile_model
from lodemap.scenario.overlay import Scenario, apply, load_scenario
from lodemap.scenario.sampling import plan_draw, sample
from lodemap.scenario.synthetic import synthetic_tables

GOLDEN = Path(__file__).parent / "golden" / "engine_fingerprints.json"
EXAMPLES = Path(__file__).resolve().parents[2] / "src/lodemap/data/scenario/examples"
RTOL = 1e-9
RULES = [{"action": "export_control", "product": "magnet", "from": "CN", "to": "US",
          "start": 2026, "end": 2040, "allowed": 0.4, "kind": "licence", "why": "test"},
         {"action": "export_control", "product": "alloy", "from": "CN", "to": "EU",
          "start": 2025, "end": 2032, "allowed": 0.5, "kind": "cap", "why": "test"}]
TONNES = {"production", "potential", "supplied", "domestic", "imports", "produced", "consumed",
          "idle", "surplus"}
ARRAYS = [f.name for f in dataclasses.fields(Outcome) if f.name not in ("model", "draws")]


def _outcomes() -> dict[str, Outcome]:
    cases: dict[str, Outcome] = {}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        sc = load_scenario(path)
        tables, _ = baseline_tables()
        apply(sc, tables)
        model = compile_model(tables, sc.horizon)
        cases[f"{path.stem}/plan"] = run(model, plan_draw(model))
        cases[f"{path.stem}/mc300"] = run(model, sample(model, 300, seed=3), chunk=128)
    model = compile_model(synthetic_tables(200), range(2025, 2050))
    cases["synthetic200/mc400"] = run(model, sample(model, 400, seed=5), chunk=150)
    tables = synthetic_tables(200)
    apply(Scenario("rules", "rules.yaml", changes=RULES), tables)
    model = compile_model(tables, range(2025, 2050))
    cases["synthetic200-rules/mc300"] = run(model, sample(model, 300, seed=9), chunk=128)
    return cases


def fingerprint(a: np.ndarray) -> dict[str, float]:
    x = np.asarray(a, dtype=np.float64).ravel()
    weight = np.sin(np.arange(x.size) * 0.7311) + 1.5     # position-sensitive, all > 0
    p10, p50, p90 = np.percentile(x, (10, 50, 90))
    return {"sum": float(x.sum()), "abs": float(np.abs(x).sum()),
            "weighted": float(x @ weight), "sq": float(x @ x),
            "min": float(x.min()), "max": float(x.max()),
            "p10": float(p10), "p50": float(p50), "p90": float(p90)}


def fingerprints() -> dict[str, dict[str, Any]]:
    return {name: {field: {"shape": list(getattr(out, field).shape),
                           **fingerprint(getattr(out, field))} for field in ARRAYS}
            for name, out in _outcomes().items()}


@pytest.fixture(scope="module")
def current() -> dict[str, dict[str, Any]]:
    return fingerprints()


def test_every_case_is_fingerprinted(current: dict[str, dict[str, Any]]) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(current) == sorted(golden)


@pytest.mark.parametrize("field", ARRAYS)
def test_outputs_match_the_frozen_engine(current: dict[str, dict[str, Any]], field: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for case, fields in golden.items():
        want, got = fields[field], current[case][field]
        assert got["shape"] == want["shape"], (case, field)
        # relative to the value or, where a value is near 0, to its scale: for tonnages,
        # the case's largest stage output (surplus and idle are often rounding noise
        # around 0 and balance to 1e-9 of output, not of themselves); for shares, the
        # array's largest value. Sums scale with the number of values.
        size = float(np.prod(want["shape"]))
        largest = max(abs(want["max"]), abs(want["min"]))
        if field in TONNES:
            largest = max(largest, fields["produced"]["max"])
        for key, value in want.items():
            if key == "shape":
                continue
            scale = {"sum": size * largest, "abs": size * largest, "weighted": 2.5 * size * largest,
                     "sq": size * largest**2}.get(key, largest)
            assert got[key] == pytest.approx(value, rel=RTOL, abs=RTOL * scale), \
                (case, field, key)


if __name__ == "__main__":
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(fingerprints(), indent=1, sort_keys=True) + "\n",
                      encoding="utf-8")
    print(f"wrote {GOLDEN}")
