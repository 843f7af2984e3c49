"""A real HTTP server on 127.0.0.1 (port 0) for the fetch and source tests."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .pdfmaker import make_pdf

ARTICLE_HTML = b"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour Rare Earths opens separation plant | Example Mining News</title>
<meta property="og:title" content="Harbour Rare Earths opens separation plant">
<meta property="article:published_time" content="2022-08-16T09:30:00+10:00">
<link rel="canonical" href="https://news.example.org/2022/harbour-separation-plant">
<style>.lead { color: #333 } body { font-family: serif }</style>
<script>alert(1)</script>
<script type="text/javascript">var tracking = "SECRET-SCRIPT-TOKEN";</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a></nav>
<article>
<h1>Harbour Rare Earths opens separation plant</h1>
<p class="lead">Harbour Rare Earths, a fictional producer invented for this test, said on
Tuesday it had started its new separation plant at Port Willow, which will turn mixed
carbonate into separated neodymium and praseodymium oxide.</p>
<p>The company expects the plant to reach a rate of 1,200 tonnes of oxide a year by the end
of next year, and has agreed to sell most of that output to Lantern Magnetics under a
seven-year offtake agreement.</p>
<p>Chief executive Ada Quill said the plant was the first of its kind in the region and would
shorten the supply chain for magnet makers.</p>
<script>document.write("SECOND-SCRIPT-TOKEN")</script>
</article>
<footer>Copyright Example Mining News</footer>
</body></html>
"""

ARTICLE_TEXT = (
    "URL: https://wire.example.com/stories/4711\n"
    "DATE: 2023-01-09\n"
    "TITLE: Cobalt Ridge and Petrel Batteries sign supply deal\n"
    "\n"
    "Cobalt Ridge Mining will supply cobalt sulphate to Petrel Batteries from 2025, the two\n"
    "companies said in a joint statement.\n"
    "\n"
    "The deal runs for five years.\n"
)

SLOW_SECONDS = 3.0


class _Handler(BaseHTTPRequestHandler):
    server_version = "LodemapTest/1.0"
    stop: threading.Event

    def log_message(self, format: str, *args: object) -> None:  # silence the test output
        return

    def _send(self, status: int, body: bytes, content_type: str | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path
        if path == "/article.html":
            self._send(200, ARTICLE_HTML, "text/html; charset=utf-8")
        elif path == "/article.txt":
            self._send(200, ARTICLE_TEXT.encode(), "text/plain; charset=utf-8")
        elif path == "/report.pdf":
            pdf = make_pdf([["Quarterly report of Fenwick Graphite."]], title="Fenwick Q3")
            self._send(200, pdf, "application/pdf")
        elif path == "/moved":
            self._redirect("/article.txt")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/to-ftp":
            self._redirect("ftp://files.example.com/article.txt")
        elif path == "/slow":
            if not self.stop.wait(SLOW_SECONDS):
                with contextlib.suppress(OSError):  # the client gave up long ago
                    self._send(200, b"finally here", "text/plain")
        elif path == "/big":
            self._send(200, b"tungsten " * 2000, "text/plain")
        elif path == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the body ends when the connection closes
            self.close_connection = True
            self.wfile.write(b"lithium " * 2000)
        elif path == "/empty":
            self._send(200, b"", "text/plain")
        elif path == "/binary":
            self._send(200, bytes(range(256)) * 4, "application/octet-stream")
        else:
            self._send(404, b"no such page", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Base URL (http://127.0.0.1:PORT) of a threaded test server; stopped afterwards."""
    stop = threading.Event()
    handler = type("Handler", (_Handler,), {"stop": stop})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
