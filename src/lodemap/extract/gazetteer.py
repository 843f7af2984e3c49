"""The gazetteer: every known name and alias, compiled once into two patterns.

Names are matched case-insensitively; short or all-capital forms (acronyms,
ticker symbols such as "USAR" or "DOE") only in their written case, so that
"US" the country never matches the pronoun "us". Longest match wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lodemap.names import name_key


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
        self._folded_re = (
            re.compile(f"{bound_l}(?:{_trie_pattern(folded)}){bound_r}", re.IGNORECASE)
            if folded else None
        )

    def __len__(self) -> int:
        return len(self._exact) + len(self._folded)

    def find(self, text: str) -> list[GazetteerHit]:
        """Non-overlapping hits, longest first where two overlap."""
        hits: list[GazetteerHit] = []
        for pattern, table, fold in (
            (self._folded_re, self._folded, True),
            (self._exact_re, self._exact, False),
        ):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                surface = " ".join(m.group(0).split())
                entry = table.get(surface.lower() if fold else surface)
                if entry is None:
                    continue
                hits.append(GazetteerHit(m.start(), m.end(), m.group(0), entry.entity_id,
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
