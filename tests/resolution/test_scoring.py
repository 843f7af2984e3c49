"""Pair scoring: one table of cases, each saying which features must fire and where the
score must land against the review queue's default threshold."""

from __future__ import annotations

import pytest

from lodemap.entity import Entity
from lodemap.resolution.features import score
from lodemap.resolution.profile import config, initials, profile_of, short_form

THRESHOLD = float(config()["queue"]["min_score"])


def org(name: str, type_: str = "Company", country: str | None = None,
        aliases: list[tuple[str, str]] | None = None, id_: str | None = None) -> Entity:
    return Entity(id=id_ or name.lower().replace(" ", "-").replace(".", ""), type=type_,
                  name=name, country=country, aliases=aliases or [])


# (left, right, verdict, features that must fire); verdict: "queue" (at or above the
# default threshold), "below" (scored, under it) or "never" (incompatible types, 0).
CASES = [
    (org("Zephyr Magnetics Inc."), org("Zephyr Magnetics", id_="zm"), "queue", {"suffix_only"}),
    (org("Zephyr Magnetics"), org("ZEPHYR MAGNETICS", id_="zm2"), "queue", {"same_name"}),
    (org("Kestrel Alloys Holdings"), org("Kestrel Alloys Pty Ltd"), "queue", {"suffix_only"}),
    (org("Zephyr Magnetics Inc."), org("Zephyr Magnetic Corp"), "queue", {"token_set"}),
    (org("Harrowgate Magnetics"), org("Harrowgate", "Organization"), "queue", {"token_set"}),
    (org("ACME Rare Earth Holdings"), org("ARH", "Organization"), "queue", {"acronym"}),
    (org("Less Common Metals"), org("LCM"), "queue", {"acronym"}),
    (org("US Department of Defense", "GovernmentBody"), org("DOD", "GovernmentBody"), "queue",
     {"acronym"}),
    (org("Borealis Rare Earths Ltd", aliases=[("ASX:BRL", "ticker")]),
     org("Borealis REE Holdings", aliases=[("ASX:BRL", "ticker")]), "queue", {"shared_ticker"}),
    (org("Northern Minerals Finance Agency", "GovernmentBody", aliases=[("NMFA", "acronym")]),
     org("NMFA", "GovernmentBody", id_="nmfa2"), "queue", {"same_name"}),
    (org("Vantor Metals Inc", aliases=[("Vantor Group", "alias")]),
     org("Vantor Metals Co", aliases=[("Vantor Ltd", "alias")]), "queue", {"suffix_only"}),
    (org("Corvid Energy Materials", aliases=[("Corvid Group", "alias")]),
     org("Corvid Holdings"), "queue", {"alias_key"}),
    (org("Department of Energy", "GovernmentBody"), org("Energy Corp"), "never",
     {"type_conflict"}),
    (org("Zephyr Magnetics", "GovernmentBody"), org("Zephyr Magnetics Inc."), "never",
     {"type_conflict"}),
    (org("Ostrava Works", "Facility"), org("Ostrava Works Ltd"), "never", {"type_conflict"}),
    (org("Kestrel Alloys"), org("Kestrel Alloys USA"), "below", {"token_set", "distinct_words"}),
    (org("Quillon Minerals"), org("Quillon Minerals Ventures", "Organization"), "below",
     {"distinct_words"}),
    (org("Ostrava National Laboratory", "ResearchLab"),
     org("Brno National Laboratory", "ResearchLab"), "below", {"distinct_words"}),
    (org("Pacific Minerals"), org("PM"), "below", {"short_acronym"}),
    (org("Zephyr Magnetics", country="US"), org("Zephyr Magnetics Inc.", country="JP"), "below",
     {"suffix_only", "country_conflict"}),
    (org("Borealis Rare Earths"), org("Boreal Tin Smelting"), "below", set()),
]


@pytest.mark.parametrize(("left", "right", "verdict", "features"), CASES,
                         ids=[f"{c[0].name}~{c[1].name}" for c in CASES])
def test_scoring_table(left: Entity, right: Entity, verdict: str, features: set[str]) -> None:
    s = score(profile_of(left), profile_of(right))
    fired = {f.name for f in s.features}
    assert features <= fired, s.explain()
    if verdict == "never":
        assert s.never and s.value == 0.0
    elif verdict == "queue":
        assert s.value >= THRESHOLD, s.explain()
    else:
        assert not s.never and s.value < THRESHOLD, s.explain()
    # Every feature that fired is named in the configuration and says what it saw.
    for f in s.features:
        assert f.name == "type_conflict" or f.name in {*config()["evidence"],
                                                       *config()["adjustments"]}
        assert f.detail


@pytest.mark.parametrize(("left", "right"), [(c[0], c[1]) for c in CASES[:8]])
def test_scoring_is_symmetric(left: Entity, right: Entity) -> None:
    assert score(profile_of(left), profile_of(right)) == score(profile_of(right),
                                                               profile_of(left))


def test_country_conflict_lowers_the_same_name() -> None:
    plain = score(profile_of(org("Zephyr Magnetics")), profile_of(org("Zephyr Magnetics Inc.")))
    conflict = score(profile_of(org("Zephyr Magnetics", country="US")),
                     profile_of(org("Zephyr Magnetics Inc.", country="JP")))
    agree = score(profile_of(org("Zephyr Magnetics", country="US")),
                  profile_of(org("Zephyr Magnetics Inc.", country="US")))
    assert conflict.value < plain.value <= agree.value


@pytest.mark.parametrize(
    ("name", "acronym"),
    [("ACME Rare Earth Holdings", "arh"), ("Department of Energy", "doe"),
     ("US Department of Defense", "dod"), ("Less Common Metals Limited", "lcm"),
     ("U.S. International Development Finance Corporation", "dfc"),
     ("Northern Australia Infrastructure Facility", "naif"),
     ("Oak Ridge National Laboratory", "ornl")],
)
def test_initials(name: str, acronym: str) -> None:
    assert acronym in initials(name)


@pytest.mark.parametrize(("text", "kind", "expected"),
                         [("LCM", "alias", "lcm"), ("U.S.G.S.", "alias", "usgs"),
                          ("Lynas", "alias", None), ("NRCan", "acronym", "nrcan"),
                          ("Rare Earth", "alias", None), ("A", "alias", None)])
def test_short_form(text: str, kind: str, expected: str | None) -> None:
    assert short_form(text, kind) == expected
