"""Capacity totals per draw and year for groups of units, without a draws × years ×
units array.

A unit's capacity in draw d and year y is online[d, u] × nameplate[y, u] ×
ramp[u](y - start[u] - delay[d, u]). Delays are whole years, so the year profile of
every (unit, delay) pair can be tabulated once (`profiles`: units × delays × years).
A draw then picks one row of that table per unit (`unit_capacity`: a gather, with a
row of zeros for a unit that is not online), and the engine sums
neighbouring units (sorted by stage, region and country): draws × units × years
copies and adds in all.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from lodemap.scenario.model import F64, Model


def profiles(model: Model, delays: int) -> F64:
    """(U, K, Y) capacity of each unit in each year if it starts k years late."""
    width = model.ramps.shape[1] - 1
    k = np.arange(delays)
    age = model.years[None, None, :] - (model.start[:, None, None] + k[None, :, None])
    share = model.ramps[model.ramp[:, None, None], np.clip(age, 0, width)]
    share = np.where(age >= 0, share, 0.0)
    table: F64 = share * model.capacity_by_year().T[:, None, :]
    return table


def unit_capacity(table: F64, online: F64, delay: npt.NDArray[np.int64]) -> F64:
    """(U, n × Y) capacity of each unit in each draw (n draws) and year, draw-major:
    row delay[d, u] of the unit's profiles, or zeros where the unit is not online."""
    U, K, Y = table.shape
    flat = np.concatenate([table.reshape(U * K, Y), np.zeros((1, Y))])
    index = np.arange(U)[:, None] * K + np.minimum(delay.T, K - 1)
    index[online.T == 0.0] = U * K
    out: F64 = flat[index].reshape(U, -1)
    return out
