"""Scenario routes: the shipped example scenarios by name, or a posted YAML overlay,
run against the tables overlaid with the served store, and compared (B minus A)."""

from __future__ import annotations

import dataclasses
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from starlette.concurrency import run_in_threadpool

from lodemap.scenario import run_scenario
from lodemap.scenario.compare import compare as compare_reports
from lodemap.scenario.overlay import Scenario, load_scenario
from lodemap.scenario.report import Report
from lodemap.scenario.tables import ScenarioDataError, data_dir
from lodemap.web.entities import store_of
from lodemap.web.errors import ApiError

router = APIRouter(tags=["scenarios"])

MAX_YAML = 256_000
"""A scenario is a page of YAML; anything near this size is not one."""

RUNS = threading.BoundedSemaphore(2)
"""Model runs at once: each holds a core for its draws; the rest wait their turn."""

Draws = Annotated[int, Query(ge=0, le=2000, description="Monte Carlo draws (0: plan only).")]
Seed = Annotated[int, Query(ge=0, le=2**31)]
Name = Annotated[str, Query(max_length=80, description="An example scenario's name.")]
PathName = Annotated[str, PathParam(max_length=80, description="An example scenario's name.")]
YAML_BODY = {"requestBody": {"required": True, "content": {
    "application/yaml": {"schema": {"type": "string"}},
    "text/yaml": {"schema": {"type": "string"}}}}}


def examples() -> dict[str, Path]:
    folder = Path(str(data_dir())) / "examples"
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def _example(name: str) -> Scenario:
    found = examples().get(name)
    if found is None:
        raise ApiError(404, f"no example scenario {name!r}",
                       hint=f"one of: {', '.join(examples())}")
    return load_scenario(found)


async def _posted(request: Request) -> Scenario:
    """The request body as a scenario; errors name it "posted scenario", not a temp file."""
    body = await request.body()
    if len(body) > MAX_YAML:
        raise ApiError(413, f"scenario too large: {len(body):,} bytes",
                       hint=f"a scenario is at most {MAX_YAML:,} bytes of YAML")
    if not body.strip():
        raise ApiError(422, "empty request body", hint="post a scenario as YAML")
    with tempfile.TemporaryDirectory(prefix="lodemap-scenario-") as folder:
        path = Path(folder) / "posted.yaml"
        path.write_bytes(body)
        try:
            scenario = load_scenario(path)
        except ScenarioDataError as exc:
            raise ApiError(422, exc.message.replace(str(path), "posted scenario"),
                           hint=exc.hint or "see docs/scenario.md") from exc
    return dataclasses.replace(scenario, path="posted scenario")


def _run(request: Request, scenario: Scenario, draws: int, seed: int) -> Report:
    with RUNS:
        return run_scenario(scenario, store=store_of(request), draws=draws, seed=seed)


@router.get("/scenarios", summary="The example scenarios shipped with lodemap")
def scenarios() -> dict[str, Any]:
    items = []
    for name, path in examples().items():
        sc = load_scenario(path)
        items.append({"name": name, "title": sc.name, "description": sc.description,
                      "years": list(sc.years)})
    return {"items": items}


@router.get("/scenarios/{name}", summary="Run an example scenario")
def run_example(request: Request, name: PathName, draws: Draws = 200,
                seed: Seed = 0) -> dict[str, Any]:
    data: dict[str, Any] = _run(request, _example(name), draws, seed).to_dict()
    return data


@router.post("/scenarios/run", summary="Run a posted YAML scenario", openapi_extra=YAML_BODY)
async def run_posted(request: Request, draws: Draws = 200, seed: Seed = 0) -> dict[str, Any]:
    scenario = await _posted(request)
    report = await run_in_threadpool(_run, request, scenario, draws, seed)
    data: dict[str, Any] = report.to_dict()
    return data


@router.get("/scenarios/compare/{a}/{b}", summary="Compare two example scenarios (B minus A)")
def compare_examples(request: Request, a: PathName, b: PathName,
                     draws: Draws = 200) -> dict[str, Any]:
    return compare_reports(_run(request, _example(a), draws, 0),
                           _run(request, _example(b), draws, 0))


@router.post("/scenarios/compare", summary="Compare a posted YAML scenario (B) with an example (A)",
             openapi_extra=YAML_BODY)
async def compare_posted(request: Request, a: Name = "baseline",
                         draws: Draws = 200) -> dict[str, Any]:
    scenario_b = await _posted(request)
    scenario_a = _example(a)
    report_a = await run_in_threadpool(_run, request, scenario_a, draws, 0)
    report_b = await run_in_threadpool(_run, request, scenario_b, draws, 0)
    return compare_reports(report_a, report_b)
