"""Entity-resolution commands: `dedupe`, `merge`, `split`, `judgements`.

They register themselves on the `lodemap` Typer app (imported at the end of
`cli/app.py`). Exit codes as for the other commands: 0 ok, 2 usage, 5 store
error, 6 no such entity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer
from rich.table import Table

from lodemap import settings
from lodemap.cli.app import DbOption, JsonOption, _emit, _fail, _store, app, err, out
from lodemap.entity import Entity
from lodemap.errors import LodemapError
from lodemap.resolution.judgements import Judgement
from lodemap.store import Store

ReasonOption = Annotated[str | None, typer.Option("--reason", help="Why (kept in the log).")]
AuthorOption = Annotated[str | None, typer.Option(
    "--author", help="Who decides (default: the login name).")]


@app.command()
def dedupe(
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, help="At most this many pairs (0: all; default from "
        "data/resolution.yaml).")] = None,
    min_score: Annotated[float | None, typer.Option(
        "--min-score", min=0.0, max=1.0,
        help="Only pairs scoring at least this (default from data/resolution.yaml).")] = None,
    db: DbOption = settings.DB.default,
    json_: JsonOption = False,
) -> None:
    """Likely duplicate entities nobody has judged yet, best first, with the features
    that fired. Decide with `lodemap merge A B`, or leave them."""
    from lodemap.resolution.queue import review_queue

    try:
        with _store(db) as store:
            queue = review_queue(store, min_score=min_score, limit=limit)
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit([s.to_dict() for s in queue])
        return
    if not queue:
        err.print("no likely duplicates left to review")
        return
    table = Table("score", "left", "right", "features")
    for s in queue:
        table.add_row(f"{s.score.value:.2f}", f"{s.left.name}\n{s.left.id} ({s.left.type})",
                      f"{s.right.name}\n{s.right.id} ({s.right.type})", s.score.explain())
    out.print(table)


Decision = Callable[[Store, list[Entity]], tuple[list[Judgement], str]]


def _decide(db: str, json_: bool, names: list[str], act: Decision) -> None:
    """Resolve the names like `ledger` does (without following clusters), then append the
    judgements `act` returns; prints them, or why there were none."""
    from lodemap.ledger import find_entity

    try:
        with _store(db) as store:
            appended, nothing = act(store, [find_entity(store, n, canonical=False)
                                            for n in names])
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit([j.to_dict() for j in appended])
        return
    if not appended:
        err.print(nothing)
    for j in appended:
        out.print(f"#{j.id} {j.judgement}: {j.left_id} ~ {j.right_id}"
                  f"{' (' + j.reason + ')' if j.reason else ''}")


@app.command()
def merge(
    a: Annotated[str, typer.Argument(help="Entity name, alias, ticker or id.")],
    b: Annotated[str, typer.Argument(help="Entity name, alias, ticker or id.")],
    reason: ReasonOption = None,
    author: AuthorOption = None,
    db: DbOption = settings.DB.default,
    json_: JsonOption = False,
) -> None:
    """Judge two entities to be one (appends `same` to the judgement log; undo with split)."""
    from lodemap.resolution.decisions import merge as merge_entities

    def act(store: Store, ents: list[Entity]) -> tuple[list[Judgement], str]:
        left, right = ents
        if left.id == right.id:
            err.print(f"{a!r} and {b!r} are the same entity ({left.id})")
            raise typer.Exit(2)
        return (merge_entities(store, left.id, right.id, author=author, reason=reason),
                f"{left.id} and {right.id} are already one cluster")

    _decide(db, json_, [a, b], act)


@app.command()
def split(
    entity: Annotated[str, typer.Argument(help="Entity id, name, alias or ticker.")],
    reason: ReasonOption = None,
    author: AuthorOption = None,
    db: DbOption = settings.DB.default,
    json_: JsonOption = False,
) -> None:
    """Take an entity out of its cluster (appends `different` judgements to the log)."""
    from lodemap.resolution.decisions import split as split_entity

    def act(store: Store, ents: list[Entity]) -> tuple[list[Judgement], str]:
        return (split_entity(store, ents[0].id, author=author, reason=reason),
                f"{ents[0].id} is not merged with anything")

    _decide(db, json_, [entity], act)


@app.command()
def judgements(db: DbOption = settings.DB.default, json_: JsonOption = False) -> None:
    """The judgement log, oldest first: who judged which pair same, different or unsure."""
    from lodemap.resolution.judgements import read_log

    try:
        with _store(db) as store:
            log = read_log(store)
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit([j.to_dict() for j in log])
        return
    table = Table("#", "judgement", "left", "right", "author", "when", "reason")
    for j in log:
        table.add_row(str(j.id), j.judgement, j.left_id, j.right_id, j.author, j.created_at,
                      j.reason or "")
    out.print(table)
