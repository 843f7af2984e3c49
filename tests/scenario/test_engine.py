"""The balance on tiny chains whose answers can be worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from lodemap.scenario.engine import mass_balance_error, run
from lodemap.scenario.model import compile_model
from lodemap.scenario.overlay import Scenario, apply
from lodemap.scenario.report import bottleneck, coverage, hhi_country, share_from
from lodemap.scenario.sampling import plan_draw
from tests.scenario.helpers import (
    DEM_HEADER,
    FAC_HEADER,
    csv_rows,
    demand,
    facility,
    tiny_tables,
)

YEARS = range(2025, 2027)


def _run(facilities: list[str], demands: list[str], factors=(1.0, 1.0, 1.0, 1.0),
         changes: list[dict[str, object]] | None = None):
    tables = tiny_tables(factors)
    tables["facilities"] = csv_rows("facilities", FAC_HEADER, *facilities)
    tables["demand"] = csv_rows("demand", DEM_HEADER, *demands)
    if changes:
        apply(Scenario("t", "t.yaml", changes=changes), tables)
    model = compile_model(tables, YEARS)
    return model, run(model, plan_draw(model))


US_CHAIN = [facility("m", "mining", "US", 100), facility("s", "separation", "US", 80),
            facility("me", "metal", "US", 60), facility("a", "alloy", "US", 200),
            facility("g", "magnet", "US", 50)]


def test_a_closed_chain_is_capped_by_its_smallest_stage() -> None:
    model, out = _run(US_CHAIN, [demand("d", "US", 100)])
    us = model.regions.index("US")
    assert coverage(out)[0, 0, us] == pytest.approx(0.5)
    assert out.model.demand[us, 0] - out.supplied[0, 0, us] == pytest.approx(50)
    # magnet-equivalent supply open to the US: 100, 80, 60, 200 (all its alloy), 50
    assert model.stages[bottleneck(out)[0, 0, us]] == "magnet"
    assert mass_balance_error(out) < 1e-12


def test_conversion_factors_carry_through_the_chain() -> None:
    # 100 t REO x 0.2 = 20 t oxide x 0.5 = 10 t metal x 3 = 30 t alloy x 1 = 30 t magnet
    chain = [facility("m", "mining", "US", 100), facility("s", "separation", "US", 1000),
             facility("me", "metal", "US", 1000), facility("a", "alloy", "US", 1000),
             facility("g", "magnet", "US", 1000)]
    tables_factors = (0.2, 0.5, 3.0, 1.0)
    model, out = _run(chain, [demand("d", "US", 100)], tables_factors)
    us = model.regions.index("US")
    assert out.supplied[0, 0, us] == pytest.approx(30)
    assert model.stages[bottleneck(out)[0, 0, us]] == "mining"


def test_imports_fill_a_deficit_and_an_export_ban_removes_them() -> None:
    plants = [*US_CHAIN, facility("cn", "magnet", "CN", 100, owner="cn-co")]
    # China's magnets need feed: give China its own chain at 100
    plants += [facility(f"cn-{s}", s, "CN", 100, owner="cn-co")
               for s in ("mining", "separation", "metal", "alloy")]
    model, free = _run(plants, [demand("d", "US", 100)])
    us = model.regions.index("US")
    assert coverage(free)[0, 0, us] == pytest.approx(1.0)
    assert share_from(free, "CN")[0, 0, us] == pytest.approx(0.5)
    ban = {"action": "export_control", "product": "magnet", "from": "CN", "to": "US",
           "start": 2025, "end": 2025, "allowed": 0.0, "why": "test"}
    model, banned = _run(plants, [demand("d", "US", 100)], changes=[ban])
    assert coverage(banned)[0, 0, us] == pytest.approx(0.5)      # 2025: only US plants
    assert coverage(banned)[0, 1, us] == pytest.approx(1.0)      # 2026: ban over
    assert share_from(banned, "CN")[0, 0, us] == 0.0
    assert mass_balance_error(banned) < 1e-12


def test_a_world_shortage_is_shared_in_proportion_to_need() -> None:
    plants = [facility(f"cn-{s}", s, "CN", 100) for s in
              ("mining", "separation", "metal", "alloy", "magnet")]
    _model, out = _run(plants, [demand("us", "US", 100), demand("eu", "EU", 100),
                               "w,WORLD,all,2025,400,0,https://example.org/w,2025"])
    cov = coverage(out)[0, 0]
    assert cov == pytest.approx([0.25, 0.25, 0.25])   # 100 t for 400 t of need


def test_ramp_and_start_year_shape_capacity() -> None:
    plants = [facility(f"u-{s}", s, "US", 100) for s in
              ("mining", "separation", "metal", "alloy")]
    plants.append(facility("g", "magnet", "US", 100, start=2026))
    model, out = _run(plants, [demand("d", "US", 100)])
    us = model.regions.index("US")
    assert coverage(out)[0, :, us] == pytest.approx([0.0, 1.0])


def test_concentration_indices() -> None:
    plants = [facility(f"{c}-{s}", s, c, cap, owner=f"{c}-co")
              for c, cap in (("US", 300), ("CN", 100))
              for s in ("mining", "separation", "metal", "alloy", "magnet")]
    model, out = _run(plants, [demand("d", "US", 200), demand("e", "EU", 200)])
    mining = model.stages.index("mining")
    # shares 0.75 and 0.25: 10000 x (0.5625 + 0.0625) = 6250
    assert hhi_country(out)[mining, 0, 0] == pytest.approx(6250)
    assert out.hhi_company[mining, 0, 0] == pytest.approx(6250)
    assert np.all(out.produced >= 0)


def test_a_banned_surplus_goes_home_in_the_second_round() -> None:
    """World short (cover 0.5): ROW, China's region, keeps half its need (100 of 300 t);
    round 1 sends the EU its deficit (100 t), not the US (banned); round 2 splits the
    last 100 t between the needs still unmet that it may reach: EU 100, ROW 100."""
    plants = [facility(f"cn-{s}", s, "CN", 300, owner="cn") for s in
              ("mining", "separation", "metal", "alloy", "magnet")]
    ban = {"action": "export_control", "product": "magnet", "from": "CN", "to": "US",
           "start": 2025, "end": 2026, "allowed": 0.0, "why": "test"}
    model, out = _run(plants, [demand("us", "US", 200), demand("eu", "EU", 200),
                               "w,WORLD,all,2025,600,0,https://example.org/w,2025"],
                      changes=[ban])
    us, eu, row = (model.regions.index(r) for r in ("US", "EU", "ROW"))
    supplied = out.supplied[0, 0]
    assert supplied[us] == 0.0
    assert supplied[eu] == pytest.approx(150)     # 100 in round 1 + 50 in round 2
    assert supplied[row] == pytest.approx(150)    # 100 kept + 50 back in round 2
    assert mass_balance_error(out) < 1e-12
