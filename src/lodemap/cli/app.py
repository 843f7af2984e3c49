"""The `lodemap` command line (Typer).

Exit codes: 0 success; 1 some documents failed (the rest were stored);
2 usage error; 3 invalid schema or data file; 5 store error; 6 no such entity.
Progress goes to standard error, data to standard output.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from lodemap import __version__, settings
from lodemap.errors import DocumentError, LodemapError
from lodemap.store import Store

app = typer.Typer(
    name="lodemap",
    help="Supply-chain counterparty intelligence for critical minerals.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)  # messages name paths: never wrap them
out = Console(highlight=False, soft_wrap=True)

DbOption = Annotated[str, typer.Option("--db", envvar=settings.DB.env, help=settings.DB.help)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print data as JSON.")]
AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", help="Answer as of this date (YYYY-MM-DD; YYYY-MM or YYYY mean the end of "
    "that period): only statements dated on or before it count.")]


def as_of_date(text: str | None) -> str | None:
    """The `--as-of` value as an ISO date; a malformed date is a usage error (exit 2)."""
    from lodemap.lifecycle import parse_as_of

    if text is None:
        return None
    try:
        return parse_as_of(text)
    except LodemapError as exc:
        raise _fail(exc) from exc


def _emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@contextmanager
def _store(db: str, *, init: bool = False) -> Iterator[Store]:
    store = Store.open(db)
    try:
        if init and store.stats()["entities"] == 0:
            from lodemap.pipeline import load_pack_into

            load_pack_into(store)
        yield store
    finally:
        store.close()


def _fail(exc: LodemapError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
    return typer.Exit(exc.exit_code)


def _version(value: bool) -> None:
    if value:
        out.print(f"lodemap {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Ingest reporting, extract sourced relationships, and write cited dossiers."""


@app.command()
def schema(
    check: Annotated[bool, typer.Option(
        "--check", help="Validate schema, rules and pack.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the schema docs.")] = False,
    json_: JsonOption = False,
) -> None:
    """Show the domain vocabulary (entity types, relationship types, statuses, stages)."""
    from lodemap.schema import get_schema
    from lodemap.schema_doc import check_all, schema_markdown

    try:
        if check:
            for line in check_all():
                out.print(f"ok  {line}")
            return
        s = get_schema()
    except LodemapError as exc:
        raise _fail(exc) from exc
    if markdown:
        sys.stdout.write(schema_markdown(s))
    elif json_:
        _emit({"entity_types": list(s.entity_types), "stages": s.stage_order(),
               "statuses": list(s.statuses),
               "relationship_types": {r.name: {"inverse": r.inverse, "symmetric": r.symmetric,
                                               "family": r.family, "source": r.source,
                                               "target": r.target}
                                      for r in s.relations.values()}})
    else:
        table = Table("type", "inverse", "symmetric", "family", "description")
        for r in s.relations.values():
            table.add_row(r.name, r.inverse, "yes" if r.symmetric else "", r.family,
                          r.description)
        out.print(table)


