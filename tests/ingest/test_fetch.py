"""fetch() and load_source() against a real loopback HTTP server (no other network)."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from lodemap.errors import DocumentError
from lodemap.ingest import fetch, load_source
from lodemap.ingest.fetch import is_url

from .conftest import ARTICLE_HTML, ARTICLE_TEXT


def fetch_error(url: str, **kwargs: object) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        fetch(url, **kwargs)  # type: ignore[arg-type]
    return caught.value


def load_error(item: str, **kwargs: object) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        load_source(item, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_fetch_returns_body_type_and_final_url(server: str) -> None:
    body, content_type, final = fetch(f"{server}/article.html")
    assert body == ARTICLE_HTML
    assert content_type == "text/html; charset=utf-8"
    assert final == f"{server}/article.html"


def test_fetch_follows_redirect(server: str) -> None:
    body, _, final = fetch(f"{server}/moved")
    assert body == ARTICLE_TEXT.encode()
    assert final == f"{server}/article.txt"


def test_fetch_uses_given_client_and_leaves_it_open(server: str) -> None:
    with httpx.Client() as client:
        fetch(f"{server}/article.txt", client=client)
        assert not client.is_closed
        fetch(f"{server}/moved", client=client)


def test_http_404(server: str) -> None:
    error = fetch_error(f"{server}/nowhere")
    assert (error.source, error.reason) == (f"{server}/nowhere", "fetch failed: HTTP 404")


def test_redirect_loop(server: str) -> None:
    error = fetch_error(f"{server}/loop", max_redirects=3)
    assert error.reason == "fetch failed: too many redirects"


def test_redirect_to_other_scheme_refused(server: str) -> None:
    error = fetch_error(f"{server}/to-ftp")
    assert error.reason == "fetch failed: unsupported scheme 'ftp'"


def test_zero_redirects_allowed(server: str) -> None:
    assert fetch_error(f"{server}/moved", max_redirects=0).reason == (
        "fetch failed: too many redirects"
    )


def test_timeout(server: str) -> None:
    started = time.monotonic()
    error = fetch_error(f"{server}/slow", timeout=0.3)
    assert error.reason == "fetch failed: timed out after 0.3 s"
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/big", "fetch failed: too large: 18 kB > 1 kB limit"),  # by its Content-Length
        ("/big-chunked", "fetch failed: too large: over the 1 kB limit"),  # while streaming
    ],
)
def test_byte_cap(server: str, path: str, reason: str) -> None:
    assert fetch_error(f"{server}{path}", max_bytes=1000).reason == reason


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    error = fetch_error(f"http://127.0.0.1:{port}/article.html", timeout=2.0)
    assert error.reason == "fetch failed: connection refused"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://files.example.com/a.txt", "fetch failed: unsupported scheme 'ftp'"),
        ("file:///etc/hostname", "fetch failed: unsupported scheme 'file'"),
    ],
)
def test_only_http_schemes(url: str, reason: str) -> None:
    assert fetch_error(url).reason == reason
    assert load_error(url).reason == reason


def test_is_url() -> None:
    assert is_url("https://example.org/x")
    assert is_url("ftp://example.org/x")
    assert not is_url("articles/x.txt")
    assert not is_url("C:\\articles\\x.txt")


# --- load_source over HTTP ------------------------------------------------------------------


def test_load_html_url(server: str) -> None:
    url = f"{server}/article.html"
    document = load_source(url)
    assert document.source == url
    assert document.url == url
    assert document.media_type == "text/html"
    assert "Lantern Magnetics" in document.text
    assert "alert(1)" not in document.text
    assert document.title == "Harbour Rare Earths opens separation plant"
    assert document.published == "2022-08-16"


def test_load_text_url_after_redirect(server: str) -> None:
    document = load_source(f"{server}/moved")
    assert document.source == f"{server}/moved"
    assert document.url == f"{server}/article.txt"
    assert document.title == "Cobalt Ridge and Petrel Batteries sign supply deal"
    assert document.published == "2023-01-09"
    assert document.text.startswith("Cobalt Ridge Mining will supply cobalt sulphate")
    assert document.text.endswith("The deal runs for five years.\n")


def test_load_pdf_url(server: str) -> None:
    document = load_source(f"{server}/report.pdf")
    assert document.media_type == "application/pdf"
    assert document.title == "Fenwick Q3"
    assert document.text == "Quarterly report of Fenwick Graphite."


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/nowhere", "fetch failed: HTTP 404"),
        ("/loop", "fetch failed: too many redirects"),
        ("/empty", "empty document: no text"),
        ("/binary", "binary content: not text, HTML or PDF"),
    ],
)
def test_load_source_url_errors(server: str, path: str, reason: str) -> None:
    error = load_error(f"{server}{path}")
    assert (error.source, error.reason) == (f"{server}{path}", reason)


def test_load_source_url_timeout_and_size(server: str) -> None:
    assert load_error(f"{server}/slow", timeout=0.3).reason == (
        "fetch failed: timed out after 0.3 s"
    )
    assert load_error(f"{server}/big", max_bytes=500).reason == (
        "fetch failed: too large: 18 kB > 500 bytes limit"
    )
