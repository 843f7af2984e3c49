"""Clusters are a pure function of the judgement log: latest judgement on a pair wins,
`different` keeps clusters apart, and the result never depends on the order rows arrive."""

from __future__ import annotations

import itertools
import random

import pytest

from lodemap.resolution.clusters import Clusters
from lodemap.resolution.judgements import Judgement, JudgementError, judgement


def log(*rows: tuple[str, str, str]) -> list[Judgement]:
    """Judgements numbered in the order given, like the store numbers them."""
    out = []
    for n, (a, b, value) in enumerate(rows, 1):
        j = judgement(a, b, value, author="test")
        out.append(Judgement(j.left_id, j.right_id, j.judgement, j.author, id=n))
    return out


# (log, expected clusters of more than one entity)
CASES = [
    ([], []),
    ([("a", "b", "same")], [["a", "b"]]),
    ([("a", "b", "same"), ("b", "c", "same")], [["a", "b", "c"]]),
    ([("a", "b", "same"), ("a", "b", "different")], []),
    ([("a", "b", "different"), ("a", "b", "same")], [["a", "b"]]),
    ([("a", "b", "same"), ("a", "b", "unsure")], []),
    ([("a", "b", "unsure")], []),
    # b-c different: the chain a-b, a-c cannot put b and c together; the earlier join stands.
    ([("b", "c", "different"), ("a", "b", "same"), ("a", "c", "same")], [["a", "b"]]),
    # c split out of a-b-c: different from both; a and b still joined directly.
    ([("a", "b", "same"), ("b", "c", "same"), ("a", "c", "different"), ("b", "c", "different")],
     [["a", "b"]]),
    ([("a", "b", "same"), ("c", "d", "same")], [["a", "b"], ["c", "d"]]),
]


@pytest.mark.parametrize(("rows", "expected"), CASES)
def test_clusters_from_log(rows: list[tuple[str, str, str]], expected: list[list[str]]) -> None:
    assert Clusters(log(*rows)).groups() == expected


def test_canonical_is_the_best_ranked_member_and_stable() -> None:
    rows = log(("x-zephyr", "zephyr", "same"), ("x-zephyr-inc", "x-zephyr", "same"))
    rank = {"zephyr": ("0", "2024"), "x-zephyr": ("1", "2025"), "x-zephyr-inc": ("1", "2023")}
    clusters = Clusters(rows, rank=lambda x: (*rank[x], x))
    assert {clusters.canonical(x) for x in rank} == {"zephyr"}
    assert clusters.members("x-zephyr") == ["zephyr", "x-zephyr", "x-zephyr-inc"]
    assert clusters.canonical("never-judged") == "never-judged"
    assert clusters.members("never-judged") == ["never-judged"]


def test_rebuild_is_deterministic_whatever_the_row_order() -> None:
    rng = random.Random(7)
    ids = [f"e{i}" for i in range(12)]
    rows = [(a, b, rng.choice(["same", "same", "different", "unsure"]))
            for a, b in itertools.combinations(ids, 2) if rng.random() < 0.3]
    numbered = log(*rows)
    expected = Clusters(numbered)
    for _ in range(20):
        shuffled = numbered[:]
        rng.shuffle(shuffled)
        again = Clusters(shuffled)
        assert again.groups() == expected.groups()
        assert [again.canonical(x) for x in ids] == [expected.canonical(x) for x in ids]


def test_refused_joins_are_reported() -> None:
    clusters = Clusters(log(("b", "c", "different"), ("a", "b", "same"), ("a", "c", "same")))
    assert [(j.left_id, j.right_id) for j in clusters.refused] == [("a", "c")]
    assert clusters.kept_apart("a", "c")
    assert not clusters.kept_apart("a", "d")


@pytest.mark.parametrize(("a", "b", "value"), [("a", "a", "same"), ("a", "b", "maybe")])
def test_bad_judgements_are_refused(a: str, b: str, value: str) -> None:
    with pytest.raises(JudgementError) as exc:
        judgement(a, b, value)
    assert exc.value.exit_code == 2


def test_pairs_are_stored_in_id_order() -> None:
    assert judgement("zeta", "alpha", "same", author="t").pair == ("alpha", "zeta")
