"""One error body for every HTTP error: `{"error": {"code", "message", "hint"}}`.

Clients branch on `code`; `message` says what went wrong and `hint` (or null) how to
fix it. Starlette's own errors (unknown route, wrong method), FastAPI's validation
errors, lodemap's errors and anything unexpected all leave in this shape; an
unexpected exception is logged here and never shown to the client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from lodemap.errors import DocumentError, LodemapError, NotFoundError, StoreError, UsageError

log = logging.getLogger("lodemap.web")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
         422: "invalid_request", 429: "rate_limited", 500: "internal_error",
         503: "unavailable"}


class ApiError(Exception):
    """An error a route raises on purpose, with its status, code and hint."""

    def __init__(self, status: int, message: str, *, hint: str | None = None,
                 code: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.hint = hint
        self.headers = headers


def error_body(status: int, message: str, hint: str | None = None,
               code: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code or CODES.get(status, "error"), "message": message,
                      "hint": hint}}


def error_response(status: int, message: str, hint: str | None = None, *,
                   code: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, hint, code), status_code=status,
                        headers=headers)


def from_lodemap(exc: LodemapError) -> ApiError:
    """The HTTP form of a lodemap error: its message and hint, a fitting status."""
    if isinstance(exc, NotFoundError):
        return ApiError(404, exc.message, hint=exc.hint)
    if isinstance(exc, DocumentError):
        status = 413 if "too large" in exc.reason else 422
        return ApiError(status, str(exc.message), hint=exc.hint,
                        code="too_large" if status == 413 else "document_failed")
    if isinstance(exc, StoreError):
        log.error("store error: %s", exc)
        return ApiError(503, "the knowledge store is not available",
                        hint="try again later; the server log has the details")
    if isinstance(exc, UsageError):
        return ApiError(422, exc.message, hint=exc.hint)
    # Schema and scenario data errors name the offending file and entry: for a posted
    # scenario that is the client's own input.
    return ApiError(422 if exc.exit_code == 3 else 400, exc.message, hint=exc.hint)


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "body", "header", "cookie"):
        return f"{parts[0]} parameter {'.'.join(parts[1:])!r}" if parts[1:] else parts[0]
    return ".".join(parts)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, exc.hint, code=exc.code,
                          headers=exc.headers)


async def _lodemap_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LodemapError)
    return await _api_error(request, from_lodemap(exc))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        message = f"no route {request.url.path}"
        hint: str | None = "see /openapi.json for the routes"
        if request.scope.get("route") is not None:  # a route raised it: keep its words
            message, hint = str(exc.detail), None
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
        hint = f"allowed: {exc.headers.get('Allow', '?')}" if exc.headers else None
    else:
        message, hint = str(exc.detail), None
    return error_response(exc.status_code, message, hint,
                          headers=dict(exc.headers) if exc.headers else None)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [f"{_where(e.get('loc', ()))}: {e.get('msg', 'invalid')}"
                for e in exc.errors()]
    return error_response(422, "; ".join(problems) or "invalid request",
                          "see /openapi.json for each route's parameters")


def internal_error() -> JSONResponse:
    return error_response(500, "internal error", "the server log has the details")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(LodemapError, _lodemap_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
