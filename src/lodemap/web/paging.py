"""Pagination and the query parameters many routes share.

Every list that can be long comes as `{"items", "limit", "offset", "total", "next"}`:
`next` is the path and query of the following page, or null on the last one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import Query, Request

from lodemap.errors import LodemapError
from lodemap.lifecycle import parse_as_of
from lodemap.web.errors import ApiError

MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
AsOf = Annotated[str | None, Query(
    max_length=10, description="Answer as of this date (YYYY-MM-DD, YYYY-MM or YYYY): only "
    "statements dated on or before it count.")]
MinConfidence = Annotated[float, Query(ge=0.0, le=1.0,
                                       description="Ignore statements below this confidence.")]


def as_of_date(text: str | None) -> str | None:
    """The `as_of` parameter as an ISO date; a malformed date is a 422."""
    if text is None or not text.strip():
        return None
    try:
        return parse_as_of(text)
    except LodemapError as exc:
        raise ApiError(422, f"query parameter 'as_of': {exc.message}", hint=exc.hint) from exc


def page(request: Request, items: Sequence[Any], limit: int, offset: int,
         total: int | None = None) -> dict[str, Any]:
    """One page. Without `total`, `items` may hold one item past the page, which only
    says whether a next page exists."""
    more = offset + limit < total if total is not None else len(items) > limit
    following = None
    if more:
        url = request.url.include_query_params(offset=offset + limit, limit=limit)
        following = f"{url.path}?{url.query}"
    return {"items": list(items[:limit]), "limit": limit, "offset": offset, "total": total,
            "next": following}


def page_of(request: Request, items: Sequence[Any], limit: int,
            offset: int) -> dict[str, Any]:
    """A page of a list built whole in memory (a ledger, conflicts)."""
    return page(request, items[offset:offset + limit], limit, offset, len(items))
