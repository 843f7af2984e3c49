"""Mass balance: at every stage, in every draw and year, what a stage produced equals what
went downstream, sat idle at a region's next stage, or stayed as surplus (1e-9 relative)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lodemap.scenario.engine import mass_balance_error, run
from lodemap.scenario.model import compile_model
from lodemap.scenario.overlay import Scenario, apply
from lodemap.scenario.sampling import sample
from tests.scenario.helpers import DEM_HEADER, FAC_HEADER, csv_rows, demand, facility, tiny_tables

STAGES = ("mining", "separation", "metal", "alloy", "magnet")
COUNTRIES = ("US", "CN", "FR", "JP", "AU")
STATUSES = ("operating", "construction", "financed", "announced", "study")

plant = st.tuples(st.sampled_from(STAGES), st.sampled_from(COUNTRIES),
                  st.floats(0, 1e5), st.integers(2015, 2034), st.sampled_from(STATUSES))
rule = st.fixed_dictionaries({
    "action": st.just("export_control"), "product": st.sampled_from(STAGES),
    "from": st.sampled_from(COUNTRIES), "to": st.sampled_from(("US", "EU", "ROW")),
    "start": st.integers(2025, 2030), "end": st.integers(2025, 2034),
    "allowed": st.floats(0, 1), "kind": st.sampled_from(("cap", "licence")),
    "why": st.just("property test")})


@settings(max_examples=80, deadline=None)
@given(plants=st.lists(plant, min_size=1, max_size=25),
       chains=st.lists(st.floats(1, 1e5), min_size=10, max_size=10),
       factors=st.tuples(*(st.floats(0.05, 5) for _ in range(4))),
       demands=st.tuples(st.floats(0, 1e5), st.floats(0, 1e5), st.floats(0, 2e5)),
       rules=st.lists(rule, max_size=3), seed=st.integers(0, 2**16))
def test_mass_balances_in_every_draw(plants, chains, factors, demands, rules, seed) -> None:
    # a whole operating chain in China and in the US, so that trade and both
    # allocation rounds are exercised; then the generated plants anywhere
    plants = [*plants, *((s, c, chains[i * 5 + j], 2015, "operating")
                         for i, c in enumerate(("CN", "US")) for j, s in enumerate(STAGES))]
    tables = tiny_tables(factors)
    tables["facilities"] = csv_rows("facilities", FAC_HEADER, *(
        facility(f"f{i}", s, c, cap, start, status, owner=f"o{i % 4}")
        for i, (s, c, cap, start, status) in enumerate(plants)))
    tables["demand"] = csv_rows("demand", DEM_HEADER, demand("us", "US", demands[0]),
                                demand("eu", "EU", demands[1], 0.05),
                                f"w,WORLD,all,2025,{demands[2]},0.03,https://example.org,2025")
    apply(Scenario("p", "p.yaml", changes=rules), tables)
    model = compile_model(tables, range(2025, 2036))
    out = run(model, sample(model, 40, seed), chunk=16)
    assert mass_balance_error(out) <= 1e-9
    assert (out.supplied <= model.demand.T[None] * (1 + 1e-9) + 1e-9).all()
    assert (out.surplus >= -1e-6).all()
