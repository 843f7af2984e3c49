"""Golden files: the USA Rare Earth ledger and dossier sections built from the demo data
(pack + sample documents).

Regenerate after an intended change with `make golden` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from lodemap.dossier import build_dossier, render
from lodemap.ledger import build_ledger, find_entity
from lodemap.store import Store

GOLDEN = Path(__file__).parent / "golden" / "usa_rare_earth_ledger.json"


def summarise(store: Store) -> dict[str, Any]:
    ledger = build_ledger(store, find_entity(store, "USA Rare Earth"))
    return {
        "entity": ledger.entity.name,
        "counterparties": [
            {
                "name": e.name,
                "relationships": [
                    {"type": r.type, "label": r.label, "direction": r.direction,
                     "status": r.status, "latest_date": r.latest_date,
                     "state": r.state, "lifecycle": r.lifecycle,
                     "conflicts": [[s.value for s in c.sides] for c in r.conflicts],
                     "statuses": [g.status for g in r.statuses],
                     "sources": sorted({ev.url for ev in r.evidence})}
                    for r in e.relations
                ],
            }
            for e in sorted(ledger.entries, key=lambda x: x.name)
        ],
    }


def test_usa_rare_earth_ledger_matches_golden(demo_store: Store) -> None:
    got = summarise(demo_store)
    if os.environ.get("LODEMAP_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got == want


DOSSIER = Path(__file__).parent / "golden" / "usa_rare_earth_dossier_sections.md"
_CITES = re.compile(r" \[\[\d+\]\]\(#st-[0-9a-f]+\)")


def dossier_sections(store: Store) -> str:
    """The dossier's fact and judgement sections in Markdown, citations left out (their
    numbers follow the sources' order; the citation walk in test_dossier.py checks them)."""
    text = render(build_dossier(store, find_entity(store, "USA Rare Earth"),
                                generated="2026-11-22"), "md")
    start, end = text.index("## Snapshot"), text.index("## Evidence")
    return _CITES.sub("", text[start:end]).rstrip() + "\n"


def test_usa_rare_earth_dossier_sections_match_golden(demo_store: Store) -> None:
    got = dossier_sections(demo_store)
    if os.environ.get("LODEMAP_UPDATE_GOLDEN"):
        DOSSIER.write_text(got, encoding="utf-8")
    assert got == DOSSIER.read_text(encoding="utf-8")
