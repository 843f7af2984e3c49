"""Explainable pair scoring: named, weighted features from `data/resolution.yaml`.

Evidence features (same name, suffix-only difference, shared alias or ticker,
acronym, rapidfuzz token-set ratio) combine as independent chances of
sameness, 1 - Π(1 - weight); adjustments (distinct words, country conflict or
agreement) are then added. Every score lists the features that fired with the
weight each contributed, so a reviewer sees why a pair is proposed. Entities
of incompatible types (a GovernmentBody and a Company) score 0 and never merge.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from lodemap.names import fold, lexicon
from lodemap.resolution.profile import Profile, config
from lodemap.schema import Schema, get_schema


@dataclass(frozen=True)
class Fired:
    """One feature that fired: its name, the weight it contributed and what it saw."""

    name: str
    weight: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.name, "weight": self.weight, "detail": self.detail}


@dataclass(frozen=True)
class Score:
    left: str
    right: str
    value: float
    features: tuple[Fired, ...]

    @property
    def never(self) -> bool:
        """The pair can never be one entity (incompatible types)."""
        return any(f.name == "type_conflict" for f in self.features)

    def explain(self) -> str:
        return ", ".join(f"{f.name} {f.weight:+.2f}" for f in self.features)


def _weight(group: str, name: str) -> float:
    return float(config()[group][name]["weight"])


@cache
def _generic_words() -> frozenset[str]:
    """Head nouns that can be added to a name without naming another organisation."""
    distinct = {fold(w) for w in config()["distinct_heads"]}
    return frozenset(t for w in lexicon()["org_heads"] for t in fold(w).split()
                     if fold(w) not in distinct)


def compatible(schema: Schema, a: str, b: str) -> bool:
    """Types that may be one entity: equal, or one the ancestor of the other (an
    `Organization` may turn out to be a `Company`; a `Company` never a `GovernmentBody`)."""
    return schema.is_a(a, b) or schema.is_a(b, a)


def _best_token_set(a: Profile, b: Profile) -> tuple[float, str, str]:
    best = (0.0, "", "")
    for ka in sorted(a.keys):
        for kb in sorted(b.keys):
            r = fuzz.token_set_ratio(ka, kb) / 100.0
            if r > best[0]:
                best = (r, ka, kb)
    return best


def _distinct_words(ka: str, kb: str) -> list[str]:
    """Words in one key only, with no near spelling in the other, that are not generic."""
    ta, tb = set(ka.split()), set(kb.split())
    generic = _generic_words()
    out = []
    for word, other in [*((w, tb) for w in ta - tb), *((w, ta) for w in tb - ta)]:
        if word in generic or any(fuzz.ratio(word, o) >= 85 for o in other):
            continue
        out.append(word)
    return sorted(out)


def _evidence(a: Profile, b: Profile) -> list[Fired]:
    fired: list[Fired] = []
    if shared := sorted(a.folds & b.folds):
        fired.append(Fired("same_name", _weight("evidence", "same_name"), shared[0]))
    elif a.key == b.key:
        fired.append(Fired("suffix_only", _weight("evidence", "suffix_only"),
                           f"{a.name!r} ~ {b.name!r} (key {a.key!r})"))
    elif shared := sorted(a.keys & b.keys):
        fired.append(Fired("alias_key", _weight("evidence", "alias_key"), shared[0]))
    if tickers := sorted(a.tickers & b.tickers):
        fired.append(Fired("shared_ticker", _weight("evidence", "shared_ticker"),
                           tickers[0].removeprefix("ticker:").upper()))
    acronyms = sorted((a.initials & b.shorts) | (b.initials & a.shorts))
    if acronyms:
        best = max(acronyms, key=len)
        name = "acronym" if len(best) >= 3 else "short_acronym"
        fired.append(Fired(name, _weight("evidence", name), best.upper()))
    return fired


def score(a: Profile, b: Profile, *, schema: Schema | None = None) -> Score:
    """The explained score of one pair, 0..1 (rounded to three places)."""
    schema = schema or get_schema()
    left, right = sorted((a, b), key=lambda p: p.id)
    if not compatible(schema, a.type, b.type):
        return Score(left.id, right.id, 0.0,
                     (Fired("type_conflict", -1.0, f"{left.type} vs {right.type}: never"),))
    fired = _evidence(left, right)
    exact = bool(fired) and fired[0].name in ("same_name", "suffix_only", "alias_key")
    cfg = config()["evidence"]["token_set"]
    ratio, ka, kb = _best_token_set(left, right)
    if not exact and ratio >= float(cfg["min_ratio"]):
        fired.append(Fired("token_set", round(float(cfg["weight"]) * ratio, 3),
                           f"{ka!r} ~ {kb!r} ({ratio:.2f})"))
        if not any(f.name == "shared_ticker" for f in fired) and (
                words := _distinct_words(ka, kb)):
            fired.append(Fired("distinct_words", _weight("adjustments", "distinct_words"),
                               " ".join(words)))
    if not any(f.weight > 0 for f in fired):
        return Score(left.id, right.id, 0.0, tuple(fired))
    if left.country and right.country:
        name = "country_match" if left.country == right.country else "country_conflict"
        fired.append(Fired(name, _weight("adjustments", name),
                           f"{left.country} / {right.country}"))
    miss = 1.0
    for f in fired:
        if f.name in config()["evidence"]:
            miss *= 1.0 - f.weight
    value = 1.0 - miss + sum(f.weight for f in fired if f.name in config()["adjustments"])
    return Score(left.id, right.id, round(min(1.0, max(0.0, value)), 3), tuple(fired))
