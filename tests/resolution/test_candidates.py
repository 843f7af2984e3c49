"""Blocking: the pairs worth scoring are found without comparing every pair."""

from __future__ import annotations

import time

from lodemap.entity import Entity
from lodemap.resolution.candidates import candidate_pairs, scored_pairs
from lodemap.resolution.profile import profile_of
from tests.resolution.synthetic import organisations


def ids_of(entities: list[Entity], max_block: int | None = None) -> set[frozenset[str]]:
    profiles = [profile_of(e) for e in entities]
    return {frozenset((profiles[i].id, profiles[j].id))
            for i, j in candidate_pairs(profiles, max_block=max_block)}


def test_each_block_kind_finds_its_pair() -> None:
    ents = [
        Entity("a1", "Company", "Less Common Metals Limited"), Entity("a2", "Company", "LCM"),
        Entity("t1", "Company", "Borealis Rare Earths", aliases=[("ASX:BRL", "ticker")]),
        Entity("t2", "Company", "Northwind Ore", aliases=[("BRL", "ticker")]),
        Entity("k1", "Company", "Kestrel Alloys Inc."), Entity("k2", "Company", "Kestrel Alloys"),
        Entity("y1", "Company", "Harrowgate Magnetics"),
        Entity("y2", "Company", "Harowgate Magnetics"),
        Entity("n1", "Company", "Quillon Minerals"), Entity("n2", "Company", "Ostrava Minerals"),
    ]
    pairs = ids_of(ents)
    for a, b in [("a1", "a2"), ("t1", "t2"), ("k1", "k2"), ("y1", "y2")]:
        assert frozenset((a, b)) in pairs
    assert frozenset(("n1", "n2")) not in pairs  # a shared generic word is not enough


def test_common_words_are_not_blocked_on() -> None:
    ents = [Entity(f"m{i}", "Company", f"Word{i} Metals") for i in range(30)]
    assert ids_of(ents, max_block=10) == set()


def test_synthetic_set_scales_and_finds_planted_duplicates() -> None:
    ents, planted = organisations(4000)
    profiles = [profile_of(e) for e in ents]
    start = time.process_time()
    pairs = candidate_pairs(profiles)
    scored = scored_pairs(profiles, min_score=0.7)
    elapsed = time.process_time() - start
    found = {frozenset((profiles[i].id, profiles[j].id)) for i, j in pairs}
    assert len(pairs) <= 3 * len(ents)  # a few pairs per entity, never n²
    assert len(planted & found) >= 0.85 * len(planted)
    queued = {frozenset((s.left, s.right)) for s in scored}
    assert len(planted & queued) >= 0.8 * len(planted)
    assert elapsed < 15
