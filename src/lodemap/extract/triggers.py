"""Which relation rules can fire where: one pass over a document instead of one per rule.

Every rule has a lower-case trigger pattern that any match of the rule contains.
Alternatives of a single word ("suppl", "licen[cs]") are tested against each
distinct word of the document once and the answer is cached, so a long document
costs one word scan plus dictionary look-ups. Alternatives of several words
("joint venture", "to supply") are found with one combined pattern and then
checked rule by rule only where it matched.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from lodemap.extract.rules import Rule

# Length-preserving folding: offsets stay document offsets.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2011": "-", "\u2010": "-",
                       "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_WORD = re.compile(r"[a-z0-9][a-z0-9'&.\-]*")


def alternatives(pattern: str) -> list[str]:
    """The top-level `|` alternatives of a regular expression."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out


@dataclass(frozen=True)
class TriggerHits:
    """Trigger occurrences in one document: sorted offsets and the rules each one wakes."""

    positions: list[int]
    rules: list[frozenset[str]]

    def active(self, start: int, end: int) -> set[str]:
        """Ids of the rules whose trigger occurs in [start, end)."""
        out: set[str] = set()
        i = bisect_left(self.positions, start)
        while i < len(self.positions) and self.positions[i] < end:
            out |= self.rules[i]
            i += 1
        return out


class TriggerIndex:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self._single: dict[str, re.Pattern[str]] = {}
        self._multi: dict[str, re.Pattern[str]] = {}
        multi_alts: set[str] = set()
        for rule in rules:
            if rule.trigger is None:
                continue
            alts = alternatives(rule.trigger.pattern)
            words = [a for a in alts if " " not in a]
            phrases = [a for a in alts if " " in a]
            if words:
                self._single[rule.id] = re.compile("|".join(words))
            if phrases:
                self._multi[rule.id] = re.compile("|".join(phrases))
                multi_alts.update(phrases)
        self._any_multi = re.compile("|".join(sorted(multi_alts))) if multi_alts else None
        # Most words wake no rule: one combined test settles them before the per-rule ones.
        self._any_single = re.compile("|".join(p.pattern for p in self._single.values()))
        self._cache: dict[str, frozenset[str]] = {}

    def _for_word(self, word: str) -> frozenset[str]:
        found = self._cache.get(word)
        if found is None:
            found = frozenset(
                rid for rid, p in self._single.items() if p.search(word)
            ) if self._any_single.search(word) else frozenset()
            if len(self._cache) < 200_000:  # bounded: a long stream must not grow it forever
                self._cache[word] = found
        return found

    def hits(self, text: str) -> TriggerHits:
        folded = text.translate(_FOLD).lower()
        found: list[tuple[int, frozenset[str]]] = []
        for m in _WORD.finditer(folded):
            rules = self._for_word(m.group(0))
            if rules:
                found.append((m.start(), rules))
        if self._any_multi is not None:
            seen: set[int] = set()
            for m in self._any_multi.finditer(folded):
                # Another phrase may start at the same place or just after: check each rule
                # over the next few characters rather than trusting the first alternative.
                pos = m.start()
                if pos in seen:
                    continue
                seen.add(pos)
                window_end = min(len(folded), m.end() + 40)
                rules = frozenset(rid for rid, p in self._multi.items()
                                  if p.search(folded, pos, window_end))
                if rules:
                    found.append((pos, rules))
        found.sort(key=lambda x: x[0])
        return TriggerHits([p for p, _ in found], [r for _, r in found])
