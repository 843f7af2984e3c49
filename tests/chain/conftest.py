"""A small invented chain, stored through the real pack loader and pipeline.

Countries XA..XG are user-assigned ISO codes, so no real country is implied:
Aldmere (XA) mines and supplies Borvik (XB), which separates oxide for Corlan
(XC), whose customer is Dunmore (XC). Estrel (XD) only proposes to supply
Borvik; Corlan denies buying from Fenwick (XE); Halvard (XG) stopped supplying
Corlan; Gryphon (XF) owns Corlan and buys from Estrel. Sites and places come from the test pack,
trade from the project-written texts in `texts/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lodemap.pack import FIGURE_COLUMNS, RELATIONSHIP_COLUMNS, load_pack
from lodemap.pipeline import Pipeline, load_pack_into
from lodemap.store import Store

TEXTS = Path(__file__).parent / "texts"
URL = "https://example.test/pack/"
ENTITIES = [
    ("aldmere-mining", "Company", "Aldmere Mining", "XA", ["mining"]),
    ("aldmere-hill", "Facility", "Aldmere Hill mine", "XA", ["mining", "beneficiation"]),
    ("xandria", "Place", "Xandria", "XA", []),
    ("borvik-separation", "Company", "Borvik Separation", "XB", ["separation"]),
    ("borvik-refinery", "Facility", "Borvik refinery", None, ["separation"]),
    ("borvania", "Place", "Borvania", "XB", []),
    ("corlan-magnetics", "Company", "Corlan Magnetics", "XC", ["magnet"]),
    ("dunmore-motors", "Company", "Dunmore Motors", "XC", ["end_use"]),
    ("estrel-oxides", "Company", "Estrel Oxides", "XD", ["separation"]),
    ("fenwick-rare-metals", "Company", "Fenwick Rare Metals", "XE", ["metal"]),
    ("gryphon-holdings", "Company", "Gryphon Holdings", "XF", []),
    ("halvard-metals", "Company", "Halvard Metals", "XG", ["metal"]),
    ("quill", "Company", "$5$<script>alert(1)</script>&[b]", "XH", ["alloy"]),
]
FACTS = [
    ("aldmere-mining", "operates", "aldmere-hill", "completed", "2024-01"),
    ("aldmere-hill", "located_in", "xandria", "completed", "2024-01"),
    ("borvik-separation", "operates", "borvik-refinery", "completed", "2024-02"),
    ("borvik-refinery", "located_in", "borvania", "completed", "2024-02"),
    ("corlan-magnetics", "subsidiary_of", "gryphon-holdings", "completed", "2024-03"),
    ("halvard-metals", "supplies", "corlan-magnetics", "terminated", "2024-06"),
    ("quill", "supplies", "dunmore-motors", "signed", "2024-07"),
    ("estrel-oxides", "supplies", "gryphon-holdings", "completed", "2024-08"),
]


def write_pack(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for id_, type_, name, country, stages in ENTITIES:
        lines += [f"- id: {id_}", f"  type: {type_}", f"  name: '{name}'",
                  f"  stages: [{', '.join(stages)}]", f"  source_url: {URL}{id_}"]
        if country:
            lines.append(f"  country: {country}")
    (folder / "entities.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = [",".join(RELATIONSHIP_COLUMNS)]
    rows += [f"{s},{t},{o},{st},{d},{URL}{s}-{t},{d},Test pack fact,{s} {t} {o}."
             for s, t, o, st, d in FACTS]
    (folder / "relationships.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "figures.csv").write_text(",".join(FIGURE_COLUMNS) + "\n", encoding="utf-8")
    return folder


def build_chain_store(tmp: Path) -> Store:
    store = Store.open(str(tmp / "chain.db"))
    load_pack_into(store, load_pack(write_pack(tmp / "pack")))
    report = Pipeline(store).ingest([str(TEXTS)])
    assert not report.failed
    return store


@pytest.fixture(scope="module")
def chain_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = build_chain_store(tmp_path_factory.mktemp("chain"))
    yield store
    store.close()
