"""The review queue: likely duplicates nobody has judged yet, best first.

A pair leaves the queue once any judgement names it, once its two entities are
in one cluster, or once a `different` judgement stands between their clusters.
Pairs between the same two clusters are shown once (the best-scoring one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lodemap.resolution.candidates import scored_pairs
from lodemap.resolution.clusters import load_clusters
from lodemap.resolution.features import Score
from lodemap.resolution.judgements import read_log
from lodemap.resolution.profile import Profile, config, load_profiles
from lodemap.schema import Schema
from lodemap.store import Store


@dataclass(frozen=True)
class Suggestion:
    left: Profile
    right: Profile
    score: Score

    def to_dict(self) -> dict[str, Any]:
        def side(p: Profile) -> dict[str, Any]:
            return {"id": p.id, "name": p.name, "type": p.type, "country": p.country,
                    "origin": p.origin}
        return {"score": self.score.value, "left": side(self.left), "right": side(self.right),
                "features": [f.to_dict() for f in self.score.features]}


def review_queue(store: Store, *, min_score: float | None = None, limit: int | None = None,
                 schema: Schema | None = None) -> list[Suggestion]:
    """Unjudged candidate pairs scoring at least `min_score`, best first."""
    cfg = config()["queue"]
    floor = float(cfg["min_score"]) if min_score is None else min_score
    most = int(cfg["limit"]) if limit is None else limit
    profiles = load_profiles(store)
    by_id = {p.id: p for p in profiles}
    judged = {j.pair for j in read_log(store)}
    clusters = load_clusters(store)
    out: list[Suggestion] = []
    shown: set[tuple[str, str]] = set()
    for s in scored_pairs(profiles, min_score=floor, schema=schema):
        ca, cb = sorted((clusters.canonical(s.left), clusters.canonical(s.right)))
        if (s.left, s.right) in judged or ca == cb or (ca, cb) in shown:
            continue
        if clusters.kept_apart(s.left, s.right):
            continue
        shown.add((ca, cb))
        out.append(Suggestion(by_id[s.left], by_id[s.right], s))
        if most and len(out) >= most:
            break
    return out
