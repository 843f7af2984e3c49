"""Small hand-made articles, mentions and predictions for scoring tests (invented names)."""

from __future__ import annotations

import re

from lodemap.evaluation.gold import GoldItem
from lodemap.evaluation.matching import Argument, ArticleNames, Span
from lodemap.evaluation.scoring import Prediction
from lodemap.ids import slug
from lodemap.names import name_key

TEXT = (
    "Quarry Metals Ltd will ship oxide to Brindle Motors Inc. under a deal signed today. "
    "Quarry also formed a joint venture with Tessel Magnetics. The Office of Upland Finance "
    "(OUF) gave a grant to Tessel Magnetics, and Corvid Capital bought shares in Quarry."
)
ENTITIES = {
    "Quarry Metals Ltd": "quarry", "Quarry": "quarry", "Brindle Motors Inc.": "brindle",
    "Tessel Magnetics": "tessel", "Office of Upland Finance": "ouf", "OUF": "ouf",
    "Corvid Capital": "corvid",
}


def names(text: str = TEXT, entities: dict[str, str] | None = None,
          known: dict[str, str] | None = None) -> ArticleNames:
    """An article context: every listed name found in `text` becomes a mention."""
    entities = ENTITIES if entities is None else entities
    spans = [Span(m.start(), m.end(), name, eid) for name, eid in entities.items()
             for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    index = {name_key(k): v for k, v in (known or {}).items()}
    return ArticleNames(text, spans, lambda s: index.get(name_key(s)))


def arg(name: str, eid: str | None = None, text: str | None = None,
        etype: str = "Organization") -> Argument:
    return Argument(eid or ENTITIES.get(name) or slug(name), name, text or name, etype)


def pred(s: str, t: str, type_: str, *, status: str = "signed", conf: float = 0.8,
         article: str = "a") -> Prediction:
    return Prediction(article, arg(s), arg(t), type_, status, conf, "test-rule", "evidence")


def gold(s: str, t: str, type_: str, *, status: str = "signed", article: str = "a",
         line: int = 1) -> GoldItem:
    return GoldItem(article, s, t, type_, status, "gold evidence", line)
