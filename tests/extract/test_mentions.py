"""Tests for the gazetteer and MentionFinder (invented names; texts written for these tests)."""

from __future__ import annotations

import itertools

import pytest

from lodemap.extract.gazetteer import Gazetteer, GazetteerEntry
from lodemap.extract.mentions import Mention, MentionFinder

ENTRIES = [
    GazetteerEntry("Quillon Minerals", "quillon", "Company"),
    GazetteerEntry("Quillon Minerals Pty Ltd", "quillon", "Company"),
    GazetteerEntry("QMX", "quillon", "Company"),
    GazetteerEntry("US", "united-states", "Place"),
    GazetteerEntry("United States", "united-states", "Place"),
    GazetteerEntry("Harrow Metals", "harrow", "Company"),
    GazetteerEntry("Harrow Metals Refinery", "harrow-refinery", "Facility"),
    GazetteerEntry("Velm", "velm", "Company"),
    GazetteerEntry("X", "too-short", "Company"),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(ENTRIES)


@pytest.fixture(scope="module")
def finder(gazetteer: Gazetteer) -> MentionFinder:
    return MentionFinder(gazetteer)


def _spans(text: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    for m in mentions:
        assert text[m.start:m.end] == m.text
    return [(m.text, m.method) for m in mentions]


# ---- gazetteer -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quillon minerals signed.", [("quillon minerals", "quillon")]),
        ("QUILLON MINERALS signed.", [("QUILLON MINERALS", "quillon")]),
        ("They told us about it.", []),  # "US" is exact-case only
        ("The US buys oxide.", [("US", "united-states")]),
        ("Shares of qmx fell.", []),
        ("Shares of QMX fell.", [("QMX", "quillon")]),
        ("velm agreed.", []),  # four letters or fewer: exact case
        ("Velm agreed.", [("Velm", "velm")]),
        ("Quillon Minerals Pty Ltd signed.", [("Quillon Minerals Pty Ltd", "quillon")]),
        ("Harrow Metals Refinery opened.", [("Harrow Metals Refinery", "harrow-refinery")]),
        ("Harrow Metals opened.", [("Harrow Metals", "harrow")]),
        ("The deal with Quillon\nMinerals closed.", [("Quillon\nMinerals", "quillon")]),
        ("Quillon   Minerals agreed.", [("Quillon   Minerals", "quillon")]),
        ("Quillon Mineralsx is not it.", []),
        ("Quillon Minerals-owned mine.", []),  # a hyphenated compound is not the name
        ("USA is not US.", [("US", "united-states")]),
        ("X marks the spot.", []),  # one-letter entries are skipped
    ],
)
def test_gazetteer_find(gazetteer: Gazetteer, text: str, expected: list[tuple[str, str]]) -> None:
    hits = gazetteer.find(text)
    assert [(h.text, h.entity_id) for h in hits] == expected
    for h in hits:
        assert text[h.start:h.end] == h.text


def test_gazetteer_longest_match_and_order(gazetteer: Gazetteer) -> None:
    text = "Harrow Metals Refinery will process oxide for Harrow Metals and Quillon Minerals."
    hits = gazetteer.find(text)
    assert [h.entity_id for h in hits] == ["harrow-refinery", "harrow", "quillon"]
    assert hits[0].entity_type == "Facility"
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))


def test_gazetteer_size_and_keys(gazetteer: Gazetteer) -> None:
    assert len(gazetteer) == 8  # "X" is dropped
    assert gazetteer.by_key["quillon minerals"].entity_id == "quillon"


def test_empty_gazetteer() -> None:
    assert Gazetteer([]).find("Quillon Minerals") == []


