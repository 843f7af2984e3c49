"""Relation matching and scores on small invented gold and prediction sets."""

from __future__ import annotations

import pytest

from lodemap.evaluation.gold import GoldItem
from lodemap.evaluation.scoring import PRF, Prediction, Report, score

from .helpers import arg, gold, names, pred


def _score(g: list[GoldItem], p: list[Prediction], **kw: object) -> Report:
    return score(g, p, {"a": names(), "b": names()}, **kw)  # type: ignore[arg-type]


Q, B, T, U, C = ("Quarry Metals Ltd", "Brindle Motors Inc.", "Tessel Magnetics",
                 "Office of Upland Finance", "Corvid Capital")


@pytest.mark.parametrize(("golds", "preds", "strict", "lenient"), [
    pytest.param([gold(Q, B, "supplies")], [pred(Q, B, "supplies")],
                 (1, 0, 0), (1, 0, 0), id="exact"),
    pytest.param([gold(B, Q, "customer_of")], [pred(Q, B, "supplies")],
                 (1, 0, 0), (1, 0, 0), id="customer_of folded into supplies"),
    pytest.param([gold(Q, B, "supplies")], [pred(B, Q, "customer_of")],
                 (1, 0, 0), (1, 0, 0), id="predicted alias folded too"),
    pytest.param([gold(Q, B, "supplies")], [pred(B, Q, "supplies")],
                 (0, 1, 1), (1, 0, 0), id="wrong direction is lenient only"),
    pytest.param([gold(T, Q, "joint_venture")], [pred(Q, T, "joint_venture")],
                 (1, 0, 0), (1, 0, 0), id="symmetric pair unordered"),
    pytest.param([gold(Q, B, "offtake")], [pred(Q, B, "supplies")],
                 (0, 1, 1), (1, 0, 0), id="same family is lenient only"),
    pytest.param([gold(C, Q, "invests_in")], [pred(C, Q, "funds")],
                 (0, 1, 1), (1, 0, 0), id="finance family"),
    pytest.param([gold(Q, B, "supplies")], [pred(Q, B, "acquires")],
                 (0, 1, 1), (0, 1, 1), id="other family"),
    pytest.param([gold(Q, B, "supplies")], [pred(Q, B, "supplies", article="b")],
                 (0, 1, 1), (0, 1, 1), id="other article"),
    pytest.param([gold(Q, B, "supplies")],
                 [pred(Q, B, "supplies", conf=0.3), pred(Q, B, "supplies", conf=0.9)],
                 (1, 0, 0), (1, 0, 0), id="predictions deduplicated"),
    pytest.param([gold(Q, B, "supplies"), gold("Quarry Metals", B, "supplies", line=2)],
                 [pred(Q, B, "supplies")], (1, 0, 0), (1, 0, 0), id="gold deduplicated"),
    pytest.param([gold(Q, B, "supplies"), gold(Q, B, "distribution", line=2)],
                 [pred(Q, B, "supplies")], (1, 0, 1), (1, 0, 1), id="one gold per prediction"),
    pytest.param([gold("Quarry", B, "supplies"), gold("OUF", T, "funds", line=2)],
                 [pred(Q, B, "supplies"), pred(U, T, "funds")],
                 (2, 0, 0), (2, 0, 0), id="short form and acronym"),
    pytest.param([], [pred(Q, B, "supplies")], (0, 1, 0), (0, 1, 0), id="no gold"),
])
def test_counts(golds: list[GoldItem], preds: list[Prediction], strict: tuple[int, int, int],
                lenient: tuple[int, int, int]) -> None:
    r = _score(golds, preds)
    assert r.strict.prf == PRF(*strict)
    assert r.lenient.prf == PRF(*lenient)


def test_dedupe_keeps_highest_confidence() -> None:
    r = _score([], [pred(Q, B, "supplies", conf=0.3), pred(Q, B, "supplies", conf=0.9)])
    assert [p.confidence for p in r.strict.preds] == [0.9]


def test_prf_values() -> None:
    p = PRF(3, 1, 2)
    assert (p.precision, p.recall) == (0.75, 0.6)
    assert p.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert PRF(0, 0, 0).f1 == 0.0


def test_per_type_and_status() -> None:
    golds = [gold(Q, B, "supplies", status="signed"),
             gold(U, T, "funds", status="completed", line=2),
             gold(C, Q, "invests_in", status="announced", line=3)]
    preds = [pred(Q, B, "supplies", status="signed"),
             pred(U, T, "funds", status="announced"),
             pred(T, B, "supplies", status="signed")]
    r = _score(golds, preds)
    assert r.status_accuracy() == (1, 2)
    types = r.per_type()
    assert types["supplies"] == PRF(1, 1, 0)
    assert types["funds"] == PRF(1, 0, 0)
    assert types["invests_in"] == PRF(0, 0, 1)
    status = r.per_status()
    assert status["signed"] == PRF(1, 1, 0)
    assert status["completed"] == PRF(0, 0, 1)
    assert status["announced"] == PRF(0, 1, 1)
    assert [g.line for g in r.misses()] == [3]
    assert [(p.source.name, p.target.name) for p in r.false_positives()] == [(T, B)]


def test_exclusions() -> None:
    plant = pred(Q, B, "operates")
    plant = Prediction("a", plant.source, arg("Fell Plant", etype="Facility"), "operates",
                       "completed", 0.9, "r", "e")
    preds = [plant, pred(Q, B, "supplies", status="negated"), pred(Q, B, "supplies", conf=0.2)]
    r = _score([gold(Q, B, "supplies")], preds, min_confidence=0.5)
    assert r.excluded == {"not_organisations": 1, "not_shown": 1, "below_threshold": 1}
    assert r.strict.prf == PRF(0, 0, 1)


def test_sweep_and_best_threshold() -> None:
    golds = [gold(Q, B, "supplies"), gold(U, T, "funds", line=2)]
    preds = [pred(Q, B, "supplies", conf=0.9), pred(U, T, "funds", conf=0.6),
             pred(T, B, "supplies", conf=0.3), pred(C, B, "supplies", conf=0.35)]
    r = _score(golds, preds, sweep=True)
    assert r.sweep is not None
    points = dict(r.sweep)
    assert len(points) == 20
    assert points[0.0] == PRF(2, 2, 0)
    assert points[0.35] == PRF(2, 1, 0)
    assert points[0.4] == PRF(2, 0, 0)
    assert points[0.65] == PRF(1, 0, 1)
    assert points[0.95] == PRF(0, 0, 2)
    assert r.best_threshold() == (0.4, PRF(2, 0, 0))


def test_sweep_ignores_min_confidence() -> None:
    r = _score([gold(Q, B, "supplies")], [pred(Q, B, "supplies", conf=0.3)],
               min_confidence=0.5, sweep=True)
    assert r.strict.prf == PRF(0, 0, 1)
    assert r.sweep is not None
    assert dict(r.sweep)[0.3] == PRF(1, 0, 0)
