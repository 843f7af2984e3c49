"""Docs cannot rot: generated pages match their source, documented commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from lodemap.cli.app import app
from lodemap.schema_doc import schema_markdown

REPO = Path(__file__).resolve().parents[1]


def test_schema_doc_is_generated_from_the_schema() -> None:
    assert (REPO / "docs" / "schema.md").read_text(encoding="utf-8") == schema_markdown(), (
        "docs/schema.md is stale: run `make docs`")


def test_readme_tour_uses_real_commands_and_options() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    calls = re.findall(r"^\.venv/bin/lodemap (\w+)([^#\n|]*)", readme, re.MULTILINE)
    assert len(calls) >= 8
    for command, rest in calls:
        help_text = CliRunner().invoke(app, [command, "--help"]).output
        assert "Usage" in help_text, command
        for option in re.findall(r"(--[\w-]+)", rest):
            assert option in help_text, f"{command} {option}"


def test_architecture_names_modules_that_exist() -> None:
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for path in set(re.findall(r"`((?:[\w/]+/)?\w+\.(?:py|yaml))`", text)):
        found = (REPO / "src" / "lodemap" / path).exists() or (REPO / path).exists() or any(
            (REPO / "src" / "lodemap").rglob(Path(path).name))
        assert found, path
