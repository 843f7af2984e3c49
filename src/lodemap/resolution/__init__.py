"""Entity resolution: candidate pairs, explained scores, an append-only judgement log and
the canonical clusters rebuilt from it.

- `profile`: an entity's names folded every way the features compare them.
- `features`: named, weighted features (`data/resolution.yaml`) and the pair score.
- `candidates`: blocking on name keys, words, acronyms and tickers.
- `judgements`: the log (same / different / unsure, who, when, why), append-only.
- `clusters`: union-find over the log; canonical ids.
- `decisions`: merge and split, as judgements appended.
- `queue`: the review queue behind `lodemap dedupe`.

The package imports nothing itself, so the ledger can use `clusters` without loading
rapidfuzz and numpy.
"""
