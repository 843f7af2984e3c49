"""Capacity totals per draw and year for groups of units, without a draws × years ×
units array.

A unit's capacity in draw d and year y is online[d, u] × nameplate[y, u] ×
ramp[u](y - start[u] - delay[d, u]). Delays are whole years, so the year profile of
every (unit, delay) pair can be tabulated once (`profiles`: units × delays × years).
A draw then picks one row of that table per unit: the one-hot matrix
I[d, (u, k)] = online[d, u] · [delay[d, u] = k]. Group totals are one matrix
product per group, I[:, group] @ profiles[group], which costs draws × units ×
delays × years multiply-adds in all, in BLAS.
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


def selector(online: F64, delay: npt.NDArray[np.int64], delays: int) -> F64:
    """(n, U, K) one-hot of each unit's delay, weighted by whether it is online."""
    n, U = online.shape
    out = np.zeros((n, U, delays))
    d, u = np.indices((n, U))
    out[d, u, np.minimum(delay, delays - 1)] = online
    return out


def group_totals(sel: F64, table: F64, bounds: npt.NDArray[np.int64]) -> F64:
    """(G, n × Y) summed capacity of each group: units bounds[g] to bounds[g + 1] (units
    sorted by group), draw-major then year."""
    n, U, _K = sel.shape
    Y = table.shape[2]
    ends = [*bounds[1:], U]
    out = np.empty((len(bounds), n * Y))
    for g, (a, b) in enumerate(zip(bounds, ends, strict=True)):
        out[g] = (sel[:, a:b].reshape(n, -1) @ table[a:b].reshape(-1, Y)).ravel()
    return out
