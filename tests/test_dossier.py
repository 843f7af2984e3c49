"""The dossier: every fact line cites a stored statement; document text is escaped."""

from __future__ import annotations

import re
from pathlib import Path

from lodemap.dossier import build_dossier, render
from lodemap.ledger import find_entity
from lodemap.pipeline import Pipeline
from lodemap.store import Store

CITE_MD = re.compile(r"\[\[(\d+)\]\]\(#(st-[0-9a-f]+)\)")


def _md(store: Store, name: str = "USA Rare Earth") -> str:
    return render(build_dossier(store, find_entity(store, name), generated="2026-11-22"), "md")


def _section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    nxt = text.find("\n## ", start + 1)
    return text[start:nxt if nxt > 0 else None]


FACT_SECTIONS = ("Snapshot", "Counterparty ledger", "Signals", "Chain position",
                 "Risk implications", "Bottom line")


def test_every_fact_line_cites_a_statement_that_exists(demo_store: Store) -> None:
    """Walks every sentence of the judgement and fact sections: each cites a stored
    statement, or is an absence of evidence stated as such (in italics)."""
    text = _md(demo_store)
    anchors = set(re.findall(r'<a id="(st-[0-9a-f]+)"></a>', text))
    sources = set(re.findall(r"^(\d+)\. ", _section(text, "Sources"), re.MULTILINE))
    fact_lines = [
        line for title in FACT_SECTIONS
        for line in _section(text, title).splitlines()[1:]
        if line.strip() and not line.startswith(("|---", "| Counterparty |", "**", "- _"))
        and line != "The HTML and PDF dossiers draw these tiers as a diagram."
    ]
    assert len(fact_lines) >= 25
    for line in fact_lines:
        cites = CITE_MD.findall(line)
        assert cites, f"uncited fact: {line}"
        for number, statement_id in cites:
            assert statement_id in anchors, statement_id
            assert number in sources
    assert set(demo_store.statements_by_id(anchors)) == anchors


def test_judgement_sections_say_what_the_seed_dossier_needs(demo_store: Store) -> None:
    text = _md(demo_store)
    assert "no contractually committed customers" in _section(text, "Risk implications")
    chain = _section(text, "Chain position")
    assert "Round Top" in chain and "Stillwater" in chain
    assert "**Commercial stage: pre-commercial**" in _section(text, "Signals")
    assert _section(text, "Bottom line").count("[[") >= 3


def test_ledger_takes_label_status_and_cite_sources(demo_store: Store) -> None:
    ledger = _section(_md(demo_store), "Counterparty ledger")
    for name in ("Arnold Magnetic Technologies", "Less Common Metals", "PolarStar Magnetics",
                 "U.S. Department of Commerce"):
        assert f"| {name} |" in ledger
    commerce = next(row for row in ledger.splitlines() if "| U.S. Department of Commerce |" in row)
    assert "Proposed, not agreed" in commerce
    sources = _section(_md(demo_store), "Sources")
    assert "https://www.sahmcapital.com/" in sources


def test_unknown_sections_say_so_plainly(pack_store: Store) -> None:
    quiet = next(e for e in pack_store.list_entities(entity_type="Company")
                 if not pack_store.statements_about(e.id))
    text = _md(pack_store, quiet.id)
    assert "No counterparty relationships have been found" in text
    assert "No evidence has been stored about this organisation" in text
    assert "[[" not in text


def test_html_escapes_document_text(pack_store: Store, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "TITLE: <script>alert('title')</script>\n\n"
        "Zephyr Magnetics Inc. signed a supply agreement with USA Rare Earth "
        "<script>alert(1)</script><img src=x onerror=alert(2)> for magnets.\n",
        encoding="utf-8")
    Pipeline(pack_store).ingest([str(hostile)])
    html = render(build_dossier(pack_store, find_entity(pack_store, "USA Rare Earth"),
                                generated="2026-11-22"), "html")
    assert "Zephyr Magnetics" in html
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = _md(pack_store)
    # Markdown keeps the quote, with every angle bracket escaped.
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert not re.search(r"(?<!\\)<(?!a id=|/a>|br>)", md)