@app.command()
def init(db: DbOption = settings.DB.default, json_: JsonOption = False) -> None:
    """Create the store (if needed) and load the bundled knowledge pack. Safe to repeat."""
    from lodemap.pipeline import load_pack_into

    try:
        with _store(db) as store:
            counts = load_pack_into(store)
            stats = store.stats()
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit({"added": counts, "stats": stats})
    else:
        out.print(f"knowledge pack: {counts['entities']} entities and {counts['statements']} "
                  f"statements added; store now holds {stats['entities']} entities")


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files, folders (read recursively) or http(s) URLs.")] = None,
    samples: Annotated[bool, typer.Option(
        "--samples", help="Also ingest the sample documents bundled with the pack.")] = False,
    db: DbOption = settings.DB.default,
    json_: JsonOption = False,
) -> None:
    """Load documents, extract statements and store them (one transaction per document).

    A document that cannot be read is reported with its reason and the batch
    goes on; the exit code is 1 if any document failed.
    """
    from lodemap.ingest import expand
    from lodemap.pack import load_pack
    from lodemap.pipeline import Pipeline

    items = list(expand(paths or []))
    if samples:
        items += [str(p) for p in load_pack().documents()]
    if not items:
        err.print("nothing to ingest: give paths or URLs, or --samples")
        raise typer.Exit(2)
    try:
        with _store(db, init=True) as store:
            pipeline = Pipeline(store)
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=err, transient=True,
                          disable=json_) as progress:
                task = progress.add_task("ingesting", total=len(items))

                def tick(res: Any) -> None:
                    progress.advance(task)
                    if res.status == "failed":
                        err.print(f"[red]failed[/red] {res.source}: {res.error}",
                                  highlight=False)

                report = pipeline.ingest(items, on_item=tick)
    except LodemapError as exc:
        raise _fail(exc) from exc
    counts = report.counts()
    if json_:
        _emit({"summary": counts, "items": [vars(i) for i in report.items]})
    else:
        out.print(f"{counts['stored']} stored, {counts['unchanged']} unchanged, "
                  f"{counts['failed']} failed; {counts['statements']} new statements")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or URLs.")],
    fmt: Annotated[str, typer.Option("--format", help="Output format: jsonl.")] = "jsonl",
    values: Annotated[bool, typer.Option(
        "--values", help="Also print value facts (capacities, amounts).")] = False,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", help="Drop relations below this confidence.")] = 0.0,
) -> None:
    """Extract relationships without storing them: one JSON object per line on stdout."""
    from lodemap.ingest import expand, load_source
    from lodemap.pipeline import known_entities, offline_extractor

    if fmt != "jsonl":
        err.print(f"unknown format {fmt!r}: use jsonl")
        raise typer.Exit(2)
    try:
        entities = known_entities()
        extractor = offline_extractor(entities)
    except LodemapError as exc:
        raise _fail(exc) from exc
    names = {e.id: e.name for e in entities}
    failed = 0
    with Progress(TextColumn("{task.description}"), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("extracting", total=None)
        for item in expand(paths):
            progress.advance(task)
            try:
                doc = load_source(item)
            except DocumentError as exc:
                err.print(f"[red]failed[/red] {exc}", highlight=False)
                failed += 1
                continue
            ex = extractor.extract(doc)
            names.update((e.id, e.name) for e in ex.entities)
            for claim in ex.claims:
                rows = [_relation_row(doc, claim, rel, names) for rel in claim.relations
                        if rel.confidence >= min_confidence]
                if values:
                    rows += [_value_row(doc, claim, val, names) for val in claim.values]
                for row in rows:
                    sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    if failed:
        raise typer.Exit(1)


def _relation_row(doc: Any, claim: Any, rel: Any, names: dict[str, str]) -> dict[str, Any]:
    """One relationship as `lodemap extract` prints it (the documented JSON contract)."""
    sent = claim.sentence
    return {
        "kind": "relationship", "doc": doc.source, "doc_id": doc.id, "type": rel.type,
        "source": names.get(rel.source.entity_id or "", rel.source.name),
        "target": names.get(rel.target.entity_id or "", rel.target.name),
        "source_id": rel.source.entity_id, "target_id": rel.target.entity_id,
        "source_text": rel.source.text, "target_text": rel.target.text,
        "status": rel.status, "evidence": sent.text, "span": [sent.start, sent.end],
        "confidence": rel.confidence, "date": claim.date or doc.published, "rule": rel.rule,
    }


def _value_row(doc: Any, claim: Any, val: Any, names: dict[str, str]) -> dict[str, Any]:
    sent = claim.sentence
    return {
        "kind": "value", "doc": doc.source, "doc_id": doc.id, "property": val.property,
        "subject": names.get(val.subject.entity_id or "", val.subject.name),
        "subject_text": val.subject.text, "value": val.value, "unit": val.unit,
        "qualifier": val.qualifier, "status": val.status, "evidence": sent.text,
        "span": [sent.start, sent.end], "confidence": val.confidence,
        "date": claim.date or doc.published,
    }


@app.command()
def entities(
    query: Annotated[str | None, typer.Argument(help="Part of a name, alias or ticker.")] = None,
    entity_type: Annotated[str | None, typer.Option(
        "--type", help="Only this entity type.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 200,
    db: DbOption = settings.DB.default,
    json_: JsonOption = False,
) -> None:
    """List entities in the store."""
    try:
        with _store(db) as store:
            ents = store.list_entities(entity_type=entity_type, query=query, limit=limit)
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit([{"id": e.id, "type": e.type, "name": e.name, "country": e.country,
                "stages": e.stages, "origin": e.origin} for e in ents])
        return
    table = Table("id", "type", "name", "country", "stages", "origin")
    for e in ents:
        table.add_row(e.id, e.type, e.name, e.country or "", ", ".join(e.stages), e.origin)
    out.print(table)


@app.command()
def ledger(
    name: Annotated[str, typer.Argument(help="Entity name, alias, ticker or id.")],
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", help="Ignore statements below this confidence.")] = 0.0,
    as_of: AsOfOption = None,
    db: DbOption = settings.DB.default,
    json_: JsonOption = False,
) -> None:
    """The entity's counterparties: relationship types from its side, status, lifecycle,
    date, evidence, and where sources disagree on the status."""
    from lodemap.ledger import build_ledger, find_entity

    day = as_of_date(as_of)
    try:
        with _store(db) as store:
            result = build_ledger(store, find_entity(store, name),
                                  min_confidence=min_confidence, as_of=day)
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit({**result.to_dict(), "as_of": day})
        return
    when = f" as of {day}" if day else ""
    out.print(f"[bold]{result.entity.name}[/bold] — {len(result.entries)} counterparties{when}",
              highlight=False)
    table = Table("counterparty", "relationship", "status", "lifecycle", "latest", "evidence")
    for entry in result.entries:
        for rel in entry.relations:
            ev = rel.evidence[0]
            disputed = "".join(
                f"\nsources disagree: {' vs '.join(f'{s.value} {s.dates[0]}' for s in c.sides)}"
                for c in rel.conflicts)
            table.add_row(entry.name, rel.label, (rel.state or rel.status) + disputed,
                          rel.lifecycle, rel.latest_date or "",
                          f"{' '.join(ev.evidence.split())[:160]}\n{ev.url}")
    out.print(table)


@app.command()
def brief(
    name: Annotated[str, typer.Argument(help="Entity name, alias, ticker or id.")],
    fmt: Annotated[str, typer.Option("--format", help="md, html or pdf.")] = "md",
    output: Annotated[Path | None, typer.Option("-o", "--output",
                                                help="Write here instead of stdout.")] = None,
    as_of: AsOfOption = None,
    db: DbOption = settings.DB.default,
) -> None:
    """Write the cited counterparty dossier of an entity."""
    from lodemap.dossier import FORMATS, build_dossier, render_bytes
    from lodemap.ledger import find_entity

    if fmt not in FORMATS:
        err.print(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    day = as_of_date(as_of)
    try:
        with _store(db) as store:
            dossier = build_dossier(store, find_entity(store, name), as_of=day,
                                    generated=datetime.now(UTC).date().isoformat())
            data = render_bytes(dossier, fmt)
    except LodemapError as exc:
        raise _fail(exc) from exc
    if output is None:
        sys.stdout.flush()  # text written before must come first
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    err.print(f"wrote {output}")


@app.command()
def stats(as_of: AsOfOption = None, db: DbOption = settings.DB.default,
          json_: JsonOption = False) -> None:
    """Counts of documents, entities, statements and relationships (as of a date: documents
    published and statements dated by then; entities are not dated)."""
    day = as_of_date(as_of)
    try:
        with _store(db) as store:
            counts = store.stats(as_of=day)
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit(counts)
        return
    for key, value in counts.items():
        out.print(f"{key:>14}: {value}")


def main() -> None:
    app()


from lodemap.cli.evaluate import eval_command  # noqa: E402

app.command("eval")(eval_command)
import lodemap.cli.chain  # noqa: E402  (registers chain, exposure)
import lodemap.cli.conflicts  # noqa: E402  (registers conflicts)
import lodemap.cli.resolution  # noqa: E402  (registers dedupe, merge, split, judgements)
import lodemap.cli.scenario  # noqa: E402  (registers scenario run, compare)
import lodemap.cli.serve  # noqa: E402  (registers serve)
import lodemap.cli.signals  # noqa: E402, F401  (registers signals)
