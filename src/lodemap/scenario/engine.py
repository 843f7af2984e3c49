"""The vectorised stage-by-stage balance (equations in docs/scenario.md).

Arrays run over draws × years × units (facility and recycling rows), processed in
chunks of draws so memory stays bounded. For each stage, upstream first:

1. Output per country: primary capacity scaled by the region's feed (one
   utilisation per region and stage), plus recycled output, which needs no feed.
2. Each region keeps its own output up to its need (the next stage's capacity in
   input terms; at the magnet stage, demand) times the world's cover (supply over
   need, at most 1), so a world shortage is shared rather than kept at home.
3. Spare output goes to other regions in proportion to their deficits, times the
   share an export rule allows; an importer takes no more than its deficit. A
   second round offers what is still spare to any need still unmet (the home
   region included). What no one takes stays with the producer (surplus).
4. A region's next stage is fed by what it kept plus what it imported.

Two proportional rounds, not an optimum (an LP would route leftovers better).
Every tonne is accounted for (produced = used downstream + idle
feed + surplus), which `mass_balance_error` checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lodemap.scenario.capacity import group_totals, profiles, selector
from lodemap.scenario.model import F64, Model
from lodemap.scenario.sampling import Draws
from lodemap.scenario.tables import attributes

CHUNK = 1000


@dataclass
class Outcome:
    """Engine output; D draws, Y years, S stages, C countries, R regions."""

    model: Model
    draws: Draws
    production: F64   # (S, D, Y, C) output by stage and country (stage units)
    util: F64         # (S, D, Y, R) share of primary capacity used
    potential: F64    # (S, D, Y, R) magnet-eq tonnes open to a region: own output + allowed offers
    hhi_company: F64  # (S, D, Y) 0-10000; aggregates count as many small firms
    supplied: F64     # (D, Y, R) magnets delivered to each region
    domestic: F64     # (D, Y, R) of which from the region's own plants
    imports: F64      # (D, Y, C, R) magnets shipped from each country to each region
    produced: F64     # (S, D, Y) world output per stage (primary + recycled)
    consumed: F64     # (S, D, Y) input used by the next stage (stage s units; last: delivered)
    idle: F64         # (S, D, Y) input that reached a region but its next stage could not use
    surplus: F64      # (S, D, Y) output no region took


def _blocs(model: Model, s: int) -> tuple[np.ndarray, np.ndarray]:
    """Trade blocs for stage s: a focus country (attributes.yaml) or a country an export
    rule names trades on its own; the other countries of a region trade as one.
    Returns each country's bloc and each bloc's region."""
    named = set(attributes().get("focus_countries", [])) | {
        str(r["from_country"]) for r in model.rules if model.stages.index(r["product"]) == s}
    keys = [(int(model.country_region[c]), name if name in named else "*")
            for c, name in enumerate(model.countries)]
    distinct = sorted(set(keys))
    return (np.array([distinct.index(k) for k in keys]),
            np.array([k[0] for k in distinct]))


def _allowed(model: Model, draws: Draws, s: int, bloc: np.ndarray, region: np.ndarray,
             lo: int, hi: int) -> np.ndarray:
    """(B, R, n) share of exports of stage s allowed from each bloc to each region."""
    B, R, Y = len(region), len(model.regions), len(model.years)
    base = np.ones((B, R, 1))
    base[np.arange(B), region] = 0.0   # a region pools its own output
    out = np.broadcast_to(base, (B, R, (hi - lo) * Y))
    for k, rule in enumerate(model.rules):
        if model.stages.index(rule["product"]) != s or rule["from_country"] not in model.countries:
            continue
        if not out.flags.writeable:
            out = out.copy()
        b = bloc[model.countries.index(rule["from_country"])]
        r = model.regions.index(rule["to_region"])
        years = (model.years >= rule["start_year"]) & (model.years <= rule["end_year"])
        out[b, r].reshape(-1, Y)[:, years] = draws.allowed[lo:hi, years, k]
    return out


def run(model: Model, draws: Draws, chunk: int = CHUNK) -> Outcome:
    S, D, Y = len(model.stages), draws.count, len(model.years)
    C, R = len(model.countries), len(model.regions)
    f32 = np.float32   # shares and indicators; the balance terms stay float64
    out = Outcome(model, draws, np.zeros((S, D, Y, C), f32), np.zeros((S, D, Y, R), f32),
                  np.zeros((S, D, Y, R), f32), np.zeros((S, D, Y)), np.zeros((D, Y, R)),
                  np.zeros((D, Y, R)), np.zeros((D, Y, C, R), f32), np.zeros((S, D, Y)),
                  np.zeros((S, D, Y)), np.zeros((S, D, Y)), np.zeros((S, D, Y)))
    delays = int(draws.delay.max(initial=0)) + 1
    # one grouping of units, finest first: (stage, country, recycled) ranges are
    # contiguous, so country totals are sums of neighbouring rows (reduceat)
    keys = [(int(model.stage[u]), int(model.country[u]), bool(model.recycled[u]),
             model.owner[u], bool(model.aggregate[u])) for u in range(len(model.rows))]
    order = np.array(sorted(range(len(keys)), key=lambda u: keys[u]), dtype=np.int64)
    fine = sorted(set(keys))
    bounds = [0] + [i for i in range(1, len(order)) if keys[order[i]] != keys[order[i - 1]]]
    coarse = [i for i, k in enumerate(fine) if i == 0 or k[:3] != fine[i - 1][:3]]
    table = profiles(model, delays)[order]
    for lo in range(0, D, chunk):
        hi = min(D, lo + chunk)
        sel = selector(draws.online[lo:hi, order], draws.delay[lo:hi, order], delays)
        totals = group_totals(sel, table, np.array(bounds))                # (G, n)
        cap = np.zeros((2, S, C, (hi - lo) * Y))
        for g, end in zip(coarse, [*coarse[1:], len(fine)], strict=True):
            s, c, recycled = fine[g][:3]
            cap[int(recycled), s, c] = totals[g:end].sum(0)
        util = _balance(model, draws, out, cap, lo, hi)
        _company_hhi(model, out, totals, fine, util, lo, hi)
    return out


def _matrix(index: np.ndarray, width: int) -> F64:
    m = np.zeros((len(index), width))
    m[np.arange(len(index)), index] = 1.0
    return m


def _balance(model: Model, draws: Draws, out: Outcome, totals: F64, lo: int, hi: int) -> F64:
    """Stage by stage for one chunk of draws; returns (S, R, n) utilisation. Arrays keep
    the draws × years axis last (n), so sums over blocs and regions run on whole rows."""
    S, Y = len(model.stages), len(model.years)
    C, R = len(model.countries), len(model.regions)
    d = hi - lo
    cap, rec = totals[0], totals[1]                                        # (S, C, n)
    M = _matrix(model.country_region, R)
    creg = model.country_region
    cap_r = np.einsum("scn,cr->srn", cap, M)                               # (S, R, n)
    demand = np.tile(model.demand, d)                                      # (R, n)
    feed = np.zeros((R, d * Y))
    util = np.ones((S, R, d * Y))
    for s in range(S):
        if s > 0:
            made = np.minimum(cap_r[s], feed * model.factor[s])
            util[s] = _div(made, cap_r[s])
            used = made / model.factor[s]
            out.consumed[s - 1, lo:hi] = used.sum(0).reshape(d, Y)
            out.idle[s - 1, lo:hi] = (feed - used).sum(0).reshape(d, Y)
        P = cap[s] * util[s][creg] + rec[s]                                # (C, n)
        need = demand if s == S - 1 else cap_r[s + 1] / model.factor[s + 1]
        bloc, bloc_region = _blocs(model, s)
        Mcb, Mbr = _matrix(bloc, len(bloc_region)), _matrix(bloc_region, R)
        Pb = Mcb.T @ P
        A = _allowed(model, draws, s, bloc, bloc_region, lo, hi)
        kept, imports, T, surplus, offer = _allocate(Pb, need, Mbr, bloc_region, A)
        feed = kept + imports
        out.production[s, lo:hi] = P.T.reshape(d, Y, C)
        out.produced[s, lo:hi] = P.sum(0).reshape(d, Y)
        out.surplus[s, lo:hi] = surplus.sum(0).reshape(d, Y)
        meq = model.cum[-1] / model.cum[s]
        out.potential[s, lo:hi] = ((M.T @ P + offer) * meq).T.reshape(d, Y, R)
        if s == S - 1:
            out.consumed[s, lo:hi] = feed.sum(0).reshape(d, Y)
            out.supplied[lo:hi] = feed.T.reshape(d, Y, R)
            out.domestic[lo:hi] = kept.T.reshape(d, Y, R)
            share = _div(P, Pb[bloc])                                      # country in bloc
            flows = T[bloc] * share[:, None, :]                            # (C, R, n)
            out.imports[lo:hi] = flows.transpose(2, 0, 1).reshape(d, Y, C, R)
    out.util[:, lo:hi] = util.reshape(S, R, d, Y).transpose(0, 2, 3, 1)
    return util


def _div(a: F64, b: F64) -> F64:
    out: F64 = np.divide(a, b, out=np.zeros(np.broadcast_shapes(a.shape, b.shape)),
                             where=b > 1e-200)  # subnormal divisors overflow
    return out


def _offer(spare: F64, deficit: F64, A: np.ndarray) -> F64:
    """(B, R, n) flows: each bloc's spare split in proportion to allowed deficits;
    an importer takes no more than its deficit."""
    deficit = np.maximum(deficit, 0.0)
    weight = A * deficit[None]
    T = spare[:, None] * _div(weight, weight.sum(1, keepdims=True))
    received = T.sum(0)
    scale = np.where(received > deficit, _div(deficit, received), 1.0)
    flows: F64 = T * scale[None]
    return flows


def _allocate(P: F64, need: F64, M: F64, breg: np.ndarray, A: np.ndarray
              ) -> tuple[F64, F64, F64, F64, F64]:
    """Two rounds (see module doc). Round 1: each region keeps its own output up to its
    share of the world's cover (need × supply / need, at most 1), and spare output goes
    to the deficits left. Round 2: what is still spare goes to any need still unmet,
    the producer's own region included. Returns kept, imports, flows between blocs and
    regions, surplus by bloc, and what each region could have been offered."""
    own = M.T @ P                                                          # (R, n)
    cover = np.minimum(_div(P.sum(0), need.sum(0)), 1.0)
    kept = np.minimum(own, need * cover)
    spare = P * (1.0 - _div(kept, own)[breg])                              # (B, n)
    T1 = _offer(spare, need * cover - kept, A)
    home = M[:, :, None] > 0
    T2 = _offer(spare - T1.sum(1), need - kept - T1.sum(0), np.where(home, 1.0, A))
    kept = kept + (T2 * home).sum(0)
    T = T1 + np.where(home, 0.0, T2)
    surplus = spare - T1.sum(1) - T2.sum(1)
    offer = (A * spare[:, None]).sum(0)                                    # all that r may buy
    return kept, T.sum(0), T, surplus, offer


def _company_hhi(model: Model, out: Outcome, totals: F64, keys: Sequence[tuple[object, ...]],
                 util: F64, lo: int, hi: int) -> None:
    """HHI over owners per stage; an aggregate's output counts in the total, not as a firm."""
    Y = len(model.years)
    for s in range(len(model.stages)):
        cols = [g for g, k in enumerate(keys) if k[0] == s]
        made = np.empty((len(cols), totals.shape[1]))
        firms: dict[str, list[int]] = {}
        for j, g in enumerate(cols):
            _, country, recycled, owner, aggregate = keys[g]
            region = model.country_region[int(country)]  # type: ignore[call-overload]
            np.multiply(totals[g], 1.0 if recycled else util[s, region], out=made[j])
            if not aggregate:
                firms.setdefault(str(owner), []).append(j)
        total = made.sum(0)
        squares = np.zeros_like(total)
        for rows in firms.values():
            squares += _div(made[rows].sum(0), total) ** 2
        out.hhi_company[s, lo:hi] = (squares * 1e4).reshape(-1, Y)


def mass_balance_error(out: Outcome) -> float:
    """Largest relative gap, over stages, draws and years, between what a stage produced
    and where it went (used downstream, idle at a region's next stage, or surplus)."""
    gone = out.consumed + out.idle + out.surplus
    scale = np.maximum(np.abs(out.produced), 1.0)
    return float(np.max(np.abs(out.produced - gone) / scale))
