"""Turning bytes into a `Document`: a registry of loaders by media type, and `load_bytes`.

Loaders for plain text, HTML and PDF are built in; a plugin adds a media type with::

    @loader("application/x-example")
    def load_example(data: bytes, *, source: str, url: str | None) -> Document: ...

and `load_bytes` uses it when the Content-Type or file suffix names that type.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from lodemap.document import Document
from lodemap.errors import DocumentError
from lodemap.ingest.charset import decode, normalise_newlines, transcode
from lodemap.ingest.fetch import is_url
from lodemap.ingest.headers import normalise_date, parse_headers
from lodemap.ingest.html import load_html
from lodemap.ingest.limits import max_bytes as default_max_bytes
from lodemap.ingest.limits import too_large
from lodemap.ingest.sniff import HTML, PDF, TEXT, declared_type, describe, is_pdf, sniff

if TYPE_CHECKING:
    from pypdf import PdfReader

_EMPTY_HINTS = {
    PDF: "a scanned PDF needs OCR first",
    HTML: "the page has only markup, scripts or styles; it may need JavaScript to show text",
}


class Loader(Protocol):
    """Reads one document of a media type; raises DocumentError when it cannot."""

    def __call__(self, data: bytes, *, source: str, url: str | None) -> Document: ...


LOADERS: dict[str, Loader] = {}
"""Media type -> loader. Populated by `@loader(...)`; plugins may add types."""


def loader(media_type: str) -> Callable[[Loader], Loader]:
    """Register the decorated function as the loader for `media_type`."""

    def register(function: Loader) -> Loader:
        LOADERS[media_type.lower()] = function
        return function

    return register


def load_bytes(
    data: bytes,
    *,
    source: str,
    url: str | None = None,
    media_type: str | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Read one document from its bytes.

    `source` is where it came from as the user gave it (path or URL); `url` the address
    it was fetched from, if any; `media_type` a declared type (e.g. the Content-Type
    header, whose charset is honoured), which the bytes themselves override where they
    are clearly PDF or HTML; `max_bytes` the size limit (default: `LODEMAP_MAX_MB`).
    Raises DocumentError for documents that are too large, empty, binary, undecodable,
    broken or encrypted.
    """
    limit = default_max_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        raise too_large(source, len(data), limit)
    if not data.strip():
        raise DocumentError(source, "empty document: no text", hint="the input has no content")
    if (declared_type(media_type) or "").startswith("text/") and not is_pdf(data):
        data = transcode(data, media_type)
    name = urlsplit(url).path if url else urlsplit(source).path if is_url(source) else source
    kind = sniff(data, source=source, name=name, content_type=media_type, registered=LOADERS)
    document = LOADERS[kind](data, source=source, url=url)
    if "\x00" in document.text:  # NUL is no text, and PostgreSQL refuses it in text columns
        document = dataclasses.replace(document, text=document.text.replace("\x00", ""), id="")
    if not document.text.strip():
        raise DocumentError(
            source,
            "empty document: no text",
            hint=_EMPTY_HINTS.get(kind, f"no text could be extracted from this {kind} document"),
        )
    return document


# --- plain text -------------------------------------------------------------------------


@loader(TEXT)
def load_text(data: bytes, *, source: str, url: str | None) -> Document:
    """Plain text with optional URL/DATE/TITLE headers; the body is kept exactly."""
    text, _ = decode(data, source=source)
    headers, body = parse_headers(normalise_newlines(text))
    date = headers.get("date") or headers.get("published")
    return Document(
        text=body,
        source=source,
        url=url or headers.get("url") or None,
        title=headers.get("title") or None,
        published=normalise_date(date) if date else None,
        media_type=TEXT,
    )


loader(HTML)(load_html)


# --- PDF --------------------------------------------------------------------------------


_DAMAGED = "the file may be truncated or damaged; try downloading it again"


def _short(error: BaseException) -> str:
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    message = message[:100] + ("..." if len(message) > 100 else "")
    return message or type(error).__name__


def _pdf_metadata(reader: PdfReader) -> tuple[str | None, str | None]:
    """(/Title, /CreationDate as an ISO date); a broken info dictionary gives Nones."""
    try:
        info = reader.metadata
        if info is None:
            return None, None
        title = str(info.title).strip() if info.title else None
        created = info.get("/CreationDate")
        return title or None, normalise_date(str(created)) if created else None
    except Exception:  # metadata is optional, so never fatal
        return None, None


@loader(PDF)
def load_pdf(data: bytes, *, source: str, url: str | None) -> Document:
    """Text of every page (joined by a blank line), /Title and /CreationDate, via pypdf."""
    from pypdf import PasswordType, PdfReader

    if b"%PDF-" not in data[:1024]:
        raise DocumentError(
            source, "broken PDF: no %PDF- header", hint=f"the content looks like {describe(data)}"
        )
    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as error:  # pypdf raises many types for malformed files
        raise DocumentError(source, f"broken PDF: {_short(error)}", hint=_DAMAGED) from error
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception:  # unsupported algorithm or missing crypto library
            opened = False
        if not opened:
            raise DocumentError(
                source, "encrypted PDF", hint="decrypt it first, e.g. `qpdf --decrypt`"
            )
    try:
        pages = [normalise_newlines(page.extract_text() or "").strip() for page in reader.pages]
    except Exception as error:
        raise DocumentError(source, f"broken PDF: {_short(error)}", hint=_DAMAGED) from error
    title, published = _pdf_metadata(reader)
    return Document(
        text="\n\n".join(page for page in pages if page),
        source=source,
        url=url,
        title=title,
        published=published,
        media_type=PDF,
    )
