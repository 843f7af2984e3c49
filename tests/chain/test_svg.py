"""The chain diagram: deterministic SVG (golden file), escaped document text."""

from __future__ import annotations

import os
import xml.dom.minidom
from pathlib import Path

from lodemap.chain import chain_position, render_chain_svg
from lodemap.store import Store

GOLDEN = Path(__file__).parent / "golden" / "corlan_chain.svg"


def test_svg_matches_golden(chain_store: Store) -> None:
    svg = render_chain_svg(chain_position(chain_store, "corlan-magnetics", up=2, down=1))
    assert svg == render_chain_svg(chain_position(chain_store, "corlan-magnetics", 2, 1))
    if os.environ.get("LODEMAP_UPDATE_GOLDEN"):
        GOLDEN.write_text(svg, encoding="utf-8")
    assert svg == GOLDEN.read_text(encoding="utf-8"), (
        "chain SVG changed: review it, then LODEMAP_UPDATE_GOLDEN=1 pytest tests/chain/test_svg.py")
    for text in ("Corlan Magnetics", "upstream 2", "Aldmere Mining", "Separation"):
        assert text in svg


def test_svg_escapes_names_and_parses(chain_store: Store) -> None:
    svg = render_chain_svg(chain_position(chain_store, "dunmore-motors", up=1, down=0))
    xml.dom.minidom.parseString(svg.encode("utf-8"))  # well-formed: nothing unescaped
    assert "<script" not in svg
    assert "$5$&lt;script&gt;alert(1)&lt;/script&gt;&amp;[b]" in svg
    assert "Date" not in svg and "matplotlib" not in svg.lower().split("<defs>")[0]
