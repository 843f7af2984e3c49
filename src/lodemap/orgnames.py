"""Broad organisation names beyond the knowledge pack.

A reader of supply-chain news meets many organisations the curated pack does not
list: carmakers, defence primes, wind-turbine makers, trading houses, miners.
This module gathers their names from three sources and merges them behind the pack:

- **index**: constituents of the stock indices shipped with the `pytickersymbols`
  package (S&P 500, Nikkei 225, DAX, FTSE 100, CAC 40, ...). Each becomes a
  `tk-<slug>` Company with name variants (legal suffixes and punctuation dropped)
  and exchange tickers.
- **curated**: organisations that matter in this field but are private, state-owned
  or listed outside those indices (`data/orgs_extra.yaml`, each with a source URL).
- **watch-list**: a user's own YAML list in the pack's `entities.yaml` format
  (`LODEMAP_WATCHLIST`).

One-word names are the risky part of a gazetteer ("Target", "Visa", "General"),
so an index name yields a one-word alias only when that word is capitalised, has
at least three letters, is not in the common-word list of `data/orgs_extra.yaml`
and is not shared by a sibling in the index ("Mitsubishi Electric" and
"Mitsubishi Heavy Industries" leave "Mitsubishi" to nobody).

`broad_entities` merges pack, watch-list, curated and index entities in that order,
dropping any later entity whose name or alias key an earlier one already holds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from lodemap.entity import ALIAS_KINDS, Entity
from lodemap.errors import SchemaError, located
from lodemap.ids import slug
from lodemap.names import fold, lexicon, name_key, ticker_key
from lodemap.schema import Schema, get_schema
from lodemap.settings import WATCHLIST

INDEX_ORIGIN = "index"
CURATED_ORIGIN = "curated"
WATCHLIST_ORIGIN = "watchlist"

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ENTRY_KEYS = frozenset({"id", "type", "name", "aliases", "tickers", "country", "stages",
                         "description", "source_url"})

# Legal forms beyond the shared lexicon that end index names ("Oyj Abp", "(publ)").
_MORE_LEGAL = frozenset({"kgaa", "kg", "sca", "oy", "abp", "publ", "sab", "cv", "reit", "tbk",
                         "ltda", "saa", "sapa"})
_KG_TAIL = re.compile(r"\s*(?:AG|SE|GmbH)?\s*&\s*Co\.?\s*KGaA?$", re.IGNORECASE)
_PAREN = re.compile(r"\s*\([^)]*\)")
_SHARE_CLASS = re.compile(r"(?<=[a-zäöüåé])[ABC]$")  # "IndustrivärdenC"
_TICKER = re.compile(r"^[A-Z]{2,10}:[A-Z0-9.\-]{1,12}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")

# Trailing words that name an organisation's line of business rather than the
# organisation: "Ford Motor" is known as "Ford", "Mitsubishi Electric" as "Mitsubishi".
_MORE_GENERIC = ("heavy", "steel", "metal", "industries", "industry", "industrial",
                 "pharmaceutical", "pharmaceuticals", "financial", "insurance", "realty",
                 "construction", "machinery", "engineering", "electric", "power",
                 "manufacturing", "semiconductor", "&", "co")

# Exchange codes of the `google` symbols in pytickersymbols, to ISO country codes
# of the market: a Frankfurt line of a foreign company is a secondary listing.
_EXCHANGE_COUNTRY = {"FRA": "DE", "ETR": "DE", "LON": "GB", "NYSE": "US", "NASDAQ": "US",
                     "TYO": "JP", "BME": "ES", "AMS": "NL", "STO": "SE", "EBR": "BE",
                     "HEL": "FI", "EPA": "FR", "SWX": "CH", "MCX": "RU", "OTCMKTS": "US"}

_COUNTRIES = {
    "united states": "US", "united kingdom": "GB", "japan": "JP", "germany": "DE",
    "france": "FR", "spain": "ES", "netherlands": "NL", "finland": "FI", "sweden": "SE",
    "switzerland": "CH", "belgium": "BE", "luxembourg": "LU", "ireland": "IE", "italy": "IT",
    "australia": "AU", "bermuda": "BM", "bahamas": "BS", "canada": "CA", "china": "CN",
    "argentina": "AR", "guernsey": "GG", "isle of man": "IM", "israel": "IL", "mexico": "MX",
    "russian federation": "RU", "russia": "RU", "singapore": "SG", "puerto rico": "PR",
    "jersey": "JE", "austria": "AT", "denmark": "DK", "norway": "NO", "south korea": "KR",
}
_US_STATES = frozenset(s.lower() for s in [
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
    "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia",
    "Wisconsin", "Wyoming", "D.C."])


# ---------------------------------------------------------------- data files

@cache
def _extra_data() -> dict[str, Any]:
    text = (resources.files("lodemap") / "data" / "orgs_extra.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_LOADER)
    return data


@cache
def common_words() -> frozenset[str]:
    """Lower-cased words that never stand alone as an organisation's name: the list in
    `data/orgs_extra.yaml` plus the lexicon's sentence openers and common first words."""
    lex = lexicon()
    words = [*_extra_data()["common_words"], *lex["leading_noise"], *lex["common_first_words"]]
    return frozenset(str(w).lower() for w in words)


