"""Inputs as the user names them (URLs, files, folders) and loading each into a Document."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx

from lodemap.document import Document
from lodemap.errors import DocumentError
from lodemap.ingest.fetch import fetch, is_url
from lodemap.ingest.limits import max_bytes as default_max_bytes
from lodemap.ingest.limits import too_large
from lodemap.ingest.loaders import load_bytes


def _visible_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, f) for f in files if not f.startswith("."))
    found = [p for p in found if p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def expand(inputs: Iterable[str]) -> Iterator[str]:
    """Each URL as is, each file, and every file under each folder (recursively, sorted,
    hidden files and folders skipped). A path that does not exist is still yielded, so
    that loading it reports the error."""
    for item in inputs:
        if not is_url(item) and Path(item).is_dir():
            for path in _visible_files(Path(item)):
                yield str(path)
        else:
            yield item


def _read_file(item: str, max_bytes: int) -> bytes:
    """The file's bytes; refused by its size before reading, and again while reading (a
    file may grow, or report no size, as files under /proc do)."""
    path = Path(item)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DocumentError(item, "cannot read: is a directory", hint="pass its files")
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(item, "cannot read: not a regular file")
        if info.st_size > max_bytes:
            raise too_large(item, info.st_size, max_bytes)
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        why = (error.strerror or type(error).__name__).lower()
        raise DocumentError(item, f"cannot read: {why}") from error
    if len(data) > max_bytes:
        raise too_large(item, None, max_bytes)
    return data


def load_source(
    item: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = 20.0,
    total_timeout: float = 120.0,
    max_bytes: int | None = None,
) -> Document:
    """Load one input: a URL (fetched; `url` = the final address) or a file path.

    The Document's `source` is `item` as given; `max_bytes` defaults to `LODEMAP_MAX_MB`.
    Raises DocumentError for anything that cannot be fetched, read or turned into text.
    """
    limit = default_max_bytes() if max_bytes is None else max_bytes
    if is_url(item):
        body, content_type, final_url = fetch(
            item, timeout=timeout, total_timeout=total_timeout, max_bytes=limit, client=client
        )
        return load_bytes(
            body, source=item, url=final_url, media_type=content_type, max_bytes=limit
        )
    return load_bytes(_read_file(item, limit), source=item, max_bytes=limit)
