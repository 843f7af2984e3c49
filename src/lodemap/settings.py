"""Settings, each declared once with its default, help text and environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.env) or self.default


DB = Setting("db", "LODEMAP_DB", "lodemap.db",
             "Knowledge store: a SQLite file path or any SQLAlchemy URL.")

WATCHLIST = Setting("watchlist", "LODEMAP_WATCHLIST", "",
                    "Optional YAML watch-list of extra organisations to recognise "
                    "(same format as the pack's entities.yaml).")

SEGMENTER = Setting("segmenter", "LODEMAP_SEGMENTER", "regex",
                    "Sentence segmenter: `regex` (fast, default) or `spacy` (spaCy's blank "
                    "English tokenizer and sentencizer).")

MAX_MB = Setting("max-mb", "LODEMAP_MAX_MB", "50",
                 "Largest document lodemap reads, in MB: files, HTTP bodies and decompressed "
                 "bodies.")

TOKEN = Setting("token", "LODEMAP_TOKEN", "",
                "Bearer token of the web API's write routes (ingest, merge, split); unset, "
                "they are disabled.")

ALLOW_PRIVATE_URLS = Setting("allow-private-urls", "LODEMAP_ALLOW_PRIVATE_URLS", "0",
                             "1 lets the web API's URL ingest fetch loopback, link-local and "
                             "private addresses (refused by default).")

RATE_LIMIT = Setting("rate-limit", "LODEMAP_RATE_LIMIT", "50",
                     "Web API requests per second per client address, on average (0: no "
                     "limit); past it the answer is 429 with Retry-After.")

RATE_BURST = Setting("rate-burst", "LODEMAP_RATE_BURST", "100",
                     "Web API requests a client may send at once before the rate applies.")
