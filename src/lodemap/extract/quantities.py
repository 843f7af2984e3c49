"""Regex extraction of money, mass, rate, percentage, purity and count quantities.

Everything is compiled once at import time; :func:`find_quantities` runs a handful
of ``finditer`` scans over the text and resolves overlaps between them.

Conventions
-----------
* ``value`` is normalised: money in currency units, mass in tonnes, rates in
  tonnes per year, percentages on a 0-100 scale, counts as plain numbers.
* ``start``/``end``/``text`` cover the quantity itself (currency, number, scale,
  unit, rate suffix); a hedge word before it ("about", "more than", "~") and a
  leading "from"/"between" are *not* part of the span, but set ``approx``.
* A written range ("$1-2 billion", "850 to 1,000 tonnes", "between 10% and 15%")
  gives ``value`` = low end and ``high`` = high end. A change ("from 5,000 to
  7,000 tonnes") gives two separate quantities instead.
* A bare ``$`` is read as US dollars and a bare ``¥`` as Japanese yen (Chinese yuan
  when written ``CN¥``/``RMB ¥`` or followed by "yuan"/"RMB").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

__all__ = ["Quantity", "find_quantities"]


@dataclass(frozen=True)
class Quantity:
    """One quantity found in text."""

    kind: str  # "money" | "mass" | "rate" | "percent" | "purity" | "count"
    value: float
    high: float | None
    unit: str
    start: int
    end: int
    text: str
    approx: bool


# --------------------------------------------------------------------------- fragments

# A number: thousands separators and decimals, never the tail of a longer number.
_NUM: Final = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,.]?\d)"

# Start-of-number guard when no currency symbol precedes it: not glued to a word,
# another number, a hyphen or a currency sign ("F-35", "COVID-19", "v2.5", "$5").
_NUM_GUARD: Final = r"(?<![\w.,\-/$€£¥])"

_APPROX: Final = (  # factored on the first letter: much faster than one (?i:a|b|...) list
    r"(?:[Aa](?:pproximately|pprox\.|bout|round|lmost|t\s+least|n\s+estimated)"
    r"|[Rr]oughly|[Nn]early|[Cc](?:lose\s+to|irca)|[Mm]ore\s+than|[Ll]ess\s+than"
    r"|[Ff]ewer\s+than|[Oo]ver|[Uu](?:nder|p\s+to)|[Ss]ome|[Ee]stimated)(?![A-Za-z])\s*"
    r"|[~≈]\s*"
)

# Optional lead-in shared by all patterns. "from X to Y" is a change (two values),
# "between X and Y" a range; a number right after "from" is only reachable through
# the group so the "to" rule below can see it.
_PRE: Final = (
    # Cheap first test: a match starts at a digit, a currency sign, "~", or a word start.
    r"(?=[\d$€£¥~≈]|(?<![\w])[AaBbCcEeFfGgJjLlMmNnOoRrSsUu])"
    r"(?<![Ff]rom\s)"
    r"(?:(?<![\w])(?:(?P<frm>[Ff]rom)|(?P<btw>[Bb]etween))\s+)?"
    rf"(?:(?<![\w~≈])(?P<approx>{_APPROX}))?"
)

# Range separator: a dash, or "to" ("and" after "between").
_SEP: Final = r"(?:\s*[-–—]\s*|\s+(?P<to>(?(btw)and|to))\s+)"

_MONEY_SCALE: Final = (
    r"(?i:trillion|tn|billion|bn|bln|b|million|mln|mn|mm|m|thousand|k)(?![A-Za-z])"
)

_CUR: Final = (
    r"(?:US|U\.S\.)\s?\$|\$\s?US(?![A-Za-z])|AU?\$|\$A(?=\s?\d)|CA?\$|CN¥|JP¥"
    r"|RMB\s?¥|€|£|¥|(?<![A-Za-z])\$"
    r"|(?<![A-Za-z])(?:USD|AUD|EUR|CAD|GBP|JPY|CNY|RMB)(?![A-Za-z])\s?\$?"
)

_CUR_SUFFIX: Final = (
    r"(?i:(?:US|U\.S\.|American|Australian|Canadian)\s+dollars?|dollars?|euros?"
    r"|yuan|renminbi|yen|(?:pounds?\s+)?sterling)(?![A-Za-z])"
    r"|(?:USD|AUD|EUR|CAD|GBP|JPY|CNY|RMB)(?![A-Za-z])"
)

_MONEY_RE: Final = re.compile(
    _PRE
    + r"(?P<core>"
    + rf"(?:(?P<cur>{_CUR})\s?|{_NUM_GUARD})"
    + rf"(?P<n1>{_NUM})"
    + rf"(?:(?:-|\s*)(?P<s1>{_MONEY_SCALE}))?"
    + rf"(?:{_SEP}(?:{_CUR})?\s?(?P<n2>{_NUM})"
    + rf"(?(s1)(?:-|\s*)(?P<s2>{_MONEY_SCALE})|(?:(?:-|\s*)(?P<s2x>{_MONEY_SCALE}))?))?"
    + rf"(?(cur)(?:\s+(?P<sfx>{_CUR_SUFFIX}))?|\s*(?P<sfx2>{_CUR_SUFFIX}))"
    + r")"
)

# Scale words in front of a mass unit: "1.2 million tonnes", "1.2m tonnes", "10k tons".
_MASS_SCALE: Final = (
    r"\s*(?i:million|mln|mn|billion|bn|thousand)(?![A-Za-z])"
    r"|(?-i:m|k)(?=\s*(?i:metric\s+)?(?i:tonnes?|tons?)(?![A-Za-z]))"
)

_MASS_UNIT: Final = (
    r"(?i:metric\s+tonnes?|metric\s+tons?|short\s+tons?|long\s+tons?|tonnes?|tons?"
    r"|kilotonnes?|kilotons?|megatonnes?|kilograms?|kilos?|grams?)(?![A-Za-z])"
    r"|(?i:pounds)(?=\s+of\b)"
    r"|(?-i:Mtpa|mtpa|MTPA|ktpa|KTPA|ktpy|kta|tpa|TPA|tpy|TPY|tpd|TPD"
    r"|MMT|mmt|Mt|MT|mt|kt|KT|kg|KG|lbs|lb|t)(?![A-Za-z])"
)

# "of <a few words>" allowed between the unit and a per-time phrase:
# "5,000 tonnes of NdPr oxide per year".
_OF_WORDS: Final = r"(?:\s+of(?:\s+(?!(?:per|a|an|each|every)\b)[A-Za-z][\w\-]*){1,4}?)?"

_PER: Final = (
    r"\s*/\s*(?P<pt1>(?i:yr|y|a|annum|year|d|day|month|mo|mth))(?![A-Za-z])"
    rf"|{_OF_WORDS}(?:\s+|-)(?i:per|a|an|each|every)(?:\s+|-)"
    r"(?P<pt2>(?i:year|annum|month|day|week))(?![A-Za-z])"
    r"(?!\s+(?:later|earlier|ago|before|after|on)\b)"
    rf"|{_OF_WORDS}\s+(?P<pt3>(?i:annually|yearly|per\s+annum|daily|monthly)(?![A-Za-z])"
    r"|p\.a\.|pa(?![A-Za-z]))"
    r"|(?:\s+of)?(?:\s+|-)(?P<pt4>(?i:annual|yearly))(?![A-Za-z])"
)

_MASS_RE: Final = re.compile(
    _PRE
    + r"(?P<core>"
    + rf"{_NUM_GUARD}(?P<n1>{_NUM})(?P<s1>{_MASS_SCALE})?"
    + rf"(?:{_SEP}(?P<n2>{_NUM})(?P<s2>{_MASS_SCALE})?)?"
    + rf"(?:\s*|-)(?P<unit>{_MASS_UNIT})"
    + rf"(?P<per>{_PER})?"
    + r")"
)

_PCT: Final = r"%|(?i:percentage\s+points?|percent|per\s+cent|pct)(?![A-Za-z])"

_PERCENT_RE: Final = re.compile(
    _PRE
    + r"(?P<core>"
    + rf"{_NUM_GUARD}(?P<n1>{_NUM})(?:\s*(?:{_PCT}))?"
    + rf"(?:{_SEP}(?P<n2>{_NUM}))?"
    + rf"\s*(?:{_PCT})"
    + r"(?P<pur>(?:\s+|-)(?i:pure|purity)(?![A-Za-z]))?"
    + r")"
)

_COUNT_NOUN: Final = (
    r"(?i:jobs?|workers?|employees?|staff|people|personnel|magnets?|motors?|vehicles?"
    r"|cars?|EVs?|turbines?|drones?|missiles?|aircraft|jets?|satellites?|batteries"
    r"|battery|cells?|mines?|plants?|refiner(?:y|ies)|factor(?:y|ies)|facilit(?:y|ies)"
    r"|projects?|deposits?|licen[cs]es?|permits?|shipments?|containers?|compan(?:y|ies)"
    r"|firms?|suppliers?|customers?|households?|homes?|tanks?|units?)(?![A-Za-z])"
)

_COUNT_SCALE: Final = r"\s*(?i:million|mln|mn|billion|bn|thousand)(?![A-Za-z])|(?-i:m|k)(?=\s)"

_COUNT_RE: Final = re.compile(
    _PRE
    + r"(?P<core>"
    + rf"{_NUM_GUARD}(?P<n1>{_NUM})(?P<s1>{_COUNT_SCALE})?"
    + rf"(?:{_SEP}(?P<n2>{_NUM})(?P<s2>{_COUNT_SCALE})?)?"
    + rf"\s+(?P<noun>{_COUNT_NOUN})"
    + r")"
)

# Context tests on a short window of text before a match.
_LABEL_BEFORE: Final = re.compile(
    r"(?:\b(?i:model|section|article|chapter|rule|part|title|number|phase|stage|version"
    r"|series|type|class|block|level|tier|item|form|route|lot|gate|flight|room|no\.)"
    r"|\b(?:No|Unit|Ext\.?|Tel\.?|Fax|Box)|#)\s*$"
)
_DATE_PREP_BEFORE: Final = re.compile(
    r"(?i:\b(?:in|by|since|from|until|till|during|for|of|before|after|through|to|early"
    r"|late|mid|end|start|beginning))[\s-]*$"
)
_CAPWORD_BEFORE: Final = re.compile(r"(?:^|[^.!?:;\s]\s*)\b[A-Z][\w\-]*\s+$")
_PURITY_BEFORE: Final = re.compile(
    r"(?i:purit(?:y|ies)|grade)\s+(?:levels?\s+)?(?:of\s+)?(?:is\s+|was\s+)?$"
)
_ANNUAL_BEFORE: Final = re.compile(
    r"(?i:\b(?:annual|yearly|annualised|annualized)\s+(?:[a-z]+\s+){0,2}?of\s+)$"
)
_YEARLIKE: Final = re.compile(r"(?:19|20)\d\d")

# ------------------------------------------------------------------------- tables

_SCALES: Final[dict[str, float]] = {
    "trillion": 1e12,
    "tn": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "mm": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}

# Mass units -> (tonnes per unit, per-year multiplier for compact rate units or None).
_MASS_UNITS: Final[dict[str, tuple[float, float | None]]] = {
    "Mtpa": (1e6, 1.0),
    "mtpa": (1e6, 1.0),
    "MTPA": (1e6, 1.0),
    "ktpa": (1e3, 1.0),
    "KTPA": (1e3, 1.0),
    "ktpy": (1e3, 1.0),
    "kta": (1e3, 1.0),
    "tpa": (1.0, 1.0),
    "TPA": (1.0, 1.0),
    "tpy": (1.0, 1.0),
    "TPY": (1.0, 1.0),
    "tpd": (1.0, 365.0),
    "TPD": (1.0, 365.0),
    "MMT": (1e6, None),
    "mmt": (1e6, None),
    "Mt": (1e6, None),
    "MT": (1.0, None),
    "mt": (1.0, None),
    "kt": (1e3, None),
    "KT": (1e3, None),
    "kg": (1e-3, None),
    "KG": (1e-3, None),
    "lbs": (0.00045359237, None),
    "lb": (0.00045359237, None),
    "t": (1.0, None),
}
_MASS_WORDS: Final[tuple[tuple[str, float], ...]] = (
    ("short", 0.90718474),
    ("long", 1.0160469088),
    ("kilot", 1e3),
    ("megat", 1e6),
    ("kilog", 1e-3),
    ("kilo", 1e-3),
    ("gram", 1e-6),
    ("pound", 0.00045359237),
)

_PER_YEAR: Final[dict[str, float]] = {
    "yr": 1.0,
    "y": 1.0,
    "a": 1.0,
    "annum": 1.0,
    "year": 1.0,
    "annual": 1.0,
    "annually": 1.0,
    "yearly": 1.0,
    "pa": 1.0,
    "p.a.": 1.0,
    "d": 365.0,
    "day": 365.0,
    "daily": 365.0,
    "week": 52.0,
    "month": 12.0,
    "mo": 12.0,
    "mth": 12.0,
    "monthly": 12.0,
}

_CUR_CODES: Final[dict[str, str]] = {
    "USD": "USD",
    "AUD": "AUD",
    "EUR": "EUR",
    "CAD": "CAD",
    "GBP": "GBP",
    "JPY": "JPY",
    "CNY": "CNY",
    "RMB": "CNY",
}

_WS: Final = re.compile(r"\s+")


# ------------------------------------------------------------------------- helpers


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _scale(s: str | None) -> float:
    if not s:
        return 1.0
    return _SCALES.get(s.strip().lower(), 1.0)


def _currency(prefix: str | None, suffix: str | None) -> str:
    """Map the written currency marks to an ISO code."""
    if suffix:
        s = _WS.sub(" ", suffix).lower()
        if s.upper() in _CUR_CODES and suffix.isupper():
            return _CUR_CODES[s.upper()]
        if s.startswith("australian"):
            return "AUD"
        if s.startswith("canadian"):
            return "CAD"
        if s.startswith(("euro",)):
            return "EUR"
        if s.startswith(("yuan", "renminbi")):
            return "CNY"
        if s.startswith("yen"):
            return "JPY"
        if "sterling" in s:
            return "GBP"
        if prefix is None:
            return "USD"  # "dollars", "US dollars"
    if prefix is None:
        return "USD"
    p = prefix.replace(" ", "").replace("$", "").replace(".", "")
    if prefix.startswith("$") and p in ("US", "A"):
        return "USD" if p == "US" else "AUD"
    if p in ("US",):
        return "USD"
    if p in ("A", "AU"):
        return "AUD"
    if p in ("C", "CA"):
        return "CAD"
    if p in ("CN¥", "RMB¥"):
        return "CNY"
    if p == "JP¥":
        return "JPY"
    if p == "€":
        return "EUR"
    if p == "£":
        return "GBP"
    if p == "¥":
        return "JPY"
    if p in _CUR_CODES:
        return _CUR_CODES[p]
    return "USD"


def _mass_factor(unit: str) -> tuple[float, float | None]:
    """Tonnes per written unit, and a per-year multiplier for compact rate units."""
    if unit in _MASS_UNITS:
        return _MASS_UNITS[unit]
    low = unit.lower()
    for stem, factor in _MASS_WORDS:
        if low.startswith(stem):
            return factor, None
    return 1.0, None  # tonne / ton / metric ton(ne)


def _span_range(
    n1: float, s1: float | None, n2: float | None, s2: float | None
) -> tuple[float, float | None]:
    """Combine the two ends of a written range; a scale only on the high end
    ("$1-2 billion") carries over to the low end unless that would invert it."""
    if n2 is None:
        return n1 * (s1 or 1.0), None
    hi = n2 * (s2 or 1.0)
    if s1 is not None:
        lo = n1 * s1
    elif s2 is not None and n1 <= n2:
        lo = n1 * s2
    else:
        lo = n1
    return lo, hi


def _before(text: str, pos: int, width: int = 40) -> str:
    return text[max(0, pos - width) : pos]


def _rejected_number(text: str, m: re.Match[str], core: int, guard_years: bool) -> bool:
    """Context rules shared by patterns whose number is not marked by a currency."""
    if _LABEL_BEFORE.search(_before(text, m.start())):
        return True
    return bool(
        guard_years
        and _YEARLIKE.fullmatch(m.group("n1"))
        and not m.group("s1")
        and not m.group("n2")
        and _DATE_PREP_BEFORE.search(_before(text, core, 24))
    )


def _emit(
    out: list[Quantity],
    text: str,
    m: re.Match[str],
    kind: str,
    unit: str,
    lo: float,
    hi: float | None,
    end: int,
) -> None:
    """Append one quantity, or two when the match is a "from X to Y" change."""
    core = m.start("core")
    approx = m.group("approx") is not None
    if hi is not None and m.group("frm") and m.group("to"):
        first_end = m.start("to")
        while first_end > core and text[first_end - 1].isspace():
            first_end -= 1
        out.append(Quantity(kind, lo, None, unit, core, first_end, text[core:first_end], approx))
        second = m.end("to")
        while second < end and text[second].isspace():
            second += 1
        out.append(Quantity(kind, hi, None, unit, second, end, text[second:end], False))
        return
    out.append(Quantity(kind, lo, hi, unit, core, end, text[core:end], approx))


# ------------------------------------------------------------------------- scanners


def _money(text: str, m: re.Match[str], out: list[Quantity]) -> bool:
    core = m.start("core")
    prefix = m.group("cur")
    suffix = m.group("sfx") or m.group("sfx2")
    if prefix is None and _rejected_number(text, m, core, guard_years=True):
        return False
    bounds = _bounds(m, m.group("s2") or m.group("s2x"))
    if bounds is None:
        return False
    lo, hi = bounds
    _emit(out, text, m, "money", _currency(prefix, suffix), lo, hi, m.end("core"))
    return True


def _bounds(m: re.Match[str], s2: str | None) -> tuple[float, float | None] | None:
    """The value, or low and high of a range ("$1-2 billion"), from a match's number and
    scale groups; None for a range that runs backwards."""
    n2 = m.group("n2")
    s1 = m.group("s1")
    lo, hi = _span_range(
        _num(m.group("n1")),
        _scale(s1) if s1 else None,
        _num(n2) if n2 else None,
        _scale(s2) if s2 else None,
    )
    if hi is not None and hi < lo:
        return None
    return lo, hi


def _mass(text: str, m: re.Match[str], out: list[Quantity]) -> bool:
    core = m.start("core")
    if _rejected_number(text, m, core, guard_years=True):
        return False
    factor, per_year = _mass_factor(m.group("unit"))
    if m.group("per"):
        word = next(
            g for g in (m.group("pt1"), m.group("pt2"), m.group("pt3"), m.group("pt4")) if g
        )
        per_year = _PER_YEAR.get(_WS.sub(" ", word).lower(), 1.0)
        if word.lower().startswith("per"):
            per_year = 1.0  # "per annum"
    elif per_year is None and _ANNUAL_BEFORE.search(_before(text, m.start(), 60)):
        per_year = 1.0  # "annual capacity of 5,000 tonnes"
    bounds = _bounds(m, m.group("s2"))
    if bounds is None:
        return False
    lo, hi = bounds
    mult = factor * (per_year if per_year is not None else 1.0)
    kind, unit = ("rate", "t/yr") if per_year is not None else ("mass", "t")
    _emit(out, text, m, kind, unit, lo * mult, None if hi is None else hi * mult, m.end("core"))
    return True


def _percent(text: str, m: re.Match[str], out: list[Quantity]) -> bool:
    core = m.start("core")
    if _rejected_number(text, m, core, guard_years=False):
        return False
    lo = _num(m.group("n1"))
    n2 = m.group("n2")
    hi = _num(n2) if n2 else None
    if hi is not None and hi < lo:
        return False
    pure = m.group("pur") is not None or bool(_PURITY_BEFORE.search(_before(text, core)))
    _emit(out, text, m, "purity" if pure else "percent", "%", lo, hi, m.end("core"))
    return True


def _count(text: str, m: re.Match[str], out: list[Quantity]) -> bool:
    core = m.start("core")
    n1 = m.group("n1")
    s1 = m.group("s1")
    if _rejected_number(text, m, core, guard_years=False):
        return False
    if _YEARLIKE.fullmatch(n1) and not s1:
        return False  # "2025 vehicles" reads as a model year, not a count
    hedged = m.group("approx") or m.group("frm") or m.group("btw")
    if not hedged and _CAPWORD_BEFORE.search(_before(text, core)):
        return False  # "Boeing 737 aircraft"
    n2 = m.group("n2")
    s2 = m.group("s2")
    lo, hi = _span_range(
        _num(n1),
        _scale(s1) if s1 else None,
        _num(n2) if n2 else None,
        _scale(s2) if s2 else None,
    )
    if hi is not None and hi < lo:
        return False
    _emit(out, text, m, "count", m.group("noun").lower(), lo, hi, m.end("core"))
    return True


_DIGIT: Final = re.compile(r"\d")
_Handler = Callable[[str, "re.Match[str]", list[Quantity]], bool]
_SCANNERS: Final[tuple[tuple[re.Pattern[str], _Handler], ...]] = (
    (_MONEY_RE, _money),
    (_MASS_RE, _mass),
    (_PERCENT_RE, _percent),
    (_COUNT_RE, _count),
)


def find_quantities(text: str) -> list[Quantity]:
    """Return the non-overlapping quantities in ``text``, sorted by start offset.

    >>> [(q.kind, q.value, q.unit) for q in find_quantities("a $620 million plant")]
    [('money', 620000000.0, 'USD')]
    """
    found: list[Quantity] = []
    if _DIGIT.search(text) is None:
        return found  # every quantity has a number; most sentences have none
    for regex, handler in _SCANNERS:
        pos = 0
        while (m := regex.search(text, pos)) is not None:
            # A rejected match may hide a valid one starting inside it ("$5 million
            # to 10 people" is not a range): resume right after its first number.
            pos = m.end() if handler(text, m, found) else m.end("n1")
    if not found:
        return found
    # Counts yield to the other kinds ("a $620 million plant"); then longest first,
    # then earliest; keep what does not overlap what is kept.
    found.sort(key=lambda q: (q.kind == "count", -(q.end - q.start), q.start))
    starts: list[int] = []  # kept spans, sorted and disjoint
    ends: list[int] = []
    kept: dict[int, Quantity] = {}
    for q in found:
        i = bisect_right(starts, q.start)
        if (i and ends[i - 1] > q.start) or (i < len(starts) and starts[i] < q.end):
            continue
        starts.insert(i, q.start)
        ends.insert(i, q.end)
        kept[q.start] = q
    return [kept[s] for s in starts]
