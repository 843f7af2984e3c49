"""Contradictions: disagreeing sources are found, kept side by side, and cited."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from lodemap.cli.app import app
from lodemap.conflicts import Conflict, find_conflicts
from lodemap.dossier import build_dossier, render
from lodemap.ledger import build_ledger, find_entity
from lodemap.store import Store
from tests.conftest import build_store
from tests.timedocs import write

runner = CliRunner()


def _values(found: list[Conflict], subject: str) -> list[list[str]]:
    return [[s.value for s in c.sides] for c in found
            if c.kind == "value" and c.subject_id == subject]


def test_the_knowledge_pack_disagrees_on_the_stillwater_plant(pack_store: Store) -> None:
    found = find_conflicts(pack_store)
    assert _values(found, "stillwater") == [["4,800 t/yr", "5,000 t/yr", "10,000 t/yr"]]
    stillwater = next(c for c in found if c.subject_id == "stillwater")
    for side in stillwater.sides:
        assert side.claims and all(c.url.startswith("https://") and c.date for c in side.claims)
    # The initial phase (1,200 t/yr) is another figure; so are Caremag's NdPr (800 t/yr)
    # and Dy/Tb (600 t/yr) outputs, and China's production in different years.
    assert "1,200 t/yr" not in str(_values(found, "stillwater"))
    assert _values(found, "caremag-lacq") == [] and _values(found, "china") == []


def test_two_documents_that_disagree_make_one_conflict(tmp_path: Path) -> None:
    paths = write(tmp_path / "docs", "cap600", "cap5000", "cap5000again", "cap5050")
    with build_store(tmp_path / "s.db", *paths, samples=False) as store:
        zephyr = find_entity(store, "Zephyr Magnetics Inc.")
        found = find_conflicts(store, zephyr)
        # 5,000 and 5,050 agree (within 2 %); both disagree with 600.
        assert [[s.value for s in c.sides] for c in found] == [
            ["600 t/yr", "5,000 t/yr", "5,050 t/yr"]]
        sides = found[0].sides
        assert [c.date for c in sides[0].claims] == ["2026-05-02"]
        assert [c.date for c in sides[1].claims] == ["2026-06-02", "2026-06-20"]
        assert "600 tonnes" in sides[0].claims[0].evidence
        assert find_conflicts(store, zephyr, as_of="2026-05-31") == []


def test_equal_values_and_one_document_are_no_conflict(tmp_path: Path) -> None:
    paths = write(tmp_path / "docs", "cap5000", "cap5000again", "cap5050")
    with build_store(tmp_path / "s.db", *paths, samples=False) as store:
        zephyr = find_entity(store, "Zephyr Magnetics Inc.")
        values = {s.value for s in store.statements_about(zephyr.id) if s.value}
        assert values == {"5000", "5050"}  # the store holds both; 1 % apart
        assert find_conflicts(store, zephyr) == []
    one = tmp_path / "one.txt"
    one.write_text("DATE: 2026-06-01\n\nThe Quillon refinery of Zephyr Magnetics Inc. has a "
                   "capacity of 600 tonnes per year. The Quillon refinery of Zephyr Magnetics "
                   "Inc. will have a capacity of 9,000 tonnes per year.\n", encoding="utf-8")
    with build_store(tmp_path / "one.db", str(one), samples=False) as store:
        zephyr = find_entity(store, "Zephyr Magnetics Inc.")
        assert {s.value for s in store.statements_about(zephyr.id) if s.value} == {
            "600", "9000"}
        assert find_conflicts(store, zephyr) == []  # one source describing two figures


def test_signed_against_a_denial_is_a_conflict_progressions_are_not(tmp_path: Path) -> None:
    paths = write(tmp_path / "docs", "proposed", "signed", "negated", "terminated")
    with build_store(tmp_path / "s.db", *paths, samples=False) as store:
        status = [c for c in find_conflicts(store) if c.kind == "status"]
        assert [[s.value for s in c.sides] for c in status] == [["signed", "negated"]]
        assert "does not exist" in status[0].reason
        usar = find_entity(store, "USA Rare Earth")
        rel = next(r for e in build_ledger(store, usar).entries for r in e.relations
                   if e.name.startswith("Zephyr"))
        assert [[s.value for s in c.sides] for c in rel.conflicts] == [["signed", "negated"]]
    paths = write(tmp_path / "calm", "proposed", "signed", "terminated")
    with build_store(tmp_path / "calm.db", *paths, samples=False) as store:
        assert [c for c in find_conflicts(store) if c.kind == "status"] == []


def test_dossier_shows_both_sides_with_their_citations(tmp_path: Path) -> None:
    paths = write(tmp_path / "docs", "cap600", "cap5000", "signed", "negated")
    with build_store(tmp_path / "s.db", *paths, samples=False) as store:
        zephyr = find_entity(store, "Zephyr Magnetics Inc.")
        md = render(build_dossier(store, zephyr, generated="2026-11-22"), "md")
        html = render(build_dossier(store, zephyr, generated="2026-11-22"), "html")
    line = next(x for x in md.splitlines() if "**Sources disagree** on Zephyr" in x)
    sides = re.findall(r"(\d[\d,]* t/yr) \(reported ([\d-]+)\)((?: \[\[\d+\]\]\(#st-\w+\))+)",
                       line)
    assert [(v, d) for v, d, _ in sides] == [("600 t/yr", "2026-05-02"),
                                            ("5,000 t/yr", "2026-06-02")]
    assert sides[0][2] != sides[1][2]  # each side cites its own source
    ledger = next(x for x in md.splitlines() if x.startswith("| USA Rare Earth |"))
    assert "**Sources disagree** on whether Zephyr" in ledger
    assert re.search(r"signed \(reported 2026-03-10\) \[\[\d\]\].* vs negated \(reported "
                     r"2026-03-20\) \[\[\d\]\]", ledger)
    assert html.count('class="disagree"') == 2 and "Sources disagree" in html


def test_conflicts_command_lists_sides_with_sources(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    build_store(db, *write(tmp_path / "docs", "cap600", "cap5000"), samples=False).close()
    res = runner.invoke(app, ["conflicts", "Zephyr Magnetics", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    (conflict,) = data["conflicts"]
    assert conflict["subject"] == "Zephyr Magnetics Inc." and conflict["topic"] == "capacity"
    claims = [c for s in conflict["sides"] for c in s["claims"]]
    assert [c["date"] for c in claims] == ["2026-05-02", "2026-06-02"]
    assert all(c["url"].endswith(".txt") and "tonnes per year" in c["evidence"] for c in claims)
    res = runner.invoke(app, ["conflicts", "Zephyr Magnetics", "--as-of", "2026-05", "--db",
                              str(db)])
    assert res.exit_code == 0 and "no disagreements" in res.output
    res = runner.invoke(app, ["conflicts", "--db", str(db)])
    assert "600 t/yr" in res.output and "5,000 t/yr" in res.output
