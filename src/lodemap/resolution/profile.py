"""What resolution knows about one entity: its names folded every way the features compare.

A profile is built once per entity from the entity row and its alias rows (the
same rows the store and the resolver use), so scoring a pair never folds a
name twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, cast

import yaml
from sqlalchemy import select

from lodemap.entity import Entity, alias_rows
from lodemap.names import fold, lexicon, name_key
from lodemap.store import Store, tables


@cache
def config() -> dict[str, Any]:
    """The packaged feature weights and word lists (`data/resolution.yaml`)."""
    return cast(dict[str, Any], yaml.safe_load(
        (resources.files("lodemap") / "data" / "resolution.yaml").read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Profile:
    id: str
    type: str
    name: str
    country: str | None
    origin: str
    created_at: str
    folds: frozenset[str]
    """Every name and alias folded (case, accents, punctuation)."""
    keys: frozenset[str]
    """Every name and alias as a name key (legal and soft suffixes dropped too)."""
    tickers: frozenset[str]
    initials: frozenset[str]
    """Acronyms the long names could be written as (lower case)."""
    shorts: frozenset[str]
    """Names written as an acronym (all capitals, one word), lower case."""

    @property
    def key(self) -> str:
        return name_key(self.name)

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset(t for k in self.keys for t in k.split() if len(t) > 1)


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str],
                      tuple[str, ...]]:
    lex = lexicon()
    legal = frozenset(fold(w) for w in lex["legal_suffixes"])
    soft = frozenset(fold(w) for w in lex["soft_suffixes"])
    qualifiers = frozenset(fold(w) for w in lex["government_qualifiers"]) | {"international"}
    skippable = frozenset(fold(w) or w for w in config()["acronym_skippable"])
    compounds = tuple(sorted((fold(c) for c in config()["acronym_compounds"]),
                             key=len, reverse=True))
    return legal, soft, qualifiers, skippable, compounds


def _trim(tokens: tuple[str, ...], tail: frozenset[str]) -> tuple[str, ...]:
    end = len(tokens)
    while end > 1 and tokens[end - 1] in tail:
        end -= 1
    return tokens[:end]


@lru_cache(maxsize=200_000)
def initials(text: str) -> frozenset[str]:
    """The acronyms a name could be written as: with and without its suffixes, leading
    qualifiers ("US"), linking words ("of") and with domain compounds as one letter."""
    legal, soft, qualifiers, skippable, compounds = _words()
    folded = fold(text).removeprefix("the ")
    variants = {folded}
    for comp in compounds:
        if comp in folded:
            variants.add(folded.replace(comp, comp.replace(" ", "_")))
    lists: set[tuple[str, ...]] = set()
    for variant in variants:
        tokens = tuple(variant.split())
        no_legal = _trim(tokens, legal)
        for toks in (tokens, no_legal, _trim(no_legal, legal | soft)):
            lead = 0
            while lead < len(toks) - 2 and toks[lead] in qualifiers:
                lead += 1
            lists.update((toks, toks[lead:]))
    out = set()
    for toks in lists:
        for words in (toks, [t for t in toks if t not in skippable]):
            letters = "".join([t[0] for t in words if t[0].isalnum()])
            if len(words) >= 2 and 2 <= len(letters) <= 8:
                out.add(letters)
    return frozenset(out)


def short_form(text: str, kind: str) -> str | None:
    """The letters of a name written as an acronym ("LCM", "U.S.G.S."), lower case."""
    letters = text.replace(".", "").replace("-", "").replace("&", "").strip()
    if " " in letters or not 2 <= len(letters) <= 8 or not letters.isalnum():
        return None
    if kind == "acronym" or (letters.isupper() and sum(c.isalpha() for c in letters) >= 2):
        return letters.lower()
    return None


def profile(entity: Mapping[str, Any], rows: Iterable[Mapping[str, Any]]) -> Profile:
    """A profile from an entity row (id, type, name, country, origin, created_at) and its
    alias rows (key, text, kind)."""
    named = {str(entity["name"]): "name"}
    tickers = set()
    for row in rows:
        if row["kind"] == "ticker":
            tickers.add(str(row["key"]))
        else:
            named.setdefault(str(row["text"]), str(row["kind"]))
    texts = list(named.items())
    shorts = {s for t, k in texts if (s := short_form(t, k))}
    long_names = [t for t, _ in texts if " " in t.strip()]
    return Profile(
        id=str(entity["id"]), type=str(entity["type"]), name=str(entity["name"]),
        country=entity.get("country"), origin=str(entity.get("origin") or ""),
        created_at=str(entity.get("created_at") or ""),
        folds=frozenset(f for t, _ in texts if (f := fold(t))),
        keys=frozenset(k for t, _ in texts if (k := name_key(t))),
        tickers=frozenset(tickers),
        initials=frozenset(a for t in long_names for a in initials(t)),
        shorts=frozenset(shorts),
    )


def profile_of(e: Entity) -> Profile:
    """A profile of an entity not (necessarily) in a store: tests and previews."""
    row = {"id": e.id, "type": e.type, "name": e.name, "country": e.country,
           "origin": e.origin, "created_at": ""}
    return profile(row, alias_rows(e))


def load_profiles(store: Store) -> list[Profile]:
    """A profile of every entity in the store, in id order (two queries)."""
    e, a = tables.entities.c, tables.aliases.c
    rows: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(select(a.entity_id, a.key, a.text, a.kind)):
            rows.setdefault(r.entity_id, []).append(dict(r._mapping))
        ents = [dict(r._mapping) for r in conn.execute(
            select(e.id, e.type, e.name, e.country, e.origin, e.created_at).order_by(e.id))]
    return [profile(ent, rows.get(ent["id"], [])) for ent in ents]