# ---------------------------------------------------------------- name variants

def _is_legal(token: str) -> bool:
    key = fold(token).replace(" ", "")
    return key in _MORE_LEGAL or key in _legal_words()


@cache
def _legal_words() -> frozenset[str]:
    return frozenset(fold(str(w)) for w in lexicon()["legal_suffixes"])


def base_name(name: str) -> str:
    """The name without parentheses, a leading "The", legal forms and trailing commas:
    "Apple Inc." -> "Apple", "Tesla, Inc." -> "Tesla", "Ford Motor Company" -> "Ford Motor".
    """
    text = _SHARE_CLASS.sub("", _PAREN.sub("", name).strip())
    text = _KG_TAIL.sub("", text).strip()
    tokens = text.split()
    if len(tokens) > 1 and tokens[0].lower() == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and _is_legal(tokens[-1]):
        if tokens[-2] == "&":  # "Mitsui & Co." is the name itself
            tokens[-1] = tokens[-1].rstrip(",")
            break
        tokens.pop()
        tokens[-1] = tokens[-1].rstrip(",")
    if len(tokens) > 1 and tokens[-1] == "&":
        tokens.pop()
    return " ".join(tokens).rstrip(",").strip()


_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?\.?,?$")


def _undot(name: str) -> str:
    """Drop the dots of abbreviations ("S.A." -> "SA", "Inc." -> "Inc"), not of "Alarm.com"."""
    words = []
    for w in name.split():
        if _INITIALISM.match(w):
            w = w.replace(".", "")
        elif w.endswith((".", ".,")):
            w = w.replace(".,", ",").rstrip(".")
        words.append(w)
    return " ".join(words)


def punctuation_variants(name: str) -> list[str]:
    """'Tesla, Inc.' -> ['Tesla Inc.', 'Tesla, Inc', 'Tesla Inc']: how reporters retype it."""
    out = []
    for variant in (name.replace(",", ""), _undot(name), _undot(name.replace(",", ""))):
        variant = " ".join(variant.split())
        if variant and variant != name and variant not in out:
            out.append(variant)
    return out


def safe_one_word(word: str) -> bool:
    """Whether a single word may stand alone as an organisation's name in a gazetteer."""
    letters = [c for c in word if c.isalpha()]
    return (
        len(word.split()) == 1
        and len(letters) >= 3
        and word[0].isupper()
        and word.lower() not in common_words()
        and not word.replace("-", "").replace("&", "").isdigit()
    )


@cache
def _generic_tail() -> frozenset[str]:
    lex = lexicon()
    return frozenset(w.lower() for w in [*lex["org_heads"], *lex["soft_suffixes"],
                                         *_MORE_GENERIC])


def _short_candidate(base: str) -> str | None:
    """The one word a base name may be known by: the whole of a one-word base ("Apple"),
    or the first word before line-of-business words ("Ford Motor" -> "Ford")."""
    words = base.split()
    if len(words) == 1 or all(w.lower().strip(",.") in _generic_tail() for w in words[1:]):
        return words[0]
    return None


# ---------------------------------------------------------------- index

