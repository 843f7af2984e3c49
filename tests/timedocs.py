"""Project-written documents about one relationship and one plant, dated, for the time
and contradiction tests (the sentences are ones the extractor's rule tests cover)."""

from __future__ import annotations

from pathlib import Path

ZEPHYR = "Zephyr Magnetics Inc."
DOCS = {
    "proposed": ("2025-07-01", f"{ZEPHYR} proposed a non-binding agreement to supply magnets "
                               "to USA Rare Earth."),
    "signed": ("2026-03-10", f"{ZEPHYR} signed a supply agreement with USA Rare Earth for "
                             "magnets."),
    "negated": ("2026-03-20", f"{ZEPHYR} has not signed a supply agreement with USA Rare Earth "
                              "so far."),
    "terminated": ("2026-07-02", f"{ZEPHYR} terminated its supply agreement with USA Rare "
                                 "Earth."),
    "cap600": ("2026-05-02", f"The Quillon refinery of {ZEPHYR} has a capacity of 600 tonnes "
                             "per year."),
    "cap5000": ("2026-06-02", f"The Quillon refinery of {ZEPHYR} has a capacity of 5,000 "
                              "tonnes per year."),
    "cap5000again": ("2026-06-20", f"{ZEPHYR} said its Quillon refinery has a capacity of "
                                   "5,000 tonnes per year."),
    "cap5050": ("2026-06-25", f"The Quillon refinery of {ZEPHYR} has a capacity of 5,050 "
                              "tonnes per year."),
}


def write(folder: Path, *names: str) -> list[str]:
    """The named documents as text files with DATE and TITLE headers; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        date, text = DOCS[name]
        path = folder / f"{name}.txt"
        path.write_text(f"DATE: {date}\nTITLE: Zephyr {name}\n\n{text}\n", encoding="utf-8")
        paths.append(str(path))
    return paths
