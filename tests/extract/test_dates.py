"""Table-driven tests for lodemap.extract.dates (all sentences written for these tests)."""

from __future__ import annotations

import itertools
import time

import pytest

from lodemap.extract.dates import DateMention, find_dates

PUB = "2026-03-24"  # a Tuesday

# (sentence, expected [(value, text)]) -- absolute forms, found with or without PUB
ABSOLUTE: list[tuple[str, list[tuple[str, str]]]] = [
    ("The deal closed on March 24, 2026.", [("2026-03-24", "March 24, 2026")]),
    ("The deal closed on March 3rd, 2026.", [("2026-03-03", "March 3rd, 2026")]),
    ("The deal closed on 24 March 2026.", [("2026-03-24", "24 March 2026")]),
    ("The deal closed on Tuesday, March 24, 2026.", [("2026-03-24", "Tuesday, March 24, 2026")]),
    ("The deal closed on Sept. 9, 2025.", [("2025-09-09", "Sept. 9, 2025")]),
    ("Shipments resumed in March 2026.", [("2026-03", "March 2026")]),
    ("Shipments resumed in Mar. 2026.", [("2026-03", "Mar. 2026")]),
    ("Shipments resumed in May 2025.", [("2025-05", "May 2025")]),
    ("The filing is dated 2026-03-24.", [("2026-03-24", "2026-03-24")]),
    ("The filing is dated 2026/03/24.", [("2026-03-24", "2026/03/24")]),
    ("Construction begins in 2025.", [("2025", "2025")]),
    ("The line should be running by 2027.", [("2027", "2027")]),
    ("Exports are banned from 2026.", [("2026", "2026")]),
    ("Prices have doubled since 2020.", [("2020", "2020")]),
    ("A decision is due in early 2025.", [("2025", "2025")]),
    ("Output peaks at the end of 2026.", [("2026", "2026")]),
    ("The mine restarts in mid-2025.", [("2025", "2025")]),
    ("Guidance for 2026 was withdrawn.", [("2026", "2026")]),
    ("Sales climbed in Q2 2025.", [("2025-Q2", "Q2 2025")]),
    ("Sales climbed in Q3'25.", [("2025-Q3", "Q3'25")]),
    ("Sales climbed in 2Q25.", [("2025-Q2", "2Q25")]),
    ("Sales climbed in Q1 FY26.", [("2026-Q1", "Q1 FY26")]),
    ("Sales climbed in the second quarter of 2025.", [("2025-Q2", "the second quarter of 2025")]),
    ("The fourth-quarter 2025 results were weak.", [("2025-Q4", "The fourth-quarter 2025")]),
    ("Commissioning slips to the first half of 2026.", [("2026-H1", "the first half of 2026")]),
    ("Commissioning slips to first half of 2026.", [("2026-H1", "first half of 2026")]),
    ("Commissioning slips to H1 2026.", [("2026-H1", "H1 2026")]),
    ("Commissioning slips to 2H 2025.", [("2025-H2", "2H 2025")]),
    ("The miner lifted its FY2026 target.", [("2026", "FY2026")]),
    ("The miner lifted its FY26 target.", [("2026", "FY26")]),
    ("The miner lifted its FY2025/26 target.", [("2026", "FY2025/26")]),
    ("The miner lifted its fiscal 2026 target.", [("2026", "fiscal 2026")]),
    ("Quotas rise from 2026 to 2030.", [("2026", "2026"), ("2030", "2030")]),
    ("Quotas rise between 2025 and 2030.", [("2025", "2025"), ("2030", "2030")]),
    ("Quotas were set in 2025-26.", [("2025", "2025"), ("2026", "26")]),
    (
        "It signed in March 2026 and ships in Q4 2026.",
        [("2026-03", "March 2026"), ("2026-Q4", "Q4 2026")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), ABSOLUTE, ids=[a[0] for a in ABSOLUTE])
@pytest.mark.parametrize("published", [None, PUB])
def test_absolute(sentence: str, expected: list[tuple[str, str]], published: str | None) -> None:
    found = find_dates(sentence, published)
    assert [(d.value, d.text) for d in found] == expected
    for d in found:
        assert sentence[d.start : d.end] == d.text
        assert d.relative is False


RELATIVE: list[tuple[str, str, str]] = [
    ("Exports fell last month.", "2026-02", "last month"),
    ("Exports fell this month.", "2026-03", "this month"),
    ("Exports will fall next month.", "2026-04", "next month"),
    ("Exports fell last year.", "2025", "last year"),
    ("Exports fell this year.", "2026", "this year"),
    ("Exports will fall next year.", "2027", "next year"),
    ("Exports fell earlier this year.", "2026", "earlier this year"),
    ("Exports will fall later this year.", "2026", "later this year"),
    ("Exports fell last week.", "2026-03-17", "last week"),
    ("Exports fell yesterday.", "2026-03-23", "yesterday"),
    ("Exports fell today.", "2026-03-24", "today"),
    ("Exports fell last quarter.", "2025-Q4", "last quarter"),
    ("The plant should open by the end of the year.", "2026", "the end of the year"),
    ("The plant should open by the end of next year.", "2027", "the end of next year"),
    ("The plant should open by year-end.", "2026", "year-end"),
    ("It will restart in the second half of this year.", "2026-H2", "the second half of this year"),
    ("Talks began a year ago.", "2025", "a year ago"),
    ("The minister spoke on Monday.", "2026-03-23", "Monday"),
    ("The minister spoke last Friday.", "2026-03-20", "last Friday"),
    ("The minister will speak next Tuesday.", "2026-03-31", "next Tuesday"),
    ("The tender closes on March 31.", "2026-03-31", "March 31"),
    ("The tender closed on 12 December.", "2025-12-12", "12 December"),
    ("Output recovered in February.", "2026-02", "February"),
    ("Output may recover by June.", "2026-06", "June"),
]


@pytest.mark.parametrize(("sentence", "value", "text"), RELATIVE, ids=[r[2] for r in RELATIVE])
def test_relative(sentence: str, value: str, text: str) -> None:
    found = find_dates(sentence, PUB)
    assert [(d.value, d.text, d.relative) for d in found] == [(value, text, True)]
    assert sentence[found[0].start : found[0].end] == text


@pytest.mark.parametrize(("sentence", "value", "text"), RELATIVE, ids=[r[2] for r in RELATIVE])
def test_relative_skipped_without_published(sentence: str, value: str, text: str) -> None:
    assert find_dates(sentence) == []


@pytest.mark.parametrize(
    ("published", "sentence", "value"),
    [
        ("2026-01-10", "Exports fell last month.", "2025-12"),
        ("2026-01-03", "Exports fell last week.", "2025-12-27"),
        ("2026-01-01", "Exports fell yesterday.", "2025-12-31"),
        ("2026-02-15", "Exports fell last quarter.", "2025-Q4"),
        ("2026-11-20", "Exports fell next quarter.", "2027-Q1"),
        ("2026-01-05", "The tender closed on December 20.", "2025-12-20"),
        ("2026-03-24T08:30:00Z", "Exports fell last month.", "2026-02"),
    ],
)
def test_relative_boundaries(published: str, sentence: str, value: str) -> None:
    assert [d.value for d in find_dates(sentence, published)] == [value]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Model 3 uses rare earth magnets.",
        "The Section 232 review is ongoing.",
        "The F-35 program needs samarium.",
        "Call +1 202 555 2025 for the desk.",
        "Output hit 2025 tonnes in total.",
        "A 2023 report flagged the risk.",
        "Prices rose in the 2020s.",
        "The company employs 2030 people.",
        "Officials may act soon.",
        "Troops will march on the capital.",
        "The filing number is 2026-13-01.",
        "No date on February 30, 2026 exists.",
        "Order 1990 units by 2005 tonnes",
    ],
)
def test_negatives(sentence: str) -> None:
    assert find_dates(sentence, PUB) == []


def test_sorted_and_non_overlapping() -> None:
    text = "Last year output fell; in Q2 2025 and on March 24, 2026 it rose, and next month too."
    found = find_dates(text, PUB)
    assert [d.value for d in found] == ["2025", "2025-Q2", "2026-03-24", "2026-04"]
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


def test_bad_published_raises() -> None:
    with pytest.raises(ValueError, match="ISO date"):
        find_dates("last month", "yesterday-ish")


def test_mention_is_frozen() -> None:
    d = find_dates("in 2025")[0]
    assert isinstance(d, DateMention)
    with pytest.raises(AttributeError):
        d.value = "2024"  # type: ignore[misc]


def test_speed_on_long_text() -> None:
    paragraph = (
        "In 2025 the company said on March 24, 2026 that last month it shipped 2,000 tonnes, "
        "that Q2 2025 was strong and that the Model 3 and Section 232 mattered. "
    )
    text = paragraph * 500
    t0 = time.perf_counter()
    found = find_dates(text, PUB)
    assert len(found) == 4 * 500
    assert time.perf_counter() - t0 < 2.0
