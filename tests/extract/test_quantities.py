"""Table-driven tests for lodemap.extract.quantities (all sentences written for these tests)."""

from __future__ import annotations

import time

import pytest

from lodemap.extract.quantities import Quantity, find_quantities

# (sentence, kind, value, high, unit, matched text, approx)
Row = tuple[str, str, float, float | None, str, str, bool]

SINGLE: list[Row] = [
    # ---- money
    (
        "The refinery will cost $620 million to build.",
        "money",
        620e6,
        None,
        "USD",
        "$620 million",
        False,
    ),
    (
        "Lenders approved US$1.2 billion in debt.",
        "money",
        1.2e9,
        None,
        "USD",
        "US$1.2 billion",
        False,
    ),
    (
        "The state pledged A$1.65 billion for processing.",
        "money",
        1.65e9,
        None,
        "AUD",
        "A$1.65 billion",
        False,
    ),
    ("It raised AUD 200m from investors.", "money", 200e6, None, "AUD", "AUD 200m", False),
    (
        "Brussels set aside €110 million for magnet recycling.",
        "money",
        110e6,
        None,
        "EUR",
        "€110 million",
        False,
    ),
    ("A grant of EUR 75M was confirmed.", "money", 75e6, None, "EUR", "EUR 75M", False),
    ("The startup closed a £10m round.", "money", 10e6, None, "GBP", "£10m", False),
    ("Ottawa offered C$5 million to the miner.", "money", 5e6, None, "CAD", "C$5 million", False),
    (
        "The trading house invested ¥500 million in the project.",
        "money",
        500e6,
        None,
        "JPY",
        "¥500 million",
        False,
    ),
    (
        "A smelter upgrade budgeted at RMB 500 million is planned.",
        "money",
        500e6,
        None,
        "CNY",
        "RMB 500 million",
        False,
    ),
    (
        "The local government approved 300 million yuan in subsidies.",
        "money",
        300e6,
        None,
        "CNY",
        "300 million yuan",
        False,
    ),
    ("Its quarterly loss narrowed to $17.6m.", "money", 17.6e6, None, "USD", "$17.6m", False),
    (
        "Analysts sized the market at $100bn by the next decade.",
        "money",
        100e9,
        None,
        "USD",
        "$100bn",
        False,
    ),
    (
        "The programme is worth 1.4 billion dollars over ten years.",
        "money",
        1.4e9,
        None,
        "USD",
        "1.4 billion dollars",
        False,
    ),
    (
        "The deal included 20 million Australian dollars in royalties.",
        "money",
        20e6,
        None,
        "AUD",
        "20 million Australian dollars",
        False,
    ),
    (
        "A study grant of USD 250,000 was awarded.",
        "money",
        250_000.0,
        None,
        "USD",
        "USD 250,000",
        False,
    ),
    ("The buyer paid $250k for the claims.", "money", 250_000.0, None, "USD", "$250k", False),
    ("Capex was put at $1-2 billion.", "money", 1e9, 2e9, "USD", "$1-2 billion", False),
    (
        "Capex was put at A$1.7–1.8B in the study.",
        "money",
        1.7e9,
        1.8e9,
        "AUD",
        "A$1.7–1.8B",
        False,
    ),
    (
        "Funding of $500,000-2 million per project is available.",
        "money",
        500_000.0,
        2e6,
        "USD",
        "$500,000-2 million",
        False,
    ),
    (
        "The plant needs between $300 million and $400 million.",
        "money",
        300e6,
        400e6,
        "USD",
        "$300 million and $400 million",
        False,
    ),
    (
        "The partners signed a $1.2-billion offtake.",
        "money",
        1.2e9,
        None,
        "USD",
        "$1.2-billion",
        False,
    ),
    ("It spent about $5m on drilling.", "money", 5e6, None, "USD", "$5m", True),
    ("The budget is ~$3bn.", "money", 3e9, None, "USD", "$3bn", True),
    (
        "Miners raised more than $40 million this quarter.",
        "money",
        40e6,
        None,
        "USD",
        "$40 million",
        True,
    ),
    ("Sales reached $US85 million.", "money", 85e6, None, "USD", "$US85 million", False),
    # ---- mass
    (
        "Stockpiles hold 5,000 tonnes of concentrate.",
        "mass",
        5000.0,
        None,
        "t",
        "5,000 tonnes",
        False,
    ),
    (
        "The mine shipped 5,000 metric tons last quarter.",
        "mass",
        5000.0,
        None,
        "t",
        "5,000 metric tons",
        False,
    ),
    ("Exports fell to 600 tons.", "mass", 600.0, None, "t", "600 tons", False),
    ("Reserves stand at 10 kt of contained oxide.", "mass", 10_000.0, None, "t", "10 kt", False),
    ("Output was 1,300 t in the period.", "mass", 1300.0, None, "t", "1,300 t", False),
    (
        "The quota allows 45,000 metric tons of rare earth oxides.",
        "mass",
        45_000.0,
        None,
        "t",
        "45,000 metric tons",
        False,
    ),
    ("It is building a 5,000-ton separation line.", "mass", 5000.0, None, "t", "5,000-ton", False),
    (
        "Inventories of 850-1,000 tonnes were reported.",
        "mass",
        850.0,
        1000.0,
        "t",
        "850-1,000 tonnes",
        False,
    ),
    ("The sample weighed 1.2 kg.", "mass", 0.0012, None, "t", "1.2 kg", False),
    (
        "The deposit holds 1.2 million tonnes of ore.",
        "mass",
        1.2e6,
        None,
        "t",
        "1.2 million tonnes",
        False,
    ),
    ("The deposit holds 1.2m tonnes of ore.", "mass", 1.2e6, None, "t", "1.2m tonnes", False),
    ("Resources total 3.5 Mt at the project.", "mass", 3.5e6, None, "t", "3.5 Mt", False),
    ("The port handled 7,500 MT of concentrate.", "mass", 7500.0, None, "t", "7,500 MT", False),
    ("Roughly 200 tonnes went to Japan.", "mass", 200.0, None, "t", "200 tonnes", True),
    ("Up to 900 tonnes may be released.", "mass", 900.0, None, "t", "900 tonnes", True),
    # ---- rate
    (
        "The plant will make 5,000 tonnes per year of oxide.",
        "rate",
        5000.0,
        None,
        "t/yr",
        "5,000 tonnes per year",
        False,
    ),
    ("Capacity is 5,000 tonnes/year.", "rate", 5000.0, None, "t/yr", "5,000 tonnes/year", False),
    (
        "The hub targets 10,000 tpa of mixed carbonate.",
        "rate",
        10_000.0,
        None,
        "t/yr",
        "10,000 tpa",
        False,
    ),
    ("Phase one runs at 2,000 t/yr.", "rate", 2000.0, None, "t/yr", "2,000 t/yr", False),
    (
        "The line produces 1,000 tons annually.",
        "rate",
        1000.0,
        None,
        "t/yr",
        "1,000 tons annually",
        False,
    ),
    (
        "It expects to sell 4,440 tonnes a year.",
        "rate",
        4440.0,
        None,
        "t/yr",
        "4,440 tonnes a year",
        False,
    ),
    (
        "The group plans a 10,000-tonne annual capacity.",
        "rate",
        10_000.0,
        None,
        "t/yr",
        "10,000-tonne annual",
        False,
    ),
    ("Stage two lifts output to 12 ktpa.", "rate", 12_000.0, None, "t/yr", "12 ktpa", False),
    (
        "It will make 6,000 tonnes of NdPr oxide per year.",
        "rate",
        6000.0,
        None,
        "t/yr",
        "6,000 tonnes of NdPr oxide per year",
        False,
    ),
    (
        "It has an annual capacity of 3,000 tonnes.",
        "rate",
        3000.0,
        None,
        "t/yr",
        "3,000 tonnes",
        False,
    ),
    (
        "The kiln treats 20 tonnes per day.",
        "rate",
        7300.0,
        None,
        "t/yr",
        "20 tonnes per day",
        False,
    ),
    (
        "The unit runs a 2,500-tonne-per-year circuit.",
        "rate",
        2500.0,
        None,
        "t/yr",
        "2,500-tonne-per-year",
        False,
    ),
    ("The project could reach 1.5 Mtpa of ore.", "rate", 1.5e6, None, "t/yr", "1.5 Mtpa", False),
    # ---- percent / purity
    ("China refines about 70 percent of supply.", "percent", 70.0, None, "%", "70 percent", True),
    ("Margins widened to 19.8% in the half.", "percent", 19.8, None, "%", "19.8%", False),
    (
        "The firm controls 93 per cent of the market.",
        "percent",
        93.0,
        None,
        "%",
        "93 per cent",
        False,
    ),
    ("It acquired a 60% shareholding in the venture.", "percent", 60.0, None, "%", "60%", False),
    ("Recoveries of 10-15% are expected.", "percent", 10.0, 15.0, "%", "10-15%", False),
    ("Prices could swing between 10% and 15%.", "percent", 10.0, 15.0, "%", "10% and 15%", False),
    ("Tariffs of up to 40% were threatened.", "percent", 40.0, None, "%", "40%", True),
    ("The oxide reached 99% purity.", "purity", 99.0, None, "%", "99% purity", False),
    ("They make 99.9% pure dysprosium metal.", "purity", 99.9, None, "%", "99.9% pure", False),
    ("The product has a purity of 99.5%.", "purity", 99.5, None, "%", "99.5%", False),
    ("Samples graded 99.99%-pure terbium.", "purity", 99.99, None, "%", "99.99%-pure", False),
    # ---- counts
    (
        "The magnet plant will create 2,000 jobs.",
        "count",
        2000.0,
        None,
        "jobs",
        "2,000 jobs",
        False,
    ),
    (
        "It aims to supply 1.5 million magnets.",
        "count",
        1.5e6,
        None,
        "magnets",
        "1.5 million magnets",
        False,
    ),
    ("Nearly 300 workers were hired.", "count", 300.0, None, "workers", "300 workers", True),
]


