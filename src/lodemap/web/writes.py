"""Write routes: ingest a URL or an uploaded file, merge and split entities.

Each needs the bearer token (`lodemap.web.access.require_token`). Writes go one at a
time through one lock: the pipeline's resolver learns names as documents arrive, and
SQLite takes one writer anyway.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from lodemap.document import Document
from lodemap.errors import DocumentError
from lodemap.ingest.fetch import is_url
from lodemap.ingest.limits import max_bytes, too_large
from lodemap.ingest.loaders import load_bytes
from lodemap.ingest.sources import load_source
from lodemap.ledger import find_entity
from lodemap.pipeline import ItemResult, Pipeline
from lodemap.resolution.decisions import merge as merge_entities
from lodemap.resolution.decisions import split as split_entity
from lodemap.web.access import PrivateAddressError, fetch_client, require_token
from lodemap.web.entities import Ref, store_of
from lodemap.web.errors import ApiError

router = APIRouter(tags=["write"], dependencies=[Depends(require_token)])

Short = Field(default=None, max_length=500)


class UrlIn(BaseModel):
    url: str = Field(max_length=2000, description="An http(s) address to fetch and ingest.")


class MergeIn(BaseModel):
    a: str = Field(max_length=300, description="Entity id, name, alias or ticker.")
    b: str = Field(max_length=300, description="Entity id, name, alias or ticker.")
    reason: str | None = Short
    author: str | None = Field(default=None, max_length=80)


class SplitIn(BaseModel):
    reason: str | None = Short
    author: str | None = Field(default=None, max_length=80)


def _store_doc(request: Request, doc: Document) -> dict[str, Any]:
    state = request.app.state
    with state.write_lock:
        if state.pipeline is None:
            state.pipeline = Pipeline(store_of(request))
        result: ItemResult = state.pipeline.process(doc)
    return asdict(result)


def _fetch(request: Request, url: str) -> Document:
    with fetch_client(url, request.app.state.allow_private) as client:
        return load_source(url, client=client, max_bytes=max_bytes())


@router.post("/ingest/url", summary="Fetch a URL and ingest it", status_code=201)
async def ingest_url(request: Request, body: UrlIn) -> dict[str, Any]:
    if not is_url(body.url):
        raise ApiError(422, f"not a URL: {body.url!r}", hint="give an http(s):// address")
    try:
        doc = await run_in_threadpool(_fetch, request, body.url)
    except PrivateAddressError as exc:
        raise ApiError(422, exc.message, hint=exc.hint, code="private_address") from exc
    return await run_in_threadpool(_store_doc, request, doc)


@router.post("/ingest/upload", summary="Upload a document (text, HTML or PDF) and ingest it",
             status_code=201)
async def ingest_upload(request: Request,
                        file: Annotated[UploadFile, File(description="The document.")]
                        ) -> dict[str, Any]:
    limit = max_bytes()
    data = await file.read(limit + 1)
    name = file.filename or "upload"
    if len(data) > limit:
        raise too_large(name, None, limit)
    try:
        doc = load_bytes(data, source=name, media_type=file.content_type, max_bytes=limit)
    except DocumentError as exc:
        exc.message = exc.reason  # the name is the client's own: no need to repeat it
        raise
    return await run_in_threadpool(_store_doc, request, doc)


def _judged(request: Request, act: Any) -> dict[str, Any]:
    with request.app.state.write_lock:
        appended = act(store_of(request))
    return {"judgements": [j.to_dict() for j in appended]}


@router.post("/entities/merge", summary="Judge two entities to be one")
def merge(request: Request, body: MergeIn) -> dict[str, Any]:
    store = store_of(request)
    left = find_entity(store, body.a, canonical=False)
    right = find_entity(store, body.b, canonical=False)
    if left.id == right.id:
        raise ApiError(422, f"{body.a!r} and {body.b!r} are the same entity ({left.id})")
    return _judged(request, lambda s: merge_entities(s, left.id, right.id, author=body.author,
                                                     reason=body.reason))


@router.post("/entities/{ref}/split", summary="Take an entity out of its cluster")
def split(request: Request, ref: Ref, body: SplitIn | None = None) -> dict[str, Any]:
    ent = find_entity(store_of(request), ref, canonical=False)
    given = body or SplitIn()
    return _judged(request, lambda s: split_entity(s, ent.id, author=given.author,
                                                   reason=given.reason))
