"""Chain walks on the invented chain (see conftest): tiers, direction, sites, statuses."""

from __future__ import annotations

import pytest

from lodemap.chain import ChainMap, chain_position
from lodemap.chain.roles import CONTROLLER, check_roles
from lodemap.errors import SchemaError, UsageError
from lodemap.schema import get_schema
from lodemap.store import Store


def placed(cmap: ChainMap) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for n in cmap.nodes:
        out.setdefault(n.node.id, []).append(n.tier)
    return out


def link(cmap: ChainMap, source: str, target: str) -> dict[str, object]:
    found = [lk.to_dict() for lk in cmap.links
             if (lk.edge.source, lk.edge.target) == (source, target)]
    assert len(found) == 1, found
    return found[0]


def test_tiers_up_and_down(chain_store: Store) -> None:
    cmap = chain_position(chain_store, "corlan-magnetics", up=2, down=2)
    tiers = placed(cmap)
    assert tiers["corlan-magnetics"] == [0]
    assert tiers["borvik-separation"] == [-1]
    assert tiers["aldmere-mining"] == [-2]
    assert tiers["dunmore-motors"] == [1]
    assert min(t for ts in tiers.values() for t in ts) == -2  # nothing past --up


def test_depth_limits_the_walk(chain_store: Store) -> None:
    cmap = chain_position(chain_store, "corlan-magnetics", up=1, down=0)
    tiers = placed(cmap)
    assert "aldmere-mining" not in tiers and "dunmore-motors" not in tiers
    assert tiers["borvik-separation"] == [-1]


def test_customer_of_in_text_reads_as_supplies(chain_store: Store) -> None:
    # "Dunmore Motors Inc. is a customer of Corlan Magnetics Inc." is stored as
    # Corlan supplies Dunmore: Dunmore is downstream of Corlan, Corlan upstream of Dunmore.
    edge = link(chain_position(chain_store, "corlan-magnetics"), "corlan-magnetics",
                "dunmore-motors")
    assert edge["type"] == "supplies" and edge["role"] == "sale"
    assert "is a customer of" in str(edge["evidence"])
    tiers = placed(chain_position(chain_store, "dunmore-motors", up=2, down=1))
    assert tiers["corlan-magnetics"] == [-1]
    assert tiers["borvik-separation"] == [-2]
    assert tiers["quill"] == [-1]


def test_sites_are_nodes_with_stages(chain_store: Store) -> None:
    cmap = chain_position(chain_store, "aldmere-mining", up=0, down=1)
    site = next(n for n in cmap.nodes if n.node.id == "aldmere-hill")
    assert (site.tier, site.via, site.parent) == (0, "site", "aldmere-mining")
    assert site.node.type == "Facility"
    assert site.node.stages == ["mining", "beneficiation"]
    assert site.node.stage_statements  # the stages are sourced
    # a supplier's site joins the supplier's tier
    up = chain_position(chain_store, "corlan-magnetics", up=1, down=0)
    refinery = next(n for n in up.nodes if n.node.id == "borvik-refinery")
    assert (refinery.tier, refinery.via) == (-1, "site")
    assert [lk.edge.type for lk in up.links_to(refinery)] == ["operates"]


def test_statuses_proposed_kept_negated_excluded(chain_store: Store) -> None:
    cmap = chain_position(chain_store, "corlan-magnetics", up=2, down=0)
    tiers = placed(cmap)
    assert "fenwick-rare-metals" not in tiers  # "does not buy from": negated
    assert link(cmap, "estrel-oxides", "borvik-separation")["status"] == "proposed"
    assert link(cmap, "halvard-metals", "corlan-magnetics")["status"] == "terminated"
    for lk in cmap.links:
        assert lk.edge.statement_ids and lk.edge.evidence
        assert all(ev.url and ev.evidence for ev in lk.edge.evidence)
        assert "negated" not in lk.edge.statuses


def test_group_members_are_tier_zero(chain_store: Store) -> None:
    cmap = chain_position(chain_store, "gryphon-holdings", up=1, down=1)
    corlan = next(n for n in cmap.nodes if n.node.id == "corlan-magnetics")
    assert (corlan.tier, corlan.via, corlan.parent) == (0, "group", "gryphon-holdings")
    tiers = placed(cmap)
    assert tiers["borvik-separation"] == [-1] and tiers["dunmore-motors"] == [1]


def test_as_of_drops_later_statements(chain_store: Store) -> None:
    before = placed(chain_position(chain_store, "corlan-magnetics", as_of="2025-06"))
    assert "borvik-separation" in before  # 2025-03-10
    assert "dunmore-motors" not in before and "estrel-oxides" not in before  # 2025-09-01
    year = placed(chain_position(chain_store, "corlan-magnetics", as_of="2024"))
    assert "halvard-metals" in year and "borvik-separation" not in year  # a year ends 12-31
    assert "halvard-metals" not in placed(
        chain_position(chain_store, "corlan-magnetics", as_of="2024-05"))  # dated 2024-06
    with pytest.raises(UsageError):
        chain_position(chain_store, "corlan-magnetics", as_of="2025-13-01")


def test_json_shape(chain_store: Store) -> None:
    data = chain_position(chain_store, "corlan-magnetics").to_dict()
    assert data["entity"]["id"] == "corlan-magnetics"
    assert [t["tier"] for t in data["tiers"]] == sorted(t["tier"] for t in data["tiers"])
    for edge in data["edges"]:
        assert edge["statement_ids"] == sorted(e["statement_id"] for e in edge["evidence"])


def test_every_control_type_has_a_controller() -> None:
    schema = get_schema()
    check_roles(schema)
    for name in CONTROLLER:
        assert schema.relation(name).flow == "control"
    broken = type(schema)(**{**schema.__dict__, "relations": {
        k: v for k, v in schema.relations.items() if k != "acquires"}})
    with pytest.raises(SchemaError):
        check_roles(broken)
