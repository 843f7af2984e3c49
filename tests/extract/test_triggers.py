"""The trigger index wakes exactly the rules whose trigger occurs in a sentence."""

from __future__ import annotations

import pytest

from lodemap.extract.rules import default_rules
from lodemap.extract.triggers import TriggerIndex, alternatives

SENTENCES = [
    "Zephyr Magnetics Inc. signed a non-binding memorandum of understanding with Quill.",
    "The joint venture will be majority owned by Borealis, the companies said.",
    "Quill's off-take agreement covers 5,000 tonnes; it was terminated in 2024.",
    "Harrow Capital led the Series B round, with participation from Osprey Ventures.",
    "The plant is partially funded by grants from the Department of Mineral Security.",
    "Nothing here wakes a rule at all.",
    "Borealis grants Quill the exclusive rights to market its oxides in Europe.",
]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("a|b", ["a", "b"]),
        ("rights? to (?:market|distribute)|grants", ["rights? to (?:market|distribute)",
                                                     "grants"]),
        (r"off-?take|licen[cs]|\|x", ["off-?take", "licen[cs]", r"\|x"]),
    ],
)
def test_alternatives_split_only_at_the_top_level(pattern: str, expected: list[str]) -> None:
    assert alternatives(pattern) == expected


@pytest.mark.parametrize("sentence", SENTENCES)
def test_active_rules_equal_a_rule_by_rule_search(sentence: str) -> None:
    rules = default_rules().rules
    index = TriggerIndex(rules)
    folded = index.fold(sentence)
    want = {r.id for r in rules if r.trigger is not None and r.trigger.search(folded)}
    assert index.active_in(folded) == want
