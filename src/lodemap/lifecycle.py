"""Time: when a statement counts, and the lifecycle of a relationship.

A statement's *effective date* is the date it states (the sentence's date, else
the document's publication date, as the pipeline stores it), else its
document's publication date, else the day lodemap first saw it. Dates keep the
precision the source gave ("2025", "2025-08", "2025-08-07") and compare as
strings, so a month or a year counts from its first day.

A relationship's *lifecycle* is its dated status statements in order. Its state
moves forward along the schema's ranks (proposed → announced → signed →
completed): a later report of an earlier stage does not move it back (news
re-reports old deals as "announced"), `terminated` ends it, and a stage reported
after the end starts it again. `negated` and `unknown` statements stay in the
events, as evidence, but are never a state. Pure functions over statements.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lodemap.errors import UsageError
from lodemap.schema import Schema, get_schema
from lodemap.statement import Statement

ENDED = "terminated"
"""The status that ends a lifecycle."""
_NOT_A_STATE = frozenset({"negated", "unknown"})
_AS_OF = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_as_of(text: str) -> str:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY` as the ISO date of the last day of that period."""
    m = _AS_OF.fullmatch(text.strip())
    hint = "give YYYY-MM-DD, YYYY-MM or YYYY (a month or year means its last day)"
    if m is None:
        raise UsageError(f"not a date: {text!r}", hint=hint)
    year, month, day = int(m[1]), int(m[2] or 12), m[3]
    if not 1 <= month <= 12:
        raise UsageError(f"not a date: {text!r} (month {month:02d})", hint=hint)
    last = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= int(day) <= last:
        raise UsageError(f"not a date: {text!r} (day {day} of {year}-{month:02d})", hint=hint)
    return f"{year:04d}-{month:02d}-{int(day) if day else last:02d}"


def effective_date(st: Statement, published: str | None = None) -> str:
    """The date a statement counts from (see the module text); `published` is its
    document's publication date."""
    return st.date or published or (st.first_seen or "")[:10]


@dataclass(frozen=True)
class Event:
    date: str
    status: str
    statement_id: str
    doc_id: str
    dated: bool = True
    """False when neither the statement nor its document states a date: `date` is then
    the day it was first seen, which orders it but is no date of the event."""


@dataclass
class Lifecycle:
    events: list[Event] = field(default_factory=list)
    """Every status statement, oldest first (negated and unknown included)."""
    state: str | None = None
    """The state at the last event; None when no statement gives a state."""
    steps: list[Event] = field(default_factory=list)
    """The events that moved the state, oldest first: what `summary` prints."""

    @property
    def summary(self) -> str:
        """"proposed 2025-07 → signed 2026-03": each change of state with its month."""
        return " → ".join(f"{e.status} {e.date[:7]}" if e.dated else f"{e.status} (undated)"
                          for e in self.steps)


def lifecycle(statements: Iterable[Statement], *, schema: Schema | None = None,
              published: Mapping[str, str | None] | None = None) -> Lifecycle:
    """The lifecycle of one relationship from its status statements; `published` maps
    document ids to publication dates (for statements without a date)."""
    schema = schema or get_schema()
    pub = published or {}
    events = sorted(
        (Event(effective_date(s, pub.get(s.doc_id)), s.status, s.id, s.doc_id,
               dated=bool(s.date or pub.get(s.doc_id)))
         for s in statements),
        # On one day, the stage further along comes last, so it decides the state.
        key=lambda e: (e.date, schema.status(e.status).rank, e.statement_id))
    out = Lifecycle(events)
    for e in events:
        if e.status in _NOT_A_STATE:
            continue
        rank = schema.status(e.status).rank
        current = out.state
        if (current is None or current == ENDED or e.status == ENDED
                or rank > schema.status(current).rank):
            if e.status != current:
                out.steps.append(e)
            out.state = e.status
    return out
