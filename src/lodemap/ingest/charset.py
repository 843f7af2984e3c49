"""Turning document bytes into text: byte-order marks, declared charsets, UTF-16 without a
BOM, and UTF-8 with a per-byte Windows-1252 fallback for legacy and mixed files.

The order follows what browsers do: a BOM wins, then a charset the server declared, then
(for HTML) a `<meta charset>`, then the bytes themselves. Undeclared bytes that are not
UTF-8 are nearly always Windows-1252 in news text, so each byte that breaks UTF-8 is read
as cp1252 (latin-1 for its five undefined bytes): UTF-8, cp1252, latin-1 and files that
mix them all decode without a guess. Text that still comes out mostly control characters
was not text in any of these encodings and is refused with a clear reason.
"""

from __future__ import annotations

import codecs
import re

from lodemap.errors import DocumentError

SAMPLE_BYTES = 8192
CONTROL_SHARE = 0.10
"""Above this share of control characters the decoded text is not text."""

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
"""C0 and C1 controls (tab, newlines, vertical tab and form feed excepted) and U+FFFD."""
_CHARSET_PARAM = re.compile(r";\s*charset\s*=\s*[\"']?([^\s;\"']+)", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE
)
_CP1252 = tuple(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
_FALLBACK = "utf-8, else cp1252 per byte"


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):  # pragma: no cover - decoding only
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_CP1252[b] for b in bad), error.end


codecs.register_error("lodemap-cp1252", _cp1252_bytes)


def codec_name(label: str | None) -> str | None:
    """Python's name for a charset label ('UTF8' -> 'utf-8'), or None when unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def declared_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value, when Python knows it."""
    match = _CHARSET_PARAM.search(content_type or "")
    return codec_name(match.group(1)) if match else None


def meta_charset(data: bytes) -> str | None:
    """The `<meta charset>` (or http-equiv) of an HTML page, when usable. A page whose
    bytes are ASCII-compatible cannot be UTF-16 or UTF-32, whatever its meta says."""
    match = _META_CHARSET.search(data[:4096])
    name = codec_name(match.group(1).decode("ascii")) if match else None
    return None if name is None or name.startswith(("utf-16", "utf-32")) else name


def bom(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when the bytes start with a byte-order mark."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text without a BOM: mostly Latin script, so
    nearly every other byte is NUL and the bytes between them are not."""
    sample = data[:SAMPLE_BYTES]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= 0.9 and even_nul <= 0.1:
        return "utf-16-le"
    if even_nul >= 0.9 and odd_nul <= 0.1:
        return "utf-16-be"
    return None


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 (by BOM, or UTF-16 by its NUL pattern): NUL bytes are expected."""
    found = bom(data)
    if found and found[0] != "utf-8":
        return found[0]
    return bomless_utf16(data)


def _strict(data: bytes, encoding: str, source: str, why: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DocumentError(
            source,
            f"cannot decode as {encoding.upper()}: {error.reason} at byte {error.start:,}",
            hint=f"{why}, but the bytes do not match; the file may be truncated or mislabelled",
        ) from error


def _try(data: bytes, encoding: str) -> str | None:
    """The bytes in `encoding`, or None when they do not fit it. Charset names come from
    documents and servers: a codec that is not a text encoding, or one (such as
    unicode_escape) that can make lone surrogates, counts as not fitting."""
    try:
        text = data.decode(encoding)
        text.encode("utf-8")
    except (UnicodeError, LookupError):
        return None
    return text


def transcode(data: bytes, content_type: str | None) -> bytes:
    """Bytes in the charset a Content-Type declares, re-encoded as UTF-8 behind a BOM (so
    that the BOM, which every later step honours first, carries the declaration); the
    bytes unchanged when nothing is declared, they carry a BOM, or they do not fit."""
    charset = declared_charset(content_type)
    if charset is None or bom(data):
        return data
    text = _try(data, charset)
    return data if text is None else codecs.BOM_UTF8 + text.encode("utf-8")


def decode(data: bytes, *, source: str, html: bool = False) -> tuple[str, str]:
    """(text, encoding used) for a text or HTML document.

    A BOM, then for HTML a usable `<meta charset>` that the bytes fit, then UTF-16 by
    its NUL pattern, then UTF-8 with cp1252 per byte. Raises DocumentError when a BOM or
    NUL pattern names UTF-16/32 and the bytes break it, or when the text comes out
    mostly control characters.
    """
    found = bom(data)
    if found:
        encoding, length = found
        text = _strict(data[length:], encoding, source, f"it starts with a {encoding} BOM")
        return _checked(text, encoding, source), encoding
    meta = meta_charset(data) if html else None
    if meta and (in_meta := _try(data, meta)) is not None:
        return _checked(in_meta, meta, source), meta
    if wide := bomless_utf16(data):
        text = _strict(data, wide, source, "its NUL bytes say UTF-16")
        return _checked(text, wide, source), wide
    if (utf8 := _try(data, "utf-8")) is not None:
        return _checked(utf8, "utf-8", source), "utf-8"
    text = data.decode("utf-8", errors="lodemap-cp1252")
    return _checked(text, _FALLBACK, source), _FALLBACK


def _checked(text: str, encoding: str, source: str) -> str:
    if not text:
        return text
    controls = len(text) - len(_CONTROL.sub("", text))
    if controls / len(text) > CONTROL_SHARE:
        raise DocumentError(
            source,
            f"cannot decode text: {controls / len(text):.0%} of characters are control "
            f"characters (read as {encoding})",
            hint="it is binary, or text in an encoding lodemap cannot tell; convert it to "
            "UTF-8 or declare its charset",
        )
    return text


def normalise_newlines(text: str) -> str:
    r"""'\r\n' and '\r' become '\n' (the form spans and headers are computed on)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
