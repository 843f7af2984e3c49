"""Run the real extractor over a folder of articles and score it against a gold file."""

from __future__ import annotations

from pathlib import Path

from lodemap.errors import DocumentError, LodemapError
from lodemap.evaluation.gold import check_articles, load_gold
from lodemap.evaluation.matching import Argument, ArticleNames, Span
from lodemap.evaluation.scoring import Prediction, Report, score
from lodemap.extract.extractor import Extractor
from lodemap.extract.mentions import Mention
from lodemap.ingest import load_source
from lodemap.pipeline import known_entities, offline_extractor


def _argument(m: Mention, names: dict[str, str]) -> Argument:
    eid = m.entity_id or "?"
    return Argument(eid, names.get(eid, m.name), " ".join(m.text.split()), m.entity_type)


def extract_article(extractor: Extractor, path: Path, names: dict[str, str]
                    ) -> tuple[ArticleNames, list[Prediction]]:
    """The article's name context and its predicted relations."""
    doc = load_source(str(path))
    ex = extractor.extract(doc)
    names.update((e.id, e.name) for e in ex.entities)
    article = path.stem
    preds = [Prediction(article, _argument(r.source, names), _argument(r.target, names),
                        r.type, r.status, r.confidence, r.rule, sent.text)
             for sent, r in ex.relations]
    spans = [Span(m.start, m.end, m.text, m.entity_id) for m in ex.mentions]
    return ArticleNames(doc.text, spans, extractor.resolver.lookup), preds


def evaluate(gold_path: str | Path, docs: str | Path, *, min_confidence: float = 0.0,
             sweep: bool = False) -> Report:
    """Score the offline extractor on `docs/<article>.txt` against `gold_path`."""
    docs = Path(docs)
    if not docs.is_dir():
        raise LodemapError(f"{docs}: not a folder of articles")
    gold = load_gold(gold_path)
    check_articles(gold, docs, gold_path)
    articles = sorted({g.article for g in gold} | {p.stem for p in docs.glob("*.txt")})
    entities = known_entities()
    extractor = offline_extractor(entities)
    names = {e.id: e.name for e in entities}
    contexts: dict[str, ArticleNames] = {}
    preds: list[Prediction] = []
    for article in articles:
        try:
            ctx, found = extract_article(extractor, docs / f"{article}.txt", names)
        except DocumentError as exc:
            raise LodemapError(f"cannot read article {article!r}: {exc}") from exc
        contexts[article] = ctx
        preds.extend(found)
    report = score(gold, preds, contexts, min_confidence=min_confidence, sweep=sweep,
                   schema=extractor.schema)
    report.meta = {"gold": str(gold_path), "docs": str(docs), "articles": len(articles),
                   "min_confidence": min_confidence, "predictions": len(preds)}
    return report
