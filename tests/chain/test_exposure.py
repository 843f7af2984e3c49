"""Exposure paths on the invented chain (see conftest)."""

from __future__ import annotations

import pytest

from lodemap.chain import ExposurePath, find_exposure
from lodemap.chain.exposure import KINDS
from lodemap.errors import UsageError
from lodemap.store import Store


def hops(path: ExposurePath) -> list[tuple[str, str]]:
    return [(s.kind, s.target) for s in path.steps]


def assert_evidence_on_every_edge(paths: list[ExposurePath]) -> None:
    for path in paths:
        assert path.steps
        for step in path.steps:
            assert step.edges
            for edge in step.edges:
                assert edge.statement_ids and len(edge.evidence) == len(edge.statement_ids)
                assert all(ev.url and ev.evidence and ev.doc_id for ev in edge.evidence)


def test_supply_path_two_tiers_up(chain_store: Store) -> None:
    found = find_exposure(chain_store, "dunmore-motors", "xa")
    assert found.country == "XA"
    assert [hops(p) for p in found.paths] == [[
        ("supplier", "corlan-magnetics"), ("supplier", "borvik-separation"),
        ("supplier", "aldmere-mining")]]
    assert found.paths[0].matched_by == "country"
    assert_evidence_on_every_edge(found.paths)


def test_max_depth_cuts_paths(chain_store: Store) -> None:
    assert find_exposure(chain_store, "dunmore-motors", "XA", max_depth=2).paths == []


def test_located_in_a_place_of_the_country(chain_store: Store) -> None:
    # The refinery has no country of its own: its located_in statement puts it in XB.
    found = find_exposure(chain_store, "borvik-separation", "XB")
    assert found.to_dict()["entity_in_country"] is True
    assert [hops(p) for p in found.paths] == [[("site", "borvik-refinery"),
                                               ("location", "borvania")]]
    assert found.paths[0].matched_by == "located_in"
    assert found.paths[0].reached.id == "borvik-refinery"
    assert_evidence_on_every_edge(found.paths)


def test_proposed_supply_counts_and_is_labelled(chain_store: Store) -> None:
    found = find_exposure(chain_store, "corlan-magnetics", "XD")
    assert [hops(p) for p in found.paths] == [[("supplier", "borvik-separation"),
                                               ("supplier", "estrel-oxides")]]
    assert found.paths[0].steps[-1].edges[0].status == "proposed"


@pytest.mark.parametrize("country", ["XE", "XG"])
def test_negated_and_terminated_are_no_dependence(chain_store: Store, country: str) -> None:
    # Fenwick (XE): "does not buy from"; Halvard (XG): the supply was terminated.
    assert find_exposure(chain_store, "corlan-magnetics", country).paths == []


def test_ownership_climbs(chain_store: Store) -> None:
    found = find_exposure(chain_store, "corlan-magnetics", "XF")
    assert [hops(p) for p in found.paths] == [[("owner", "gryphon-holdings")]]
    # from the owner's side its holding's suppliers are its own dependencies
    found = find_exposure(chain_store, "gryphon-holdings", "XB")
    assert [hops(p) for p in found.paths] == [[("holding", "corlan-magnetics"),
                                               ("supplier", "borvik-separation")]]
    # a supplier's owner is a dependence (a supplier controlled from the country)
    found = find_exposure(chain_store, "dunmore-motors", "XF")
    assert [hops(p) for p in found.paths] == [[("supplier", "corlan-magnetics"),
                                               ("owner", "gryphon-holdings")]]


def test_an_owners_suppliers_are_not_followed(chain_store: Store) -> None:
    # Gryphon buys from Estrel (XD); Corlan reaches Estrel only through its own supplier.
    found = find_exposure(chain_store, "corlan-magnetics", "XD")
    assert [hops(p) for p in found.paths] == [[("supplier", "borvik-separation"),
                                               ("supplier", "estrel-oxides")]]


def test_customers_only_when_asked(chain_store: Store) -> None:
    assert find_exposure(chain_store, "borvik-separation", "XC").paths == []
    found = find_exposure(chain_store, "borvik-separation", "XC", kinds=frozenset(KINDS))
    assert [hops(p) for p in found.paths] == [[("customer", "corlan-magnetics")]]


def test_bad_arguments(chain_store: Store) -> None:
    for code in ("CHN", "C", "1A", ""):
        with pytest.raises(UsageError):
            find_exposure(chain_store, "corlan-magnetics", code)
    with pytest.raises(UsageError):
        find_exposure(chain_store, "corlan-magnetics", "XB", max_depth=0)