def _ids(rows: list[Row]) -> list[str]:
    return [r[5] for r in rows]


@pytest.mark.parametrize(
    ("sentence", "kind", "value", "high", "unit", "text", "approx"), SINGLE, ids=_ids(SINGLE)
)
def test_single_quantity(
    sentence: str,
    kind: str,
    value: float,
    high: float | None,
    unit: str,
    text: str,
    approx: bool,
) -> None:
    found = find_quantities(sentence)
    assert len(found) == 1, found
    q = found[0]
    assert q.kind == kind
    assert q.value == pytest.approx(value)
    if high is None:
        assert q.high is None
    else:
        assert q.high == pytest.approx(high)
    assert q.unit == unit
    assert q.text == text
    assert sentence[q.start : q.end] == text
    assert q.approx is approx


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Output rose from 5,000 to 7,000 tonnes.",
            [("mass", 5000.0, "5,000"), ("mass", 7000.0, "7,000 tonnes")],
        ),
        (
            "Revenue grew from $5 million to $10 million.",
            [("money", 5e6, "$5 million"), ("money", 10e6, "$10 million")],
        ),
        (
            "Its stake rose from 10% to 19.9%.",
            [("percent", 10.0, "10%"), ("percent", 19.9, "19.9%")],
        ),
        (
            "The grant of $5 million to 10 people was cut.",
            [("money", 5e6, "$5 million"), ("count", 10.0, "10 people")],
        ),
        (
            "A$50 million buys a 20% stake and 3,000 tonnes a year of offtake.",
            [
                ("money", 50e6, "A$50 million"),
                ("percent", 20.0, "20%"),
                ("rate", 3000.0, "3,000 tonnes a year"),
            ],
        ),
        ("It plans a $620 million plant.", [("money", 620e6, "$620 million")]),
        ("It plans a USD 20 million plant.", [("money", 20e6, "USD 20 million")]),
        ("Three firms built 4 plants.", [("count", 4.0, "4 plants")]),
        (
            "In 2025, exports hit 12,000 tonnes worth $400m.",
            [("mass", 12_000.0, "12,000 tonnes"), ("money", 400e6, "$400m")],
        ),
    ],
)
def test_multiple_quantities(sentence: str, expected: list[tuple[str, float, str]]) -> None:
    found = find_quantities(sentence)
    assert [(q.kind, q.text) for q in found] == [(k, t) for k, _, t in expected]
    for q, (_, value, _) in zip(found, expected, strict=True):
        assert q.value == pytest.approx(value)
    assert [q.start for q in found] == sorted(q.start for q in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "Construction starts in 2025.",
        "The plant opened in 2019 and expanded by 2027.",
        "In 2023 tonnage data were revised.",
        "Sales of the Model 3 slowed.",
        "Washington opened a Section 232 probe.",
        "Magnets go into the F-35 fighter.",
        "Call the office on +1 555-123-4567 for details.",
        "Phone 08 9225 5000 before noon.",
        "The meeting was held on 24 March 2026.",
        "The order was dated 2026-03-24.",
        "There were 14 bidders for three licences.",
        "Boeing 737 aircraft use few magnets.",
        "The rare earth hub opened in 2024 vehicles week.",
        "It is rated COVID-19 safe.",
        "Room 101 held the samples.",
        "The share price of HK$5 rose.",
        "The 5 m deep pit flooded.",
        "He cited the 2026 guidance.",
        "The carmaker relies on tier 1 suppliers.",
        "Stage 2 plants are planned.",
        "The spec sheet lists version 2 units.",
        "Doors at Gate 7 opened.",
        "Prices are quoted as Q2 2025 averages.",
        "The seminar starts at 10:30 am.",
        "Operators rolled out 5G networks.",
        "Demand grew through the 1990s.",
    ],
)
def test_negatives(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_year_not_merged_into_mass() -> None:
    found = find_quantities("by 2030 output will reach 8,000 tonnes per year")
    assert [(q.kind, q.text) for q in found] == [("rate", "8,000 tonnes per year")]


def test_a_year_ago_is_not_a_rate() -> None:
    found = find_quantities("Stocks were 5,000 tonnes a year ago.")
    assert [(q.kind, q.text) for q in found] == [("mass", "5,000 tonnes")]


def test_quantity_is_frozen() -> None:
    q = find_quantities("$5m")[0]
    assert isinstance(q, Quantity)
    with pytest.raises(AttributeError):
        q.value = 1.0  # type: ignore[misc]


def test_empty_text() -> None:
    assert find_quantities("") == []


def test_speed_on_long_text() -> None:
    paragraph = (
        "In 2025 the company said it would spend US$1.2 billion to build a 10,000 tpa plant, "
        "lifting its share to 19.8% while rivals on +1 555-123-4567 quoted 99.9% pure oxide "
        "at about $45 per kg and hired 2,000 workers in Section 232 talks. "
    )
    text = paragraph * 500  # ~120k characters
    t0 = time.perf_counter()
    found = find_quantities(text)
    elapsed = time.perf_counter() - t0
    assert len(found) == 6 * 500
    assert elapsed < 2.0
