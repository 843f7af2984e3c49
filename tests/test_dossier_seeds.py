"""Issue 5's acceptance on the five seed articles: the USA Rare Earth dossier in all
three formats (skipped where shared/ is not beside the repository)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from lodemap.dossier import build_dossier, render, render_bytes
from lodemap.ledger import find_entity
from lodemap.store import Store

CITE = re.compile(r"\[\[\d+\]\]\(#st-[0-9a-f]+\)")


def _section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def test_seed_dossier_has_what_the_issue_asks(seeds_store: Store) -> None:
    dossier = build_dossier(seeds_store, find_entity(seeds_store, "USA Rare Earth"),
                            generated="2026-11-22")
    md = render(dossier, "md")
    ledger = _section(md, "Counterparty ledger")
    for name in ("Arnold Magnetic Technologies", "Compass Diversified", "Carester",
                 "PolarStar Magnetics"):
        assert f"| {name} |" in ledger, name
    carester = next(r for r in ledger.splitlines() if r.startswith("| Carester |"))
    assert "Proposed, not agreed: USA Rare Earth invests in Carester" in carester
    # The absence of committed customers, as a stated signal and a risk.
    assert "no contractually committed customers" in _section(md, "Signals")
    assert "no contractually committed customers" in _section(md, "Risk implications")
    # Stillwater: 600 (initial) and 5,000 t/yr, each a cited figure of the plant (shown
    # beside the other sources' figures where they disagree).
    snapshot = _section(md, "Snapshot").splitlines()
    for figure in ("600 t/yr", "5,000 t/yr"):
        lines = [x for x in snapshot if "Stillwater magnet plant capacity" in x and figure in x]
        assert lines, figure
        assert all(re.search(re.escape(figure) + r"[^\[]*\[\[", x) for x in lines), figure
    # Vertical integration from the Round Top deposit to the Stillwater plant.
    vertical = _section(md, "Signals")
    assert "Round Top covers mining" in vertical and re.search(r"Stillwater\S* .*magnet", vertical)
    html = render(dossier, "html")
    pdf_text = " ".join(p.extract_text() for p in PdfReader(
        io.BytesIO(render_bytes(dossier, "pdf"))).pages)
    for fmt_text in (html, pdf_text):
        assert "Compass Diversified" in fmt_text and "600 t/yr" in fmt_text
