"""The web UI: server-rendered pages over the same store as the JSON API.

Pages are Jinja2 templates with autoescape on (document text is untrusted and is
never marked safe); behaviour lives in ES modules under `static/` because the
Content-Security-Policy forbids inline script. `router` is included by
`lodemap.web.app.create_app`, which also serves `static/` through it (the vendored
cytoscape in `static/vendor/` is copied from npm by `make ui-assets`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined

from lodemap.chain import chain_position
from lodemap.dossier import build_dossier, render
from lodemap.entity import Entity
from lodemap.errors import LodemapError, NotFoundError
from lodemap.ledger import find_entity
from lodemap.lifecycle import parse_as_of
from lodemap.store import Store
from lodemap.web import ui_scenarios as scenarios
from lodemap.web.ui_dossier import dossier_body
from lodemap.web.ui_views import chain_graph, entity_href, entity_page, tier_title

STATIC = (Path(__file__).parent / "static").resolve()
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".png": "image/png", ".svg": "image/svg+xml"}
SEARCH_LIMIT = 50
HOME_COMPANIES = 12

router = APIRouter(include_in_schema=False)


@cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("lodemap", "web/templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v: f"{float(v):.0%}"
    env.filters["tonnes"] = lambda v: f"{float(v):,.0f} t"
    env.globals["entity_href"] = entity_href
    env.globals["tier_title"] = tier_title
    return env


def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_env().get_template(template).render(**context), status_code=status)


def error_page(status: int, message: str, hint: str | None = None) -> HTMLResponse:
    return page("error.html", status, title="Not found" if status == 404 else "Error",
                message=message, hint=hint)


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _entity(store: Store, entity_id: str) -> Entity:
    """An entity by id, else by name, alias or ticker (the canonical one of its cluster)."""
    return find_entity(store, entity_id)


def _as_of(text: str | None) -> str | None:
    return parse_as_of(text) if text else None


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    store = store_of(request)
    companies = [e for e in store.list_entities(entity_type="Company", limit=400)
                 if e.origin == "pack"][:HOME_COMPANIES]
    return page("home.html", title="lodemap", companies=companies, stats=store.stats())


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "") -> HTMLResponse:
    query = q.strip()
    found = (store_of(request).list_entities(query=query, limit=SEARCH_LIMIT)
             if query else [])
    return page("search.html", title=f"Search: {query}" if query else "Search",
                query=query, results=found, limit=SEARCH_LIMIT)


@router.get("/entity/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str, as_of: str | None = None,
           status: Annotated[list[str] | None, Query()] = None) -> HTMLResponse:
    try:
        store = store_of(request)
        view = entity_page(store, _entity(store, entity_id), _as_of(as_of))
    except NotFoundError as exc:
        return error_page(404, exc.message, exc.hint)
    except LodemapError as exc:
        return error_page(400, exc.message, exc.hint)
    shown = set(status) if status else set(view.statuses)
    return page("entity.html", title=view.entity.name, v=view, shown=shown,
                graph_src=f"{entity_href(view.entity.id)}/graph.json"
                + (f"?as_of={view.as_of}" if view.as_of else ""))


@router.get("/entity/{entity_id}/graph.json")
def graph(request: Request, entity_id: str, as_of: str | None = None) -> Response:
    """The chain graph as cytoscape elements (the company page's graph module reads it)."""
    try:
        store = store_of(request)
        ent = _entity(store, entity_id)
        data = chain_graph(chain_position(store, ent.id, 2, 2, as_of=_as_of(as_of)))
    except NotFoundError as exc:
        return JSONResponse({"error": {"code": "not_found", "message": exc.message,
                                       "hint": exc.hint}}, status_code=404)
    return JSONResponse(data)


@router.get("/entity/{entity_id}/dossier", response_class=HTMLResponse)
def dossier(request: Request, entity_id: str, as_of: str | None = None) -> HTMLResponse:
    try:
        store = store_of(request)
        ent = _entity(store, entity_id)
        d = build_dossier(store, ent, as_of=_as_of(as_of), generated=_today())
    except NotFoundError as exc:
        return error_page(404, exc.message, exc.hint)
    except LodemapError as exc:
        return error_page(400, exc.message, exc.hint)
    api = "/api/entities/" + quote(ent.id, safe="")
    body = dossier_body(render(d, "html"), f"{api}/chain.svg")
    return page("dossier.html", title=f"{ent.name}: dossier", entity=ent, body=body,
                pdf_href=f"{api}/dossier?format=pdf", md_href=f"{api}/dossier?format=md")


@router.get("/scenario", response_class=HTMLResponse)
def scenario(request: Request, name: str = "china-magnet-ban-us",
             region: str = "US") -> HTMLResponse:
    options = scenarios.examples()
    if name not in options:
        return error_page(404, f"no example scenario {name!r}", "pick one from the list")
    rep = scenarios.report(store_of(request), name)
    regions = list(rep.model.regions)
    if region not in regions:
        return error_page(404, f"no region {region!r}", f"use one of {', '.join(regions)}")
    return page("scenario.html", title=f"Scenario: {options[name]}", options=options,
                name=name, region=region, regions=regions, rep=rep,
                rows=scenarios.region_rows(rep, region),
                chart_src=f"/scenario/chart.png?name={name}&region={region}")


@router.get("/scenario/chart.png")
def scenario_chart(request: Request, name: str, region: str = "US") -> Response:
    if name not in scenarios.examples():
        return error_page(404, f"no example scenario {name!r}")
    rep = scenarios.report(store_of(request), name)
    if region not in rep.model.regions:
        return error_page(404, f"no region {region!r}")
    return Response(scenarios.chart_png(rep, region), media_type="image/png",
                    headers={"Cache-Control": "max-age=300"})


@router.get("/static/{path:path}")
def static(path: str) -> Response:
    """Files under `static/` (stylesheet, ES modules, vendored cytoscape); nothing outside
    it, and only the kinds of file the UI uses."""
    file = (STATIC / path).resolve()
    media = STATIC_TYPES.get(file.suffix)
    if media is None or not file.is_relative_to(STATIC) or not file.is_file():
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(file, media_type=media, headers={"Cache-Control": "no-cache"})


def _today() -> str:
    return datetime.now(UTC).date().isoformat()
