"""The gazetteer: every known name and alias, compiled once into two patterns.

Names are matched case-insensitively; short or all-capital forms (acronyms,
ticker symbols such as "USAR" or "DOE") only in their written case, so that
"US" the country never matches the pronoun "us". Longest match wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from lodemap.names import name_key

try:  # The regex engine's extra case equivalents ("ı" ~ "i", "ſ" ~ "s"): a private table.
    from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - another Python: always match case-insensitively
    _EXTRA_CASES = None


@dataclass(frozen=True)
class GazetteerEntry:
    text: str
    entity_id: str
    entity_type: str


@dataclass(frozen=True)
class GazetteerHit:
    start: int
    end: int
    text: str
    entity_id: str
    entity_type: str


def _is_exact_case(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(text) <= 4 or (bool(letters) and all(c.isupper() for c in letters))


_SEP = "\x00"
_SEP_PATTERN = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
"""Any run of spaces or one line break may separate the words of a name."""


def _trie_pattern(names: Iterable[str]) -> str:
    """One regular expression for many names, shaped as a character trie.

    A flat alternation makes the engine try every name at every position; a
    trie tries only the names that share the characters read so far. A name
    that is a prefix of a longer one leaves the rest optional, and greedy
    matching with backtracking then yields the longest name that fits.
    """
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for ch in _SEP.join(name.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        alts = [(_SEP_PATTERN if k == _SEP else re.escape(k)) + emit(node[k]) for k in keys]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def _lower_exact(name: str) -> bool:
    """Every character of a (lower-cased) name is its own lower case, as the regex engine's
    case-insensitive literals compare against."""
    return all(c.lower() == c for c in name)


@cache
def _folds_alike(ch: str, confusable: frozenset[str]) -> bool:
    """Whether `ch` lower-cased matches a lower-case literal exactly when `ch` itself
    matches it case-insensitively: one character, the engine's own lower case, no context
    rule (final sigma), not one of the engine's extra equivalents ("ı" for "i", "ſ" for
    "s") of a name character, and a word character exactly when `ch` is."""
    low = ch.lower()
    if len(low) != 1 or ch == "\u03a3" or low in confusable:
        return False  # a one-character full lower case is the simple one, but for sigma
    if low != ch and (len(low.upper()) != 1 or low.upper() == low):
        return False  # the engine compares uncased characters as they are
    return (low.isalnum() or low == "_") == (ch.isalnum() or ch == "_")


class Gazetteer:
    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.by_key: dict[str, GazetteerEntry] = {}
        exact: dict[str, GazetteerEntry] = {}
        folded: dict[str, GazetteerEntry] = {}
        for entry in entries:
            text = entry.text.strip()
            if len(text) < 2:
                continue
            if _is_exact_case(text):
                exact.setdefault(text, entry)
            else:
                folded.setdefault(text.lower(), entry)
            self.by_key.setdefault(name_key(text), entry)
        self._exact = exact
        self._folded = folded
        bound_l, bound_r = r"(?<![\w&])", r"(?![\w&]|-\w)"
        self._exact_re = (
            re.compile(f"{bound_l}(?:{_trie_pattern(exact)}){bound_r}") if exact else None
        )
        folded_pattern = f"{bound_l}(?:{_trie_pattern(folded)}){bound_r}"
        self._folded_re = re.compile(folded_pattern, re.IGNORECASE) if folded else None
        # Case-insensitive matching is about twice as slow as matching the lower-cased
        # text with lower-case names; `_lowered` says when the two agree.
        self._lower_re = (
            re.compile(folded_pattern)
            if folded and _EXTRA_CASES is not None
            and all(_lower_exact(name) for name in folded) else None
        )
        self._confusable = frozenset(
            chr(k) for c in {c for name in folded for c in name}
            for k in (_EXTRA_CASES or {}).get(ord(c), ())
        )

    def __len__(self) -> int:
        return len(self._exact) + len(self._folded)

    def _lowered(self, text: str) -> str | None:
        """The text lower-cased, if every character folds like the engine folds it."""
        if text.isascii() and not self._confusable:
            return text.lower()
        if all(_folds_alike(ch, self._confusable) for ch in set(text)):
            return text.lower()
        return None

    def _folded_matches(self, text: str) -> list[re.Match[str]]:
        """The case-insensitive matches, found in the lower-cased text where that is safe
        (spans are the same, since lower-casing kept every character in place)."""
        if self._lower_re is not None:
            lowered = self._lowered(text)
            if lowered is not None:
                return list(self._lower_re.finditer(lowered))
        assert self._folded_re is not None
        return list(self._folded_re.finditer(text))

    def find(self, text: str) -> list[GazetteerHit]:
        """Non-overlapping hits, longest first where two overlap."""
        hits: list[GazetteerHit] = []
        for pattern, table, fold in (
            (self._folded_re, self._folded, True),
            (self._exact_re, self._exact, False),
        ):
            if pattern is None:
                continue
            matches = self._folded_matches(text) if fold else pattern.finditer(text)
            for m in matches:
                found = text[m.start():m.end()]
                surface = " ".join(found.split())
                entry = table.get(surface.lower() if fold else surface)
                if entry is None:
                    continue
                hits.append(GazetteerHit(m.start(), m.end(), found, entry.entity_id,
                                         entry.entity_type))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[GazetteerHit] = []
        for hit in hits:
            if kept and hit.start < kept[-1].end:
                if hit.end - hit.start > kept[-1].end - kept[-1].start:
                    kept[-1] = hit
                continue
            kept.append(hit)
        return kept
