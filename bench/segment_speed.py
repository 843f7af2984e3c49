"""Segmentation throughput: the regex segmenter against the spaCy one it replaced.

Builds a corpus of at least 200k words by repeating the evaluation articles and
seed texts when shared/ is beside the repository (read in place), or generated
text otherwise, then prints words per second for `lodemap.extract.segment` and
`lodemap.extract.segment_spacy` on the same documents, and their ratio.

    .venv/bin/python bench/segment_speed.py
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from lodemap.extract import segment, segment_spacy

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TARGET_WORDS = 200_000
TARGET_SECONDS = 2.0
"""Repeat the fast segmenter's pass this long and keep the best, for a stable figure."""


def _generated(n: int) -> list[str]:
    """Invented news-like documents: paragraphs, a heading, a list, abbreviations."""
    rng = random.Random(7)
    names = ["Zephyr Magnetics Inc.", "Quillon Minerals Ltd.", "Borealis Rare Earths Corp.",
             "Harrowgate Metals", "the U.S. Department of Energy", "Dr. A. Marlow"]
    verbs = ["agreed to buy", "will supply", "signed a memorandum with", "lent $40 million to",
             "shipped 1.2 tonnes of oxide to", "expects to deliver magnets to"]
    docs = []
    for _ in range(n):
        paras = ["Supply deal signed"]
        for _ in range(rng.randint(3, 8)):
            sents = [f"{rng.choice(names)} {rng.choice(verbs)} {rng.choice(names)} on Jan. "
                     f"{rng.randint(1, 28)}, according to a filing (No. {rng.randint(1, 99)})."
                     for _ in range(rng.randint(2, 6))]
            paras.append(" ".join(sents))
        paras.append("Products:\n- sintered magnets\n- alloy powder")
        docs.append("\n\n".join(paras))
    return docs


def base_texts() -> list[str]:
    paths = sorted((SHARED / "eval" / "dev" / "articles").glob("*.txt"))
    paths += sorted((SHARED / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return texts or _generated(40)


def corpus() -> list[str]:
    base = base_texts()
    docs: list[str] = []
    words = 0
    i = 0
    while words < TARGET_WORDS:
        docs.append(f"{base[i % len(base)]}\nCopy {i}.")
        words += len(docs[-1].split())
        i += 1
    return docs


def rate(fn: Callable[[str], object], docs: list[str], words: int, min_s: float) -> float:
    """Words per second of the fastest pass over `docs` (passes repeat for `min_s`)."""
    fn(docs[0])  # warm: compiled patterns, spaCy pipeline
    best = float("inf")
    spent = 0.0
    while spent < min_s or best == float("inf"):
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        elapsed = time.perf_counter() - t0
        best = min(best, elapsed)
        spent += elapsed
    return words / best


def main() -> None:
    docs = corpus()
    words = sum(len(d.split()) for d in docs)
    chars = sum(len(d) for d in docs)
    n_new = sum(len(segment.sentences(d)) for d in docs)
    n_old = sum(len(segment_spacy.sentences(d)) for d in docs)
    print(f"corpus: {len(docs)} documents, {words:,} words, {chars / 1e6:.1f} MB")
    fast = rate(segment.sentences, docs, words, TARGET_SECONDS)
    slow = rate(segment_spacy.sentences, docs, words, 0.0)
    print(f"regex segment.sentences:        {fast:>12,.0f} words/s  "
          f"({fast * chars / words / 1e6:.1f} MB/s, {n_new:,} sentences)")
    print(f"spaCy segment_spacy.sentences:  {slow:>12,.0f} words/s  "
          f"({slow * chars / words / 1e6:.1f} MB/s, {n_old:,} sentences)")
    print(f"ratio: {fast / slow:.1f}x")


if __name__ == "__main__":
    main()
