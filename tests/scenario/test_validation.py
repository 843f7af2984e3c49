"""The baseline against published figures it was not fitted to (sources cited per case).

Each case: the modelled figure for the baseline plan case, the published figure, and
the tolerance we accept. Inputs such as China's 186,000 t of magnets (2020) are
in the tables; these checks test what the model makes of them."""

from __future__ import annotations

import numpy as np
import pytest

from lodemap.scenario.report import Report, coverage, run_scenario, share_from
from lodemap.scenario.tables import data_dir


@pytest.fixture(scope="module")
def baseline() -> Report:
    return run_scenario(str(data_dir() / "examples" / "baseline.yaml"), draws=0)


def _world_share(rep: Report, stage: str, year: int, country: str = "CN") -> float:
    m = rep.model
    prod = rep.plan.production[m.stages.index(stage), 0, int(np.searchsorted(m.years, year))]
    return float(prod[m.countries.index(country)] / prod.sum())


# China's share of world output by stage, 2025, against published shares:
CASES = [
    # over 90 % of NdFeB magnet production (US Commerce Section 232 report, 2022);
    # 92 % (2020) in https://large.stanford.edu/courses/2025/ph240/ye1
    ("magnet", 0.90, 0.05,
     "https://www.thompsonhinesmartrade.com/2022/09/commerce-section-232-magnet-import-"
     "investigation-concludes-without-tariffs/"),
    # 92 % of refined rare-earth output, 2023 (IEA GCMO 2024)
    ("separation", 0.92, 0.07, "https://seaisi.org/details/24787?type=news-rooms"),
    # 69 % of mine output, 2024 (270,000 of 390,000 t, USGS MCS 2025)
    ("mining", 0.69, 0.05, "https://rareearthexchanges.com/?p=3608"),
]


@pytest.mark.parametrize(("stage", "published", "tolerance", "source"), CASES)
def test_china_share_of_world_output(baseline: Report, stage: str, published: float,
                                     tolerance: float, source: str) -> None:
    modelled = _world_share(baseline, stage, 2025)
    assert modelled == pytest.approx(published, abs=tolerance), source


def test_eu_magnets_from_china(baseline: Report) -> None:
    """17,000 of about 20,000 t of magnets used by EU industry came from China in 2024
    (European Court of Auditors, https://www.plataformamedia.com/en/2026/02/03/eu-faces-
    major-reliance-on-china-for-critical-minerals-auditors-warn): 85 %, ±10 points."""
    eu = baseline.model.regions.index("EU")
    assert share_from(baseline.plan, "CN")[0, 0, eu] == pytest.approx(0.85, abs=0.10)


def test_world_demand_matches_iea_magnet_rare_earth_demand() -> None:
    """IEA: 93,000 t of magnet rare earths in 2023 (https://seaisi.org/details/24787?type=
    news-rooms); at 31 % rare earths by mass that is 300,000 t of magnet. The model's
    world demand for 2023 (grown from 2020 at the Adamas CAGR) within 20 %."""
    rep = run_scenario(_span(2023), draws=0)
    world = rep.model.demand[:, 0].sum()
    assert world == pytest.approx(93000 / 0.31, rel=0.20)


def test_us_announced_magnet_capacity_against_us_demand(baseline: Report) -> None:
    """Reporting quoted in issue 6 puts Vulcan's planned 10,000 t/yr at about half of US
    magnet imports (the Reuters story carried by https://energynews.oedigital.com/
    mineral-resources/2025/11/18/vulcan-elements-a-rare-earth-magnet-company-will-build-
    a-1-billion-north-carolina-facility; the stored excerpt ends mid-sentence, so the
    check is loose: 0.5 ± 0.15 of modelled US demand in 2027, Vulcan's start year).
    Announced US magnet plants (Vulcan 10,000 t, Stillwater 5,000 t, MP 9,000 t at Fort
    Worth and 10X, Noveon 2,000 t) exceed US demand, yet in 2025 US plants cover under a
    quarter of it and imports the rest."""
    m = baseline.model
    us = m.regions.index("US")
    magnet = m.stages.index("magnet")
    us_rows = [r for r, s, c in zip(m.rows, m.stage, m.country, strict=True)
               if s == magnet and m.countries[c] == "US" and r.table == "facilities"]
    assert sum(r["capacity"] for r in us_rows) == pytest.approx(26000)
    year = int(np.searchsorted(m.years, 2027))
    assert 10000 / m.demand[us, year] == pytest.approx(0.5, abs=0.15)
    assert baseline.plan.domestic[0, 0, us] / m.demand[us, 0] < 0.25
    assert coverage(baseline.plan)[0, 0, us] > 0.9


def _span(year: int):
    from lodemap.scenario.overlay import load_scenario

    sc = load_scenario(data_dir() / "examples" / "baseline.yaml")
    sc.years = (year, year)
    return sc
