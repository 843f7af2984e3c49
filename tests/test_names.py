"""Table-driven tests for lodemap.names: organisation-name keys and ticker keys."""

from __future__ import annotations

from typing import Any

import pytest

from lodemap.names import fold, name_key, ticker_key

# Each group lists surface forms of one organisation: all must share one key.
SAME: list[list[str]] = [
    ["USA Rare Earth, Inc.", "USA Rare Earth", "the USA Rare Earth", "The USA Rare Earth",
     "USA Rare Earth Inc", "usa rare earth"],
    ["Lynas Rare Earths Ltd", "Lynas Rare Earths", "Lynas Rare Earths Limited"],
    ["Shenghe Resources Holding", "Shenghe Resources", "Shenghe Resources Holdings"],
    ["Arnold\u2019s", "Arnold's", "Arnold"],
    ["thyssenkrupp Materials Trading GmbH", "ThyssenKrupp Materials Trading",
     "thyssenkrupp Materials Trading"],
    ["Carester SAS", "Carester", "CARESTER S.A.S."],
    ["Quillon Minerals Pty Ltd", "Quillon Minerals", "Quillon Minerals Pty. Ltd."],
    ["Verdant-Ridge Metals Corp.", "Verdant Ridge Metals", "Verdant\u2010Ridge Metals Corp"],
    ["Fjordvik Magnetics AG", "Fjordvik Magnetics Aktiengesellschaft", "Fjordvik  Magnetics"],
    ["Société Métallique SA", "Societe Metallique"],
    ["Halvard Group Holdings plc", "Halvard"],
]

# Pairs that are different organisations and must keep different keys.
DIFFERENT: list[Any] = [
    ("MP Materials", "Materials"),
    ("Energy Fuels", "Energy"),
    ("Lynas Rare Earths", "Lynas Rare Earth Metals"),
    ("USA Rare Earth", "Rare Earth"),
    ("Arnold Magnetics", "Arnold"),
    ("Quillon Minerals", "Quillon Metals"),
    pytest.param(
        "The Cobalt Company", "Cobalt",
        marks=pytest.mark.xfail(
            strict=True,
            raises=AssertionError,
            reason="name_key strips 'the' and the legal suffix 'company', so a name made of "
                   "one generic word plus 'Company' collapses onto that bare word",
        ),
    ),
]


@pytest.mark.parametrize("forms", SAME, ids=[g[0] for g in SAME])
def test_forms_share_one_key(forms: list[str]) -> None:
    keys = {name_key(f) for f in forms}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_stay_different(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("USA Rare Earth, Inc.", "usa rare earth"),
        ("Arnold\u2019s", "arnold"),
        ("Carester SAS", "carester"),
        ("Shenghe Resources Holding", "shenghe resources"),
        ("Procter & Gamble Co.", "procter & gamble"),
        ("Alpha+Omega Ltd", "alpha+omega"),
    ],
)
def test_exact_keys(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize("text", ["Inc.", "Holding", "Group", "The", "Ltd"])
def test_key_never_empty(text: str) -> None:
    assert name_key(text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("USA Rare Earth, Inc.", "usa rare earth inc"),
        ("  Zürich   Metals  ", "zurich metals"),
        ("Arnold\u2019s Plant", "arnold plant"),
        ("U.S. Department of Energy", "us department of energy"),
        ("Verdant-Ridge", "verdant ridge"),
        ("A&B (Holdings)", "a&b holdings"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("exchange", "symbol"),
    [("NASDAQ", "USAR"), (None, "USAR"), ("NYSE American", "usar"), ("", " USAR ")],
)
def test_ticker_key_ignores_exchange_and_case(exchange: str | None, symbol: str) -> None:
    assert ticker_key(exchange, symbol) == ticker_key(None, "USAR") == "ticker:usar"


def test_ticker_key_differs_from_name_key_and_between_symbols() -> None:
    assert ticker_key(None, "USAR") != name_key("USAR")
    assert ticker_key(None, "USAR") != ticker_key(None, "MP")
    assert ticker_key("ASX", "LYC") == ticker_key(None, "LYC")


def test_lexicon_word_lists_hold_only_strings() -> None:
    # YAML 1.1 reads bare On/Off/Yes/No as booleans: word lists must quote them.
    from lodemap.names import lexicon

    for key, value in lexicon().items():
        if isinstance(value, list):
            assert all(isinstance(w, str) for w in value), key
