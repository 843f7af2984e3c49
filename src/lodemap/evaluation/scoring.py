"""Matching predicted relations to gold relations; precision, recall and F1.

Strict: same article, same type after folding aliases (`customer_of(B, A)` is
`supplies(A, B)`), both arguments the same organisation (see `matching`); symmetric
types compare as unordered pairs. Lenient: same article, same type family, the two
arguments in either order. Gold items and predictions are first deduplicated on the
strict key (a prediction keeps its highest confidence); both modes then match one to
one, strongest evidence first (in lenient mode, pairs that also match strictly first).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lodemap.evaluation.gold import GoldItem
from lodemap.evaluation.matching import Argument, ArticleNames
from lodemap.names import name_key
from lodemap.schema import Schema, get_schema

THRESHOLDS = tuple(round(i * 0.05, 2) for i in range(20))
T = TypeVar("T")


@dataclass(frozen=True)
class Prediction:
    article: str
    source: Argument
    target: Argument
    type: str
    status: str
    confidence: float
    rule: str
    evidence: str


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Folded:
    """A relation with its type folded to a schema type and its ends in that order."""

    type: str
    source: str
    target: str


@dataclass(frozen=True)
class Match:
    gold: GoldItem
    pred: Prediction
    rule: int
    """The weaker of the two name rules that matched (1 strongest, 4 weakest)."""
    swapped: bool


@dataclass
class ModeResult:
    gold: list[GoldItem]
    preds: list[Prediction]
    matches: list[Match]

    @property
    def prf(self) -> PRF:
        n = len(self.matches)
        return PRF(n, len(self.preds) - n, len(self.gold) - n)


@dataclass
class Report:
    strict: ModeResult
    lenient: ModeResult
    schema: Schema
    gold_items: int
    excluded: dict[str, int] = field(default_factory=dict)
    sweep: list[tuple[float, PRF]] | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def per_type(self) -> dict[str, PRF]:
        types = sorted({fold_type(self.schema, g.type) for g in self.strict.gold}
                       | {fold_type(self.schema, p.type) for p in self.strict.preds})
        out = {}
        for t in types:
            tp = sum(1 for m in self.strict.matches if fold_type(self.schema, m.gold.type) == t)
            n_pred = sum(1 for p in self.strict.preds if fold_type(self.schema, p.type) == t)
            n_gold = sum(1 for g in self.strict.gold if fold_type(self.schema, g.type) == t)
            out[t] = PRF(tp, n_pred - tp, n_gold - tp)
        return out

    def status_accuracy(self) -> tuple[int, int]:
        """(correct, matched) over strict matches."""
        ms = self.strict.matches
        return sum(1 for m in ms if m.gold.status == m.pred.status), len(ms)

    def per_status(self) -> dict[str, PRF]:
        out = {}
        for s in self.schema.statuses:
            tp = sum(1 for m in self.strict.matches if m.gold.status == m.pred.status == s)
            n_pred = sum(1 for p in self.strict.preds if p.status == s)
            n_gold = sum(1 for g in self.strict.gold if g.status == s)
            if n_pred or n_gold:
                out[s] = PRF(tp, n_pred - tp, n_gold - tp)
        return out

    def best_threshold(self) -> tuple[float, PRF] | None:
        """The threshold with the highest strict F1 (the lowest such one on ties)."""
        if not self.sweep:
            return None
        best = max(p.f1 for _, p in self.sweep)
        return next((t, p) for t, p in self.sweep if p.f1 == best)

    def misses(self) -> list[GoldItem]:
        hit = {id(m.gold) for m in self.strict.matches}
        return [g for g in self.strict.gold if id(g) not in hit]

    def false_positives(self) -> list[Prediction]:
        hit = {id(m.pred) for m in self.strict.matches}
        return [p for p in self.strict.preds if id(p) not in hit]


def fold_type(schema: Schema, name: str) -> str:
    return schema.canonical(name)[0]


def fold(schema: Schema, type_: str, source: str, target: str) -> Folded:
    t, reverse = schema.canonical(type_)
    return Folded(t, target, source) if reverse else Folded(t, source, target)


def _ends(schema: Schema, p: Prediction) -> tuple[str, Argument, Argument]:
    t, reverse = schema.canonical(p.type)
    return (t, p.target, p.source) if reverse else (t, p.source, p.target)


def _dedupe(items: Iterable[T], key: Callable[[T], Hashable],
            better: Callable[[T, T], bool]) -> list[T]:
    kept: dict[Hashable, T] = {}
    for item in items:
        k = key(item)
        if k not in kept or better(item, kept[k]):
            kept[k] = item
    return list(kept.values())


def _pair(schema: Schema, t: str, a: str, b: str, *, lenient: bool) -> Hashable:
    if lenient:
        return (schema.relation(t).family, frozenset((a, b)))
    return (t, frozenset((a, b))) if schema.relation(t).symmetric else (t, a, b)


def dedupe_gold(schema: Schema, gold: Sequence[GoldItem], *,
                lenient: bool = False) -> list[GoldItem]:
    """Drop repeated gold items (same article, folded type and name keys). Names are
    compared as written, not as resolved: two gold organisations the resolver conflates
    stay two items."""
    def key(g: GoldItem) -> Hashable:
        f = fold(schema, g.type, g.source, g.target)
        return g.article, _pair(schema, f.type, name_key(f.source), name_key(f.target),
                                lenient=lenient)
    return _dedupe(gold, key, lambda a, b: False)


def dedupe_preds(schema: Schema, preds: Sequence[Prediction], *,
                 lenient: bool = False) -> list[Prediction]:
    def key(p: Prediction) -> Hashable:
        t, s, o = _ends(schema, p)
        return p.article, _pair(schema, t, s.entity_id, o.entity_id, lenient=lenient)
    return _dedupe(preds, key, lambda a, b: a.confidence > b.confidence)


def match(schema: Schema, gold: Sequence[GoldItem], preds: Sequence[Prediction],
          names: dict[str, ArticleNames], *, lenient: bool) -> list[Match]:
    """One-to-one matches, strongest name evidence (then highest confidence) first."""
    cands: list[tuple[tuple[int, int, int, float, int, int], Match]] = []
    for gi, g in enumerate(gold):
        f = fold(schema, g.type, g.source, g.target)
        rel = schema.relation(f.type)
        an = names[g.article]
        for pj, p in enumerate(preds):
            if p.article != g.article:
                continue
            t, s, o = _ends(schema, p)
            if lenient and schema.relation(t).family != rel.family:
                continue
            if not lenient and t != f.type:
                continue
            orders = [(False, s, o)]
            if lenient or rel.symmetric:
                orders.append((True, o, s))
            for swapped, a, b in orders:
                ra, rb = an.match(f.source, a), an.match(f.target, b)
                if ra is None or rb is None:
                    continue
                exact = t == f.type and (not swapped or rel.symmetric)
                strength = (0 if exact else 1, max(ra, rb), ra + rb, -p.confidence, gi, pj)
                cands.append((strength, Match(g, p, max(ra, rb), swapped)))
                break
    cands.sort(key=lambda c: c[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for (*_, gi, pj), m in cands:
        if gi in used_g or pj in used_p:
            continue
        used_g.add(gi)
        used_p.add(pj)
        out.append(m)
    return out


def run_mode(schema: Schema, gold: Sequence[GoldItem], preds: Sequence[Prediction],
             names: dict[str, ArticleNames], *, lenient: bool) -> ModeResult:
    g = dedupe_gold(schema, gold)
    p = dedupe_preds(schema, preds)
    return ModeResult(g, p, match(schema, g, p, names, lenient=lenient))


def score(gold: Sequence[GoldItem], preds: Sequence[Prediction],
          names: dict[str, ArticleNames], *, min_confidence: float = 0.0,
          sweep: bool = False, schema: Schema | None = None) -> Report:
    """Score predictions against gold. Left out: predictions with an end that is not an
    organisation (gold annotates organisations only), those whose status is never shown
    (`negated`: a stated absence), and those below `min_confidence`."""
    schema = schema or get_schema()
    orgs = [p for p in preds if all(schema.is_a(a.entity_type, "Organization")
                                    for a in (p.source, p.target))]
    shown = [p for p in orgs if schema.status(p.status).shown]
    kept = [p for p in shown if p.confidence >= min_confidence]
    excluded = {"not_organisations": len(preds) - len(orgs), "not_shown": len(orgs) - len(shown),
                "below_threshold": len(shown) - len(kept)}
    report = Report(run_mode(schema, gold, kept, names, lenient=False),
                    run_mode(schema, gold, kept, names, lenient=True), schema, len(gold),
                    excluded)
    if sweep:
        report.sweep = [
            (t, run_mode(schema, gold, [p for p in shown if p.confidence >= t], names,
                         lenient=False).prf)
            for t in THRESHOLDS
        ]
    return report
