"""Merge and split: the judgements that make two clusters one, or take an entity out.

Both only append to the log. A merge judges the pair `same` and overrides any
`different` judgement standing between the two clusters (merging clusters
says every member of one is every member of the other). A split judges the
entity `different` from every other member; if the rest of the cluster only
held together through it, `same` judgements keep the rest together.
"""

from __future__ import annotations

from dataclasses import replace

from lodemap.resolution.clusters import Clusters, build_clusters
from lodemap.resolution.judgements import (
    DIFFERENT,
    SAME,
    Judgement,
    append,
    judgement,
    log_from,
)
from lodemap.store import Store


def _provisional(log: list[Judgement], new: list[Judgement]) -> list[Judgement]:
    """The log as it will read once `new` is appended (ids after the last one)."""
    last = max((j.id or 0 for j in log), default=0)
    return [*log, *(replace(j, id=last + n) for n, j in enumerate(new, 1))]


def merge_judgements(clusters: Clusters, a: str, b: str, *, author: str | None,
                     reason: str | None) -> list[Judgement]:
    """What to append so that a and b are one cluster; empty when they already are."""
    if clusters.canonical(a) == clusters.canonical(b):
        return []
    out = [judgement(a, b, SAME, author=author, reason=reason)]
    side_b = set(clusters.members(b))
    for m in clusters.members(a):
        for other in sorted(clusters.apart.get(m, set()) & side_b):
            out.append(judgement(m, other, SAME, author=author,
                                 reason=f"merge of {a} and {b} overrides an earlier split"))
    return out


def split_judgements(store: Store, log: list[Judgement], clusters: Clusters, entity_id: str,
                     *, author: str | None, reason: str | None) -> list[Judgement]:
    """What to append to take entity_id out of its cluster; empty when it is alone."""
    rest = [m for m in clusters.members(entity_id) if m != entity_id]
    out = [judgement(entity_id, m, DIFFERENT, author=author, reason=reason) for m in rest]
    if len(rest) < 2:
        return out
    after = build_clusters(store, _provisional(log, out))
    anchor = after.canonical(rest[0])
    for head in sorted({after.canonical(m) for m in rest} - {anchor}):
        out.append(judgement(anchor, head, SAME, author=author,
                             reason=f"kept together when {entity_id} was split out"))
    return out


def merge(store: Store, a: str, b: str, *, author: str | None = None,
          reason: str | None = None) -> list[Judgement]:
    """Judge a and b the same entity; returns the judgements appended."""
    with store.transaction() as conn:
        log = log_from(conn)
        new = merge_judgements(build_clusters(store, log), a, b, author=author, reason=reason)
        return append(conn, new)


def split(store: Store, entity_id: str, *, author: str | None = None,
          reason: str | None = None) -> list[Judgement]:
    """Take an entity out of its cluster; returns the judgements appended."""
    with store.transaction() as conn:
        log = log_from(conn)
        new = split_judgements(store, log, build_clusters(store, log), entity_id,
                               author=author, reason=reason)
        return append(conn, new)