def _country(stock: dict[str, Any]) -> str | None:
    raw = str(stock.get("country") or "").strip()
    last = raw.split(",")[-1].strip().lower() if raw else ""
    if last in _COUNTRIES:
        return _COUNTRIES[last]
    if last in _US_STATES:
        return "US"
    for isin in stock.get("isins") or []:
        code = str(isin)[:2]
        if _COUNTRY.match(code):
            return code
    for sym in stock.get("symbols") or []:
        exchange = str(sym.get("google") or "").partition(":")[0]
        if exchange not in ("", "FRA", "OTCMKTS", "LON") and exchange in _EXCHANGE_COUNTRY:
            return _EXCHANGE_COUNTRY[exchange]
    return None


def _tickers(stock: dict[str, Any], country: str | None) -> list[str]:
    out: list[str] = []
    for sym in stock.get("symbols") or []:
        google = str(sym.get("google") or "")
        if ":" not in google:
            continue  # exchange unknown
        exchange, symbol = google.split(":", 1)
        if exchange not in _EXCHANGE_COUNTRY:
            continue
        if exchange == "FRA" and country != "DE":
            continue  # Frankfurt line of a foreign company
        if exchange == "LON" and symbol[:1] == "0" and country != "GB":
            continue  # London order-book code of a foreign company
        text = f"{exchange}:{symbol}"
        if text not in out:
            out.append(text)
    return out


@dataclass
class _Row:
    name: str
    base: str
    country: str | None
    tickers: list[str]


def _index_rows() -> list[_Row]:
    from pytickersymbols import PyTickerSymbols

    rows: list[_Row] = []
    seen: set[tuple[str, str | None]] = set()
    for stock in PyTickerSymbols().get_all_stocks():
        name = " ".join(str(stock.get("name") or "").split())
        if not name:
            continue
        base = base_name(name)
        country = _country(stock)
        if (name_key(base), country) in seen:  # one company listed twice
            continue
        seen.add((name_key(base), country))
        rows.append(_Row(name, base, country, _tickers(stock, country)))
    return rows


@cache
def _index() -> tuple[Entity, ...]:
    rows = _index_rows()
    # A one-word name two companies could be known by ("Mitsubishi") belongs to neither.
    candidates: Counter[str] = Counter()
    for row in rows:
        cand = _short_candidate(row.base)
        if cand:
            candidates[cand.lower()] += 1
    # A ticker symbol claimed by two companies resolves to neither.
    ticker_owners = Counter(ticker_key(None, t.split(":")[-1])
                            for row in rows for t in set(row.tickers))
    entities: list[Entity] = []
    ids: set[str] = set()
    for row in rows:
        aliases: list[tuple[str, str]] = []
        words = row.base.split()
        if len(words) == 1 and row.base == row.name and not safe_one_word(row.name):
            continue  # the whole name is a common word ("Next"): too risky to match
        cand = _short_candidate(row.base)
        short_ok = bool(cand) and candidates[str(cand).lower()] == 1 and safe_one_word(str(cand))
        texts: list[str] = []
        if row.base != row.name and (len(words) > 1 or short_ok):
            texts.append(row.base)
        texts += [v for v in punctuation_variants(row.name)
                  if len(v.split()) > 1 or safe_one_word(v)]
        if cand and short_ok:
            texts.append(cand)
        for text in texts:
            if text != row.name and (text, "alias") not in aliases:
                aliases.append((text, "alias"))
        for t in row.tickers:
            if ticker_owners[ticker_key(None, t.split(":")[-1])] == 1:
                aliases.append((t, "ticker"))
        eid = "tk-" + slug(row.base)
        if eid in ids:
            eid = "tk-" + slug(row.name)
        if eid in ids:
            continue
        ids.add(eid)
        entities.append(Entity(id=eid, type="Company", name=row.name, country=row.country,
                               origin=INDEX_ORIGIN, aliases=aliases))
    return tuple(entities)


def _copy(e: Entity) -> Entity:
    return replace(e, aliases=list(e.aliases), stages=list(e.stages))


def index_entities() -> list[Entity]:
    """Companies of the stock indices bundled with pytickersymbols (built once, copied out)."""
    return [_copy(e) for e in _index()]


# ---------------------------------------------------------------- YAML entity lists

