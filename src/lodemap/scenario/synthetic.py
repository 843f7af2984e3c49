"""Synthetic facility tables for the speed benchmark (bench/scenario_speed.py).

The shipped conversions, status, ramps, trade and demand tables, and `count`
generated facilities spread over every stage, twelve countries and forty owners.
The numbers are made up on purpose: their source is this module, never a report.
"""

from __future__ import annotations

import copy

import numpy as np

from lodemap.scenario.tables import Row, Source, read_tables, stage_names

_HERE = Source("https://github.com/lodemap/lodemap/blob/main/src/lodemap/scenario/synthetic.py",
               "2026-11-22")
COUNTRIES = ("CN", "US", "AU", "MY", "JP", "FR", "EE", "DE", "GB", "CA", "BR", "ZZ")
STATUSES = ("operating", "construction", "financed", "announced", "study")


def synthetic_tables(count: int, seed: int = 7) -> dict[str, list[Row]]:
    rng = np.random.default_rng(seed)
    tables = copy.deepcopy(read_tables())
    stages = stage_names()
    rows = []
    for i in range(count):
        stage = stages[i % len(stages)]
        values = {
            "id": f"synthetic-{i}", "entity": "", "owner": f"owner-{rng.integers(40)}",
            "stage": stage, "country": COUNTRIES[rng.integers(len(COUNTRIES))],
            "capacity": float(rng.uniform(500, 20000)), "unit": "t/yr magnet-eq",
            "start_year": int(rng.integers(2020, 2035)),
            "ramp": "greenfield" if i % 3 else "operating",
            "status": STATUSES[rng.integers(len(STATUSES))], "store_match": "",
            "start_match": "", "aggregate": False, "growth": 0.0, "basis": "assumption",
            "note": "synthetic",
        }
        rows.append(Row("facilities", "synthetic", i + 2, values,
                        {"capacity": _HERE, "start_year": _HERE}, "assumption"))
    tables["facilities"] = rows
    return tables