# ---- mention finder ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zephyr Magnetics Inc. agreed to buy oxide.", [("Zephyr Magnetics Inc.", "suffix")]),
        ("Carabin Metals SAS agreed.", [("Carabin Metals SAS", "suffix")]),
        ("Ostrel Holdings, Ltd. agreed.", [("Ostrel Holdings, Ltd.", "suffix")]),
        ("Borealis Rare Earths will supply oxide.", [("Borealis Rare Earths", "head")]),
        ("Kestrel Alloys Holding will expand.", [("Kestrel Alloys Holding", "head")]),
        ("The loan came from the Department of Energy.",
         [("Department of Energy", "government")]),
        ("Approval came from the Office of Strategic Capital.",
         [("Office of Strategic Capital", "government")]),
        ("Oak Ridge National Laboratory will test the alloy.",
         [("Oak Ridge National Laboratory", "lab")]),
        ("Engineers at the University of Calgary will test it.",
         [("University of Calgary", "lab")]),
        ("Texas-based Zephyr Magnetics Inc. agreed.", [("Zephyr Magnetics Inc.", "suffix")]),
        ("Ohio-headquartered Borealis Rare Earths agreed.", [("Borealis Rare Earths", "head")]),
        ("France's Carabin Metals SAS agreed.", [("Carabin Metals SAS", "suffix")]),
        ("Meanwhile Borealis Rare Earths agreed.", [("Borealis Rare Earths", "head")]),
        ("The plant makes magnets for motors.", []),
        ("Metals prices rose.", []),  # a bare head noun is no name
    ],
)
def test_pattern_mentions(finder: MentionFinder, text: str,
                          expected: list[tuple[str, str]]) -> None:
    assert _spans(text, finder.find(text)) == expected


@pytest.mark.parametrize(
    ("text", "entity_type"),
    [
        ("Support came from the Department of Energy.", "GovernmentBody"),
        ("Oak Ridge National Laboratory agreed.", "ResearchLab"),
        ("Zephyr Magnetics Inc. agreed.", "Organization"),
        ("Quillon Minerals agreed.", "Company"),
    ],
)
def test_mention_types(finder: MentionFinder, text: str, entity_type: str) -> None:
    (m,) = finder.find(text)
    assert m.entity_type == entity_type


def test_known_names_beat_patterns(finder: MentionFinder) -> None:
    text = "Quillon Minerals Pty Ltd and Harrow Metals Refinery signed."
    got = finder.find(text)
    assert [(m.text, m.method, m.entity_id) for m in got] == [
        ("Quillon Minerals Pty Ltd", "gazetteer", "quillon"),
        ("Harrow Metals Refinery", "gazetteer", "harrow-refinery"),
    ]


def test_name_over_a_line_break(finder: MentionFinder) -> None:
    text = "Oxide went to Borealis Rare\nEarths and to Quillon\nMinerals."
    got = finder.find(text)
    assert [(m.name, m.method) for m in got] == [("Borealis Rare Earths", "head"),
                                                ("Quillon Minerals", "gazetteer")]


def test_acronym_definition_and_later_use(finder: MentionFinder) -> None:
    text = ("The Northern Minerals Finance Agency (NMFA) approved a loan to Quillon Minerals. "
            "NMFA said the loan was its largest.")
    got = finder.find(text)
    full = next(m for m in got if m.text == "Northern Minerals Finance Agency")
    assert full.method == "acronym"
    later = [m for m in got if m.start > text.index("said") - 6 and m.text == "NMFA"]
    assert len(later) == 1
    assert later[0].method in ("short", "acronym")
    assert later[0].canonical_text == "Northern Minerals Finance Agency"
    assert later[0].name == "Northern Minerals Finance Agency"
    assert later[0].entity_type == full.entity_type


def test_acronym_of_a_gazetteer_name_points_at_its_entity(finder: MentionFinder) -> None:
    text = "Harrow Metals (HM) signed. Later HM said the plant was ready."
    got = finder.find(text)
    later = [m for m in got if m.text == "HM" and m.start > text.index("Later")]
    assert len(later) == 1
    assert later[0].entity_id == "harrow"
    assert later[0].canonical_text == "Harrow Metals"


def test_undefined_acronym_is_not_a_mention(finder: MentionFinder) -> None:
    text = "The QZRT team met. QZRT said nothing."
    assert finder.find(text) == []


def test_acronym_only_refers_back(finder: MentionFinder) -> None:
    text = "NMFA staff met first. Then the Northern Minerals Finance Agency (NMFA) lent money."
    got = finder.find(text)
    assert all(m.start > 20 for m in got)


