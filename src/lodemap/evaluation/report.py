"""A scoring report as JSON-ready data or as rich tables."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from lodemap.evaluation.gold import GoldItem
from lodemap.evaluation.matching import RULES
from lodemap.evaluation.scoring import PRF, Prediction, Report


def _gold(g: GoldItem) -> dict[str, Any]:
    return {"article": g.article, "source": g.source, "target": g.target, "type": g.type,
            "status": g.status, "evidence": g.evidence, "line": g.line}


def _pred(p: Prediction) -> dict[str, Any]:
    return {"article": p.article, "source": p.source.name, "target": p.target.name,
            "source_id": p.source.entity_id, "target_id": p.target.entity_id,
            "source_text": p.source.text, "target_text": p.target.text, "type": p.type,
            "status": p.status, "confidence": p.confidence, "rule": p.rule,
            "evidence": p.evidence}


def to_dict(r: Report) -> dict[str, Any]:
    correct, matched = r.status_accuracy()
    data: dict[str, Any] = {
        **r.meta,
        "counts": {"gold_items": r.gold_items, "gold_scored": len(r.strict.gold),
                   "predictions_scored": len(r.strict.preds), "excluded": r.excluded},
        "strict": r.strict.prf.as_dict(),
        "lenient": r.lenient.prf.as_dict(),
        "per_type": {t: p.as_dict() for t, p in r.per_type().items()},
        "status": {"matched": matched, "correct": correct,
                   "accuracy": round(correct / matched, 4) if matched else 0.0,
                   "per_status": {s: p.as_dict() for s, p in r.per_status().items()}},
        "matches": [{"gold": _gold(m.gold), "predicted": _pred(m.pred),
                     "name_rule": RULES[m.rule], "swapped": m.swapped}
                    for m in r.strict.matches],
        "misses": [_gold(g) for g in r.misses()],
        "false_positives": [_pred(p) for p in r.false_positives()],
    }
    if r.sweep is not None:
        best = r.best_threshold()
        data["sweep"] = {"points": [{"threshold": t, **p.as_dict()} for t, p in r.sweep],
                         "best": {"threshold": best[0], **best[1].as_dict()} if best else None}
    return data


def _row(name: str, p: PRF) -> list[str]:
    return [name, str(p.tp), str(p.fp), str(p.fn), f"{p.precision:.3f}", f"{p.recall:.3f}",
            f"{p.f1:.3f}"]


def _prf_table(title: str, rows: list[tuple[str, PRF]]) -> Table:
    table = Table("", "tp", "fp", "fn", "P", "R", "F1", title=title, title_justify="left")
    for name, p in rows:
        table.add_row(*_row(name, p))
    return table


def render(r: Report, console: Console, *, show: int = 20) -> None:
    """Print the report as tables; `show` caps the miss and false-positive lists."""
    m = r.meta
    console.print(f"gold {m.get('gold')} · docs {m.get('docs')} · {m.get('articles')} articles"
                  f" · {len(r.strict.gold)} gold · {len(r.strict.preds)} predictions scored"
                  f" (excluded: {r.excluded.get('not_organisations', 0)} not between "
                  f"organisations, {r.excluded.get('not_shown', 0)} negated, "
                  f"{r.excluded.get('below_threshold', 0)} below "
                  f"{m.get('min_confidence', 0.0)})")
    console.print(_prf_table("overall", [("strict", r.strict.prf),
                                         ("lenient", r.lenient.prf)]))
    console.print(_prf_table("per type (strict)", list(r.per_type().items())))
    correct, matched = r.status_accuracy()
    acc = f"{correct / matched:.3f}" if matched else "n/a"
    console.print(_prf_table(f"per status (type and status); status accuracy on strict "
                             f"matches {correct}/{matched} = {acc}",
                             list(r.per_status().items())))
    if r.sweep is not None:
        best = r.best_threshold()
        table = _prf_table("confidence sweep (strict)", [(f"≥ {t:.2f}", p) for t, p in r.sweep])
        console.print(table)
        if best:
            console.print(f"best threshold {best[0]:.2f}: F1 {best[1].f1:.3f}")
    misses = r.misses()
    table = Table("article", "gold relation", "status", "evidence",
                  title=f"misses ({len(misses)}, showing {min(show, len(misses))})",
                  title_justify="left")
    for g in misses[:show]:
        table.add_row(g.article, f"{g.source} —{g.type}→ {g.target}", g.status, g.evidence)
    console.print(table)
    fps = r.false_positives()
    table = Table("article", "predicted relation", "status", "conf", "rule", "evidence",
                  title=f"false positives ({len(fps)}, showing {min(show, len(fps))})",
                  title_justify="left")
    for p in fps[:show]:
        table.add_row(p.article, f"{p.source.name} —{p.type}→ {p.target.name}", p.status,
                      f"{p.confidence:.2f}", p.rule, p.evidence)
    console.print(table)
