"""A folder of short news-style documents written by the project for the crash and
concurrency tests (and the store benchmark's ingest figure). The companies are
invented; the same names recur across documents so that later documents
resolve to entities that earlier ones created, as in a real news stream.
"""

from __future__ import annotations

from pathlib import Path

COMPANIES = [
    "Aldena Magnetics", "Borvik Motors", "Cresta Alloys", "Dunmore Rare Earths",
    "Elsworth Metals", "Farrow Drive Systems", "Galden Separation", "Harlan Mining",
    "Iverna Recycling", "Jorvik Turbines", "Kestrel Oxides", "Lumen Motor Works",
]

SENTENCES = [
    "{a} signed a five-year agreement to supply sintered magnets to {b}, the companies "
    "said on {day} May 2026.",
    "{a} agreed to acquire {b} for ${m} million.",
    "The US Department of Energy awarded {a} a ${m} million grant for its plant.",
    "{b} said it would sell separated oxide to {a} under an offtake agreement.",
    "{a} and {b} formed a joint venture to build a magnet recycling line.",
    "{b} will buy {m}0 tonnes of magnets a year from {a}.",
]


def document_text(i: int) -> str:
    n = len(COMPANIES)
    a, b, c = COMPANIES[i % n], COMPANIES[(i * 5 + 1) % n], COMPANIES[(i * 7 + 4) % n]
    lines = [f"DATE: 2026-05-{i % 28 + 1:02d}", f"TITLE: {a} and {b}: update {i}", ""]
    for k in range(3):
        template = SENTENCES[(i + k * 2) % len(SENTENCES)]
        first, second = (a, b) if k != 1 else (b, c)
        lines.append(template.format(a=first, b=second, day=i % 28 + 1, m=10 + i * 3 + k))
        lines.append("")
    lines.append(f"Report {i} of the lodemap test corpus.")
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, count: int = 24) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"report_{i:03d}.txt").write_text(document_text(i), encoding="utf-8")
    return folder
