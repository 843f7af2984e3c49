"""Relationship lifecycles: ordered events and the state they lead to."""

from __future__ import annotations

from pathlib import Path

import pytest

from lodemap.errors import UsageError
from lodemap.ledger import build_ledger, find_entity
from lodemap.lifecycle import effective_date, lifecycle, parse_as_of
from lodemap.statement import Statement
from tests.conftest import build_store
from tests.timedocs import write


@pytest.mark.parametrize(("text", "want"), [
    ("2025-08-07", "2025-08-07"), ("2025-08", "2025-08-31"), ("2024-02", "2024-02-29"),
    ("2025", "2025-12-31"), (" 2026-01-05 ", "2026-01-05"),
])
def test_as_of_dates_mean_the_end_of_their_period(text: str, want: str) -> None:
    assert parse_as_of(text) == want


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "25-01-01", "yesterday", "",
                                  "2025/08/07", "2025-8-7"])
def test_malformed_as_of_dates_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_as_of(text)
    assert info.value.exit_code == 2 and "YYYY-MM-DD" in str(info.value)


def _st(status: str, date: str | None, doc: str = "doc-a", first_seen: str = "2030-01-01T00:00",
        ) -> Statement:
    return Statement(doc_id=doc, subject_id="a", subject_text="A", predicate="supplies",
                     object_id="b", object_text="B", status=status, evidence=f"{status} {date}",
                     span_start=0, span_end=1, extractor="test", extractor_version="1",
                     confidence=0.9, date=date, first_seen=first_seen)


def test_state_moves_forward_and_terminated_ends_it() -> None:
    life = lifecycle([
        _st("signed", "2026-03-10"), _st("proposed", "2025-07-01"),
        _st("announced", "2026-04-01"),  # a later re-report of an earlier stage
        _st("negated", "2026-03-20", doc="doc-b"),
        _st("terminated", "2026-07-02"),
    ])
    assert [e.status for e in life.events] == [
        "proposed", "signed", "negated", "announced", "terminated"]
    assert life.summary == "proposed 2025-07 → signed 2026-03 → terminated 2026-07"
    assert life.state == "terminated"


def test_a_stage_after_the_end_starts_again_and_negations_are_no_state() -> None:
    life = lifecycle([_st("terminated", "2024-01-01"), _st("signed", "2025-01-01"),
                      _st("negated", "2025-06-01")])
    assert life.state == "signed"
    assert lifecycle([_st("negated", "2025-06-01")]).state is None


def test_same_day_reports_end_at_the_stage_further_along() -> None:
    life = lifecycle([_st("signed", "2025-09-29"), _st("announced", "2025-09-29")])
    assert life.state == "signed"
    assert life.summary == "announced 2025-09 → signed 2025-09"


def test_effective_date_falls_back_to_publication_then_first_seen() -> None:
    assert effective_date(_st("signed", "2025-01-02"), "2024-12-31") == "2025-01-02"
    assert effective_date(_st("signed", None), "2024-12-31") == "2024-12-31"
    assert effective_date(_st("signed", None)) == "2030-01-01"
    life = lifecycle([_st("proposed", None), _st("signed", "2026-01-01")],
                     published={"doc-a": "2025-05-05"})
    assert life.summary == "proposed 2025-05 → signed 2026-01"


def test_ledger_rows_carry_the_lifecycle_from_real_documents(tmp_path: Path) -> None:
    paths = write(tmp_path / "docs", "proposed", "signed", "terminated")
    with build_store(tmp_path / "s.db", *paths, samples=False) as store:
        usar = find_entity(store, "USA Rare Earth")
        rel = next(r for e in build_ledger(store, usar).entries
                   if e.name.startswith("Zephyr") for r in e.relations)
        assert rel.lifecycle == "proposed 2025-07 → signed 2026-03 → terminated 2026-07"
        assert rel.state == "terminated"
        assert [e.date for e in rel.events] == sorted(e.date for e in rel.events)
        then = next(r for e in build_ledger(store, usar, as_of="2026-04-30").entries
                    if e.name.startswith("Zephyr") for r in e.relations)
        assert then.state == "signed" and then.lifecycle.endswith("signed 2026-03")


def test_an_undated_step_says_so_instead_of_showing_the_day_it_was_seen() -> None:
    life = lifecycle([_st("proposed", "2025-07-01"), _st("signed", None, doc="doc-b")])
    assert life.state == "signed"
    assert life.summary == "proposed 2025-07 → signed (undated)"
