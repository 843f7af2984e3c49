"""Compile checked tables into the arrays the engine works on.

Units: every capacity is converted into its own stage's product unit along the
chain (`conversions.csv`): a quantity of stage a's product is worth
`cum[b] / cum[a]` tonnes of stage b's product, where `cum` is the running product
of the stage factors. Recycling rows become producing units that need no feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lodemap.scenario.tables import Row, ScenarioDataError, attributes, stage_names, stage_units

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass
class Model:
    """Arrays over units (facility rows and recycling rows), years, countries, regions."""

    stages: list[str]
    factor: F64            # (S,) t of stage s per t of stage s-1 (factor[0] = 1)
    cum: F64               # (S,) running product: tonnes of stage s per tonne of mining product
    years: I64             # (Y,)
    countries: list[str]   # (C,)
    regions: list[str]     # (R,)
    country_region: I64    # (C,) region index of each country
    rows: list[Row]        # (U,) the facility or recycling row behind each unit
    stage: I64             # (U,)
    country: I64           # (U,)
    owner: list[str]       # (U,)
    capacity: F64          # (U,) per year at full rate, in the stage's unit
    start: I64             # (U,)
    ramp: I64              # (U,) index into ramps
    ramps: F64             # (P, K) share of nameplate k years after start (last share holds)
    p_online: F64          # (U,)
    p_delay: F64           # (U,)
    delay_mean: F64        # (U,)
    aggregate: npt.NDArray[np.bool_]  # (U,)
    recycled: npt.NDArray[np.bool_]   # (U,)
    growth: F64            # (U,)
    demand: F64            # (R, Y) tonnes of magnet
    demand_rows: dict[str, list[Row]]
    rules: list[Row]
    inputs: dict[str, list[Row]]   # every table row the model was built from

    def to_stage(self, amount: Any, src: int, dst: int) -> Any:
        return amount * (self.cum[dst] / self.cum[src])

    def capacity_by_year(self) -> F64:
        """(Y, U) nameplate per year: aggregates grow from their start year."""
        span = np.maximum(self.years[:, None] - self.start[None, :], 0)
        grown: F64 = self.capacity[None, :] * (1.0 + self.growth[None, :]) ** span
        return grown


def unit_stage(unit: str, path: str, line: int) -> int:
    """The stage whose product a capacity unit measures ('t/yr REO' → mining)."""
    names = stage_names()
    text = unit.removeprefix("t/yr").strip()
    if text == "magnet-eq":
        return names.index("magnet")
    for i, (_, u) in enumerate(stage_units().items()):
        if u.removeprefix("t ").strip() == text:
            return i
    raise ScenarioDataError(f"unknown unit {unit!r} (t/yr of a stage's product or magnet-eq)",
                            path=path, line=line, column="unit")


def region_of(country: str) -> str:
    spec = attributes()
    for name, region in spec["regions"].items():
        if country in region["countries"]:
            return str(name)
    return str(spec["default_region"])


def _index(name: str, options: list[str], row: Row, column: str) -> int:
    if name not in options:
        raise ScenarioDataError(f"unknown {column} {name!r} (one of {', '.join(options)})",
                                path=row.path, line=row.line, column=column)
    return options.index(name)


def _ramps(rows: list[Row]) -> tuple[list[str], F64]:
    names = [r.key for r in rows]
    width = max(len(r["shares"]) for r in rows)
    table = np.ones((len(rows), width + 1))
    for i, r in enumerate(rows):
        shares = r["shares"]
        table[i, :len(shares)] = shares
        table[i, len(shares):] = shares[-1]
    return names, table


def _demand(rows: list[Row], years: I64, regions: list[str]) -> F64:
    spec = attributes()
    world = np.zeros(len(years))
    out = np.zeros((len(regions), len(years)))
    for r in rows:
        base = r["total"] or r["driver"] * r["intensity"] / 1000.0 * r["share"]
        series = base * (1.0 + r["growth"]) ** (years - r["base_year"])
        if r["region"] == spec["world_region"]:
            world += series
        else:
            out[_index(r["region"], regions, r, "region")] += series
    if world.any():
        rest = regions.index(spec["default_region"])
        out[rest] += np.maximum(world - out.sum(axis=0), 0.0)
    return out


def compile_model(tables: dict[str, list[Row]], years: range) -> Model:
    names = stage_names()
    conv = {r["stage"]: r for r in tables["conversions"]}
    factor = np.ones(len(names))
    for i, stage in enumerate(names[1:], start=1):
        if stage not in conv:
            raise ScenarioDataError(f"no conversion factor into stage {stage!r}",
                                    path="conversions.csv")
        factor[i] = conv[stage]["factor"]
    cum: F64 = np.cumprod(factor).astype(np.float64)
    status = {r.key: r for r in tables["status"]}
    ramp_names, ramps = _ramps(tables["ramps"])
    regions = list(attributes()["regions"])
    units = [*tables["facilities"], *tables["recycling"]]
    countries = sorted({r["country"] for r in units})
    y = np.arange(years.start, years.stop, dtype=np.int64)
    cap = np.zeros(len(units))
    for i, r in enumerate(units):
        s = _index(r["stage"], names, r, "stage")
        if r.table == "recycling":
            amount = r["feed"] * r["recovery"]
            src = names.index("magnet")
        else:
            amount, src = r["capacity"], unit_stage(r["unit"], r.path, r.line)
        cap[i] = amount * cum[s] / cum[src]
        _index(r["status"], list(status), r, "status")
        _index(r["ramp"], ramp_names, r, "ramp")
    return Model(
        stages=names, factor=factor, cum=cum, years=y, countries=countries, regions=regions,
        country_region=np.array([regions.index(region_of(c)) for c in countries]),
        rows=units,
        stage=np.array([names.index(r["stage"]) for r in units], dtype=np.int64),
        country=np.array([countries.index(r["country"]) for r in units], dtype=np.int64),
        owner=[str(r["owner"]) for r in units],
        capacity=cap,
        start=np.array([r["start_year"] for r in units], dtype=np.int64),
        ramp=np.array([ramp_names.index(r["ramp"]) for r in units], dtype=np.int64),
        ramps=ramps,
        p_online=np.array([status[r["status"]]["p_online"] for r in units]),
        p_delay=np.array([status[r["status"]]["p_delay"] for r in units]),
        delay_mean=np.array([status[r["status"]]["delay_mean"] for r in units]),
        aggregate=np.array([bool(r["aggregate"]) for r in units]),
        recycled=np.array([r.table == "recycling" for r in units]),
        growth=np.array([float(r["growth"]) for r in units]),
        demand=_demand(tables["demand"], y, regions),
        demand_rows={reg: [r for r in tables["demand"] if r["region"] in (reg, "WORLD")]
                     for reg in regions},
        rules=[*tables["trade"]], inputs=tables,
    )
