"""Leading `Key: value` header blocks in text files, and publication-date normalisation.

A text document may start with a block of header lines such as::

    URL: https://example.org/news/deal
    DATE: 2019-05-20
    TITLE: Miner signs offtake deal

closed by a blank line; the body is everything after that blank line, unchanged.
"""

from __future__ import annotations

import re
from datetime import date

HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]{0,31})[ \t]*:[ \t]*(.*?)[ \t]*")
"""One header line: a single-word key, a colon, the value (surrounding blanks dropped)."""

KNOWN_KEYS = frozenset(
    {
        "url", "date", "title", "source", "author", "authors", "published", "publisher",
        "language", "lang", "byline", "section", "tags", "id", "kind", "retrieved",
    }
)
"""Keys that mark a block as a header: at least one must be present, so that a body
whose first paragraph happens to be one line like `Update: ...` is not swallowed."""

UNKNOWN_DATES = frozenset({"", "unknown", "none", "n/a", "na", "-", "?", "null", "undated"})

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)

_WEEKDAY = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+",
    re.IGNORECASE,
)
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")
_ISO_DATETIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[T ]\d{1,2}:\d{2}.*")
_COMPACT = re.compile(r"(\d{4})(\d{2})?(\d{2})?")
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?[0-9Zz+\-' ]*")
_MONTH_FIRST = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3,9})\.?,?\s+(\d{4})")


_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|)")
"""One line and its ending. Only CR and LF end lines: str.splitlines would also split at
characters such as U+0085 or U+2028, which may sit inside a header value."""


def parse_headers(text: str) -> tuple[dict[str, str], str]:
    """Split optional leading header lines from the body.

    Returns (headers, body) with lower-case keys. The block counts as a header only when
    the very first line is a header line, every line up to the first blank line is one,
    at least one key is a known key (URL, DATE, TITLE, SOURCE, AUTHOR, ...) and a blank
    line closes it; otherwise the result is ({}, text). The body is the text after the
    closing blank line, byte for byte. When a key repeats, the first value wins.
    """
    headers: dict[str, str] = {}
    position = 0
    while position < len(text):
        line = _LINE.match(text, position)
        assert line is not None  # the pattern matches anywhere, if only the empty string
        content, ending = line.groups()
        if not content.strip():
            if not headers or not ending or KNOWN_KEYS.isdisjoint(headers):
                return {}, text
            return headers, text[line.end() :]
        match = HEADER_LINE.fullmatch(content.lstrip("\ufeff") if position == 0 else content)
        if not match:
            return {}, text
        headers.setdefault(match.group(1).lower(), match.group(2))
        position = line.end()
    return {}, text


def _valid(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(name: str) -> int | None:
    """1-12 for a month name or its abbreviation of three or more letters ('Sept' too)."""
    name = name.lower().rstrip(".")
    for number, full in enumerate(MONTH_NAMES, start=1):
        if len(name) >= 3 and full.startswith(name):
            return number
    return None


def normalise_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD, or YYYY-MM / YYYY when only that is known), or None.

    Accepts YYYY-MM-DD (also with / or .), YYYY-MM, YYYY, ISO datetimes (the date as
    written, no time-zone shift), "May 20, 2019", "20 May 2019", "Monday, May 20, 2019",
    "May 2019", compact 20190520 and PDF dates (D:20190520...). Unknown or unparseable
    values give None.
    """
    text = value.strip()
    if text.lower() in UNKNOWN_DATES:
        return None
    text = _WEEKDAY.sub("", text)
    if match := _ISO_DATETIME.fullmatch(text):
        y, m, d = match.groups()
        return _valid(int(y), int(m), int(d))
    if match := _ISO.fullmatch(text):
        y, m, d = match.groups()
        return _valid(int(y), int(m), int(d) if d else None)
    if match := _COMPACT.fullmatch(text) or _PDF_DATE.fullmatch(text):
        y, m, d = match.groups()
        return _valid(int(y), int(m) if m else None, int(d) if d else None)
    if match := _MONTH_FIRST.fullmatch(text):
        name, d, y = match.groups()
        month = _month(name)
        return _valid(int(y), month, int(d)) if month else None
    if match := _DAY_FIRST.fullmatch(text):
        d, name, y = match.groups()
        month = _month(name)
        return _valid(int(y), month, int(d)) if month else None
    if match := _MONTH_YEAR.fullmatch(text):
        name, y = match.groups()
        month = _month(name)
        return _valid(int(y), month) if month else None
    return None
