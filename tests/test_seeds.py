"""Issue acceptance on the five seed articles (read from shared/, never copied)."""

from __future__ import annotations

from lodemap.ledger import build_ledger, find_entity
from lodemap.store import Store

from .conftest import SEEDS


def test_seed_ledger_lists_the_counterparties_with_evidence(seeds_store: Store) -> None:
    ledger = build_ledger(seeds_store, find_entity(seeds_store, "USA Rare Earth"))
    entries = {e.name: e for e in ledger.entries}
    for name in ("Arnold Magnetic Technologies", "Compass Diversified", "Carester",
                 "PolarStar Magnetics"):
        assert name in entries, f"{name} missing from the ledger"
        seed_evidence = [ev for rel in entries[name].relations for ev in rel.evidence
                         if ev.extractor == "lodemap.rules"]
        assert seed_evidence, f"{name} has no evidence extracted from a seed"
        for ev in seed_evidence:
            assert ev.url.startswith(str(SEEDS)), ev.url
            assert ev.evidence.strip()


def test_op_ed_investment_in_carester_is_proposed_never_completed(seeds_store: Store) -> None:
    ledger = build_ledger(seeds_store, find_entity(seeds_store, "USAR"))
    carester = next(e for e in ledger.entries if e.name == "Carester")
    invest = [r for r in carester.relations if r.type == "invests_in"]
    assert invest and invest[0].direction == "outgoing"
    op_ed = [ev for ev in invest[0].evidence if "002_" in ev.url]
    assert op_ed, "the op-ed's investment sentence is on the ledger"
    assert {ev.status for ev in op_ed} == {"proposed"}
    assert "proposed" in {g.status for g in invest[0].statuses}


def test_stated_absence_of_customers_is_kept(seeds_store: Store) -> None:
    usar = find_entity(seeds_store, "USA Rare Earth")
    absent = [s for s in seeds_store.statements_about(usar.id)
              if s.predicate == "committed_customers" and s.extractor == "lodemap.rules"]
    assert absent and {s.value for s in absent} == {"false"}
