"""A real HTTP server on 127.0.0.1 (port 0) for the fetch and source tests."""

from __future__ import annotations

import contextlib
import struct
import threading
import zlib
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
BOMB_MB = 100
"""The gzip bomb expands to this many MB of zeros (from about 100 kB on the wire)."""


def compress(data: bytes, wbits: int = 31) -> bytes:
    """gzip (wbits 31), zlib (15) or raw deflate (-15) bytes of `data`."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


def _gzip_bomb() -> bytes:
    """BOMB_MB MB of zeros as one gzip stream, built from one compressed megabyte: after a
    full flush the compressor starts afresh, so each further megabyte is the same block."""
    zeros = bytes(1_000_000)
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.flush()[:-8]  # the final empty block, without the trailer for 2 MB
    crc = 0
    for _ in range(BOMB_MB):
        crc = zlib.crc32(zeros, crc)
    trailer = struct.pack("<II", crc, BOMB_MB * 1_000_000 % 2**32)
    return first + block * (BOMB_MB - 1) + end + trailer


GZIP_BOMB = _gzip_bomb()
GZIPPED_ARTICLE = compress(ARTICLE_TEXT.encode())

CANNED: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/server-error": (500, {"Content-Type": "text/plain"}, b"database on fire"),
    "/no-location": (302, {}, b""),
    "/gzip-bomb": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"}, GZIP_BOMB),
    "/gzip": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"}, GZIPPED_ARTICLE),
    "/deflate-zlib": (
        200,
        {"Content-Type": "text/plain", "Content-Encoding": "deflate"},
        compress(ARTICLE_TEXT.encode(), 15),
    ),
    "/deflate-raw": (
        200,
        {"Content-Type": "text/plain", "Content-Encoding": "deflate"},
        compress(ARTICLE_TEXT.encode(), -15),
    ),
    "/gzip-truncated": (
        200,
        {"Content-Type": "text/plain", "Content-Encoding": "gzip"},
        GZIPPED_ARTICLE[: len(GZIPPED_ARTICLE) // 2],
    ),
    "/gzip-garbage": (
        200,
        {"Content-Type": "text/plain", "Content-Encoding": "gzip"},
        b"\x1f\x8b\x08\x00" + b"this is not deflate data at all" * 4,
    ),
    "/brotli": (200, {"Content-Type": "text/plain", "Content-Encoding": "br"}, b"\x8b\x02\x80"),
    "/pdf-declared-html-body": (200, {"Content-Type": "application/pdf"}, ARTICLE_HTML),
    "/html-declared-pdf-body": (
        200,
        {"Content-Type": "text/html"},
        make_pdf([["Fenwick Graphite sold its mill."]]),
    ),
    "/image-declared-binary": (200, {"Content-Type": "image/png"}, bytes(range(256)) * 8),
    "/cyrillic-declared": (
        200,
        {"Content-Type": "text/plain; charset=iso-8859-5"},
        "Норильский никель увеличил выпуск палладия.\n".encode("iso-8859-5"),
    ),
    "/utf16-declared": (
        200,
        {"Content-Type": "text/plain; charset=utf-16-be"},
        "TITLE: Wide\n\nGallium exports resumed.\n".encode("utf-16-be"),
    ),
    "/utf8-declared-cp1252-body": (
        200,
        {"Content-Type": "text/plain; charset=utf-8"},
        "Caf\u00e9 owners said the \u201cNi\u00f1o\u201d mine reopened.\n".encode("cp1252"),
    ),
}
"""Fixed responses: path -> (status, headers, body); Content-Length is added."""


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

    def _stream(self, chunk: bytes, pause: float) -> None:
        """A body without Content-Length that never ends: `chunk` every `pause` seconds
        until the client hangs up or the server stops."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.close_connection = True
        with contextlib.suppress(OSError):
            while not self.stop.wait(pause):
                self.wfile.write(chunk)
                self.wfile.flush()

    def _raw(self, data: bytes, then_wait: bool = False) -> None:
        """Bytes straight onto the socket, HTTP or not; optionally stall afterwards."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.write(data)
            self.wfile.flush()
            if then_wait:
                self.stop.wait(SLOW_SECONDS)

    def do_GET(self) -> None:
        path = self.path
        if path in CANNED:
            status, headers, body = CANNED[path]
            self.send_response(status)
            for key, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
        elif path == "/endless":
            self._stream(b"nickel " * 1000, 0.0)
        elif path == "/drip":
            self._stream(b"x", 0.02)
        elif path == "/truncated":
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n"
                      b"\r\nOnly the first sentence arrived.")
        elif path == "/stall-body":
            self._raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n"
                      b"\r\nThe rest never comes", then_wait=True)
        elif path == "/not-http":
            self._raw(b"SSH-2.0-OpenSSH_9.6\r\n")
        elif path == "/article.html":
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
