"""Draws: which projects come online, how late, and which export licences are granted.

The plan case (`plan_draw`) is one draw in which every project starts when its
owner says, at its stated ramp, and every licence rule lets through its expected
share. Monte Carlo draws (`sample`) use the status table: a project is online with
probability `p_online`; it slips with probability `p_delay`, by 1 + Poisson(delay_mean
- 1) whole years; a licence rule is granted with probability `allowed` in each draw
and year. A fixed seed gives the same draws on every run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lodemap.scenario.model import F64, Model


@dataclass
class Draws:
    count: int
    online: F64                       # (D, U) 1.0 or 0.0
    delay: npt.NDArray[np.int64]      # (D, U) whole years
    allowed: F64                      # (D, Y, K) share allowed by each trade rule


def _rule_shares(model: Model, count: int, rng: np.random.Generator | None) -> F64:
    Y, K = len(model.years), len(model.rules)
    out = np.ones((count, Y, K))
    for k, rule in enumerate(model.rules):
        if rule["kind"] == "licence" and rng is not None:
            out[:, :, k] = rng.random((count, Y)) < rule["allowed"]
        else:
            out[:, :, k] = rule["allowed"]
    return out


def plan_draw(model: Model) -> Draws:
    U = len(model.rows)
    return Draws(1, np.ones((1, U)), np.zeros((1, U), dtype=np.int64),
                 _rule_shares(model, 1, None))


def sample(model: Model, count: int, seed: int = 0) -> Draws:
    rng = np.random.default_rng(seed)
    U = len(model.rows)
    online = (rng.random((count, U)) < model.p_online[None, :]).astype(np.float64)
    slips = rng.random((count, U)) < model.p_delay[None, :]
    extra = rng.poisson(np.maximum(model.delay_mean - 1.0, 0.0)[None, :], (count, U))
    delay = np.where(slips, 1 + extra, 0).astype(np.int64)
    return Draws(count, online, delay, _rule_shares(model, count, rng))