def _str_list(value: Any, key: str, path: str, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list):
        raise SchemaError(f"{key!r} must be a list of strings", path=path, where=where)
    out = []
    for item in value:
        if not isinstance(item, (str, int)) or not str(item).strip():
            raise SchemaError(f"{key!r} must hold non-empty strings, not {item!r}",
                              path=path, where=where)
        out.append(str(item).strip())
    return out


def _parse_entry(item: Any, path: str, i: int, *, prefix: str, origin: str,
                 schema: Schema, need_source: bool) -> Entity:
    where = f"entries[{i}]"
    if not isinstance(item, dict):
        raise SchemaError(f"each entry must be a mapping with at least a 'name', "
                          f"not {type(item).__name__}", path=path, where=where)
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SchemaError("missing 'name'", path=path, where=where)
    where = f"entries[{i}] ({name.strip()})"
    unknown = sorted(set(map(str, item)) - _ENTRY_KEYS)
    if unknown:
        raise SchemaError(f"unknown keys {unknown}; allowed: {sorted(_ENTRY_KEYS)}",
                          path=path, where=where)
    etype = item.get("type") or "Company"
    if not isinstance(etype, str):
        raise SchemaError(f"'type' must be a string, not {etype!r}", path=path, where=where)
    with located(path, where):
        if schema.entity_type(etype).abstract:
            raise SchemaError(f"entity type {etype!r} is abstract", path=path, where=where)
    stages = _str_list(item.get("stages"), "stages", path, where)
    with located(path, where):
        for stage in stages:
            schema.stage(stage)
    country = item.get("country")
    if country is not None and (not isinstance(country, str) or not _COUNTRY.match(country)):
        raise SchemaError(f"'country' must be an ISO 3166 alpha-2 code such as 'US', "
                          f"not {country!r}", path=path, where=where)
    tickers = _str_list(item.get("tickers"), "tickers", path, where)
    for t in tickers:
        if not _TICKER.match(t):
            raise SchemaError(f"ticker {t!r} must read EXCHANGE:SYMBOL, e.g. 'NASDAQ:AAPL'",
                              path=path, where=where)
    source_url = item.get("source_url")
    if source_url is not None and (not isinstance(source_url, str)
                                   or not source_url.startswith(("http://", "https://"))):
        raise SchemaError(f"'source_url' must be an http(s) URL, not {source_url!r}",
                          path=path, where=where)
    if need_source and not source_url:
        raise SchemaError("missing 'source_url'", path=path, where=where)
    eid = item.get("id") or prefix + slug(name)
    if not isinstance(eid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", eid):
        raise SchemaError(f"'id' must be a lower-case slug such as 'acme-corp', not {eid!r}",
                          path=path, where=where)
    description = item.get("description")
    aliases = [(a, "alias") for a in _str_list(item.get("aliases"), "aliases", path, where)]
    for text, _kind in aliases:
        if fold(text) in _legal_words() or len(name_key(text)) < 2:
            # Usually a YAML list split inside "Co., Ltd.": quote such aliases.
            raise SchemaError(f"alias {text!r} is only a legal form or too short to name "
                              f"anything; quote aliases that contain commas",
                              path=path, where=where)
    aliases += [(t, "ticker") for t in tickers]
    assert all(kind in ALIAS_KINDS for _, kind in aliases)
    return Entity(id=eid, type=etype, name=name.strip(), country=country, stages=stages,
                  description=str(description) if description else None, origin=origin,
                  source_url=source_url, aliases=aliases)


def _parse_list(data: Any, path: str, *, prefix: str, origin: str, schema: Schema,
                need_source: bool) -> list[Entity]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise SchemaError("must be a YAML list of entries (`- name: ...`)", path=path)
    out = [_parse_entry(item, path, i, prefix=prefix, origin=origin, schema=schema,
                        need_source=need_source) for i, item in enumerate(data)]
    seen: dict[str, int] = {}
    for i, e in enumerate(out):
        if e.id in seen:
            raise SchemaError(f"duplicate id {e.id!r} (also entries[{seen[e.id]}])",
                              path=path, where=f"entries[{i}] ({e.name})")
        seen[e.id] = i
    return out


@cache
def _extra() -> tuple[Entity, ...]:
    path = str(resources.files("lodemap") / "data" / "orgs_extra.yaml")
    return tuple(_parse_list(_extra_data().get("organisations"), path, prefix="org-",
                             origin=CURATED_ORIGIN, schema=get_schema(), need_source=True))


def extra_entities() -> list[Entity]:
    """Curated organisations of the field that the stock indices miss."""
    return [_copy(e) for e in _extra()]


def load_watchlist(path: str | Path, schema: Schema | None = None) -> list[Entity]:
    """Read a user's watch-list: a YAML list in the format of the pack's `entities.yaml`
    (`name` required; `id` defaults to `wl-<slug>`, `type` to Company)."""
    p = str(path)
    try:
        text = Path(p).read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"cannot read watch-list: {exc.strerror or exc}", path=p) from exc
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise SchemaError(f"not valid YAML: {exc}", path=p) from exc
    return _parse_list(data, p, prefix="wl-", origin=WATCHLIST_ORIGIN,
                       schema=schema or get_schema(), need_source=False)


