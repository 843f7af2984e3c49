"""`lodemap scenario run FILE` and `lodemap scenario compare A B`: the quantitative model.

Registers a `scenario` sub-app on the `lodemap` Typer app (imported at the end of
`cli/app.py`). Exit codes: 0 ok, 3 a malformed table or scenario file (or a number
without a source), 5 store error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from lodemap.cli.app import JsonOption, _emit, _fail, _store, app, err, out
from lodemap.errors import LodemapError

scenario_app = typer.Typer(help="Quantitative scenarios of the mine-to-magnet chain.",
                           no_args_is_help=True)
app.add_typer(scenario_app, name="scenario")

FileArg = Annotated[Path, typer.Argument(help="Scenario YAML (see data/scenario/examples/).")]
DrawsOption = Annotated[int, typer.Option("--draws", min=0,
                                          help="Monte Carlo draws (0: plan case only).")]
StoreOption = Annotated[str | None, typer.Option(
    "--db", help="Overlay facility values from this store (path or SQLAlchemy URL).")]


def _report(file: Path, db: str | None, draws: int, seed: int) -> Any:
    from lodemap.scenario import run_scenario

    if db is None:
        return run_scenario(file, draws=draws, seed=seed)
    with _store(db) as store:
        return run_scenario(file, store=store, draws=draws, seed=seed)


@scenario_app.command("run")
def run_command(
    file: FileArg,
    draws: DrawsOption = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the draws.")] = 0,
    explain_: Annotated[bool, typer.Option(
        "--explain", help="List the input rows and statements the figures rest on.")] = False,
    region: Annotated[str, typer.Option("--region", help="Region for the text view, "
                                        "--explain and the chart.")] = "US",
    chart: Annotated[Path | None, typer.Option("--chart", help="Write a chart (.svg or .png).")
                     ] = None,
    db: StoreOption = None,
    json_: JsonOption = False,
) -> None:
    """Run a scenario: coverage of demand, shortfall, bottleneck stage, concentration."""
    from lodemap.scenario import explain
    from lodemap.scenario.chart import render_chart

    try:
        rep = _report(file, db, draws, seed)
        data = rep.to_dict()
        if region not in data["regions"]:
            raise typer.BadParameter(f"region must be one of {', '.join(data['regions'])}")
        if explain_:
            data["explain"] = explain(rep, region)
        if chart is not None:
            render_chart(rep, chart, region)
            err.print(f"chart: {chart}", markup=False)
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit(data)
        return
    _print(data, region)


def _print(data: dict[str, Any], region: str) -> None:
    out.print(f"[bold]{data['scenario']['name']}[/bold] — {region}, "
              f"{data['draws']} draws (P10/P50/P90)")
    for row in data["regions"][region]:
        mc = row.get("monte_carlo")
        spread = (" [{p10:.0%} / {p50:.0%} / {p90:.0%}]".format(**mc["coverage"])
                  if mc else "")
        out.print(f"  {row['year']}  coverage {row['coverage']:.0%}{spread}  shortfall "
                  f"{row['shortfall_t']:,.0f} t  from CN {row['share_from_CN']:.0%}  "
                  f"bottleneck {row['bottleneck']}", markup=False)
    out.print(f"mass balance error {data['mass_balance_error']:.1e}", markup=False)
    for section, items in data.get("explain", {}).items():
        out.print(f"\n[bold]{section}[/bold] ({len(items)} inputs)")
        for it in items:
            cited = it["statement_id"] or it["source_url"] or f"premise: {it['premise']}"
            out.print(f"  {it['table']}:{it['id']}.{it['column']} = {it['value']} "
                      f"{it['unit'] or ''} [{it['basis']}] {cited}", markup=False)


@scenario_app.command("compare")
def compare_command(
    a: FileArg, b: FileArg,
    draws: DrawsOption = 1000,
    db: StoreOption = None,
    json_: JsonOption = False,
) -> None:
    """Differences between two scenarios' figures (B minus A), by region and year."""
    from lodemap.scenario.compare import compare

    try:
        diff = compare(_report(a, db, draws, 0), _report(b, db, draws, 0))
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit(diff)
        return
    out.print(f"[bold]{diff['b']}[/bold] minus [bold]{diff['a']}[/bold]")
    for region, rows in diff["regions"].items():
        for row in rows:
            moved = abs(row["coverage_p50"]) >= 5e-4 or abs(row["coverage"]) >= 5e-4
            if moved or row["bottleneck_a"] != row["bottleneck_b"]:
                out.print(f"  {region} {row['year']}  coverage {row['coverage']:+.1%}  "
                          f"P50 {row['coverage_p50']:+.1%}  shortfall {row['shortfall_t']:+,.0f} t"
                          f"  bottleneck {row['bottleneck_a']} → {row['bottleneck_b']}",
                          markup=False)



