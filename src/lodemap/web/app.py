"""The lodemap web application: JSON routes under /api/, pages (lodemap.web.ui) at /.

`create_app(db_url)` opens the store once and serves it; `lodemap serve` runs the app
under Uvicorn. Read-only unless a token is configured (`LODEMAP_TOKEN`); every
response carries the security headers and every error the one body shape
(`lodemap.web.errors`).
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from lodemap import __version__, settings
from lodemap.errors import LodemapError
from lodemap.ingest.limits import max_bytes
from lodemap.store import Store
from lodemap.web import errors
from lodemap.web.guard import BODY_SLACK, Guard, TokenBucket

UI_MODULE = "lodemap.web.ui"


def _float(setting: settings.Setting) -> float:
    value = setting.get()
    try:
        return float(value)
    except ValueError as exc:
        raise LodemapError(f"{setting.env}={value!r} is not a number",
                                  hint=setting.help) from exc


def create_app(db_url: str, *, token: str | None = None, allow_private: bool | None = None,
               rate: float | None = None, burst: float | None = None,
               max_body: int | None = None) -> FastAPI:
    """The application over the store at `db_url`. Unset arguments come from the
    settings: `LODEMAP_TOKEN`, `LODEMAP_ALLOW_PRIVATE_URLS`, `LODEMAP_RATE_LIMIT`,
    `LODEMAP_RATE_BURST`, and `LODEMAP_MAX_MB` for the request body limit.
    A rate of 0 turns the rate limit off."""
    from lodemap.web import analysis, entities, scenarios, writes

    store = Store.open(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="lodemap", version=__version__, lifespan=lifespan,
                  description="Sourced supply-chain relationships of the rare-earth "
                  "mine-to-magnet chain: search, ledgers with evidence, chain maps, "
                  "conflicts, signals, dossiers and scenarios.",
                  docs_url=None, redoc_url=None)  # the docs pages load third-party script
    app.state.store = store
    app.state.token = (token if token is not None else settings.TOKEN.get()) or None
    app.state.allow_private = (allow_private if allow_private is not None
                               else settings.ALLOW_PRIVATE_URLS.get() == "1")
    app.state.pipeline = None
    app.state.write_lock = threading.Lock()
    errors.install(app)
    for module in (entities, analysis, scenarios, writes):
        app.include_router(module.router, prefix="/api")
    if importlib.util.find_spec(UI_MODULE) is not None:
        # The pages are built beside the API; mounted when present.
        app.include_router(importlib.import_module(UI_MODULE).router)
    per_second = _float(settings.RATE_LIMIT) if rate is None else rate
    limiter = None
    if per_second > 0:
        limiter = TokenBucket(per_second, max(1.0, _float(settings.RATE_BURST)
                                              if burst is None else burst))
    app.add_middleware(Guard, limiter=limiter,
                       max_body=(max_bytes() if max_body is None else max_body) + BODY_SLACK)
    return app
