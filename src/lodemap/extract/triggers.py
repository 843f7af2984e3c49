"""Which relation rules can fire in a sentence, without running every rule's trigger.

Every rule has a lower-case trigger pattern that any match of the rule contains.
Alternatives of a single word ("suppl", "licen[cs]") are tested against each
distinct word once and the answer is cached, so a sentence costs one word scan
plus dictionary look-ups. Alternatives of several words ("joint venture", "to
supply") are found with one combined pattern and then checked rule by rule only
where it matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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

    def fold(self, text: str) -> str:
        """The document as triggers read it: lower case, quotes and dashes folded,
        same length (offsets stay document offsets)."""
        return text.translate(_FOLD).lower()

    def active(self, folded: str, start: int, end: int) -> set[str]:
        """Ids of the rules whose trigger occurs in folded[start:end]."""
        span = folded[start:end]
        out: set[str] = set()
        for word in set(_WORD.findall(span)):
            rules = self._for_word(word)
            if rules:
                out |= rules
        if self._any_multi is not None and self._any_multi.search(span):
            out.update(rid for rid, p in self._multi.items() if p.search(span))
        return out
