"""Turning bytes into a `Document`: a registry of loaders by media type, and `load_bytes`.

Loaders for plain text, HTML and PDF are built in; a plugin adds a media type with::

    @loader("application/x-example")
    def load_example(data: bytes, *, source: str, url: str | None) -> Document: ...

and `load_bytes` uses it when the Content-Type or file suffix names that type.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from lodemap.document import Document
from lodemap.errors import DocumentError
from lodemap.ingest.fetch import is_url
from lodemap.ingest.headers import normalise_date, parse_headers
from lodemap.ingest.sniff import HTML, PDF, TEXT, is_utf16, sniff

if TYPE_CHECKING:
    from pypdf import PdfReader

MAX_BYTES = 50_000_000
"""Default size limit for one document (50 MB)."""


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
    max_bytes: int = MAX_BYTES,
) -> Document:
    """Read one document from its bytes.

    `source` is where it came from as the user gave it (path or URL); `url` the address
    it was fetched from, if any; `media_type` a declared type (e.g. the Content-Type
    header), which the bytes themselves override where they are clearly PDF or HTML.
    Raises DocumentError for documents that are too large, empty, binary, broken or
    encrypted.
    """
    if len(data) > max_bytes:
        raise DocumentError(
            source, "too large", hint=f"{len(data):,} bytes; the limit is {max_bytes:,} bytes"
        )
    if not data.strip():
        raise DocumentError(source, "empty document: no text", hint="the input has no content")
    name = urlsplit(url).path if url else urlsplit(source).path if is_url(source) else source
    kind = sniff(data, source=source, name=name, content_type=media_type, registered=LOADERS)
    document = LOADERS[kind](data, source=source, url=url)
    if not document.text.strip():
        raise DocumentError(
            source,
            "empty document: no text",
            hint="a scanned PDF needs OCR first"
            if kind == PDF
            else f"no text could be extracted from this {kind} document",
        )
    return document


# --- plain text -------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (BOM allowed) or UTF-16 with a BOM; else cp1252, else latin-1."""
    if is_utf16(data):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@loader(TEXT)
def load_text(data: bytes, *, source: str, url: str | None) -> Document:
    """Plain text with optional URL/DATE/TITLE headers; the body is kept exactly."""
    headers, body = parse_headers(normalise_newlines(decode_text(data)))
    date = headers.get("date") or headers.get("published")
    return Document(
        text=body,
        source=source,
        url=url or headers.get("url") or None,
        title=headers.get("title") or None,
        published=normalise_date(date) if date else None,
        media_type=TEXT,
    )


# --- HTML -------------------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """Fallback extractor: the <title> and the visible body text, no scripts or styles."""

    HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe"})
    BLOCKS = frozenset(
        {
            "p", "div", "br", "li", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "section",
            "article", "blockquote", "pre", "table", "ul", "ol", "header", "footer", "main",
            "aside", "nav",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.hidden:
            self.parts.append(data)

    @property
    def title(self) -> str | None:
        return " ".join("".join(self.title_parts).split()) or None

    @property
    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _parse_fallback(html: str) -> _VisibleText:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser


def _absolute_http(value: str | None) -> str | None:
    return value if value and re.match(r"https?://", value, re.IGNORECASE) else None


@loader(HTML)
def load_html(data: bytes, *, source: str, url: str | None) -> Document:
    """Main text via trafilatura (recall-oriented, tables kept, no comments), with
    title, date and canonical URL from its metadata; <title> and visible text as fallback."""
    import trafilatura  # deferred: importing it is slow and only HTML needs it

    fallback = _parse_fallback(decode_text(data))
    text: str | None = None
    title: str | None = None
    published: str | None = None
    page_url: str | None = None
    tree = trafilatura.load_html(data)
    if tree is not None:
        meta = trafilatura.extract_metadata(tree, default_url=url, extensive=False)
        title, page_url = meta.title, _absolute_http(meta.url)
        published = normalise_date(meta.date) if meta.date else None
        text = trafilatura.extract(
            tree,
            url=url,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    return Document(
        text=normalise_newlines(text) if text and text.strip() else fallback.text,
        source=source,
        url=url or page_url,
        title=title or fallback.title,
        published=published,
        media_type=HTML,
    )


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
        raise DocumentError(source, "broken PDF: no %PDF- header", hint="is it really a PDF?")
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
