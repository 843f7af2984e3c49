"""Content-derived identifiers: the same content always gets the same id."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def digest(*parts: object, length: int = 20) -> str:
    """A stable hex digest of the parts (None and numbers included) joined unambiguously."""
    h = hashlib.sha256()
    for part in parts:
        h.update(b"\x1f")
        h.update(("\x00" if part is None else str(part)).encode("utf-8"))
    return h.hexdigest()[:length]


def slug(text: str) -> str:
    """An ASCII slug for readable entity ids: 'USA Rare Earth, Inc.' -> 'usa-rare-earth-inc'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"
