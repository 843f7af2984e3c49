"""Hostile and broken HTTP responses from a real loopback server: each is one specific
DocumentError naming the URL, and memory stays near the size limit under a gzip bomb."""

from __future__ import annotations

import tracemalloc

import pytest

from lodemap.errors import DocumentError
from lodemap.ingest import fetch, load_source

from .conftest import ARTICLE_TEXT, BOMB_MB, compress


def load_error(url: str, **kwargs: object) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        load_source(url, **kwargs)  # type: ignore[arg-type]
    assert caught.value.source == url
    return caught.value


@pytest.mark.parametrize(
    ("path", "limits", "reason"),
    [
        ("/server-error", {}, "fetch failed: HTTP 500"),
        ("/no-location", {}, "fetch failed: HTTP 302"),
        ("/truncated", {}, "fetch failed: truncated body: the connection closed before the end"),
        ("/not-http", {}, "fetch failed: invalid HTTP response"),
        ("/stall-body", {"timeout": 0.3}, "fetch failed: timed out after 0.3 s"),
        ("/endless", {"max_bytes": 100_000}, "fetch failed: too large: over the 100 kB limit"),
        ("/drip", {"total_timeout": 0.5}, "fetch failed: took longer than 0.5 s in total"),
        ("/gzip-truncated", {}, "fetch failed: broken gzip body: the compressed stream ends early"),
        ("/brotli", {}, "fetch failed: unsupported Content-Encoding 'br'"),
        ("/image-declared-binary", {}, "binary content: not text, HTML or PDF"),
        ("/pdf-declared-html-body", {}, "broken PDF: no %PDF- header"),
    ],
)
def test_bad_response(server: str, path: str, limits: dict[str, float], reason: str) -> None:
    assert load_error(f"{server}{path}", **limits).reason == reason


def test_hints_say_what_was_declared_and_found(server: str) -> None:
    assert load_error(f"{server}/pdf-declared-html-body").hint == "the content looks like HTML"
    binary = load_error(f"{server}/image-declared-binary").hint or ""
    assert binary.endswith("this was declared as image/png")
    redirect = load_error(f"{server}/no-location").hint or ""
    assert redirect.endswith("without a Location to follow")


def test_corrupt_gzip(server: str) -> None:
    reason = load_error(f"{server}/gzip-garbage").reason
    assert reason.startswith("fetch failed: broken gzip body: Error -3")


def test_gzip_bomb_stops_at_the_limit_without_expanding(server: str) -> None:
    tracemalloc.start()
    try:
        error = load_error(f"{server}/gzip-bomb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.reason == "fetch failed: decompressed body too large: over the 50 MB limit"
    assert BOMB_MB * 1_000_000 > 50_000_000
    # The body grows to the limit and no further; nothing expands a whole read at once.
    assert peak < 60_000_000


@pytest.mark.parametrize("path", ["/gzip", "/deflate-zlib", "/deflate-raw"])
def test_compressed_bodies_are_decoded(server: str, path: str) -> None:
    body, content_type, _ = fetch(f"{server}{path}")
    assert body == ARTICLE_TEXT.encode()
    assert content_type == "text/plain"


def test_compressed_body_counts_its_decompressed_size(server: str) -> None:
    compressed_ok = load_source(f"{server}/gzip", max_bytes=len(ARTICLE_TEXT))
    assert compressed_ok.title == "Cobalt Ridge and Petrel Batteries sign supply deal"
    limit = len(ARTICLE_TEXT) - 1  # more than the compressed size, less than the text
    assert limit > len(compress(ARTICLE_TEXT.encode()))
    error = load_error(f"{server}/gzip", max_bytes=limit)
    assert error.reason == (
        f"fetch failed: decompressed body too large: over the {limit} bytes limit"
    )


def test_wrong_content_type_the_bytes_win(server: str) -> None:
    document = load_source(f"{server}/html-declared-pdf-body")
    assert document.media_type == "application/pdf"
    assert document.text == "Fenwick Graphite sold its mill."


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/cyrillic-declared", "Норильский никель увеличил выпуск палладия.\n"),
        ("/utf16-declared", "Gallium exports resumed.\n"),
        # Declared UTF-8 that is not: the bytes are read as cp1252 rather than refused.
        ("/utf8-declared-cp1252-body", "Café owners said the “Niño” mine reopened.\n"),
    ],
)
def test_declared_charset(server: str, path: str, text: str) -> None:
    assert load_source(f"{server}{path}").text == text
