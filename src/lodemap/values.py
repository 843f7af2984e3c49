"""Value statements compared: what figure a value is, its range, and how to print it.

Used by `lodemap.conflicts` to decide whether two sources disagree, and by the
dossier to print figures. The word lists and tolerances are data
(`data/conflicts.yaml`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from lodemap.statement import Statement


@dataclass(frozen=True)
class Rules:
    tolerance: float
    same_period_days: int
    by_qualifier: frozenset[str]
    many_valued: frozenset[str]
    units: dict[str, tuple[str, float]]
    phase: dict[str, tuple[str, ...]]
    material: dict[str, tuple[str, ...]]


@cache
def rules() -> Rules:
    text = (resources.files("lodemap") / "data" / "conflicts.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return Rules(
        tolerance=float(data["tolerance"]), same_period_days=int(data["same_period_days"]),
        by_qualifier=frozenset(data["by_qualifier"]),
        many_valued=frozenset(data["many_valued"]),
        units={k: (str(v[0]), float(v[1])) for k, v in data["units"].items()},
        phase={k: tuple(v) for k, v in data["phase"].items()},
        material={k: tuple(v) for k, v in data["material"].items()},
    )


@dataclass(frozen=True)
class Measure:
    """Which figure a value statement gives: two values are compared only when
    their measures match (`comparable`)."""

    unit: str
    phase: frozenset[str]
    material: frozenset[str]
    period: str | None
    """The period a pack figure is about ("2024", "2025-Q2"); None when not stated."""
    qualifier: str | None
    """For `by_qualifier` properties: the folded qualifier without its period."""


_PERIOD = re.compile(r"\s*\(((?:FY)?\d{4}[^()]*)\)\s*$")
_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Bounds said in words. "under"/"over" alone are not bounds ("under the LOI plan",
# "over five years"); the pack writes a lower bound as "(over)".
_BOUND_LOW = re.compile(r"\b(more than|at least|exceeding|in excess of|over)\s*$|\(over\)")
_BOUND_HIGH = re.compile(r"(?<!scale)(?:^|\s)(up to|at most|less than)\s*$|\(up to\)")


def _markers(text: str, table: dict[str, tuple[str, ...]]) -> frozenset[str]:
    padded = f" {' '.join(_WORDS.findall(text.lower()))} "
    return frozenset(name for name, words in table.items()
                     if any(f" {w} " in padded for w in words))


def _number_forms(value: str) -> list[str]:
    try:
        n = float(value)
    except ValueError:
        return []
    return [f"{n:,.0f}", f"{n:.0f}"] if n.is_integer() else [value]


def context(st: Statement) -> str:
    """The words that say which figure this is: the qualifier, or for an extracted value
    without one, the words just before the number in its sentence."""
    if st.qualifier:
        return st.qualifier
    for form in _number_forms((st.value or "").split("-")[0]):
        at = st.evidence.find(form)
        if at >= 0:
            # The clause before the number, up to 60 characters: "after an initial
            # phase of", "lift the plant's magnet capacity to about".
            before = st.evidence[max(0, at - 60):at]
            return re.split(r"[,;:(]\s", before)[-1]
    return ""


def measure(st: Statement) -> Measure:
    r = rules()
    unit = r.units.get(st.unit or "", (st.unit or "", 1.0))[0]
    text = context(st)
    m = _PERIOD.search(st.qualifier or "")
    period = m.group(1) if m else None
    bare = _PERIOD.sub("", st.qualifier or "")
    qualifier = " ".join(_WORDS.findall(bare.lower())) if st.predicate in r.by_qualifier else None
    return Measure(unit, _markers(text, r.phase), _markers(text, r.material), period,
                   qualifier)


def comparable(a: Measure, b: Measure) -> bool:
    return (a.unit == b.unit and a.phase == b.phase and a.qualifier == b.qualifier
            and (a.period is None or b.period is None or a.period == b.period)
            and (not a.material or not b.material or a.material == b.material))


def bound(st: Statement) -> str:
    """"over" or "up to" when the source gives the value as a bound, else ""."""
    words = context(st).lower()
    return "over" if _BOUND_LOW.search(words) else "up to" if _BOUND_HIGH.search(words) else ""


def interval(st: Statement) -> tuple[float, float] | None:
    """The range a value allows, in canonical units: "850-1000" and bounds such as
    "over" widen it. None for a value that is not a number."""
    factor = rules().units.get(st.unit or "", ("", 1.0))[1]
    low_text, _, high_text = (st.value or "").partition("-") if not (
        st.value or "").startswith("-") else (st.value or "", "", "")
    try:
        low = float(low_text) * factor
        high = float(high_text) * factor if high_text else low
    except ValueError:
        return None
    limit = bound(st)
    return (low, math.inf) if limit == "over" else (0.0, high) if limit else (low, high)


def agree(a: Statement, b: Statement) -> bool:
    """Equal after unit conversion, within the tolerance, or overlapping ranges."""
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return " ".join((a.value or "").lower().split()) == " ".join(
            (b.value or "").lower().split())
    tol = rules().tolerance
    return (ia[0] - abs(ia[0]) * tol <= ib[1] + abs(ib[1]) * tol
            and ib[0] - abs(ib[0]) * tol <= ia[1] + abs(ia[1]) * tol)


_SCALES = ((1e9, "billion"), (1e6, "million"))


def format_value(s: Statement) -> str:
    """Human form of a stored value: "USD 620 million", "5,000 t/yr", "2028"."""
    value, unit = s.value or "", s.unit or ""
    try:
        number = float(value)
    except ValueError:
        return f"{value} {unit}".strip()
    if unit == "year":
        return f"{number:.0f}"
    if len(unit) == 3 and unit.isupper():
        for scale, word in _SCALES:
            if abs(number) >= scale:
                scaled = number / scale
                digits = 0 if scaled.is_integer() else 2
                return f"{unit} {scaled:,.{digits}f} {word}"
        return f"{unit} {number:,.0f}"
    text = f"{number:,.0f}" if number.is_integer() else f"{number:,}"
    return f"{text} {unit}".strip()
