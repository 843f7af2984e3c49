"""`lodemap extract` prints JSON lines that follow the documented contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodemap.cli.app import app
from lodemap.ingest import load_source

from .conftest import EVAL_DEV

REQUIRED = {"doc", "type", "source", "target", "source_text", "target_text", "status",
            "evidence", "span", "confidence", "date"}


def _run(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["extract", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_extract_contract_on_own_text(tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text(
        "DATE: 2026-05-01\n\nHalcyon Metals Ltd signed an offtake agreement with Corvid "
        "Motors Inc. for its NdPr oxide. Corvid Motors Inc. would invest in Halcyon Metals Ltd "
        "if the plant is financed.\n", encoding="utf-8")
    rows = _run(str(doc))
    kinds = {(r["type"], r["source"], r["target"], r["status"]) for r in rows}
    assert ("offtake", "Halcyon Metals Ltd", "Corvid Motors Inc.", "signed") in kinds
    assert ("invests_in", "Corvid Motors Inc.", "Halcyon Metals Ltd", "proposed") in kinds
    text = load_source(str(doc)).text
    for r in rows:
        assert REQUIRED <= r.keys()
        start, end = r["span"]  # type: ignore[misc]
        assert text[start:end] == r["evidence"]
        assert r["date"] == "2026-05-01"
        assert 0 < float(r["confidence"]) <= 1  # type: ignore[arg-type]


@pytest.mark.skipif(not EVAL_DEV.is_dir(), reason="shared/eval is not beside the repository")
def test_extract_on_eval_dev_articles_prints_valid_json_lines() -> None:
    rows = _run(str(EVAL_DEV))
    assert len(rows) >= 35
    docs = {str(r["doc"]) for r in rows}
    assert len(docs) >= 20
    for r in rows:
        assert REQUIRED <= r.keys()
        assert r["status"] in {"signed", "announced", "proposed", "completed", "terminated",
                               "unknown", "negated"}
        assert r["source"] != r["target"]