def watchlist_path() -> str | None:
    """The watch-list file named by `LODEMAP_WATCHLIST`, if any."""
    return WATCHLIST.get().strip() or None


def default_watchlist() -> list[Entity]:
    """The watch-list named by `LODEMAP_WATCHLIST`, or none."""
    path = watchlist_path()
    return load_watchlist(path) if path else []


# ---------------------------------------------------------------- merge

def _keys(e: Entity) -> tuple[set[str], set[str]]:
    """(name and alias keys, ticker keys) of an entity."""
    names = {name_key(e.name)}
    tickers = set()
    for text, kind in e.aliases:
        if kind == "ticker":
            tickers.add(ticker_key(None, text.split(":")[-1].strip()))
        else:
            names.add(name_key(text))
    names.discard("")
    return names, tickers


def broad_entities(pack_entities: Iterable[Entity],
                   watchlist: Sequence[Entity] | None = None) -> list[Entity]:
    """Pack entities, then the watch-list, curated and index organisations, each added
    only when none of its name or alias keys already belongs to an earlier entity.

    A later entity's ticker whose key is taken is dropped (the entity stays). An index
    company skipped because a curated or watch-list entry has its name hands that entry
    its tickers ("Toyota Motor Corporation" gets TYO:7203); pack entities are never changed.
    """
    out: list[Entity] = []
    owner: dict[str, int] = {}
    ticker_keys: set[str] = set()
    ids: set[str] = set()

    def free_tickers(e: Entity) -> list[tuple[str, str]]:
        return [(t, k) for t, k in e.aliases if k == "ticker"
                and ticker_key(None, t.split(":")[-1].strip()) not in ticker_keys]

    def add(e: Entity, *, check: bool) -> None:
        names, tickers = _keys(e)
        if check and (e.id in ids or any(k in owner for k in names)):
            first = owner.get(name_key(e.name))
            if first is not None and out[first].origin != "pack":
                adopted = free_tickers(e)
                out[first].aliases.extend(adopted)
                ticker_keys.update(ticker_key(None, t.split(":")[-1].strip())
                                   for t, _ in adopted)
            return
        if check and tickers & ticker_keys:
            e = replace(e, aliases=[(t, k) for t, k in e.aliases if k != "ticker"]
                        + free_tickers(e))
            tickers = _keys(e)[1]
        for k in names:
            owner.setdefault(k, len(out))
        out.append(e)
        ids.add(e.id)
        ticker_keys.update(tickers)

    for e in pack_entities:
        add(e, check=False)
    for group in (watchlist or [], _extra(), _index()):
        for e in group:
            add(_copy(e), check=True)
    return out


def gazetteer_names(entities: Iterable[Entity]) -> list[tuple[str, str, str]]:
    """(text, entity id, type) for a gazetteer: names and aliases, and ticker symbols
    only of pack entities (a bare index symbol such as "IT", "ALL" or "4005" would
    match ordinary words and numbers)."""
    out = []
    for e in entities:
        out.append((e.name, e.id, e.type))
        for text, kind in e.aliases:
            if kind == "ticker":
                if e.origin == "pack":
                    out.append((text.split(":")[-1].strip(), e.id, e.type))
            else:
                out.append((text, e.id, e.type))
    return out
