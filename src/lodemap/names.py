"""Name normalisation shared by resolution, the store's alias keys and the extractor.

`name_key` folds the surface forms of one organisation onto one key: case,
punctuation, a leading "the", possessives, legal-form suffixes ("Inc.",
"Pty Ltd") and soft suffixes ("Holding") are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml


@cache
def lexicon() -> dict[str, Any]:
    """The packaged word lists (`data/lexicon.yaml`)."""
    text = (resources.files("lodemap") / "data" / "lexicon.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


_PUNCT = re.compile(r"[^\w&+ ]+")
_SPACE = re.compile(r"\s+")


@cache
def _suffix_pattern() -> re.Pattern[str]:
    legal = sorted({fold(w) for w in lexicon()["legal_suffixes"]}, key=len, reverse=True)
    soft = sorted(lexicon()["soft_suffixes"], key=len, reverse=True)
    words = "|".join(re.escape(w) for w in [*legal, *soft])
    return re.compile(rf"(?:\s+(?:{words}))+$")


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Unicode-fold, lower-case and strip punctuation; keep word boundaries."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2010", "-")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower()
    text = re.sub(r"'s\b", "", text)
    text = text.replace("-", " ").replace(".", "")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


@lru_cache(maxsize=100_000)
def name_key(text: str) -> str:
    """The comparison key of an organisation name; never empty for a non-empty name."""
    folded = fold(text)
    if folded.startswith("the "):
        folded = folded[4:]
    stripped = _suffix_pattern().sub("", folded).strip()
    return stripped or folded


def ticker_key(exchange: str | None, symbol: str) -> str:
    """Key of a ticker: `NASDAQ: USAR` and `USAR` both resolve through `ticker:usar`."""
    del exchange  # one symbol per company is enough at this scale; exchange kept in the alias text
    return "ticker:" + fold(symbol).replace(" ", "")
