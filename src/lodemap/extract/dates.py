"""Regex extraction of date mentions, normalised to ISO-style strings.

Values are ``"YYYY-MM-DD"``, ``"YYYY-MM"``, ``"YYYY"``, ``"YYYY-Qn"`` or ``"YYYY-Hn"``.

Absolute forms are always found. Relative forms ("last month", "yesterday",
"earlier this year", "on Monday", "March 24" without a year) are resolved against
``published`` and are skipped when it is ``None``; such mentions have
``relative=True``.

Spans cover the date itself: a bare year found through its context ("in 2025",
"by the end of 2026") spans only the year, and a leading "the"/"by"/"on" is left
out except where it is part of a fixed phrase ("the second quarter of 2025",
"the end of the year").

All patterns are compiled once at import time.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

__all__ = ["DateMention", "find_dates"]


@dataclass(frozen=True)
class DateMention:
    """One date found in text."""

    value: str
    start: int
    end: int
    text: str
    relative: bool


# --------------------------------------------------------------------------- tables

_MONTHS: Final[dict[str, int]] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS: Final[dict[str, int]] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_ORDINALS: Final[dict[str, int]] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}

# --------------------------------------------------------------------------- fragments

# Month names are matched capitalised only ("may" and "march" are also words).
_MON: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)(?![A-Za-z])|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![A-Za-z])\.?"
)
_WDAY: Final = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WDAY_LEAD: Final = rf"(?:{_WDAY},?\s+)?"
_DAY: Final = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR4: Final = r"(?:19|20)\d{2}(?![\d,.]?\d)"
# A year token in quarter/half/fiscal phrases: 2025, '25, FY26, FY2026, CY2025.
_YTOK: Final = r"(?:(?:FY|CY)\s?['’]?\d{2}(?:\d{2})?|(?:19|20)\d{2}|['’]\d{2})(?![\d,.]?\d)"

# What may not follow a bare year for it to be read as a year ("in 2025 tonnes").
_NOT_QUANTITY: Final = (
    r"(?!\s*(?:%|-?(?i:tonnes?|tons?|t|kt|metric|per\s?cent|percent|million|billion|bn|mn"
    r"|m|k|kg|lbs?|pounds|jobs|people|workers|employees|units|vehicles|magnets|shares"
    r"|dollars|euros|yuan)(?![A-Za-z])))"
)

_YEAR_CONTEXT: Final = (
    r"(?i:(?<![A-Za-z])(?:in|by|from|since|until|till|through|thru|to|during|before|after"
    r"|for|early|mid|late|end\s+of|start\s+of|beginning\s+of|middle\s+of|as\s+of|between"
    r"|around|circa|calendar|year|of\s+the\s+year)\s+|(?<![A-Za-z])(?:mid|end|early|late)-)"
)


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_RE_MDY: Final = _c(rf"(?P<core>{_WDAY_LEAD}(?P<mon>{_MON})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR4}))")
_RE_DMY: Final = _c(
    rf"(?P<core>{_WDAY_LEAD}(?<![\d,.])(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON}),?\s+"
    rf"(?P<y>{_YEAR4}))"
)
_RE_ISO: Final = _c(
    r"(?<![\d\-/.])(?P<core>(?P<y>(?:19|20)\d{2})(?P<sep>[-/])(?P<m>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<d>0[1-9]|[12]\d|3[01]))(?![\d/]|-\d)"
)
_RE_MY: Final = _c(rf"(?P<core>(?P<mon>{_MON}),?\s+(?:of\s+)?(?P<y>{_YEAR4}))")
_RE_QUARTER: Final = _c(
    r"(?<![\w])(?P<core>"
    rf"Q(?P<q>[1-4])[\s-]*(?:of\s+)?(?P<y>{_YTOK})"
    rf"|(?P<q2>[1-4])Q[\s-]*(?P<y2>{_YTOK}|\d{{2}}(?!\d))"
    r"|(?:[Tt]he\s+)?(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final|last))"
    r"[\s-](?i:quarter)\s+(?:(?:of|in)\s+)?(?:(?i:the\s+)?(?i:fiscal|financial|calendar)"
    rf"\s+(?:(?i:year)\s+)?)?(?P<y3>{_YTOK})"
    r")"
)
_RE_HALF: Final = _c(
    r"(?<![\w])(?P<core>"
    rf"H(?P<h>[12])[\s-]*(?:of\s+)?(?P<y>{_YTOK})"
    rf"|(?P<h2>[12])H[\s-]*(?P<y2>{_YTOK}|\d{{2}}(?!\d))"
    r"|(?:[Tt]he\s+)?(?P<ord>(?i:first|second|1st|2nd))[\s-](?i:half)\s+(?:(?:of|in)\s+)?"
    rf"(?:(?i:the\s+)?(?i:fiscal|financial|calendar)\s+(?:(?i:year)\s+)?)?(?P<y3>{_YTOK})"
    r")"
)
_RE_FISCAL: Final = _c(
    r"(?<![\w])(?P<core>"
    r"(?:FY|CY)\s?['’]?(?P<y>\d{4}|\d{2})(?:[-/](?P<y2>\d{4}|\d{2}))?(?![\d,.]?\d)"
    rf"|(?i:fiscal|financial)\s+(?:(?i:year)\s+)?(?P<y3>{_YEAR4})"
    r")"
)
_RE_YEAR: Final = _c(
    rf"{_YEAR_CONTEXT}(?:the\s+)?(?P<core>(?P<y>199\d|20[0-5]\d)(?![\d,.]?\d|s\b){_NOT_QUANTITY})"
    r"(?:\s*(?:-|–|—|\s(?:to|and|through|until)\s)\s*"
    rf"(?P<core2>(?P<y2>199\d|20[0-5]\d|\d{{2}})(?![\d,.]?\d){_NOT_QUANTITY}))?"
)

# ---- relative forms (need ``published``)
_RE_REL: Final = _c(
    r"(?<![A-Za-z])(?P<core>(?i:"
    r"(?P<ea>earlier|later)\s+this\s+(?P<eunit>year|month|week)"
    r"|(?P<mod>last|this|next)\s+(?P<unit>year|month|week|quarter)"
    r"|(?P<day>yesterday|today|tomorrow)"
    r"|(?P<ago>a\s+year\s+ago)"
    r"|(?:the\s+)?end\s+of\s+(?P<eoy>the|this|next|last)\s+year"
    r"|(?:the\s+)?(?P<hord>first|second)\s+half\s+of\s+(?P<hmod>the|this|next|last)\s+year"
    r"|(?:the\s+)?(?P<qord>first|second|third|fourth)\s+quarter\s+of\s+"
    r"(?P<qmod>the|this|next|last)\s+year"
    r"))(?![A-Za-z])"
    r"|(?<![A-Za-z])(?i:by|at|before|until|ahead\s+of)\s+(?:the\s+)?"
    r"(?P<core2>(?i:year[-\s]end))(?![A-Za-z])"
)
_RE_WEEKDAY: Final = _c(
    r"(?<![A-Za-z])(?:(?i:on)\s+)?(?P<core>(?:(?P<wmod>[Ll]ast|[Nn]ext|[Tt]his)\s+)?"
    rf"(?P<wd>{_WDAY}))(?![A-Za-z])"
)
_RE_MD: Final = _c(rf"(?P<core>(?P<mon>{_MON})\s+(?P<d>{_DAY}))(?!,?\s*\d)")
_RE_DM: Final = _c(rf"(?<![\d,.])(?P<core>(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON}))")
_RE_MON: Final = _c(
    r"(?<![A-Za-z])(?:(?P<ctx>(?i:in|since|by|until|till|from|during|through|before|after"
    r"|early|late|end\s+of|start\s+of|beginning\s+of|last|next|this))(?:\s+|-)|mid-)"
    rf"(?P<core>(?P<mon>{_MON}))(?!\s*\d)"
)


# --------------------------------------------------------------------------- helpers


def _year(tok: str) -> int:
    digits = "".join(ch for ch in tok if ch.isdigit())
    y = int(digits)
    return 2000 + y if len(digits) == 2 else y


def _month(tok: str) -> int:
    return _MONTHS[tok.rstrip(".").lower()]


def _day(tok: str) -> int:
    return int(tok.rstrip("stndrh"))


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _add_months(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def _nearest_year(pub: date, month: int, day: int) -> int:
    """The year that puts ``month``/``day`` closest to the publication date."""
    best = pub.year
    best_gap: int | None = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cand = date(y, month, min(day, 28) if month == 2 else day)
        except ValueError:
            continue
        gap = abs((cand - pub).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


# One candidate: (start, end, value, relative).
_Cand = tuple[int, int, str, bool]
_Out = list[_Cand]


def _add(out: _Out, m: re.Match[str], value: str | None, rel: bool, grp: str = "core") -> None:
    if value is not None:
        out.append((m.start(grp), m.end(grp), value, rel))


# ---- absolute handlers


def _h_full(m: re.Match[str], pub: date | None, out: _Out) -> None:
    _add(out, m, _iso(_year(m.group("y")), _month(m.group("mon")), _day(m.group("d"))), False)


def _h_iso(m: re.Match[str], pub: date | None, out: _Out) -> None:
    _add(out, m, _iso(int(m.group("y")), int(m.group("m")), int(m.group("d"))), False)


def _h_month_year(m: re.Match[str], pub: date | None, out: _Out) -> None:
    _add(out, m, f"{_year(m.group('y')):04d}-{_month(m.group('mon')):02d}", False)


def _h_quarter(m: re.Match[str], pub: date | None, out: _Out) -> None:
    if m.group("q"):
        q, y = int(m.group("q")), _year(m.group("y"))
    elif m.group("q2"):
        q, y = int(m.group("q2")), _year(m.group("y2"))
    else:
        q, y = _ORDINALS[m.group("ord").lower()], _year(m.group("y3"))
    _add(out, m, f"{y:04d}-Q{q}", False)


def _h_half(m: re.Match[str], pub: date | None, out: _Out) -> None:
    if m.group("h"):
        h, y = int(m.group("h")), _year(m.group("y"))
    elif m.group("h2"):
        h, y = int(m.group("h2")), _year(m.group("y2"))
    else:
        h, y = _ORDINALS[m.group("ord").lower()], _year(m.group("y3"))
    _add(out, m, f"{y:04d}-H{h}", False)


def _h_fiscal(m: re.Match[str], pub: date | None, out: _Out) -> None:
    tok = m.group("y2") or m.group("y") or m.group("y3")
    y = _year(tok)
    if 1990 <= y <= 2099:
        _add(out, m, f"{y:04d}", False)


def _h_year(m: re.Match[str], pub: date | None, out: _Out) -> None:
    y1 = int(m.group("y"))
    _add(out, m, f"{y1:04d}", False)
    y2tok = m.group("y2")
    if y2tok:
        y2 = int(y2tok) if len(y2tok) == 4 else (y1 // 100) * 100 + int(y2tok)
        if y1 < y2 <= 2059:
            _add(out, m, f"{y2:04d}", False, "core2")


# ---- relative handlers (``pub`` is never None here)


def _h_rel(m: re.Match[str], pub: date | None, out: _Out) -> None:
    assert pub is not None
    if m.group("core2"):  # "by year-end"
        _add(out, m, f"{pub.year:04d}", True, "core2")
        return
    shift = {"last": -1, "this": 0, "the": 0, "next": 1}
    value: str | None = None
    if m.group("ea"):
        unit = m.group("eunit").lower()
        value = _unit_value(pub, unit, 0)
    elif m.group("mod"):
        value = _unit_value(pub, m.group("unit").lower(), shift[m.group("mod").lower()])
    elif m.group("day"):
        delta = {"yesterday": -1, "today": 0, "tomorrow": 1}[m.group("day").lower()]
        value = (pub + timedelta(days=delta)).isoformat()
    elif m.group("ago"):
        value = f"{pub.year - 1:04d}"
    elif m.group("eoy"):
        value = f"{pub.year + shift[m.group('eoy').lower()]:04d}"
    elif m.group("hord"):
        y = pub.year + shift[m.group("hmod").lower()]
        value = f"{y:04d}-H{_ORDINALS[m.group('hord').lower()]}"
    elif m.group("qord"):
        y = pub.year + shift[m.group("qmod").lower()]
        value = f"{y:04d}-Q{_ORDINALS[m.group('qord').lower()]}"
    _add(out, m, value, True)


def _unit_value(pub: date, unit: str, delta: int) -> str:
    if unit == "year":
        return f"{pub.year + delta:04d}"
    if unit == "month":
        y, mo = _add_months(pub.year, pub.month, delta)
        return f"{y:04d}-{mo:02d}"
    if unit == "week":
        return (pub + timedelta(days=7 * delta)).isoformat()
    q_index = pub.year * 4 + (pub.month - 1) // 3 + delta  # quarter
    return f"{q_index // 4:04d}-Q{q_index % 4 + 1}"


def _h_weekday(m: re.Match[str], pub: date | None, out: _Out) -> None:
    assert pub is not None
    wd = _WEEKDAYS[m.group("wd").lower()]
    mod = (m.group("wmod") or "").lower()
    back = (pub.weekday() - wd) % 7
    if mod == "next":
        d = pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
    elif mod == "last":
        d = pub - timedelta(days=back or 7)
    else:  # "on Monday", "this Monday": news mostly reports the past week
        d = pub - timedelta(days=back)
    _add(out, m, d.isoformat(), True)


def _h_month_day(m: re.Match[str], pub: date | None, out: _Out) -> None:
    assert pub is not None
    mon, d = _month(m.group("mon")), _day(m.group("d"))
    _add(out, m, _iso(_nearest_year(pub, mon, d), mon, d), True)


def _h_month(m: re.Match[str], pub: date | None, out: _Out) -> None:
    assert pub is not None
    mon = _month(m.group("mon"))
    ctx = (m.group("ctx") or "").lower()
    if ctx == "last":
        y = pub.year if mon < pub.month else pub.year - 1
    elif ctx == "next":
        y = pub.year if mon > pub.month else pub.year + 1
    elif ctx == "this":
        y = pub.year
    else:
        y = _nearest_year(pub, mon, 15)
    _add(out, m, f"{y:04d}-{mon:02d}", True)


_Handler = Callable[[re.Match[str], date | None, _Out], None]

_ABSOLUTE: Final[tuple[tuple[re.Pattern[str], _Handler], ...]] = (
    (_RE_MDY, _h_full),
    (_RE_DMY, _h_full),
    (_RE_ISO, _h_iso),
    (_RE_MY, _h_month_year),
    (_RE_QUARTER, _h_quarter),
    (_RE_HALF, _h_half),
    (_RE_FISCAL, _h_fiscal),
    (_RE_YEAR, _h_year),
)
_RELATIVE: Final[tuple[tuple[re.Pattern[str], _Handler], ...]] = (
    (_RE_REL, _h_rel),
    (_RE_WEEKDAY, _h_weekday),
    (_RE_MD, _h_month_day),
    (_RE_DM, _h_month_day),
    (_RE_MON, _h_month),
)


def _parse_published(published: str) -> date:
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError as exc:
        raise ValueError(f"published must be an ISO date (YYYY-MM-DD), got {published!r}") from exc


def find_dates(text: str, published: str | None = None) -> list[DateMention]:
    """Return non-overlapping date mentions in ``text``, sorted by start offset.

    ``published`` is the publication date as ISO ``YYYY-MM-DD`` (a longer ISO
    timestamp is cut to its date); relative mentions are resolved against it and
    skipped when it is ``None``. Raises ``ValueError`` if it cannot be parsed.

    >>> [d.value for d in find_dates("Output rose in Q2 2025 and last month.", "2026-03-24")]
    ['2025-Q2', '2026-02']
    """
    pub = _parse_published(published) if published is not None else None
    cands: _Out = []
    for regex, handler in _ABSOLUTE:
        for m in regex.finditer(text):
            handler(m, pub, cands)
    if pub is not None:
        for regex, handler in _RELATIVE:
            for m in regex.finditer(text):
                handler(m, pub, cands)
    if not cands:
        return []
    # Absolute before relative, then longest, then earliest.
    cands.sort(key=lambda c: (c[3], -(c[1] - c[0]), c[0]))
    starts: list[int] = []  # kept spans, sorted and disjoint
    ends: list[int] = []
    kept: dict[int, _Cand] = {}
    for c in cands:
        i = bisect_right(starts, c[0])
        if (i and ends[i - 1] > c[0]) or (i < len(starts) and starts[i] < c[1]):
            continue
        starts.insert(i, c[0])
        ends.insert(i, c[1])
        kept[c[0]] = c
    out: list[DateMention] = []
    for st in starts:
        s, e, v, rel = kept[st]
        out.append(DateMention(v, s, e, text[s:e], rel))
    return out
