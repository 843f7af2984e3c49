"""The outermost layer of every request: rate limit, body size, security headers, and the
last catch for unexpected errors.

Written as plain ASGI rather than Starlette's BaseHTTPMiddleware: it sits on the path
of every request, and the plain form adds no task or stream per request.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lodemap.ingest.limits import size_text
from lodemap.web.errors import error_response, internal_error

log = logging.getLogger("lodemap.web")

CSP = ("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'")
"""No inline script, no plug-ins, no framing: a payload that slips into a page cannot run."""

HEADERS = [(b"content-security-policy", CSP.encode()),
           (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY")]

BODY_SLACK = 64_000
"""Bytes allowed beyond the document limit for multipart framing and form fields."""

MAX_CLIENTS = 10_000
"""Buckets kept before idle ones are dropped, so that many addresses cannot grow memory."""


@dataclass
class TokenBucket:
    """Per-client token buckets: `rate` requests a second on average, bursts of `burst`."""

    rate: float
    burst: float
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def take(self, client: str, now: float) -> float:
        """0 if the client may go ahead (a token is spent), else seconds to wait."""
        tokens, then = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        if tokens >= 1:
            if len(self.buckets) >= MAX_CLIENTS and client not in self.buckets:
                self._prune(now)
            self.buckets[client] = (tokens - 1, now)
            return 0.0
        self.buckets[client] = (tokens, now)
        return (1 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        # A bucket idle long enough to be full again holds nothing worth keeping.
        full = self.burst / self.rate
        self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < full}


class Guard:
    """ASGI middleware: 429 past the rate, 413 past the body limit, security headers on
    every response, and the one error shape (logged, without a trace) for a crash."""

    def __init__(self, app: ASGIApp, *, limiter: TokenBucket | None,
                 max_body: int) -> None:
        self.app = app
        self.limiter = limiter
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.limiter is not None:
            client = scope.get("client")
            wait = self.limiter.take(client[0] if client else "-", time.monotonic())
            if wait > 0:
                await self._reject(send, 429, "too many requests",
                                   f"at most {self.limiter.rate:g} a second on average; "
                                   "retry after the Retry-After seconds",
                                   {"Retry-After": str(math.ceil(wait))})
                return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            await self._reject(send, 413, f"request body too large: {size_text(int(declared))}",
                               self._limit_hint())
            return
        await self._run(scope, receive, send)

    def _limit_hint(self) -> str:
        return (f"at most {size_text(self.max_body - BODY_SLACK)} a document "
                "(LODEMAP_MAX_MB)")

    async def _run(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = {"seen": 0, "too_big": False, "started": False}

        async def counted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                state["seen"] += len(message.get("body", b""))
                if state["seen"] > self.max_body:
                    # Tell the app the client went away: it stops reading, and the 413
                    # below goes out instead of whatever the app would have said.
                    state["too_big"] = True
                    return {"type": "http.disconnect"}
            return message

        async def headed(message: Message) -> None:
            if state["too_big"]:
                return
            if message["type"] == "http.response.start":
                state["started"] = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in HEADERS if h[0] not in present)]
            await send(message)

        try:
            await self.app(scope, counted, headed)
        except Exception:
            if not state["too_big"]:
                log.exception("unexpected error on %s %s", scope.get("method"),
                              scope.get("path"))
                if state["started"]:
                    raise
                await internal_error()(scope, receive, self._headed(send))
                return
        if state["too_big"]:
            await self._reject(send, 413, "request body too large", self._limit_hint())

    async def _reject(self, send: Send, status: int, message: str, hint: str,
                      headers: dict[str, str] | None = None) -> None:
        response = error_response(status, message, hint, headers=headers)
        await response({"type": "http"}, _nothing, self._headed(send))

    def _headed(self, send: Send) -> Send:
        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)
        return headed


async def _nothing() -> Any:
    return {"type": "http.disconnect"}
