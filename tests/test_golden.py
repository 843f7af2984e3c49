"""Golden file: the USA Rare Earth ledger built from the demo data (pack + sample documents).

Regenerate after an intended change with `make golden` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

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
