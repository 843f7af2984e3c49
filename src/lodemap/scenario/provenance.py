"""Provenance through the model: which input rows and store statements an output rests on,
and a company's share of regional coverage (for dossiers)."""

from __future__ import annotations

from typing import Any

import numpy as np

from lodemap.scenario.capacity import profiles
from lodemap.scenario.model import region_of
from lodemap.scenario.report import Report, run_scenario
from lodemap.scenario.tables import Row, attributes, data_dir, stage_units
from lodemap.store import Store


def cite(row: Row) -> list[dict[str, Any]]:
    """One entry per number in the row: value, unit, source, statement id or premise."""
    columns = attributes()["tables"][row.table]["columns"]
    items = []
    for col, value in row.values.items():
        spec = columns.get(col, {})
        if not spec.get("sourced") and col not in row.premises:
            continue
        src = row.sources.get(col)
        if src is None and col not in row.premises:
            continue   # the declared default: no number to cite
        items.append({
            "table": row.table, "id": row.key, "column": col, "value": value,
            "unit": row.values.get("unit") if col == "capacity" else spec.get("unit"),
            "basis": "scenario premise" if col in row.premises else row.basis,
            "source_url": src.url if src else None, "source_date": src.date if src else None,
            "statement_id": row.statements.get(col), "premise": row.premises.get(col),
            "file": row.path, "line": row.line})
    return items


def explain(rep: Report, region: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Inputs behind a region's figures: `direct` (its plants, demand, rules into it,
    conversions, status and ramps) and `via_trade` (other regions' rows, which reach it
    through the world balance). Without a region, every input."""
    direct: list[dict[str, Any]] = []
    trade: list[dict[str, Any]] = []
    for _table, rows in rep.model.inputs.items():
        for row in rows:
            where = _region(row)
            target = direct if region is None or where in (None, region) else trade
            target.extend(cite(row))
    return {"direct": direct, "via_trade": trade}


def _region(row: Row) -> str | None:
    if row.table in ("facilities", "recycling"):
        return region_of(row["country"])
    if row.table == "demand":
        return str(row["region"]) if row["region"] != attributes()["world_region"] else "ROW"
    if row.table == "trade":
        return str(row["to_region"])
    return None   # conversions, status, ramps hold for every region


def facility_contribution(store: Store, entity_id: str, year: int,
                          region: str | None = None) -> dict[str, Any]:
    """The share of a region's magnet demand that an entity's modelled facilities cover
    in the baseline plan case, per facility row, in magnet-equivalent tonnes, with the
    inputs each figure rests on. `entity_id` is a company (owner) or a facility entity;
    `region` defaults to each facility's own region."""
    path = data_dir() / "examples" / "baseline.yaml"
    rep = run_scenario(str(path), store=store, draws=0)
    m = rep.model
    if year not in m.years:
        rep = run_scenario(_span(str(path), year), store=store, draws=0)
        m = rep.model
    y = int(np.searchsorted(m.years, year))
    capacity = profiles(m, 1)[:, 0, y]
    rows = []
    for u, row in enumerate(m.rows):
        if entity_id not in (row.values.get("owner"), row.values.get("entity")):
            continue
        s, home = int(m.stage[u]), int(m.country_region[m.country[u]])
        reg = m.regions.index(region) if region else home
        made = capacity[u] * (1.0 if m.recycled[u] else float(rep.plan.util[s, 0, y, home]))
        meq = float(m.to_stage(made, s, len(m.stages) - 1))
        demand = float(m.demand[reg, y])
        stage_total = float(rep.plan.production[s, 0, y][m.country_region == home].sum())
        rows.append({
            "row": row.key, "table": row.table, "stage": m.stages[s],
            "country": row["country"], "region": m.regions[reg],
            "production_t": round(float(made), 1), "unit": stage_units()[m.stages[s]],
            "magnet_eq_t": round(meq, 1),
            "share_of_region_stage_output": round(made / stage_total, 4) if stage_total else 0.0,
            "share_of_region_demand": round(meq / demand, 4) if demand else 0.0,
            "inputs": cite(row)})
    return {"entity": entity_id, "year": year, "case": "baseline plan (every project on time)",
            "facilities": rows,
            "share_of_region_demand": round(sum(r["share_of_region_demand"] for r in rows), 4)}


def _span(path: str, year: int) -> Any:
    from lodemap.scenario.overlay import load_scenario

    sc = load_scenario(path)
    sc.years = (min(sc.years[0], year), max(sc.years[1], year))
    return sc
