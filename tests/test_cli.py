"""The command line: help, JSON output and exit codes that mean something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from lodemap.cli.app import app

# Every registered command, so a new one cannot ship without working --help.
COMMANDS = sorted(typer.main.get_command(app).commands)


def test_the_core_commands_are_registered() -> None:
    for name in ("init", "ingest", "extract", "entities", "ledger", "brief", "stats", "schema",
                 "eval", "conflicts", "dedupe", "merge", "split", "judgements"):
        assert name in COMMANDS, name
runner = CliRunner()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_cli_flow_on_a_real_store(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert runner.invoke(app, ["init", "--db", db]).exit_code == 0
    res = runner.invoke(app, ["ingest", "--samples", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)["summary"]
    assert summary["stored"] >= 8 and summary["failed"] == 0
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--json"]).stdout)
    assert set(stats) == {"documents", "references", "entities", "statements", "relationships"}
    assert stats["documents"] == summary["stored"] and stats["relationships"] > 0
    ledger = json.loads(runner.invoke(app, ["ledger", "NASDAQ:USAR", "--db", db,
                                            "--json"]).stdout)
    assert ledger["entity"]["name"] == "USA Rare Earth"
    names = {c["name"] for c in ledger["counterparties"]}
    assert {"Arnold Magnetic Technologies", "Less Common Metals"} <= names
    for cp in ledger["counterparties"]:
        for rel in cp["relationships"]:
            assert rel["evidence"] and all(ev["url"] for ev in rel["evidence"])
    ents = json.loads(runner.invoke(app, ["entities", "Rare Earth", "--db", db,
                                          "--json"]).stdout)
    assert any(e["id"] == "usa-rare-earth" for e in ents)
    out = tmp_path / "b.html"
    res = runner.invoke(app, ["brief", "USA Rare Earth", "--format", "html", "-o", str(out),
                              "--db", db])
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_exit_codes(tmp_path: Path) -> None:
    db = str(tmp_path / "codes.db")
    assert runner.invoke(app, ["ledger", "No Such Company Anywhere", "--db", db]).exit_code == 6
    assert runner.invoke(app, ["brief", "USAR", "--format", "docx", "--db", db]).exit_code == 2
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(bad), "--db", db])
    assert res.exit_code == 1
    assert "empty.txt" in res.output and "empty document" in res.output
    assert runner.invoke(app, ["stats", "--db", str(tmp_path)]).exit_code == 5
    assert runner.invoke(app, ["schema", "--check"]).exit_code == 0
