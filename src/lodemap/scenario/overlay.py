"""Scenarios: YAML files of changes applied to the baseline tables.

```yaml
name: Stillwater slips one year
years: {start: 2025, end: 2035}      # optional; the default horizon otherwise
changes:
  - action: slip                      # slip | cancel | capacity | export_control
    target: stillwater                #   | demand_growth | recycling
    years: 1
    why: Commissioning risk.          # required: the premise, shown by --explain
    source_url: https://...           # optional, with source_date
    source_date: 2025-08
```

`recycling` without a target sets every recycling plant (national aggregates keep
their rate). `target` is a facility or recycling row id, a pack entity id (every row of that
plant) or an owner id (every row of that company). A changed value keeps the
change's reason (and source, when given) so `--explain` shows it as a premise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lodemap.scenario.tables import Row, ScenarioDataError, Source, attributes, stage_names

DEFAULT_YEARS = (2025, 2035)
ACTIONS = ("slip", "cancel", "capacity", "export_control", "demand_growth", "recycling")


@dataclass
class Scenario:
    name: str
    path: str
    description: str = ""
    years: tuple[int, int] = DEFAULT_YEARS
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def horizon(self) -> range:
        return range(self.years[0], self.years[1] + 1)


def _fail(path: str, where: str, message: str) -> ScenarioDataError:
    return ScenarioDataError(message, path=path, column=where)


def load_scenario(path: str | Path) -> Scenario:
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioDataError(f"cannot read: {exc.strerror or exc}", path=str(p)) from exc
    except yaml.YAMLError as exc:
        raise ScenarioDataError(f"not YAML: {exc}", path=str(p)) from exc
    if not isinstance(data, dict) or not data.get("name"):
        raise ScenarioDataError("a scenario is a mapping with a name", path=str(p))
    years = data.get("years") or {}
    span = (int(years.get("start", DEFAULT_YEARS[0])), int(years.get("end", DEFAULT_YEARS[1])))
    if span[1] < span[0]:
        raise _fail(str(p), "years", "end before start")
    changes = data.get("changes") or []
    if not isinstance(changes, list):
        raise _fail(str(p), "changes", "changes must be a list")
    for i, ch in enumerate(changes):
        where = f"changes[{i}]"
        if not isinstance(ch, dict) or ch.get("action") not in ACTIONS:
            raise _fail(str(p), where, f"action must be one of {', '.join(ACTIONS)}")
        if not str(ch.get("why") or "").strip():
            raise _fail(str(p), where, "every change needs `why`: the premise it models")
        if bool(ch.get("source_url")) != bool(ch.get("source_date")):
            raise _fail(str(p), where, "give source_url and source_date together")
    return Scenario(str(data["name"]), str(p), str(data.get("description") or ""), span, changes)


def _targets(tables: dict[str, list[Row]], target: str, path: str, where: str,
             table_names: tuple[str, ...] = ("facilities", "recycling")) -> list[Row]:
    rows = [r for t in table_names for r in tables[t]
            if target in (r.key, r.values.get("entity"), r.values.get("owner"))]
    if not rows:
        raise _fail(path, where, f"no facility or recycling row matches target {target!r}")
    return rows


def _set(row: Row, column: str, value: Any, ch: dict[str, Any]) -> None:
    row.values[column] = value
    row.premises[column] = str(ch["why"]).strip()
    row.statements.pop(column, None)
    if ch.get("source_url"):
        row.sources[column] = Source(str(ch["source_url"]), str(ch["source_date"]))


def _number(ch: dict[str, Any], key: str, path: str, where: str) -> float:
    try:
        return float(ch[key])
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(path, f"{where}.{key}", f"{key} must be a number") from exc


def apply(scenario: Scenario, tables: dict[str, list[Row]]) -> None:
    """Apply the scenario's changes to the tables, in order (in place)."""
    path = scenario.path
    for i, ch in enumerate(scenario.changes):
        where, action = f"changes[{i}]", ch["action"]
        if action == "export_control":
            tables["trade"].append(_rule(ch, i, path))
        elif action == "demand_growth":
            growth = _number(ch, "growth", path, where)
            rows = [r for r in tables["demand"] if r["region"] == ch.get("region")
                    and ch.get("end_use") in (None, r["end_use"])]
            if not rows:
                raise _fail(path, where, "no demand row matches region/end_use")
            for r in rows:
                _set(r, "growth", growth, ch)
        elif action == "recycling":
            rows = (_targets(tables, str(ch["target"]), path, where, ("recycling",))
                    if ch.get("target") else [r for r in tables["recycling"] if not r["aggregate"]])
            for r in rows:
                _set(r, "recovery", _number(ch, "recovery", path, where), ch)
        else:
            for r in _targets(tables, str(ch.get("target")), path, where):
                if action == "slip":
                    _set(r, "start_year", r["start_year"] + int(_number(ch, "years", path, where)),
                         ch)
                elif action == "cancel":
                    _set(r, _amount_column(r), 0.0, ch)
                elif "value" in ch:
                    _set(r, _amount_column(r), _number(ch, "value", path, where), ch)
                else:
                    col = _amount_column(r)
                    _set(r, col, r[col] * _number(ch, "scale", path, where), ch)


def _amount_column(row: Row) -> str:
    return "feed" if row.table == "recycling" else "capacity"


def _rule(ch: dict[str, Any], i: int, path: str) -> Row:
    where = f"changes[{i}]"
    values = {"id": f"scenario-{i}", "product": ch.get("product"),
              "from_country": ch.get("from"), "to_region": ch.get("to"),
              "start_year": int(_number(ch, "start", path, where)),
              "end_year": int(_number(ch, "end", path, where)),
              "allowed": _number(ch, "allowed", path, where),
              "kind": ch.get("kind", "cap"), "basis": "assumption", "note": str(ch["why"])}
    if values["product"] not in stage_names():
        raise _fail(path, f"{where}.product", f"product must be a stage: {stage_names()}")
    if values["to_region"] not in attributes()["regions"]:
        raise _fail(path, f"{where}.to", f"to must be a region: {list(attributes()['regions'])}")
    if values["kind"] not in ("cap", "licence") or not 0 <= values["allowed"] <= 1:
        raise _fail(path, where, "kind is cap or licence, allowed a share from 0 to 1")
    row = Row("trade", path, 0, values, {})
    row.premises = {k: str(ch["why"]).strip() for k in ("allowed", "start_year", "end_year")}
    if ch.get("source_url"):
        row.sources = {k: Source(str(ch["source_url"]), str(ch["source_date"]))
                       for k in ("allowed", "start_year", "end_year")}
    return row
