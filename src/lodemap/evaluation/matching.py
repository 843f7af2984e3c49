"""When is a gold organisation name the same organisation as a predicted argument?

Rules, strongest first (the number is reported with each match):

1. **mention** - the gold string occurs in the article and a mention found by the
   extractor either has that text (same name key) or covers that occurrence with
   nothing but "the", a possessive or a legal suffix around it, and the mention's
   entity id is the argument's id.
2. **resolver** - the resolver's lookup of the gold string gives the argument's id.
3. **key** - `name_key` of the gold string equals the key of the argument's canonical
   name or of its text as written.
4. **short** - one name is the initials of the other (an acronym) or a one-word short
   form (the first word) of the other, and the shorter one occurs in the article. Not
   applied when rules 1-2 already identify the gold name as a different entity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from lodemap.names import fold, lexicon, name_key

RULES = {1: "mention", 2: "resolver", 3: "key", 4: "short"}
_CONNECTORS = frozenset({"of", "and", "the", "for", "&", "de", "du", "la", "on"})
_TOKEN = re.compile(r"[A-Za-z0-9&]+(?:\.[A-Za-z0-9]+)*\.?")


@dataclass(frozen=True)
class Argument:
    """One end of a predicted relation."""

    entity_id: str
    name: str
    """Canonical name of the entity."""
    text: str
    """The text as written in the article."""
    entity_type: str = "Organization"


@dataclass(frozen=True)
class Span:
    """A mention found by the extractor, reduced to what matching needs."""

    start: int
    end: int
    text: str
    entity_id: str | None


@cache
def _legal() -> frozenset[str]:
    words = [*lexicon()["legal_suffixes"], *lexicon()["soft_suffixes"]]
    return frozenset(fold(w) for w in words)


def initials(name: str) -> set[str]:
    """Acronyms a name may go by: with and without connectors, legal suffixes and
    short all-capital words kept whole ("USA Rare Earth" -> URE, USARE)."""
    tokens = [t.replace(".", "") for t in _TOKEN.findall(name)]
    tokens = [t for t in tokens if t]
    out: set[str] = set()
    for drop_connectors in (False, True):
        for drop_legal in (False, True):
            for whole_caps in (False, True):
                parts = []
                for t in tokens:
                    low = t.lower()
                    if drop_connectors and low in _CONNECTORS:
                        continue
                    if drop_legal and low in _legal():
                        continue
                    if whole_caps and t.isupper() and len(t) <= 4:
                        parts.append(t)
                    else:
                        parts.append(t[0])
                if len(parts) >= 2:
                    out.add("".join(parts).upper())
    return out


def _acronym_form(text: str) -> str | None:
    compact = re.sub(r"[.\-\s]", "", text)
    if 2 <= len(compact) <= 8 and compact.isalnum() and sum(c.isupper() for c in compact) >= 2:
        return compact.upper()
    return None


def _only_noise(rest: str) -> bool:
    """Whether the part of a mention outside a gold occurrence adds no name word
    ("the", possessive, legal suffix), so that "Yamaha Motor" inside "Yamaha Motor
    Ventures" is not that mention's name."""
    words = fold(rest).split()
    return all(w in _legal() or w in {"the", "s"} for w in words)


def _occurs(short: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(short)}(?!\w)", text) is not None


def short_form(a: str, b: str, text: str) -> bool:
    """Whether one of `a`, `b` is an acronym or first-word short form of the other,
    the shorter one occurring in `text`."""
    for short, long in ((a, b), (b, a)):
        if not _occurs(short.strip(), text):
            continue
        acr = _acronym_form(short.strip())
        if acr is not None and acr in initials(long):
            return True
        skey, lkey = name_key(short), name_key(long).split()
        if " " not in skey and len(lkey) >= 2 and lkey[0] == skey and len(skey) >= 3:
            return True
    return False


class ArticleNames:
    """Name matching inside one article: its text, the extractor's mentions and a lookup."""

    def __init__(self, text: str, mentions: Iterable[Span],
                 lookup: Callable[[str], str | None]) -> None:
        self.text = text
        self.mentions: Sequence[Span] = list(mentions)
        self.lookup = lookup
        self._ids: dict[str, frozenset[str]] = {}

    def mention_ids(self, gold: str) -> frozenset[str]:
        """Ids of mentions that carry the gold string at one of its occurrences."""
        if gold in self._ids:
            return self._ids[gold]
        key = name_key(gold)
        ids: set[str] = set()
        for occ in re.finditer(re.escape(gold), self.text):
            for m in self.mentions:
                if m.entity_id is None:
                    continue
                covers = m.start <= occ.start() and occ.end() <= m.end and _only_noise(
                    self.text[m.start:occ.start()] + " " + self.text[occ.end():m.end])
                if covers or name_key(m.text) == key:
                    ids.add(m.entity_id)
        self._ids[gold] = frozenset(ids)
        return self._ids[gold]

    def known_ids(self, gold: str) -> frozenset[str]:
        """Every id rules 1-2 give the gold string."""
        found = self.lookup(gold)
        return self.mention_ids(gold) | ({found} if found else set())

    def match(self, gold: str, arg: Argument) -> int | None:
        """The strongest rule (1-4) under which `gold` names `arg`, else None."""
        if arg.entity_id in self.mention_ids(gold):
            return 1
        if self.lookup(gold) == arg.entity_id:
            return 2
        names = [arg.name] + ([arg.text] if arg.text[:1].isupper() or
                              arg.text[:1].isdigit() else [])
        key = name_key(gold)
        if any(name_key(n) == key for n in names):
            return 3
        known = self.known_ids(gold)
        if known and arg.entity_id not in known:
            return None
        if any(short_form(gold, n, self.text) for n in names):
            return 4
        return None
