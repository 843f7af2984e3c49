"""`lodemap eval`: score the extractor against a gold file (see docs/scoring.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from lodemap.errors import LodemapError

err = Console(stderr=True, soft_wrap=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Gold relations, one JSON object a line.")],
    docs: Annotated[Path, typer.Option("--docs", help="Folder holding <article>.txt files.")],
    json_: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", help="Score only predictions at or above this confidence.")] = 0.0,
    sweep: Annotated[bool, typer.Option(
        "--sweep", help="Strict P/R/F1 at confidence thresholds 0.00-0.95.")] = False,
    show: Annotated[int, typer.Option(
        "--show", help="At most this many misses and false positives (text mode).")] = 20,
) -> None:
    """Score the extractor on a folder of articles against hand-annotated gold relations."""
    from lodemap.evaluation.report import render, to_dict
    from lodemap.evaluation.runner import evaluate

    try:
        report = evaluate(gold, docs, min_confidence=min_confidence, sweep=sweep)
    except LodemapError as exc:
        err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        raise typer.Exit(exc.exit_code) from exc
    if json_:
        sys.stdout.write(json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n")
    else:
        render(report, out, show=show)
