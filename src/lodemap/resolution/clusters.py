"""Canonical clusters, rebuilt from the judgement log on every read.

The latest judgement on a pair wins. `same` pairs are joined in log order
(union-find); a join is refused when a `different` pair would end up inside
one cluster, so a split holds even while older `same` judgements remain in the
log. Clusters are a pure function of the log: the same log always gives the
same clusters and the same canonical ids.

The canonical id of a cluster is its most established member: a curated
(pack) entity before an extracted one, then the oldest, then the smallest id.
It does not depend on statement counts, so ingesting more text never renames a
cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import select

from lodemap.resolution.judgements import DIFFERENT, SAME, Judgement, log_from
from lodemap.store import Store, tables

Rank = Callable[[str], tuple[str, ...]]


def _by_id(entity_id: str) -> tuple[str, ...]:
    return (entity_id,)


class Clusters:
    """Entity id -> cluster; entities never judged are clusters of one."""

    def __init__(self, log: Sequence[Judgement], rank: Rank = _by_id) -> None:
        latest: dict[tuple[str, str], Judgement] = {}
        # Oldest first (ids number the log): a later judgement on a pair replaces an earlier.
        for j in sorted(log, key=lambda j: j.id or 0):
            latest[j.pair] = j
        self.apart: dict[str, set[str]] = {}
        for (a, b), j in latest.items():
            if j.judgement == DIFFERENT:
                self.apart.setdefault(a, set()).add(b)
                self.apart.setdefault(b, set()).add(a)
        self._parent: dict[str, str] = {}
        self._members: dict[str, set[str]] = {}
        self.refused: list[Judgement] = []
        """`same` judgements not applied because a `different` one keeps the sides apart."""
        same = sorted((j for j in latest.values() if j.judgement == SAME),
                      key=lambda j: (j.id or 0, j.pair))
        for j in same:
            self._join(j)
        self._canonical: dict[str, str] = {}
        for members in self._members.values():
            head = min(members, key=rank)
            for m in members:
                self._canonical[m] = head

    def _root(self, x: str) -> str:
        if x not in self._parent:
            self._parent[x] = x
            self._members[x] = {x}
        while self._parent[x] != x:
            self._parent[x] = self._parent[self._parent[x]]
            x = self._parent[x]
        return x

    def _join(self, j: Judgement) -> None:
        ra, rb = self._root(j.left_id), self._root(j.right_id)
        if ra == rb:
            return
        small, big = sorted((ra, rb), key=lambda r: (len(self._members[r]), r))
        if any(self.apart.get(m, set()) & self._members[big] for m in self._members[small]):
            self.refused.append(j)
            return
        self._parent[small] = big
        self._members[big] |= self._members.pop(small)

    def canonical(self, entity_id: str) -> str:
        return self._canonical.get(entity_id, entity_id)

    def members(self, entity_id: str) -> list[str]:
        """Every entity of the cluster, canonical first, then by id."""
        if entity_id not in self._parent:
            return [entity_id]
        head = self.canonical(entity_id)
        rest = self._members[self._root(entity_id)] - {head}
        return [head, *sorted(rest)]

    def groups(self) -> list[list[str]]:
        """Clusters of more than one entity, by canonical id."""
        heads = sorted({self.canonical(x) for x in self._parent})
        return [m for h in heads if len(m := self.members(h)) > 1]

    def kept_apart(self, a: str, b: str) -> bool:
        """Whether a `different` judgement stands between the clusters of a and b."""
        other = set(self.members(b))
        return any(self.apart.get(m, set()) & other for m in self.members(a))


def entity_rank(store: Store, ids: Iterable[str]) -> Rank:
    """Pack entities first, then the oldest, then the smallest id."""
    wanted = sorted(set(ids))
    e = tables.entities.c
    info: dict[str, tuple[str, ...]] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(wanted), 500):
            for r in conn.execute(select(e.id, e.origin, e.created_at)
                                  .where(e.id.in_(wanted[start:start + 500]))):
                info[r.id] = ("0" if r.origin == "pack" else "1", r.created_at, r.id)
    return lambda x: info.get(x, ("2", "", x))


def build_clusters(store: Store, log: Sequence[Judgement]) -> Clusters:
    """Clusters of a log (the store's, or one with judgements not yet written)."""
    ids = {x for j in log for x in j.pair}
    return Clusters(log, entity_rank(store, ids) if ids else _by_id)


def load_clusters(store: Store) -> Clusters:
    """The store's clusters, rebuilt from its judgement log."""
    with store.engine.connect() as conn:
        log = log_from(conn)
    return build_clusters(store, log)
