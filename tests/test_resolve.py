"""Tests for lodemap.resolve.Resolver over an alias index built like the store's."""

from __future__ import annotations

import pytest

from lodemap.entity import Entity
from lodemap.resolve import Resolver
from lodemap.store.store import alias_rows

ENTITIES = [
    Entity(id="zephyr", type="Company", name="Zephyr Magnetics",
           aliases=[("Zephyr Magnetics, Inc.", "alias"), ("NASDAQ:ZPHR", "ticker")]),
    Entity(id="borealis", type="Company", name="Borealis Rare Earths Ltd",
           aliases=[("Borealis REE", "alias"), ("ASX:BRL", "ticker")]),
    Entity(id="nmfa", type="GovernmentBody", name="Northern Minerals Finance Agency",
           aliases=[("NMFA", "acronym")]),
    Entity(id="kestrel", type="Company", name="Kestrel Alloys Holding"),
]


def _index(entities: list[Entity]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for ent in entities:
        for row in alias_rows(ent):
            index.setdefault(row["key"], []).append(row["entity_id"])
    return index


@pytest.fixture
def resolver() -> Resolver:
    return Resolver(_index(ENTITIES), {e.id: e.type for e in ENTITIES})


@pytest.mark.parametrize(
    ("text", "entity_id"),
    [
        ("Zephyr Magnetics", "zephyr"),
        ("zephyr magnetics", "zephyr"),
        ("Zephyr Magnetics Inc.", "zephyr"),
        ("Zephyr Magnetics, Inc.", "zephyr"),
        ("the Zephyr Magnetics", "zephyr"),
        ("Zephyr Magnetics Corp", "zephyr"),
        ("Borealis Rare Earths", "borealis"),
        ("Borealis Rare Earths Limited", "borealis"),
        ("Borealis REE", "borealis"),
        ("Northern Minerals Finance Agency", "nmfa"),
        ("NMFA", "nmfa"),
        ("Kestrel Alloys", "kestrel"),
        ("Kestrel Alloys Group", "kestrel"),
        ("ZPHR", "zephyr"),  # the ticker symbol is also filed as an alias
        ("BRL", "borealis"),
    ],
)
def test_known_names_resolve(resolver: Resolver, text: str, entity_id: str) -> None:
    res = resolver.resolve(text)
    assert res.entity_id == entity_id
    assert res.method == "name"
    assert res.score == 1.0
    assert res.new_entity is None
    assert resolver.lookup(text) == entity_id
    assert resolver.new_entities() == []


@pytest.mark.parametrize(("ticker", "entity_id"), [("ZPHR", "zephyr"), ("BRL", "borealis"),
                                                   ("zphr", "zephyr")])
def test_ticker_resolves_before_the_name(resolver: Resolver, ticker: str, entity_id: str) -> None:
    # The name as written is unknown; the ticker settles it.
    res = resolver.resolve("Some Unfamiliar Name", ticker=ticker)
    assert (res.entity_id, res.method) == (entity_id, "ticker")
    assert resolver.new_entities() == []


def test_ticker_index_key_comes_from_exchange_prefixed_alias() -> None:
    index = _index(ENTITIES)
    assert index["ticker:zphr"] == ["zephyr"]
    assert "ticker:nasdaqzphr" not in index


def test_unknown_ticker_falls_back_to_name(resolver: Resolver) -> None:
    res = resolver.resolve("Zephyr Magnetics", ticker="QQQQ")
    assert (res.entity_id, res.method) == ("zephyr", "name")


@pytest.mark.parametrize(
    ("text", "new_id"),
    [
        ("Quillon Minerals", "x-quillon-minerals"),
        ("Quillon Minerals Pty Ltd", "x-quillon-minerals"),
        ("Harrowgate Magnet Works, Inc.", "x-harrowgate-magnet-works"),
        ("Société Métallique SA", "x-societe-metallique"),
    ],
)
def test_unknown_name_becomes_new_entity(resolver: Resolver, text: str, new_id: str) -> None:
    res = resolver.resolve(text)
    assert res.method == "new"
    assert res.entity_id == new_id
    assert res.score < 1.0
    ent = res.new_entity
    assert ent is not None
    assert ent.id == new_id
    assert ent.name == text
    assert ent.origin == "extracted"
    assert ent.type == "Organization"
    assert resolver.lookup(text) is None  # new entities are not in the store's index


def test_same_unknown_name_twice_gives_one_entity(resolver: Resolver) -> None:
    first = resolver.resolve("Quillon Minerals")
    second = resolver.resolve("Quillon Minerals Ltd")
    third = resolver.resolve("  Quillon Minerals  ")
    assert first.entity_id == second.entity_id == third.entity_id
    assert [e.id for e in resolver.new_entities()] == ["x-quillon-minerals"]
    assert resolver.new_entities()[0].name == "Quillon Minerals"


def test_new_entities_lists_each_new_name(resolver: Resolver) -> None:
    resolver.resolve("Zephyr Magnetics")
    resolver.resolve("Quillon Minerals")
    resolver.resolve("Ostrava Metals Institute", entity_type="ResearchLab")
    resolver.resolve("Harrowgate Magnet Works", ticker="HMW")
    news = {e.id: e for e in resolver.new_entities()}
    assert set(news) == {"x-quillon-minerals", "x-ostrava-metals-institute",
                         "x-harrowgate-magnet-works"}
    assert news["x-ostrava-metals-institute"].type == "ResearchLab"
    assert news["x-harrowgate-magnet-works"].aliases == [("HMW", "ticker")]


def test_long_name_id_is_truncated() -> None:
    name = "Very " * 30 + "Long Minerals"
    res = Resolver({}).resolve(name)
    assert res.entity_id.startswith("x-very-very")
    assert len(res.entity_id) <= 62


def test_ambiguous_key_picks_smallest_id() -> None:
    a = Entity(id="b-second", type="Company", name="Orchid Metals")
    b = Entity(id="a-first", type="Company", name="Orchid Metals Ltd")
    res = Resolver(_index([a, b])).resolve("Orchid Metals")
    assert res.entity_id == "a-first"


def test_empty_index_never_matches() -> None:
    r = Resolver({})
    assert r.lookup("Zephyr Magnetics") is None
    assert r.resolve("Zephyr Magnetics").method == "new"
