"""Extraction throughput: lodemap's extractor against spaCy's bare tokenizer + sentencizer.

Builds a corpus by repeating the bundled sample documents (and the evaluation
articles when shared/ is beside the repository), then prints words per second
for both on the same text and their ratio. Run with `make bench`.
"""

from __future__ import annotations

import time
from pathlib import Path

import spacy

from lodemap.document import Document
from lodemap.ingest import load_source
from lodemap.pack import load_pack
from lodemap.pipeline import offline_extractor

REPO = Path(__file__).resolve().parents[1]
TARGET_WORDS = 200_000


def corpus() -> list[Document]:
    paths = [str(p) for p in load_pack().documents()]
    eval_dir = REPO.parent / "shared" / "eval" / "dev" / "articles"
    if eval_dir.is_dir():
        paths += [str(p) for p in sorted(eval_dir.glob("*.txt"))]
    base = [load_source(p) for p in paths]
    docs: list[Document] = []
    words = 0
    i = 0
    while words < TARGET_WORDS:
        d = base[i % len(base)]
        # A distinct suffix per copy keeps document ids distinct, as in a real batch.
        docs.append(Document(text=f"{d.text}\nCopy {i}.", source=f"{d.source}#{i}",
                             published=d.published))
        words += docs[-1].words
        i += 1
    return docs


def main() -> None:
    docs = corpus()
    words = sum(d.words for d in docs)
    extractor = offline_extractor()
    extractor.extract(docs[0])  # warm caches: compiled patterns, spaCy pipeline

    t0 = time.perf_counter()
    relations = sum(len(extractor.extract(d).relations) for d in docs)
    t_ours = time.perf_counter() - t0

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    t0 = time.perf_counter()
    sentences = sum(len(list(nlp(d.text).sents)) for d in docs)
    t_spacy = time.perf_counter() - t0

    print(f"corpus: {len(docs)} documents, {words:,} words, {sentences:,} sentences")
    print(f"lodemap extract:               {words / t_ours:>12,.0f} words/s "
          f"({relations:,} relations)")
    print(f"spaCy tokenizer + sentencizer: {words / t_spacy:>12,.0f} words/s")
    print(f"ratio lodemap / spaCy:         {t_spacy / t_ours:>12.2f}")


if __name__ == "__main__":
    main()
