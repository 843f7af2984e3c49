"""Synthetic organisations for the blocking tests and the timing in the resolution docs:
invented names with planted duplicates (suffix variants, typos, acronyms, shared tickers)."""

from __future__ import annotations

import random

from lodemap.entity import Entity

SYLLABLES = ["ka", "lo", "ver", "min", "tor", "sa", "quel", "bra", "dun", "fen", "gal", "hol",
             "ix", "jor", "kem", "lun", "mar", "nev", "ost", "pel", "ran", "sil", "tav", "ul",
             "vor", "wen", "yar", "zel", "cor", "dra", "el", "fir", "gor", "hen", "ir", "jas"]
WORDS = ["Rare Earth", "Magnet", "Critical", "Northern", "Pacific", "Advanced", "Green", ""]
HEADS = ["Metals", "Minerals", "Resources", "Magnetics", "Materials", "Mining", "Alloys",
         "Technologies", "Capital", "Ventures", "Energy"]
SUFFIXES = ["", "Inc.", "Ltd", "Corp", "Pty Ltd", "GmbH", "Holdings", "plc"]
COUNTRIES = ["US", "AU", "CN", "JP", "DE", "CA", None, None]


def _proper(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4)))).capitalize()


def organisations(n: int, *, seed: int = 11, every: int = 50) -> tuple[list[Entity],
                                                                         set[frozenset[str]]]:
    """`n` entities and the id pairs planted as duplicates (one for every `every` entities)."""
    rng = random.Random(seed)
    out: list[Entity] = []
    planted: set[frozenset[str]] = set()
    used: set[str] = set()
    while len(out) < n:
        i = len(out)
        proper = _proper(rng)
        if proper in used:  # one organisation per invented word: only planted pairs are alike
            continue
        used.add(proper)
        core = " ".join(w for w in (proper, rng.choice(WORDS), rng.choice(HEADS)) if w)
        name = f"{core} {rng.choice(SUFFIXES)}".strip()
        country = rng.choice(COUNTRIES)
        ticker = [(f"ASX:{_proper(rng)[:4].upper()}{i}", "ticker")] if rng.random() < 0.1 else []
        ent = Entity(id=f"s{i}", type="Company", name=name, country=country, aliases=ticker)
        out.append(ent)
        if i % every:
            continue
        kind = rng.choice(("suffix", "typo", "acronym", "ticker"))
        if kind == "suffix":
            dup = f"{core} {rng.choice([s for s in SUFFIXES if s])}"
        elif kind == "typo":
            cut = rng.randrange(1, len(core.split()[0]))
            dup = core[:cut] + core[cut + 1:]
        elif kind == "acronym":
            dup = "".join(w[0] for w in core.replace("Rare Earth", "RareEarth").split()).upper()
        else:
            dup = f"{core.split()[0]} Group"
        aliases = ticker if kind == "ticker" and ticker else []
        if kind == "ticker" and not ticker:
            continue
        out.append(Entity(id=f"s{i}d", type="Organization", name=dup, country=country,
                          aliases=aliases))
        planted.add(frozenset((ent.id, f"s{i}d")))
    return out, planted
