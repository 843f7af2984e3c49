"""`lodemap conflicts`: where sources disagree, each side with its sources.

Registers itself on the `lodemap` Typer app (imported at the end of `cli/app.py`).
Exit codes: 0 ok (conflicts found or not), 2 usage, 5 store error, 6 no such entity.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from lodemap import settings
from lodemap.cli.app import (
    AsOfOption,
    DbOption,
    JsonOption,
    _emit,
    _fail,
    _store,
    app,
    as_of_date,
    out,
)
from lodemap.conflicts import find_conflicts
from lodemap.errors import LodemapError


@app.command()
def conflicts(
    name: Annotated[str | None, typer.Argument(
        help="Entity name, alias, ticker or id (default: the whole store).")] = None,
    as_of: AsOfOption = None,
    db: DbOption = settings.DB.default,
    json_: JsonOption = False,
) -> None:
    """Where sources disagree on a figure or on the status of a relationship: each side
    with its value or status, date, source and evidence sentence. Both sides are kept."""
    from lodemap.ledger import find_entity

    day = as_of_date(as_of)
    try:
        with _store(db) as store:
            entity = find_entity(store, name) if name else None
            found = find_conflicts(store, entity, as_of=day)
            ids = {c.subject_id for c in found} | {c.object_id for c in found if c.object_id}
            names = {k: e.name for k, e in store.entities_by_id(ids).items()}
    except LodemapError as exc:
        raise _fail(exc) from exc
    rows = [c.to_dict(names) for c in found]
    if json_:
        _emit({"as_of": day, "conflicts": rows})
        return
    if not rows:
        out.print("no disagreements between sources" + (f" as of {day}" if day else ""))
        return
    table = Table("subject", "about", "value / status", "date", "source", "evidence")
    for r in rows:
        about = r["topic"] + (f" {r['object']}" if r["object"] else "") + (
            f" ({r['measure']})" if r["measure"] else "")
        for side in r["sides"]:
            for claim in side["claims"]:
                table.add_row(r["subject"], about, side["value"], claim["date"],
                              claim["url"], " ".join(claim["evidence"].split())[:160])
        table.add_section()
    out.print(table)
