"""Run a scenario and turn engine output into figures: coverage, shortfall, bottleneck,
concentration and shares, for the plan case and as Monte Carlo P10/P50/P90."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lodemap.scenario.baseline import Override, baseline_tables
from lodemap.scenario.engine import Outcome, mass_balance_error, run
from lodemap.scenario.model import Model, compile_model
from lodemap.scenario.overlay import Scenario, apply, load_scenario
from lodemap.scenario.sampling import plan_draw, sample
from lodemap.store import Store

FOCUS = "CN"   # the named country whose shares every report gives
PCTS = (10, 50, 90)


@dataclass
class Report:
    scenario: Scenario
    model: Model
    plan: Outcome
    monte_carlo: Outcome | None
    overrides: list[Override] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": {"name": self.scenario.name, "file": self.scenario.path,
                             "description": self.scenario.description},
                "years": [int(y) for y in self.model.years],
                "draws": self.monte_carlo.draws.count if self.monte_carlo else 0,
                "store_values": [o.__dict__ for o in self.overrides],
                "regions": regions(self), "stages": stages(self),
                "mass_balance_error": mass_balance_error(self.monte_carlo or self.plan)}


def run_scenario(scenario: Scenario | str | Path, store: Store | None = None,
                 draws: int = 1000, seed: int = 0) -> Report:
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    tables, overrides = baseline_tables(store)
    apply(sc, tables)
    model = compile_model(tables, sc.horizon)
    plan = run(model, plan_draw(model))
    mc = run(model, sample(model, draws, seed)) if draws > 0 else None
    return Report(sc, model, plan, mc, overrides)


def _pct(values: np.ndarray) -> dict[str, float]:
    """P10/P50/P90 over draws (axis 0)."""
    return {f"p{p}": round(float(v), 4) for p, v in zip(PCTS, np.percentile(values, PCTS),
                                                       strict=True)}


def coverage(out: Outcome) -> np.ndarray:
    """(D, Y, R) share of demand supplied."""
    demand = out.model.demand.T[None]
    return np.divide(out.supplied, demand, out=np.ones_like(out.supplied), where=demand > 0)


def bottleneck(out: Outcome) -> np.ndarray:
    """(D, Y, R) stage index with the least magnet-equivalent supply open to the region."""
    return np.asarray(out.potential.argmin(axis=0))


def share_from(out: Outcome, country: str) -> np.ndarray:
    """(D, Y, R) share of each region's magnets shipped from `country`."""
    m = out.model
    if country not in m.countries:
        return np.zeros_like(out.supplied)
    flows = out.imports[:, :, m.countries.index(country), :].astype(np.float64)
    home = m.country_region[m.countries.index(country)]
    flows[:, :, home] = out.domestic[:, :, home] * _world_share(out, country, home)
    return np.divide(flows, out.supplied, out=np.zeros_like(flows), where=out.supplied > 0)


def _world_share(out: Outcome, country: str, region: int) -> np.ndarray:
    m = out.model
    prod = out.production[-1].astype(np.float64)
    in_region = prod[:, :, m.country_region == region].sum(-1)
    mine = prod[:, :, m.countries.index(country)]
    share: np.ndarray = np.divide(mine, in_region, out=np.zeros_like(mine), where=in_region > 0)
    return share


def hhi_country(out: Outcome) -> np.ndarray:
    """(S, D, Y) HHI of output by country, 0-10000."""
    prod = out.production.astype(np.float64)
    total = prod.sum(-1, keepdims=True)
    shares = np.divide(prod, total, out=np.zeros_like(prod), where=total > 0)
    hhi: np.ndarray = (shares ** 2).sum(-1) * 1e4
    return hhi


def regions(rep: Report) -> dict[str, list[dict[str, Any]]]:
    m, plan, mc = rep.model, rep.plan, rep.monte_carlo
    cov_p, bot_p, cn_p = coverage(plan), bottleneck(plan), share_from(plan, FOCUS)
    if mc is not None:
        cov_m, bot_m, cn_m = coverage(mc), bottleneck(mc), share_from(mc, FOCUS)
    out: dict[str, list[dict[str, Any]]] = {}
    for r, region in enumerate(m.regions):
        rows = []
        for y, year in enumerate(m.years):
            demand = float(m.demand[r, y])
            row: dict[str, Any] = {
                "year": int(year), "demand_t": round(demand, 1),
                "coverage": round(float(cov_p[0, y, r]), 4),
                "shortfall_t": round(demand - float(plan.supplied[0, y, r]), 1),
                "domestic_share": round(_safe(plan.domestic[0, y, r], demand), 4),
                f"share_from_{FOCUS}": round(float(cn_p[0, y, r]), 4),
                "bottleneck": m.stages[int(bot_p[0, y, r])]}
            if mc is not None:
                stages_hit = np.bincount(bot_m[:, y, r], minlength=len(m.stages))
                row["monte_carlo"] = {
                    "coverage": _pct(cov_m[:, y, r]),
                    "shortfall_t": _pct(demand - mc.supplied[:, y, r]),
                    f"share_from_{FOCUS}": _pct(cn_m[:, y, r]),
                    "bottleneck": m.stages[int(stages_hit.argmax())],
                    "bottleneck_share": round(float(stages_hit.max() / mc.draws.count), 4)}
            rows.append(row)
        out[region] = rows
    return out


def _safe(a: float, b: float) -> float:
    return float(a / b) if b > 0 else 0.0


def stages(rep: Report) -> dict[str, list[dict[str, Any]]]:
    m, out = rep.model, rep.monte_carlo or rep.plan
    hhi_c = hhi_country(out)
    cn = m.countries.index(FOCUS) if FOCUS in m.countries else None
    result: dict[str, list[dict[str, Any]]] = {}
    for s, stage in enumerate(m.stages):
        prod = out.production[s].astype(np.float64)
        total = prod.sum(-1)
        focus = prod[..., cn] if cn is not None else np.zeros_like(total)
        shares = np.divide(focus, total, out=np.zeros_like(total), where=total > 0)
        result[stage] = [{
            "year": int(year), "unit": f"t {_unit(stage)}",
            "production_t": _pct(total[:, y]), f"share_{FOCUS}": _pct(shares[:, y]),
            "hhi_country": _pct(hhi_c[s, :, y]), "hhi_company": _pct(out.hhi_company[s, :, y])}
            for y, year in enumerate(m.years)]
    return result


def _unit(stage: str) -> str:
    from lodemap.scenario.tables import stage_units

    return stage_units()[stage].removeprefix("t ")
