"""The judgement log: append-only decisions that two entities are, or are not, one.

A judgement is never updated or deleted. To change one's mind, append a newer
judgement on the same pair: the latest wins when clusters are rebuilt
(`lodemap.resolution.clusters`), so every merge can be undone and the log
says who decided what, when and why.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import Connection, select

from lodemap.document import utcnow
from lodemap.errors import LodemapError
from lodemap.store import Store, tables

SAME, DIFFERENT, UNSURE = "same", "different", "unsure"
JUDGEMENTS = (SAME, DIFFERENT, UNSURE)


class JudgementError(LodemapError):
    """A judgement that cannot be recorded (an entity judged against itself, a bad value)."""

    exit_code = 2


@dataclass(frozen=True)
class Judgement:
    left_id: str
    right_id: str
    judgement: str
    author: str
    reason: str | None = None
    created_at: str = ""
    id: int | None = None
    """Assigned by the store; orders the log (later ids win)."""

    @property
    def pair(self) -> tuple[str, str]:
        return (self.left_id, self.right_id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_author() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"


def judgement(a: str, b: str, value: str, *, author: str | None = None,
              reason: str | None = None) -> Judgement:
    """A judgement on the unordered pair (a, b), stored with the smaller id on the left."""
    if value not in JUDGEMENTS:
        raise JudgementError(f"judgement must be one of {', '.join(JUDGEMENTS)}, not {value!r}")
    if a == b:
        raise JudgementError(f"cannot judge entity {a!r} against itself")
    left, right = sorted((a, b))
    return Judgement(left, right, value, author or default_author(), reason)


def append(conn: Connection, judgements: Iterable[Judgement]) -> list[Judgement]:
    """Append judgements inside the caller's transaction; returns them with ids and times."""
    now = utcnow()
    out = []
    for j in judgements:
        stamped = replace(j, created_at=j.created_at or now, id=None)
        row = stamped.to_dict()
        del row["id"]  # the store numbers the log
        key = conn.execute(tables.judgements.insert().values(**row)).inserted_primary_key
        out.append(replace(stamped, id=int(key[0]) if key else None))
    return out


def record(store: Store, judgements: Iterable[Judgement]) -> list[Judgement]:
    """Append judgements in one transaction: all of them or none."""
    with store.transaction() as conn:
        return append(conn, judgements)


def read_log(store: Store) -> list[Judgement]:
    """The whole log, oldest first."""
    with store.engine.connect() as conn:
        return log_from(conn)


def log_from(conn: Connection) -> list[Judgement]:
    c = tables.judgements.c
    rows = conn.execute(select(tables.judgements).order_by(c.id))
    return [Judgement(r.left_id, r.right_id, r.judgement, r.author, r.reason, r.created_at,
                      r.id) for r in rows]
