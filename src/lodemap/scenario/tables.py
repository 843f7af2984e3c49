"""The scenario model's input tables, read and checked against `attributes.yaml`.

Every table is a CSV whose columns are declared (type, unit, default, meaning) in
`data/scenario/attributes.yaml`. A number in a `sourced` column must carry the URL
and date of the public page it comes from: the row's `source_url`/`source_date`, or
`<column>_source_url`/`<column>_source_date` for that column alone. A blank cell
takes the declared default, which needs no source. Anything else is refused with a
`ScenarioDataError` that names the file, the line and the column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from lodemap.errors import SchemaError

TABLES = ("facilities", "conversions", "status", "ramps", "demand", "trade", "recycling")
SOURCE_COLUMNS = ("source_url", "source_date")


class ScenarioDataError(SchemaError):
    """A model table or scenario file is malformed, or a number in it has no source."""

    def __init__(self, message: str, *, path: str, line: int | None = None,
                 column: str | None = None) -> None:
        where = ", ".join(x for x in (line and f"line {line}", column and f"column {column!r}")
                          if x) or None
        super().__init__(message, path=path, where=where)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Source:
    url: str
    date: str


@dataclass
class Row:
    """One table row: typed values, the source of each sourced value, and where it was read.
    `statements` names the store statement that replaced a value (lodemap.scenario.baseline)."""


    table: str
    path: str
    line: int
    values: dict[str, Any]
    sources: dict[str, Source]
    basis: str = "sourced"
    statements: dict[str, str] = field(default_factory=dict)
    premises: dict[str, str] = field(default_factory=dict)
    """Values a scenario set, with the scenario's reason (lodemap.scenario.overlay)."""

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def key(self) -> str:
        return str(self.values[attributes()["tables"][self.table]["key"]])


def data_dir() -> Path | Traversable:
    return resources.files("lodemap") / "data" / "scenario"


@cache
def attributes() -> dict[str, Any]:
    path = data_dir() / "attributes.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def stage_names() -> list[str]:
    return list(attributes()["stages"])


def stage_units() -> dict[str, str]:
    return {s: spec["unit"] for s, spec in attributes()["stages"].items()}


def _convert(text: str, kind: str, path: str, line: int, col: str) -> Any:
    try:
        if kind == "float":
            return float(text.replace(",", ""))
        if kind == "int":
            return int(float(text))
        if kind == "floats":
            values = [float(x) for x in text.split()]
            if not values:
                raise ValueError("empty list")
            return values
        if kind == "bool":
            if text.lower() not in ("true", "false"):
                raise ValueError("not true/false")
            return text.lower() == "true"
    except ValueError as exc:
        raise ScenarioDataError(f"{text!r} is not a {kind} ({exc})", path=path, line=line,
                                column=col) from exc
    return text


def _source(row: dict[str, str], col: str) -> Source | None:
    url = row.get(f"{col}_source_url") or row.get("source_url") or ""
    date = row.get(f"{col}_source_date") or row.get("source_date") or ""
    if not url:
        return None
    return Source(url, date)


def parse_rows(table: str, text: str, path: str) -> list[Row]:
    """Rows of one table's CSV text, typed and with every sourced value's source."""
    spec = attributes()["tables"][table]
    columns: dict[str, dict[str, Any]] = spec["columns"]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h for h in reader.fieldnames or [] if h]
    allowed = set(columns) | set(SOURCE_COLUMNS) | {
        f"{c}_{s}" for c in columns for s in SOURCE_COLUMNS}
    for name in header:
        if name not in allowed:
            raise ScenarioDataError(f"undeclared column {name!r} (declare it in attributes.yaml)",
                                    path=path, line=1, column=name)
    for name, col in columns.items():
        if "default" not in col and name not in header:
            raise ScenarioDataError("required column is missing", path=path, line=1, column=name)
    rows: list[Row] = []
    for line, raw in enumerate(reader, start=2):
        cells = {k: (v or "").strip() for k, v in raw.items() if k}
        if None in raw:
            raise ScenarioDataError("more cells than columns (quote text with commas)",
                                    path=path, line=line)
        values: dict[str, Any] = {}
        sources: dict[str, Source] = {}
        for name, col in columns.items():
            text = cells.get(name, "")
            if not text:
                if "default" not in col:
                    raise ScenarioDataError("value required", path=path, line=line, column=name)
                values[name] = col["default"]
                continue
            values[name] = _convert(text, col["type"], path, line, name)
            if col.get("sourced"):
                src = _source(cells, name)
                if src is None or not src.url.startswith(("http://", "https://")) or not src.date:
                    raise ScenarioDataError(
                        "a number without a source: give source_url and source_date (or "
                        f"{name}_source_url and {name}_source_date) with an http(s) URL",
                        path=path, line=line, column=name)
                sources[name] = src
        basis = str(values.get("basis", "sourced"))
        if basis not in ("sourced", "derived", "assumption"):
            raise ScenarioDataError(f"basis {basis!r} is not sourced, derived or assumption",
                                    path=path, line=line, column="basis")
        rows.append(Row(table, path, line, values, sources, basis))
    _check_keys(table, rows, path)
    return rows


def _check_keys(table: str, rows: list[Row], path: str) -> None:
    seen: set[str] = set()
    for row in rows:
        if row.key in seen:
            raise ScenarioDataError(f"duplicate {table} key {row.key!r}", path=path,
                                    line=row.line)
        seen.add(row.key)


def read_tables(folder: str | Path | None = None) -> dict[str, list[Row]]:
    """All tables of a folder (the bundled baseline by default)."""
    base: Path | Traversable = Path(folder) if folder else data_dir()
    out: dict[str, list[Row]] = {}
    for table in TABLES:
        path = base / f"{table}.csv"
        out[table] = parse_rows(table, path.read_text(encoding="utf-8"), str(path))
    return out
