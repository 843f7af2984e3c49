"""Scoring the extractor against hand-annotated gold relations (`lodemap eval`).

`gold` loads and validates gold JSONL, `matching` decides when a gold name and
a predicted argument are one organisation, `scoring` matches relations and
computes precision/recall/F1, `runner` runs the real extractor over a folder,
and `report` renders the result as tables or JSON. The rules are described in
`docs/scoring.md`.
"""

from lodemap.evaluation.gold import GoldItem, load_gold
from lodemap.evaluation.matching import Argument, ArticleNames
from lodemap.evaluation.runner import evaluate
from lodemap.evaluation.scoring import Prediction, Report, score

__all__ = ["Argument", "ArticleNames", "GoldItem", "Prediction", "Report", "evaluate",
           "load_gold", "score"]
