"""Tests for lodemap.extract.segment (every text here was written for these tests)."""

from __future__ import annotations

import itertools

import pytest

from lodemap.extract.segment import hard_breaks, sentences

WRAPPED = (
    "Zephyr Magnetics said on Tuesday that it had agreed to buy\n"
    "separated neodymium oxide from Quillon Minerals under a\n"
    "five-year contract that starts in the second half of 2027.\n"
    "The companies did not disclose the price of the contract."
)

# (id, text, expected sentence texts)
CASES: list[tuple[str, str, list[str]]] = [
    ("two-plain", "Zephyr Magnetics opened a plant. Quillon Minerals cheered.",
     ["Zephyr Magnetics opened a plant.", "Quillon Minerals cheered."]),
    ("hard-wrapped", WRAPPED, [WRAPPED.rsplit("\n", 1)[0],
                               "The companies did not disclose the price of the contract."]),
    ("heading", "Supply deal signed\nZephyr Magnetics agreed to buy oxide from Quillon Minerals.",
     ["Supply deal signed", "Zephyr Magnetics agreed to buy oxide from Quillon Minerals."]),
    ("heading-after-blank",
     "Quillon expands.\n\nNew separation line\nQuillon Minerals will add a second line.",
     ["Quillon expands.", "New separation line", "Quillon Minerals will add a second line."]),
    ("bullets",
     "The plant will make three products:\n- sintered magnets\n- bonded magnets\n"
     "- alloy powder\nOutput starts next year.",
     ["The plant will make three products:", "- sintered magnets", "- bonded magnets",
      "- alloy powder", "Output starts next year."]),
    ("unicode-bullets", "Highlights:\n\u2022 first shipment\n\u2022 second shipment",
     ["Highlights:", "\u2022 first shipment", "\u2022 second shipment"]),
    ("inc-mid-sentence",
     "Harrowgate Metals Inc. said it would expand. Borealis Rare Earths Corp. agreed.",
     ["Harrowgate Metals Inc. said it would expand.", "Borealis Rare Earths Corp. agreed."]),
    ("legal-suffixes",
     "Zephyr Magnetics, Inc. and Quillon Minerals Ltd. signed a deal on Monday.",
     ["Zephyr Magnetics, Inc. and Quillon Minerals Ltd. signed a deal on Monday."]),
    ("blank-lines", "First paragraph here.\n\n\nSecond paragraph here.",
     ["First paragraph here.", "Second paragraph here."]),
    ("table-rows", "| Company | Capacity |\n| Zephyr | 500 t |",
     ["| Company | Capacity |", "| Zephyr | 500 t |"]),
    ("lowercase-continuation",
     "Zephyr Magnetics expects output to reach\nfive hundred tonnes next year.",
     ["Zephyr Magnetics expects output to reach\nfive hundred tonnes next year."]),
    ("indented", "   Quillon Minerals signed.   \n   Zephyr agreed.  ",
     ["Quillon Minerals signed.", "Zephyr agreed."]),
    ("empty", "", []),
    ("whitespace", " \n\n \t", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sentences(text: str, expected: list[str]) -> None:
    got = sentences(text)
    assert [s.text for s in got] == expected
    for s in got:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
    starts = [s.start for s in got]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(got))


def test_offsets_in_long_document() -> None:
    para = ("Quillon Minerals shipped oxide to Zephyr Magnetics. The Northern Minerals Finance "
            "Agency lent Zephyr $40 million.\n\n")
    text = para * 50
    got = sentences(text)
    assert len(got) == 100
    for s in got:
        assert text[s.start:s.end] == s.text


def test_numbered_list_items() -> None:
    text = "Steps:\n1. build the plant\n2. hire the staff"
    assert [s.text for s in sentences(text)] == ["Steps:", "1. build the plant",
                                                "2. hire the staff"]


def test_wrap_inside_a_name_stays_one_sentence() -> None:
    text = ("On Monday the separation plant began shipping oxide to Zephyr\n"
            "Magnetics under the supply contract the two firms signed in May.")
    assert [s.text for s in sentences(text)] == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one line only", set()),
        ("Heading\nBody text follows here.", {8}),
        ("a sentence that\ncontinues here.", set()),
        ("Done.\nNext sentence.", set()),  # a closed line is left to the sentencizer
        ("Done.\n\nNext paragraph.", {7}),
        ("Intro:\n- one\n- two", {7, 13}),
        ("- one\nafter the list", {6}),
        ("x\n  - indented bullet", {4}),
    ],
)
def test_hard_breaks(text: str, expected: set[int]) -> None:
    assert hard_breaks(text) == expected


def test_wrapped_paragraph_has_no_hard_breaks() -> None:
    para = WRAPPED.rsplit("\n", 1)[0]
    assert hard_breaks(para) == set()
    assert all(len(line) <= 62 for line in para.splitlines())
