"""`lodemap chain` and `lodemap exposure` end to end on a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodemap.cli.app import app
from lodemap.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def db(chain_store: Store) -> str:
    return str(chain_store.engine.url.database)


def test_chain_json(db: str) -> None:
    res = runner.invoke(app, ["chain", "Corlan Magnetics Inc.", "--up", "2", "--down", "1",
                              "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    tiers = {n["id"]: t["tier"] for t in data["tiers"] for n in t["nodes"]}
    assert tiers["aldmere-mining"] == -2 and tiers["dunmore-motors"] == 1
    assert all(e["evidence"] and e["statement_ids"] for e in data["edges"])


def test_chain_text_tree_and_svg(db: str, tmp_path: Path) -> None:
    svg = tmp_path / "corlan.svg"
    res = runner.invoke(app, ["chain", "corlan-magnetics", "--down", "1", "--svg", str(svg),
                              "--db", db])
    assert res.exit_code == 0, res.output
    text = res.stdout
    assert text.index("upstream tier 2") < text.index("upstream tier 1") < text.index(
        "tier 0") < text.index("downstream tier 1")
    assert "Estrel Oxides supplies Borvik Separation [proposed]" in text
    assert "Fenwick" not in text
    assert "https://example.test/news/aldmere-borvik" in text
    assert svg.read_text(encoding="utf-8").startswith("<?xml")


def test_chain_as_of(db: str) -> None:
    res = runner.invoke(app, ["chain", "corlan-magnetics", "--as-of", "2025-06", "--db", db,
                              "--json"])
    assert res.exit_code == 0, res.output
    ids = {n["id"] for t in json.loads(res.stdout)["tiers"] for n in t["nodes"]}
    assert "borvik-separation" in ids and "dunmore-motors" not in ids


def test_exposure_text_and_json(db: str) -> None:
    res = runner.invoke(app, ["exposure", "Dunmore Motors", "--country", "xa", "--db", db])
    assert res.exit_code == 0, res.output
    assert "path 1: Dunmore Motors → supplier: Corlan Magnetics" in res.stdout
    assert "Aldmere Mining supplies Borvik Separation [completed]" in res.stdout
    res = runner.invoke(app, ["exposure", "dunmore-motors", "--country", "XA", "--db", db,
                              "--json"])
    data = json.loads(res.stdout)
    assert data["country"] == "XA" and len(data["paths"]) == 1
    for step in data["paths"][0]["steps"]:
        assert all(edge["evidence"] for edge in step["edges"])


def test_exposure_no_path(db: str) -> None:
    res = runner.invoke(app, ["exposure", "corlan-magnetics", "--country", "XE", "--db", db])
    assert res.exit_code == 0
    assert res.stdout.startswith("no path found")
    res = runner.invoke(app, ["exposure", "corlan-magnetics", "--country", "XE", "--db", db,
                              "--json"])
    assert json.loads(res.stdout)["paths"] == []


def test_exposure_customers_flag(db: str) -> None:
    args = ["exposure", "borvik-separation", "--country", "XC", "--db", db, "--json"]
    assert json.loads(runner.invoke(app, args).stdout)["paths"] == []
    data = json.loads(runner.invoke(app, [*args, "--customers"]).stdout)
    assert data["paths"][0]["steps"][0]["kind"] == "customer"


def test_document_text_is_not_markup(db: str) -> None:
    res = runner.invoke(app, ["chain", "dunmore-motors", "--down", "0", "--db", db])
    assert res.exit_code == 0, res.output
    assert "$5$<script>alert(1)</script>&[b]" in res.stdout


@pytest.mark.parametrize("args", [
    ["chain", "corlan-magnetics", "--up", "-1"],
    ["chain", "corlan-magnetics", "--as-of", "2025-13"],
    ["chain", "corlan-magnetics", "--as-of", "last year"],
    ["exposure", "corlan-magnetics", "--country", "CHN"],
    ["exposure", "corlan-magnetics", "--country", "XB", "--max-depth", "0"],
    ["exposure", "corlan-magnetics"],
])
def test_usage_errors_exit_2(db: str, args: list[str]) -> None:
    assert runner.invoke(app, [*args, "--db", db]).exit_code == 2


@pytest.mark.parametrize("command", [["chain"], ["exposure", "--country", "CN"]])
def test_unknown_name_and_bad_store(db: str, tmp_path: Path, command: list[str]) -> None:
    res = runner.invoke(app, [command[0], "No Such Company Anywhere", *command[1:], "--db", db])
    assert res.exit_code == 6 and "no entity matches" in res.output
    res = runner.invoke(app, [command[0], "corlan-magnetics", *command[1:], "--db",
                              str(tmp_path)])
    assert res.exit_code == 5


@pytest.mark.parametrize("command", ["chain", "exposure"])
def test_help(command: str) -> None:
    res = runner.invoke(app, [command, "--help"])
    assert res.exit_code == 0 and "--as-of" in res.output and "--json" in res.output
