"""The baseline: shipped parameter tables, overlaid with what the knowledge store says.

A facility row names its pack entity and, in `store_match` / `start_match`, the
words a store statement's qualifier must contain to stand for the row's nameplate
or start year (the store holds several capacities per plant: phases, plans,
products; the row says which one it models). Among matching `capacity` or
`start_year` statements about the entity, the latest (by date, then id) wins: its
value replaces the table's, its document's URL and date become the source, and its
statement id is kept so outputs can cite it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from lodemap.scenario.tables import Row, Source, read_tables
from lodemap.statement import Statement
from lodemap.store import Store

_NUMBER = re.compile(r"^\s*([\d.,]+)\s*(?:-\s*([\d.,]+))?\s*$")


@dataclass(frozen=True)
class Override:
    row_id: str
    column: str
    old: float
    new: float
    statement_id: str


def parse_value(text: str | None) -> float | None:
    """A stored number ('5000', '10,000'), or a range's midpoint ('850-1000' → 925)."""
    m = _NUMBER.match(text or "")
    if not m:
        return None
    try:
        low = float(m.group(1).replace(",", ""))
        high = float(m.group(2).replace(",", "")) if m.group(2) else low
    except ValueError:
        return None
    return (low + high) / 2


def _pick(statements: list[Statement], predicate: str, words: str) -> Statement | None:
    wanted = words.lower()
    found = [st for st in statements if st.predicate == predicate
             and wanted in (st.qualifier or "").lower() and parse_value(st.value) is not None]
    return max(found, key=lambda st: (st.date or "", st.id), default=None)


def overlay_store(tables: dict[str, list[Row]], store: Store) -> list[Override]:
    """Replace facility values with store statements where a row asks for them (in place)."""
    changes: list[Override] = []
    for row in tables["facilities"]:
        entity = row["entity"]
        if not entity or not (row["store_match"] or row["start_match"]):
            continue
        statements = store.statements_about(entity, ["capacity", "start_year"], as_object=False)
        docs = store.documents_by_id({st.doc_id for st in statements})
        for column, predicate, words in (("capacity", "capacity", row["store_match"]),
                                         ("start_year", "start_year", row["start_match"])):
            st = _pick(statements, predicate, words) if words else None
            if st is None:
                continue
            value = parse_value(st.value)
            assert value is not None
            doc = docs.get(st.doc_id)
            url = (doc.url if doc else None) or (doc.source if doc else st.doc_id)
            date = st.date or (doc.published if doc else None) or ""
            old = float(row.values[column])
            row.values[column] = int(value) if column == "start_year" else value
            row.sources[column] = Source(url, date)
            row.statements[column] = st.id
            changes.append(Override(row.key, column, old, value, st.id))
    return changes


def baseline_tables(store: Store | None = None) -> tuple[dict[str, list[Row]], list[Override]]:
    """The shipped tables (a private copy), overlaid with the store when one is given."""
    tables = copy.deepcopy(read_tables())
    changes = overlay_store(tables, store) if store is not None else []
    return tables, changes
