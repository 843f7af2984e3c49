"""Routes that judge an entity: chain map (JSON and SVG), country exposure, signals and
the dossier (Markdown, HTML or PDF)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from lodemap.chain import chain_position, find_exposure, render_chain_svg
from lodemap.chain.exposure import DEFAULT_KINDS, KINDS, country_code
from lodemap.chain.graph import StoreGraph
from lodemap.dossier import build_dossier, render_bytes
from lodemap.signals import compute_signals
from lodemap.web.entities import Ref, entity_of, entity_summary, store_of
from lodemap.web.guard import CSP
from lodemap.web.paging import AsOf, Limit, Offset, as_of_date, page_of

router = APIRouter(tags=["analysis"])

Tiers = Annotated[int, Query(ge=0, le=4, description="Tiers to walk (at most 4).")]

MEDIA = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
         "pdf": "application/pdf"}

DOSSIER_CSP = f"{CSP}; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
"""The dossier is one self-contained HTML file with its stylesheet and chain diagram
inline; styles are let in, script still is not (document text is escaped anyway)."""


def _chain(request: Request, ref: str, up: int, down: int, as_of: str | None) -> Any:
    return chain_position(store_of(request), entity_of(request, ref).id, up, down,
                          as_of=as_of_date(as_of))


@router.get("/entities/{ref}/chain", summary="Suppliers and customers by tier")
def chain(request: Request, ref: Ref, up: Tiers = 2, down: Tiers = 2,
          as_of: AsOf = None) -> dict[str, Any]:
    """Tier 0 is the entity, the sites it operates and its group; negative tiers are
    suppliers, positive ones customers. Every edge carries its evidence."""
    data: dict[str, Any] = _chain(request, ref, up, down, as_of).to_dict()
    return data


@router.get("/entities/{ref}/chain.svg", summary="The chain map as an SVG diagram",
            response_class=Response,
            responses={200: {"content": {"image/svg+xml": {}}}})
def chain_svg(request: Request, ref: Ref, up: Tiers = 2, down: Tiers = 2,
              as_of: AsOf = None) -> Response:
    svg = render_chain_svg(_chain(request, ref, up, down, as_of))
    return Response(svg, media_type="image/svg+xml")


@router.get("/entities/{ref}/exposure", summary="Paths by which the entity depends on a country")
def exposure(request: Request, ref: Ref,
             country: Annotated[str, Query(max_length=8, description="ISO alpha-2, e.g. CN.")],
             max_depth: Annotated[int, Query(ge=1, le=6)] = 4, customers: bool = False,
             as_of: AsOf = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    code = country_code(country)
    day = as_of_date(as_of)
    store = store_of(request)
    found = find_exposure(store, entity_of(request, ref).id, code, max_depth=max_depth,
                          as_of=day, graph=StoreGraph(store, as_of=day),
                          kinds=frozenset(KINDS) if customers else DEFAULT_KINDS)
    data = found.to_dict()
    paths = data.pop("paths", [])
    return {**data, "as_of": day, **page_of(request, paths, limit, offset)}


@router.get("/entities/{ref}/signals", summary="Signals with the statements behind them")
def signals(request: Request, ref: Ref, as_of: AsOf = None,
            signal: Annotated[list[str] | None, Query(max_length=20)] = None
            ) -> dict[str, Any]:
    ent = entity_of(request, ref)
    day = as_of_date(as_of)
    results = compute_signals(store_of(request), ent.id, as_of=day, names=signal or None)
    return {"entity": entity_summary(ent), "as_of": day,
            "signals": [r.to_dict() for r in results]}


@router.get("/entities/{ref}/dossier", summary="The cited dossier (md, html or pdf)",
            response_class=Response,
            responses={200: {"content": {m.split(";")[0]: {} for m in MEDIA.values()}}})
def dossier(request: Request, ref: Ref, format: Literal["md", "html", "pdf"] = "html",
            as_of: AsOf = None) -> Response:
    """HTML is escaped throughout (document text is untrusted); PDF comes as a download."""
    ent = entity_of(request, ref)
    built = build_dossier(store_of(request), ent, as_of=as_of_date(as_of),
                          generated=datetime.now(UTC).date().isoformat())
    headers = {}
    if format == "pdf":
        slug = "".join(c if c.isalnum() else "-" for c in ent.id).strip("-") or "dossier"
        headers["Content-Disposition"] = f'attachment; filename="{slug}.pdf"'
    elif format == "html":
        headers["Content-Security-Policy"] = DOSSIER_CSP
    return Response(render_bytes(built, format), media_type=MEDIA[format], headers=headers)
