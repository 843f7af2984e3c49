"""`lodemap eval` end to end: own articles and gold file, gold validation, real corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lodemap.cli.app import app

REPO = Path(__file__).resolve().parents[2]
DEV = REPO.parent / "shared" / "eval" / "dev"

ARTICLES = {
    "halcyon": "Halcyon Metals Ltd signed an offtake agreement with Corvid Motors Inc. for its "
               "NdPr oxide. The Office of Upland Finance (OUF) awarded a $40 million grant to "
               "Halcyon Metals Ltd for its separation plant.",
    "brindle": "Brindle Magnetics Inc. and Quarry Rare Earths Ltd formed a joint venture to "
               "build a magnet plant.",
}
GOLD = [
    ("halcyon", "Halcyon Metals", "Corvid Motors", "offtake", "signed"),
    ("halcyon", "OUF", "Halcyon Metals", "funds", "completed"),
    ("brindle", "Quarry Rare Earths", "Brindle Magnetics", "joint_venture", "announced"),
    ("brindle", "Corvid Motors", "Brindle Magnetics", "invests_in", "completed"),
]


def _write(tmp_path: Path, gold: list[dict[str, str]] | None = None) -> tuple[Path, Path]:
    docs = tmp_path / "articles"
    docs.mkdir()
    for name, body in ARTICLES.items():
        (docs / f"{name}.txt").write_text(
            f"URL: https://example.org/{name}\nDATE: 2026-02-01\nTITLE: {name} news\n\n{body}\n",
            encoding="utf-8")
    rows = gold if gold is not None else [
        {"article": a, "source": s, "target": t, "type": ty, "status": st,
         "evidence": "written for the test"} for a, s, t, ty, st in GOLD]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path, docs


def _run(*args: str) -> Any:
    result = CliRunner().invoke(app, ["eval", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _well_formed(report: dict[str, Any]) -> None:
    for mode in ("strict", "lenient"):
        s = report[mode]
        assert all(0.0 <= s[k] <= 1.0 for k in ("precision", "recall", "f1"))
        assert s["tp"] + s["fn"] == report["counts"]["gold_scored"]
        assert s["tp"] + s["fp"] == report["counts"]["predictions_scored"]
    strict = report["strict"]
    assert len(report["misses"]) == strict["fn"]
    assert len(report["false_positives"]) == strict["fp"]
    assert len(report["matches"]) == strict["tp"]
    per_type = report["per_type"].values()
    assert sum(t["tp"] for t in per_type) == strict["tp"]
    assert sum(t["fn"] for t in per_type) == strict["fn"]
    assert report["status"]["matched"] == strict["tp"]


def test_end_to_end(tmp_path: Path) -> None:
    gold, docs = _write(tmp_path)
    report = _run("--gold", str(gold), "--docs", str(docs), "--json", "--sweep")
    _well_formed(report)
    assert report["articles"] == 2
    assert report["counts"]["gold_scored"] == 4
    strict = report["strict"]
    assert (strict["tp"], strict["fn"]) == (3, 1)
    assert strict["recall"] == 0.75
    assert report["misses"][0]["type"] == "invests_in"
    matched = {m["gold"]["type"]: m for m in report["matches"]}
    assert matched["joint_venture"]["swapped"] is True
    assert matched["funds"]["name_rule"] in ("mention", "resolver", "key", "short")
    assert report["status"]["correct"] == 2
    assert report["status"]["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["lenient"]["tp"] >= strict["tp"]
    sweep = report["sweep"]
    assert [p["threshold"] for p in sweep["points"]][:3] == [0.0, 0.05, 0.1]
    assert sweep["best"]["f1"] == max(p["f1"] for p in sweep["points"])


def test_text_mode_and_threshold(tmp_path: Path) -> None:
    gold, docs = _write(tmp_path)
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--docs", str(docs),
                                      "--show", "1"])
    assert result.exit_code == 0, result.output
    assert "strict" in result.stdout
    assert "misses (1, showing 1)" in result.stdout
    report = _run("--gold", str(gold), "--docs", str(docs), "--json", "--min-confidence", "1")
    assert report["strict"]["tp"] == 0
    assert report["counts"]["predictions_scored"] == 0


def test_article_without_gold_counts_false_positives(tmp_path: Path) -> None:
    gold, docs = _write(tmp_path, gold=[])
    report = _run("--gold", str(gold), "--docs", str(docs), "--json")
    assert report["strict"]["tp"] == 0
    assert report["strict"]["fp"] == report["counts"]["predictions_scored"] > 0


@pytest.mark.parametrize(("row", "message"), [
    ({"type": "sells_to"}, "unknown relationship type 'sells_to'"),
    ({"status": "rumoured"}, "unknown status 'rumoured'"),
    ({"evidence": None}, "missing key 'evidence'"),
    ({"article": "nowhere"}, "article 'nowhere' has no file"),
])
def test_bad_gold(tmp_path: Path, row: dict[str, str | None], message: str) -> None:
    good = {"article": "halcyon", "source": "A Co", "target": "B Co", "type": "supplies",
            "status": "signed", "evidence": ""}
    bad = {k: v for k, v in {**good, **row}.items() if v is not None}
    gold, docs = _write(tmp_path, gold=[good, bad])
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--docs", str(docs)])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert message in result.stderr
    assert f"{gold}: line 2" in result.stderr


def test_bad_json(tmp_path: Path) -> None:
    gold, docs = _write(tmp_path)
    gold.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--docs", str(docs)])
    assert result.exit_code == 3
    assert "line 1" in result.stderr


@pytest.mark.skipif(not (DEV / "gold.jsonl").exists(), reason="development corpus not present")
def test_real_corpus_report_is_well_formed() -> None:
    report = _run("--gold", str(DEV / "gold.jsonl"), "--docs", str(DEV / "articles"), "--json")
    _well_formed(report)
    assert report["counts"]["gold_items"] > 0
