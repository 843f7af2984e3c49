"""Reading one HTTP response body within limits: bytes on the wire, bytes after
decompression, and total time.

httpx would decompress for us, but a single compressed chunk of a gzip bomb expands
without bound there (tens of MB per 64 kB read); decompressing here with `max_length`
keeps memory at the size limit whatever the ratio. Only the encodings we ask for
(`ACCEPT_ENCODING`) are accepted.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable

from lodemap.errors import DocumentError
from lodemap.ingest.limits import too_large

ACCEPT_ENCODING = "gzip, deflate"
_STEP = 1 << 20
"""Decompress at most this much at a time (1 MiB)."""
_DECOMPRESSED = "fetch failed: decompressed body "
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


def fetch_failed(url: str, why: str, hint: str | None = None) -> DocumentError:
    """The DocumentError of every fetch failure: "fetch failed: <why>"."""
    return DocumentError(url, f"fetch failed: {why}", hint=hint)


class _Inflater:
    """A gzip (one or more members) or deflate stream, decompressed a step at a time."""

    def __init__(self, encoding: str, url: str) -> None:
        self.encoding, self.url = encoding, url
        self.stream = zlib.decompressobj(_WBITS[encoding])
        self.started = False

    def feed(self, chunk: bytes, body: bytearray, max_bytes: int) -> None:
        """Append `chunk` decompressed to `body`, a step at a time, so that memory never
        holds much more than `max_bytes` however far the chunk would expand."""
        if not self.started and self.encoding == "deflate" and chunk:
            self.started = True
            if chunk[0] & 0x0F != 8:  # servers send raw deflate without the zlib header
                self.stream = zlib.decompressobj(-zlib.MAX_WBITS)
        data = chunk
        try:
            while data:
                if self.stream.eof:  # another gzip member follows, or padding
                    if self.encoding == "deflate" or not data.strip(b"\0"):
                        return
                    self.stream = zlib.decompressobj(_WBITS[self.encoding])
                body += self.stream.decompress(data, _STEP)
                stream = self.stream
                data = stream.unused_data if stream.eof else stream.unconsumed_tail
                if len(body) > max_bytes:
                    raise too_large(self.url, None, max_bytes, prefix=_DECOMPRESSED)
        except zlib.error as error:
            raise self.broken(str(error)) from error

    def finish(self) -> None:
        if not self.stream.eof:
            raise self.broken("the compressed stream ends early")

    def broken(self, why: str) -> DocumentError:
        reason = f"broken {self.encoding} body: {why}"
        return fetch_failed(self.url, reason, hint="truncated or damaged")


def read_body(
    chunks: Iterable[bytes],
    *,
    url: str,
    encoding: str | None,
    max_bytes: int,
    deadline: float,
    total_timeout: float,
) -> bytes:
    """The body of `chunks` (raw bytes as received), decoded per Content-Encoding.

    Refuses a body over `max_bytes` on the wire or decompressed, an unknown encoding, a
    broken compressed stream, and a body still arriving at `deadline` (time.monotonic).
    """
    name = (encoding or "identity").strip().lower()
    if name not in ("identity", "", *_WBITS):
        raise fetch_failed(
            url, f"unsupported Content-Encoding {name!r}", hint=f"asked for {ACCEPT_ENCODING}"
        )
    inflater = None if name in ("identity", "") else _Inflater(name, url)
    body = bytearray()
    received = 0
    for chunk in chunks:
        received += len(chunk)
        if received > max_bytes:
            raise too_large(url, None, max_bytes, prefix="fetch failed: ")
        if inflater:
            inflater.feed(chunk, body, max_bytes)
        else:
            body += chunk
        if time.monotonic() > deadline:
            raise fetch_failed(
                url,
                f"took longer than {total_timeout:g} s in total",
                hint="the body kept arriving; it may never end",
            )
    if inflater:
        inflater.finish()
    return bytes(body)
