"""`lodemap signals NAME`: the entity's signals with their evidence.

Registers itself on the `lodemap` Typer app (imported at the end of
`cli/app.py`). Exit codes as for the other commands: 0 ok, 2 usage (an unknown
signal, a malformed --as-of), 5 store error, 6 no such entity.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

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
from lodemap.errors import LodemapError


def _show(value: object) -> str:
    if value is None:
        return "no evidence"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


@app.command()
def signals(
    name: Annotated[str, typer.Argument(help="Entity name, alias, ticker or id.")],
    only: Annotated[list[str] | None, typer.Option(
        "--signal", help="Only this signal (repeatable).")] = None,
    as_of: AsOfOption = None,
    db: DbOption = settings.DB.default,
    json_: JsonOption = False,
) -> None:
    """Company signals (geography, posture, stage, integration, concentration,
    criticality, maturity): value, explanation and the statements behind each."""
    from lodemap.ledger import find_entity
    from lodemap.signals import compute_signals

    day = as_of_date(as_of)
    try:
        with _store(db) as store:
            entity = find_entity(store, name)
            results = compute_signals(store, entity.id, as_of=day, names=only or None)
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit({"entity": {"id": entity.id, "name": entity.name}, "as_of": day,
               "signals": [r.to_dict() for r in results]})
        return
    out.print(f"[bold]{entity.name}[/bold] — signals (statement ids: --json)")
    for r in results:
        out.print(f"\n[bold]{r.name}[/bold]: {escape(_show(r.value))}")
        for why in r.reasons:
            cited = f" [{len(why.statement_ids)} statement(s)]" if why.statement_ids else ""
            out.print(f"  - {escape(why.text)}{cited}", markup=False)
