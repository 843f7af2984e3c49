"""Deciding what kind of document a byte string is: PDF, HTML, plain text, or binary.

The bytes decide first (a `%PDF-` signature, HTML markup, NUL or control bytes); the
file name and a declared Content-Type are hints for the cases the bytes leave open.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Collection
from pathlib import PurePosixPath

from lodemap.errors import DocumentError
from lodemap.ingest.charset import wide_encoding

PDF = "application/pdf"
HTML = "text/html"
TEXT = "text/plain"

SAMPLE_BYTES = 8192
"""How much of the start of a document the sniffer looks at."""
CONTROL_SHARE = 0.10
"""Above this share of control bytes (other than tab, newlines, form feed) it is binary."""

_HTML_TYPES = frozenset({HTML, "application/xhtml+xml"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_HTML_MARKUP = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_CONTROL = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}) | {0x7F}


def declared_type(content_type: str | None) -> str | None:
    """The bare media type of a Content-Type value: 'Text/HTML; charset=x' -> 'text/html'."""
    if not content_type:
        return None
    bare = content_type.split(";", 1)[0].strip().lower()
    return "text/html" if bare in _HTML_TYPES else bare or None


def hinted_type(name: str | None, content_type: str | None) -> str | None:
    """The media type that the declared Content-Type, else the file name, suggests."""
    declared = declared_type(content_type)
    if declared and declared not in {"application/octet-stream", "binary/octet-stream"}:
        return declared
    if not name:
        return None
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return HTML
    guessed, _ = mimetypes.guess_type("x" + suffix) if suffix else (None, None)
    return declared_type(guessed)


def is_pdf(data: bytes) -> bool:
    """Whether the bytes carry a PDF signature (readers accept it within the first KB)."""
    return b"%PDF-" in data[:1024]


def is_binary(data: bytes) -> bool:
    """NUL bytes, or a high share of control bytes, in the sample (UTF-16/32 excepted)."""
    sample = data[:SAMPLE_BYTES]
    if not sample or wide_encoding(sample):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL)
    return controls / len(sample) > CONTROL_SHARE


def looks_like_html(data: bytes) -> bool:
    """HTML markup (doctype, html, head or body tag) near the start of the document."""
    sample = data[:SAMPLE_BYTES]
    if wide := wide_encoding(sample):
        sample = sample.decode(wide, errors="ignore").encode("utf-8", errors="ignore")
    return _HTML_MARKUP.search(sample[:2048]) is not None


def describe(data: bytes) -> str:
    """What the bytes look like, for errors about a declared type they do not match."""
    if is_pdf(data):
        return "PDF"
    if is_binary(data):
        return "binary data"
    return "HTML" if looks_like_html(data) else "plain text"


def sniff(
    data: bytes,
    *,
    source: str,
    name: str | None = None,
    content_type: str | None = None,
    registered: Collection[str] = (),
) -> str:
    """The media type to load `data` as.

    Order: a PDF signature; then a hinted type (Content-Type, else file suffix) that a
    plugin loader in `registered` handles (binary formats such as PDF or DOCX need the
    hint); then binary content is refused; then HTML by markup or hint; else plain text.
    Raises DocumentError("binary content: ...") for bytes that are none of these.
    """
    if is_pdf(data):
        return PDF
    hinted = hinted_type(name, content_type)
    if hinted is not None and hinted in registered and hinted not in {TEXT, HTML}:
        return hinted
    if is_binary(data):
        raise DocumentError(
            source,
            "binary content: not text, HTML or PDF",
            hint="lodemap reads plain text, HTML and PDF"
            + (f"; this was declared as {hinted}" if hinted else ""),
        )
    if hinted == HTML or looks_like_html(data):
        return HTML
    return TEXT
