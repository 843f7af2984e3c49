"""`lodemap serve`: the HTTP API and the pages, under Uvicorn.

Registers itself on the `lodemap` Typer app (imported at the end of `cli/app.py`).
Binds 127.0.0.1 unless told otherwise: write routes need `LODEMAP_TOKEN`, but reads
are open to whoever can reach the port. Exit codes: 0 stopped, 5 store error.
"""

from __future__ import annotations

from typing import Annotated

import typer

from lodemap import settings
from lodemap.cli.app import DbOption, _fail, app, err
from lodemap.errors import LodemapError


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                      help="Port to listen on (0: any free port).")] = 8000,
    db: DbOption = settings.DB.default,
) -> None:
    """Serve the JSON API under /api/ (OpenAPI at /openapi.json) and the pages at /.
    Read-only unless LODEMAP_TOKEN is set; see README "Web API"."""
    import uvicorn

    from lodemap.web import create_app

    try:
        web = create_app(db)
    except LodemapError as exc:
        raise _fail(exc) from exc
    writes = "on (LODEMAP_TOKEN)" if web.state.token else "off (no LODEMAP_TOKEN)"
    err.print(f"lodemap serving {db} on http://{host}:{port}/ — write routes {writes}",
              markup=False, highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