@pytest.mark.parametrize(
    ("text", "short", "full"),
    [
        ("Zephyr Magnetics Inc. agreed to buy oxide. Zephyr said the deal was large.",
         "Zephyr", "Zephyr Magnetics Inc."),
        ("Borealis Rare Earths signed. Later, Borealis said more.", "Borealis",
         "Borealis Rare Earths"),
        ("Kestrel Alloys Holding said Kestrel would expand.", "Kestrel",
         "Kestrel Alloys Holding"),
    ],
)
def test_short_forms(finder: MentionFinder, text: str, short: str, full: str) -> None:
    got = finder.find(text)
    shorts = [m for m in got if m.method == "short"]
    assert [(m.text, m.canonical_text) for m in shorts] == [(short, full)]
    assert shorts[0].name == " ".join(full.split())
    assert text[shorts[0].start:shorts[0].end] == short


@pytest.mark.parametrize(
    "text",
    [
        # A short form refers back, never forward.
        "Zephyr staff met. Zephyr Magnetics Inc. then agreed.",
        # A common first word never stands alone as a short name.
        "Northern Lights Minerals agreed. Northern winters are long.",
        # Government bodies get no first-word short forms.
        "The Department of Energy agreed. Department heads met.",
    ],
)
def test_no_short_form(finder: MentionFinder, text: str) -> None:
    assert [m for m in finder.find(text) if m.method == "short"] == []


@pytest.mark.parametrize(
    ("text", "name", "ticker"),
    [
        ("Zephyr Magnetics (NASDAQ: ZPHR) will buy oxide.", "Zephyr Magnetics", "ZPHR"),
        ("Zephyr Magnetics (NYSE American: ZPHR) will buy oxide.", "Zephyr Magnetics", "ZPHR"),
        ("Borealis Rare Earths Ltd (ASX:BRL) will sell oxide.", "Borealis Rare Earths Ltd",
         "BRL"),
        ("Quillon Minerals (TSXV: QMX) agreed.", "Quillon Minerals", "QMX"),
    ],
)
def test_ticker_attaches_to_mention_before_it(finder: MentionFinder, text: str, name: str,
                                              ticker: str) -> None:
    got = finder.find(text)
    owner = next(m for m in got if m.text == name)
    assert owner.ticker == ticker
    assert all(m.ticker is None for m in got if m is not owner)


def test_ticker_attaches_to_nearest_mention_only(finder: MentionFinder) -> None:
    text = "Zephyr Magnetics (NASDAQ: ZPHR) and Borealis Rare Earths (ASX: BRL) signed."
    got = {m.text: m.ticker for m in finder.find(text) if m.method != "gazetteer"}
    assert got["Zephyr Magnetics"] == "ZPHR"
    assert got["Borealis Rare Earths"] == "BRL"


def test_ticker_far_from_a_mention_attaches_to_nothing(finder: MentionFinder) -> None:
    text = "Borealis Rare Earths shares, listed as (ASX: BRL), rose."
    assert all(m.ticker is None for m in finder.find(text))


def test_mentions_sorted_and_non_overlapping(finder: MentionFinder) -> None:
    text = ("Texas-based Zephyr Magnetics Inc. (NASDAQ: ZPHR) signed with Quillon Minerals and "
            "the Office of Strategic Capital. Oak Ridge National Laboratory and the University "
            "of Calgary will help. Zephyr said the US plant opens in 2027.")
    got = finder.find(text)
    assert [m.start for m in got] == sorted(m.start for m in got)
    assert all(a.end <= b.start for a, b in itertools.pairwise(got))
    assert {m.name for m in got} >= {"Zephyr Magnetics Inc.", "Quillon Minerals",
                                      "Office of Strategic Capital",
                                      "Oak Ridge National Laboratory", "University of Calgary",
                                      "US"}


def test_acronym_with_connector_initial(finder: MentionFinder) -> None:
    text = "The Department of Energy (DOE) awarded a grant. DOE said the grant was large."
    later = [m for m in finder.find(text) if m.text == "DOE" and m.start > 40]
    assert len(later) == 1
    assert later[0].canonical_text == "Department of Energy"


def test_acronym_defined_government_body_keeps_its_type(finder: MentionFinder) -> None:
    text = "The Office of Strategic Capital (OSC) approved the loan. OSC said so."
    full = next(m for m in finder.find(text) if m.text == "Office of Strategic Capital")
    assert full.entity_type == "GovernmentBody"
