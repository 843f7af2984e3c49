"""`lodemap dedupe / merge / split / judgements` end to end, on a store built by the real
pipeline from two short documents written for this test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lodemap.cli.app import app
from tests.conftest import build_store

runner = CliRunner()

DOCS = {
    "a.txt": "TITLE: Zephyr signs magnet deal\nDATE: 2025-03-02\n\nZephyr Magnetics Inc. "
             "signed a supply agreement with General Motors to deliver sintered magnets.\n",
    "b.txt": "TITLE: Offtake for Zephyr\nDATE: 2025-05-10\n\nZephyr Magnetic Corp signed an "
             "offtake agreement with Lynas Rare Earths for NdPr oxide.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    for name, body in DOCS.items():
        (folder / name).write_text(body, encoding="utf-8")
    path = folder / "zephyr.db"
    build_store(path, str(folder), samples=False).close()
    return path


@pytest.fixture
def db(built: Path, tmp_path: Path) -> str:
    """A fresh copy of the built store for each test (closed stores: one file each)."""
    copy = tmp_path / "zephyr.db"
    shutil.copyfile(built, copy)
    return str(copy)


def call(*args: str) -> Any:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout) if "--json" in args else res.stdout


def ledger_names(db: str, name: str) -> set[str]:
    return {c["name"] for c in call("ledger", name, "--db", db, "--json")["counterparties"]}


@pytest.mark.parametrize("command", ["dedupe", "merge", "split", "judgements"])
def test_help(command: str) -> None:
    res = runner.invoke(app, [command, "--help"])
    assert res.exit_code == 0 and "--db" in res.output


def test_dedupe_merge_split_flow(db: str) -> None:
    queue = call("dedupe", "--db", db, "--json")
    assert queue, "the two spellings of Zephyr should be proposed"
    top = queue[0]
    assert {top["left"]["id"], top["right"]["id"]} == {"x-zephyr-magnetic", "x-zephyr-magnetics"}
    assert top["score"] >= 0.7 and any(f["feature"] == "token_set" for f in top["features"])
    assert all({"feature", "weight", "detail"} <= set(f) for f in top["features"])
    assert "x-zephyr-magnetic" in call("dedupe", "--db", db)

    alone = ledger_names(db, "Zephyr Magnetic Corp")
    assert "General Motors" not in alone
    appended = call("merge", "Zephyr Magnetic Corp", "x-zephyr-magnetics", "--reason",
                    "same company", "--author", "analyst", "--db", db, "--json")
    assert [(j["judgement"], j["author"], j["reason"]) for j in appended] == [
        ("same", "analyst", "same company")]
    assert ledger_names(db, "Zephyr Magnetic Corp") == ledger_names(db, "Zephyr Magnetics Inc.")
    assert {"General Motors"} | alone <= ledger_names(db, "Zephyr Magnetic Corp")
    assert not [s for s in call("dedupe", "--db", db, "--json")
                if "x-zephyr-magnetic" in (s["left"]["id"], s["right"]["id"])]
    assert call("merge", "x-zephyr-magnetic", "x-zephyr-magnetics", "--db", db,
                "--json") == []  # already one: nothing appended

    call("split", "x-zephyr-magnetics", "--reason", "not sure", "--db", db)
    assert ledger_names(db, "Zephyr Magnetic Corp") == alone
    log = call("judgements", "--db", db, "--json")
    assert [j["judgement"] for j in log] == ["same", "different"]
    assert "different" in call("judgements", "--db", db)


@pytest.mark.parametrize(("args", "code"), [
    (["merge", "No Such Company Anywhere", "Lynas"], 6),
    (["merge", "Lynas", "Lynas Rare Earths Ltd"], 2),
    (["split", "No Such Company Anywhere"], 6),
    (["dedupe", "--min-score", "5"], 2),
])
def test_exit_codes(db: str, args: list[str], code: int) -> None:
    assert runner.invoke(app, [*args, "--db", db]).exit_code == code
