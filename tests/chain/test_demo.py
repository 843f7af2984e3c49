"""USA Rare Earth's chain and exposure on the demo store (pack + sample documents)."""

from __future__ import annotations

from lodemap.chain import ChainMap, chain_position, find_exposure
from lodemap.ledger import find_entity
from lodemap.store import Store


def usar(store: Store, up: int, down: int) -> ChainMap:
    return chain_position(store, find_entity(store, "USA Rare Earth").id, up, down)


def test_usa_rare_earth_tier_zero_mine_to_magnet(demo_store: Store) -> None:
    cmap = usar(demo_store, up=1, down=1)
    zero = {n.node.id: n for n in cmap.tiers()[0]}
    assert zero["usa-rare-earth"].via == "self"
    assert (zero["round-top"].node.type, zero["round-top"].node.stages) == ("Deposit", ["mining"])
    assert (zero["stillwater"].node.type, zero["stillwater"].node.stages) == ("Facility",
                                                                            ["magnet"])
    # the completed LCM acquisition puts LCM and its Ellesmere Port plant in the group
    assert zero["less-common-metals"].via == "group"
    assert zero["lcm-ellesmere-port"].parent == "less-common-metals"


def test_usa_rare_earth_customers_and_suppliers(demo_store: Store) -> None:
    cmap = usar(demo_store, up=1, down=1)
    down = {n.node.id for n in cmap.tiers()[1]}
    up = {n.node.id for n in cmap.tiers()[-1]}
    assert {"arnold-magnetic", "carester", "permag"} <= down
    assert {"reelement", "arnold-magnetic"} <= up  # mutual distribution with Arnold
    by_pair = {(lk.edge.source, lk.edge.target, lk.edge.type): lk.edge for lk in cmap.links}
    assert by_pair[("usa-rare-earth", "carester", "supplies")].status == "announced"
    assert by_pair[("reelement", "usa-rare-earth", "offtake")].status == "proposed"
    lcm_arnold = by_pair[("less-common-metals", "arnold-magnetic", "supplies")]
    assert lcm_arnold.status == "signed" and len(lcm_arnold.statement_ids) >= 2
    assert any(ev.extractor == "lodemap.rules" for ev in lcm_arnold.evidence)


def test_usa_rare_earth_exposure(demo_store: Store) -> None:
    gb = find_exposure(demo_store, "usa-rare-earth", "GB")
    first = gb.paths[0]
    assert [(s.kind, s.target) for s in first.steps] == [("holding", "less-common-metals")]
    assert {e.type for e in first.steps[0].edges} == {"acquires", "subsidiary_of"}
    assert find_exposure(demo_store, "usa-rare-earth", "CN").paths == []
    cn = find_exposure(demo_store, "hastings", "CN")
    assert [(s.kind, s.target, s.edges[0].type) for p in cn.paths for s in p.steps] == [
        ("supplier", "baotou-sky-rock", "processing_partner")]
