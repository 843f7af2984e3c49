"""Ingestion: from paths and URLs to `Document`s (plain text with headers, HTML, PDF).

    for item in expand(["articles/", "https://example.org/news"]):
        try:
            document = load_source(item)
        except DocumentError as error:  # one bad input skips only itself
            ...

Every per-document failure is a `DocumentError`; the batch goes on with the rest.
"""

from __future__ import annotations

from lodemap.ingest.fetch import fetch, is_url
from lodemap.ingest.headers import normalise_date, parse_headers
from lodemap.ingest.limits import MAX_BYTES
from lodemap.ingest.loaders import LOADERS, load_bytes, loader
from lodemap.ingest.sources import expand, load_source

__all__ = [
    "LOADERS",
    "MAX_BYTES",
    "expand",
    "fetch",
    "is_url",
    "load_bytes",
    "load_source",
    "loader",
    "normalise_date",
    "parse_headers",
]
