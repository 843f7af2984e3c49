"""The size limit for one document, and the "too large" error every reader raises.

The limit applies to a file before it is read, to an HTTP body while it streams (before
and after decompression) and to bytes handed to `load_bytes`, so a huge input is refused
without ever being held in memory whole.
"""

from __future__ import annotations

from lodemap.errors import DocumentError, LodemapError
from lodemap.settings import MAX_MB

MAX_BYTES = int(MAX_MB.default) * 1_000_000
"""Default size limit for one document: 50 MB (decimal, as disks and servers count)."""


def max_bytes() -> int:
    """The configured limit in bytes (`LODEMAP_MAX_MB`, default 50)."""
    value = MAX_MB.get()
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = 0.0
    if not megabytes > 0:
        raise LodemapError(
            f"{MAX_MB.env}={value!r} is not a size", hint="give a positive number of MB, e.g. 50"
        )
    return int(megabytes * 1_000_000)


def size_text(size: int) -> str:
    """'61.3 MB', '2.5 kB', '900 bytes'."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size:,} bytes"


def too_large(source: str, size: int | None, limit: int, prefix: str = "") -> DocumentError:
    """DocumentError "too large: 61.3 MB > 50 MB limit", or "too large: over the 50 MB
    limit" when `size` is None: a body that went past the limit while streaming."""
    limit_text = size_text(limit)
    if size is None:
        reason = f"too large: over the {limit_text} limit"
    else:
        shown = size_text(size)
        if shown == limit_text:  # rounding hid the difference
            shown, limit_text = f"{size:,} bytes", f"{limit:,} bytes"
        reason = f"too large: {shown} > {limit_text} limit"
    return DocumentError(
        source,
        prefix + reason,
        hint=f"raise {MAX_MB.env} (in MB) to read larger documents",
    )
