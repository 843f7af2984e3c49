"""Each signal on invented companies (tests/signals/texts), table-driven."""

from __future__ import annotations

from typing import Any

import pytest

from lodemap.errors import LodemapError, NotFoundError
from lodemap.signals import REGISTRY, Reason, compute_signals
from lodemap.signals.base import no_evidence, reason
from lodemap.store import Store
from tests.signals.conftest import signals_of, stored_ids

ZEPH, HARR, PELL, OSTR, KORV = ("x-zephyrine-minerals", "x-harrowgate-magnetics",
                                "x-pellucid-ores", "x-ostrava-lithic", "x-korvath-magnets")

CASES: list[tuple[str, str, Any]] = [
    # Seller of oxide to three buyers (one of them only announced), with stated output.
    (ZEPH, "posture", "seller"),
    (ZEPH, "commercial_stage", "producing"),
    (ZEPH, "maturity", {"announced": 1, "signed": 2}),
    (ZEPH, "concentration", 3333),  # three counterparties, one relationship each
    (ZEPH, "geography", None),  # invented names carry no country and no site
    (ZEPH, "vertical_integration", None),
    # Buys oxide, plans capacity, says it has no contractually committed customers.
    (HARR, "posture", "buyer"),
    (HARR, "commercial_stage", "pre-commercial"),
    (HARR, "maturity", {"announced": 1, "signed": 1}),
    (HARR, "concentration", 5000),
    (HARR, "criticality", None),  # nobody takes its output
    # Funded by a government body and an investor: no trade, money volumes known.
    (PELL, "posture", None),
    (PELL, "commercial_stage", None),
    (PELL, "maturity", {"completed": 2}),
    (PELL, "concentration", 5000),
    (PELL, "geography", ["US"]),  # the Department of Energy's country
    # Only named as a rival: rivalry is not a relationship with a partner.
    (OSTR, "posture", None),
    (OSTR, "concentration", None),
    (OSTR, "maturity", None),
    (OSTR, "criticality", None),
    (OSTR, "commercial_stage", None),
    # A buyer from two sellers.
    (KORV, "posture", "buyer"),
]


@pytest.mark.parametrize(("entity", "name", "expected"), CASES)
def test_signal_values(signal_store: Store, entity: str, name: str, expected: Any) -> None:
    assert signals_of(signal_store, entity)[name].value == expected


def test_criticality_counts_dependents_and_says_stages_are_unknown(signal_store: Store) -> None:
    crit = signals_of(signal_store, ZEPH)["criticality"]
    assert crit.value == {"dependents": 3, "scarce_stages": []}
    assert any(r.absence and "stage" in r.text for r in crit.reasons)


def test_producing_needs_production_and_binding_customers(signal_store: Store) -> None:
    stage = signals_of(signal_store, ZEPH)["commercial_stage"]
    assert stage.detail["because"] == ["production", "binding_customers"]
    sts = {s.id: s for s in signal_store.statements_about(ZEPH)}
    assert {sts[i].predicate for i in stage.detail["cues"]["production"]} == {"production"}


def test_stated_absence_of_committed_customers_feeds_the_stage(signal_store: Store) -> None:
    stage = signals_of(signal_store, HARR)["commercial_stage"]
    absent = stage.detail["cues"]["no_committed_customers"]
    assert absent and "no_committed_customers" in stage.detail["because"]
    assert set(absent) <= set(stage.reasons[0].statement_ids)
    assert "no contractually committed customers" in stage.explanation


def test_volume_concentration_uses_amounts_stated_with_the_deal(signal_store: Store) -> None:
    conc = signals_of(signal_store, PELL)["concentration"]
    volume = conc.detail["volume"]
    assert volume["unit"] == "USD" and volume["hhi"] == 6800  # 40 and 10 million: 80/20
    assert volume["shares"]["us-doe"] == pytest.approx(0.8)


def test_negated_statements_never_count(signal_store: Store) -> None:
    negated = [s for s in signal_store.statements_about(ZEPH) if s.status == "negated"]
    assert negated, "the text denies a supply deal with Tarrow Steel"
    for result in compute_signals(signal_store, ZEPH):
        assert not {s.id for s in negated} & set(result.statement_ids), result.name
        assert "Tarrow" not in result.explanation


def test_as_of_leaves_out_later_statements(signal_store: Store) -> None:
    # Harrowgate's purchase from Zephyrine is reported on 2025-06-02.
    assert signals_of(signal_store, ZEPH, as_of="2025-04-01")["maturity"].value == {
        "signed": 2}
    assert all(r.value is None for r in compute_signals(signal_store, ZEPH,
                                                        as_of="2024-12-31"))


@pytest.mark.parametrize("entity", [ZEPH, HARR, PELL, OSTR, KORV])
def test_every_reason_cites_stored_statements(signal_store: Store, entity: str) -> None:
    known = stored_ids(signal_store)
    for result in compute_signals(signal_store, entity):
        assert set(REGISTRY) >= {result.name}
        for why in result.reasons:
            assert why.absence or why.statement_ids, why.text
            assert set(why.statement_ids) <= known, why.text
        if result.value is None:
            assert result.statement_ids == [] and result.explanation.startswith(
                "No evidence")


def test_no_evidence_is_said_plainly() -> None:
    result = no_evidence("posture", "nothing")
    assert (result.value, result.statement_ids) == (None, [])
    assert result.explanation == "No evidence: the store holds nothing."


def test_a_reason_without_a_statement_is_refused() -> None:
    with pytest.raises(LodemapError):
        Reason("Acme sells magnets.")
    with pytest.raises(LodemapError):
        reason("Acme sells magnets.", [])


def test_unknown_entity_and_unknown_signal(signal_store: Store) -> None:
    with pytest.raises(NotFoundError):
        compute_signals(signal_store, "x-nobody")
    with pytest.raises(LodemapError) as exc:
        compute_signals(signal_store, ZEPH, names=["bogus"])
    assert exc.value.exit_code == 2
