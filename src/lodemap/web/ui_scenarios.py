"""The scenario page's data: the shipped example scenarios, run against the app's store.

Runs are cached by scenario, draw count and the store's statement count, because a
page view asks twice (the page, then its chart) and the store only grows.
"""

from __future__ import annotations

import tempfile
from collections import OrderedDict
from pathlib import Path
from threading import Lock
from typing import Any

import yaml

from lodemap.errors import LodemapError
from lodemap.scenario import Report, run_scenario
from lodemap.scenario.chart import render_chart
from lodemap.scenario.tables import data_dir
from lodemap.store import Store

DRAWS = 300
"""Monte Carlo draws per page view: enough for a stable P10–P90 band in a fraction of a
second (the CLI's default of 1000 is for reports)."""
CACHE_SIZE = 16
_cache: OrderedDict[tuple[str, int, int], Report] = OrderedDict()
_lock = Lock()


def examples() -> dict[str, str]:
    """Example scenarios: file stem → its name, baseline first."""
    folder = data_dir() / "examples"
    found = {}
    for item in sorted(folder.iterdir(), key=lambda p: (p.name != "baseline.yaml", p.name)):
        if item.name.endswith(".yaml"):
            data = yaml.safe_load(item.read_text(encoding="utf-8"))
            found[item.name.removesuffix(".yaml")] = str(data.get("name", item.name))
    return found


def example_path(key: str) -> Path:
    if key not in examples():
        raise LodemapError(f"no example scenario {key!r}", hint="pick one from the list")
    return Path(str(data_dir() / "examples" / f"{key}.yaml"))


def report(store: Store, key: str, draws: int = DRAWS) -> Report:
    stamp = (key, draws, store.stats()["statements"])
    with _lock:
        if stamp in _cache:
            _cache.move_to_end(stamp)
            return _cache[stamp]
    rep = run_scenario(example_path(key), store=store, draws=draws, seed=0)
    with _lock:
        _cache[stamp] = rep
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return rep


def region_rows(rep: Report, region: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = rep.to_dict()["regions"][region]
    return rows


def chart_png(rep: Report, region: str) -> bytes:
    """The scenario chart (coverage by region, supply by stage for `region`) as PNG: a
    raster needs no style attributes, which the page's Content-Security-Policy refuses."""
    with tempfile.TemporaryDirectory() as tmp:
        path = render_chart(rep, Path(tmp) / "chart.png", region)
        return path.read_bytes()
