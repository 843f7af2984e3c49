"""Candidate pairs by blocking: only entities that share something are ever compared.

Blocks are exact name keys, tickers, acronyms (a long name's initials against a
name written as an acronym) and the words of name keys (with the first and last
four letters of long words, so that a typo still meets its original). Inside a word block
rapidfuzz's `cdist` compares the keys in C and keeps only pairs whose
token-set ratio can fire the `token_set` feature, so the Python scorer sees a
few pairs per entity. A word shared by more than `max_block` entities ("rare",
"metals") is too common to say anything and is not blocked on: no step is
quadratic in the number of entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations, product

import numpy as np
from rapidfuzz import fuzz, process

from lodemap.resolution.features import Score, compatible, score
from lodemap.resolution.profile import Profile, config
from lodemap.schema import Schema, get_schema

Pair = tuple[int, int]


def _ordered(i: int, j: int) -> Pair:
    return (i, j) if i < j else (j, i)


def _group(items: Iterable[tuple[str, int]]) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = {}
    for key, i in items:
        blocks.setdefault(key, []).append(i)
    return blocks


def _fuzzy_pairs(rows: list[tuple[int, str]], cutoff: float) -> set[Pair]:
    """Pairs in one word block whose keys are similar enough (compared in C)."""
    owners = [i for i, _ in rows]
    keys = [k for _, k in rows]
    matrix = process.cdist(keys, keys, scorer=fuzz.token_set_ratio, score_cutoff=cutoff,
                           dtype=np.uint8, workers=1)
    found, cols = np.nonzero(np.triu(matrix, k=1))
    return {_ordered(owners[r], owners[c]) for r, c in zip(found.tolist(), cols.tolist(),
                                                           strict=True)
            if owners[r] != owners[c]}


def _word_blocks(profiles: Sequence[Profile]) -> dict[str, list[tuple[int, str]]]:
    """Each word of a name key, and the first and last four letters of a key's first word
    (the one that names the organisation, so that a one-letter typo in it still meets the
    original), with the (profile, key) rows holding it. Affix blocks are marked `…`."""
    blocks: dict[str, dict[tuple[int, str], None]] = {}
    for i, p in enumerate(profiles):
        for key in sorted(p.keys):
            words = key.split()
            marks = [w for w in words if len(w) > 1]
            if len(words[0]) >= 5:
                marks += [words[0][:4] + "…", "…" + words[0][-4:]]
            for mark in marks:
                blocks.setdefault(mark, {})[(i, key)] = None
    return {mark: list(rows) for mark, rows in blocks.items()}


def candidate_pairs(profiles: Sequence[Profile], *, max_block: int | None = None) -> set[Pair]:
    """Index pairs (i < j) of profiles worth scoring."""
    limit = max_block or int(config()["queue"]["max_block"])
    cutoff = 100.0 * float(config()["evidence"]["token_set"]["min_ratio"])
    exact = _group((k, i) for i, p in enumerate(profiles) for k in (*p.keys, *p.tickers))
    longs = _group((a, i) for i, p in enumerate(profiles) for a in p.initials)
    shorts = _group((s, i) for i, p in enumerate(profiles) for s in p.shorts)
    pairs: set[Pair] = set()
    for members in exact.values():
        if 1 < len(members) <= limit:
            pairs.update(_ordered(i, j) for i, j in combinations(members, 2))
    for letters, written in shorts.items():
        spelled = longs.get(letters, [])
        if len(spelled) * len(written) <= limit * limit:
            pairs.update(_ordered(i, j) for i, j in product(spelled, written) if i != j)
    for mark, rows in _word_blocks(profiles).items():
        # An affix is weaker evidence than a whole word: its blocks must be smaller.
        most = limit // 4 if "…" in mark else limit
        if 1 < len(rows) and len({i for i, _ in rows}) <= most:
            pairs |= _fuzzy_pairs(rows, cutoff)
    return pairs


def scored_pairs(profiles: Sequence[Profile], *, min_score: float = 0.0,
                 schema: Schema | None = None, max_block: int | None = None) -> list[Score]:
    """Every candidate pair of compatible types scoring at least `min_score`, best first."""
    schema = schema or get_schema()
    fits: dict[tuple[str, str], bool] = {}
    out = []
    for i, j in candidate_pairs(profiles, max_block=max_block):
        a, b = profiles[i], profiles[j]
        types = (a.type, b.type)
        if types not in fits:
            fits[types] = compatible(schema, *types)
        if not fits[types]:
            continue
        s = score(a, b, schema=schema)
        if s.value >= min_score and s.value > 0:
            out.append(s)
    return sorted(out, key=lambda s: (-s.value, s.left, s.right))
