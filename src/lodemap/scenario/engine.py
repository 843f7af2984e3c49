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
import numpy.typing as npt

from lodemap.scenario.capacity import profiles, unit_capacity
from lodemap.scenario.model import F64, I64, Model
from lodemap.scenario.sampling import Draws
from lodemap.scenario.tables import attributes

CHUNK = 250
BoolA = npt.NDArray[np.bool_]


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


def _blocs(model: Model, s: int) -> tuple[I64, I64]:
    """Trade blocs for stage s: a focus country (attributes.yaml) or a country an export
    rule names trades on its own; the other countries of a region trade as one.
    Returns each country's bloc and each bloc's region."""
    named = set(attributes().get("focus_countries", [])) | {
        str(r["from_country"]) for r in model.rules if model.stages.index(r["product"]) == s}
    keys = [(int(model.country_region[c]), name if name in named else "*")
            for c, name in enumerate(model.countries)]
    distinct = sorted(set(keys))
    return (np.array([distinct.index(k) for k in keys], dtype=np.int64),
            np.array([k[0] for k in distinct], dtype=np.int64))


def _matrix(index: I64, width: int) -> F64:
    m = np.zeros((len(index), width))
    m[np.arange(len(index)), index] = 1.0
    return m


@dataclass
class _Stage:
    """What a stage's balance needs that does not change between chunks of draws."""

    bloc: I64        # (C,) bloc of each country
    region: I64      # (B,) region of each bloc
    Mcb: F64         # (C, B) one-hot: country in bloc
    Mbr: F64         # (B, R) one-hot: bloc in region
    home: BoolA      # (B, R) a bloc's own region
    base: F64        # (B, R) share allowed before rules: 0 home, 1 elsewhere
    base2: F64       # (B, R) the same in round 2, home open
    rules: list[tuple[int, int, int, BoolA]]   # (rule k, bloc, region, years)
    meq: float       # magnet-eq tonnes per tonne of this stage's product
    span: tuple[int, int]               # the stage's unit groups (rows of totals)
    blocks: list[tuple[int, int, int]]  # (first, end, region) primary groups per region
    firms: I64       # (J,) the stage's groups of firms (not aggregates), by owner
    starts: I64      # (O,) where each owner's run of groups begins in firms


Key = tuple[int, bool, int, int, str, bool]   # stage, recycled, region, country, owner, aggregate


def _stages(model: Model, keys: Sequence[Key]) -> list[_Stage]:
    R = len(model.regions)
    stages = []
    for s in range(len(model.stages)):
        bloc, region = _blocs(model, s)
        B = len(region)
        home = np.zeros((B, R), dtype=np.bool_)
        home[np.arange(B), region] = True
        rules = []
        for k, rule in enumerate(model.rules):
            if (model.stages.index(rule["product"]) != s
                    or rule["from_country"] not in model.countries):
                continue
            years = (model.years >= rule["start_year"]) & (model.years <= rule["end_year"])
            rules.append((k, int(bloc[model.countries.index(rule["from_country"])]),
                          model.regions.index(rule["to_region"]), years))
        base = np.where(home, 0.0, 1.0)
        rows = [g for g, k in enumerate(keys) if k[0] == s]
        span = (rows[0], rows[-1] + 1) if rows else (0, 0)
        blocks = [(min(g for g in rows if keys[g][1:3] == (False, r)),
                   max(g for g in rows if keys[g][1:3] == (False, r)) + 1, r)
                  for r in range(R) if any(keys[g][1:3] == (False, r) for g in rows)]
        firms = sorted((g - span[0] for g in rows if not keys[g][5]),
                       key=lambda j: (keys[j + span[0]][4], j))
        starts = [i for i, j in enumerate(firms)
                  if i == 0 or keys[j + span[0]][4] != keys[firms[i - 1] + span[0]][4]]
        stages.append(_Stage(bloc, region, _matrix(bloc, B), _matrix(region, R), home, base,
                             np.where(home, 1.0, base), rules,
                             float(model.cum[-1] / model.cum[s]), span, blocks,
                             np.array(firms, dtype=np.int64), np.array(starts, dtype=np.int64)))
    return stages


def _allowed(st: _Stage, draws: Draws, Y: int, lo: int, hi: int) -> tuple[F64, F64]:
    """Share of exports allowed from each bloc to each region, rounds 1 and 2: (B, R)
    when no rule applies, else (B, R, n)."""
    if not st.rules:
        return st.base, st.base2
    out = np.repeat(st.base[:, :, None], (hi - lo) * Y, axis=2)
    for k, b, r, years in st.rules:
        out[b, r].reshape(-1, Y)[:, years] = draws.allowed[lo:hi, years, k]
    return out, np.where(st.home[:, :, None], 1.0, out)


def run(model: Model, draws: Draws, chunk: int = CHUNK) -> Outcome:
    S, D, Y = len(model.stages), draws.count, len(model.years)
    C, R = len(model.countries), len(model.regions)
    f32 = np.float32   # shares and indicators; the balance terms stay float64
    out = Outcome(model, draws, np.zeros((S, D, Y, C), f32), np.zeros((S, D, Y, R), f32),
                  np.zeros((S, D, Y, R), f32), np.zeros((S, D, Y)), np.zeros((D, Y, R)),
                  np.zeros((D, Y, R)), np.zeros((D, Y, C, R), f32), np.zeros((S, D, Y)),
                  np.zeros((S, D, Y)), np.zeros((S, D, Y)), np.zeros((S, D, Y)))
    delays = int(draws.delay.max(initial=0)) + 1
    # units sorted so that (stage, recycled, region, country) ranges are contiguous:
    # country and region totals are sums of neighbouring rows, and a stage's primary
    # output in a region is one block of rows
    keys: list[Key] = [(int(model.stage[u]), bool(model.recycled[u]),
                        int(model.country_region[model.country[u]]), int(model.country[u]),
                        model.owner[u], bool(model.aggregate[u])) for u in range(len(model.rows))]
    order = np.array(sorted(range(len(keys)), key=lambda u: keys[u]), dtype=np.int64)
    fine = [keys[u] for u in order]
    coarse = np.array([i for i, k in enumerate(fine) if i == 0 or k[:4] != fine[i - 1][:4]],
                      dtype=np.int64)
    where = tuple(np.array([fine[g][i] for g in coarse], dtype=np.int64) for i in (1, 0, 3))
    table = profiles(model, delays)[order]
    stages = _stages(model, fine)
    demand = np.tile(model.demand, min(chunk, D))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for lo in range(0, D, chunk):
            _chunk(model, draws, out, stages, table, order, demand, coarse, where, lo,
                   min(D, lo + chunk))
    return out


def _chunk(model: Model, draws: Draws, out: Outcome, stages: list[_Stage], table: F64,
           order: I64, demand: F64, coarse: I64, where: tuple[I64, ...], lo: int, hi: int
           ) -> None:
    """Draws lo to hi: unit capacities (U, n), country totals, the balance, the HHI."""
    S, Y, C = len(model.stages), len(model.years), len(model.countries)
    totals = unit_capacity(table, draws.online[lo:hi, order], draws.delay[lo:hi, order])
    cap = np.zeros((2, S, C, (hi - lo) * Y))
    cap[where] = _segment_sums(totals, coarse, len(totals))
    util = _balance(model, stages, draws, out, cap, totals, demand[:, :(hi - lo) * Y], lo, hi)
    _company_hhi(stages, out, totals, util, lo, hi, Y)


def _balance(model: Model, stages: list[_Stage], draws: Draws, out: Outcome, caps: F64,
             totals: F64, demand: F64, lo: int, hi: int) -> F64:
    """Stage by stage for one chunk of draws; returns (S, R, n) utilisation. Arrays keep
    the draws × years axis last (n), so sums over blocs and regions run on whole rows."""
    S, Y = len(model.stages), len(model.years)
    C, R = len(model.countries), len(model.regions)
    d = hi - lo
    cap, rec = caps[0], caps[1]                                            # (S, C, n)
    creg = model.country_region
    cap_r = np.zeros((S, R, d * Y))                                        # (S, R, n)
    for s, st in enumerate(stages):
        for a, b, r in st.blocks:
            np.sum(totals[a:b], axis=0, out=cap_r[s, r])
    feed = np.zeros((R, d * Y))
    util = np.ones((S, R, d * Y))
    for s, st in enumerate(stages):
        if s > 0:
            made = np.minimum(cap_r[s], feed * model.factor[s])
            util[s] = _div(made, cap_r[s])
            used = made / model.factor[s]
            out.consumed[s - 1, lo:hi] = used.sum(0).reshape(d, Y)
            out.idle[s - 1, lo:hi] = (feed - used).sum(0).reshape(d, Y)
        P = cap[s] * util[s][creg] + rec[s]                                # (C, n)
        need = demand if s == S - 1 else cap_r[s + 1] / model.factor[s + 1]
        Pb = st.Mcb.T @ P
        A, A2 = _allowed(st, draws, Y, lo, hi)
        own, kept, imports, surplus, offer, flows = _allocate(Pb, need, st, A, A2,
                                                              s == S - 1)
        feed = kept + imports
        out.production[s, lo:hi] = P.T.reshape(d, Y, C)
        out.produced[s, lo:hi] = P.sum(0).reshape(d, Y)
        out.surplus[s, lo:hi] = surplus.sum(0).reshape(d, Y)
        out.potential[s, lo:hi] = ((own + offer) * st.meq).T.reshape(d, Y, R)
        if flows is not None:
            out.consumed[s, lo:hi] = feed.sum(0).reshape(d, Y)
            out.supplied[lo:hi] = feed.T.reshape(d, Y, R)
            out.domestic[lo:hi] = kept.T.reshape(d, Y, R)
            share = _div(P, Pb[st.bloc])                                   # country in bloc
            T = flows[st.bloc] * share[:, None, :]                         # (C, R, n)
            out.imports[lo:hi] = T.transpose(2, 0, 1).reshape(d, Y, C, R)
    out.util[:, lo:hi] = util.reshape(S, R, d, Y).transpose(0, 2, 3, 1)
    return util


def _segment_sums(x: F64, starts: I64, stop: int) -> F64:
    """(len(starts), n): sums of the rows of x from each start to the next (the last to
    stop); np.add.reduceat over the first axis is far slower."""
    out = np.empty((len(starts), x.shape[1]))
    for i, (a, b) in enumerate(zip(starts.tolist(), [*starts[1:].tolist(), stop], strict=True)):
        if b - a == 1:
            out[i] = x[a]
        else:
            np.sum(x[a:b], axis=0, out=out[i])
    return out


def _div(a: F64, b: F64) -> F64:
    """a / b, and 0 where b is 0 or subnormal (subnormal divisors overflow); run() turns
    off the warnings of the divisions it replaces."""
    out: F64 = np.divide(a, b)
    small = b <= 1e-200
    if small.any():
        out[np.broadcast_to(small, out.shape)] = 0.0
    return out


def _times(A: F64, x: F64) -> F64:
    """(B, n): sum over regions of A[b, r] x[r]."""
    out: F64 = A @ x if A.ndim == 2 else np.einsum("brn,rn->bn", A, x)
    return out


def _times_t(A: F64, y: F64) -> F64:
    """(R, n): sum over blocs of A[b, r] y[b]."""
    out: F64 = A.T @ y if A.ndim == 2 else np.einsum("brn,bn->rn", A, y)
    return out


def _offer(spare: F64, deficit: F64, A: F64) -> tuple[F64, F64, F64]:
    """Each bloc's spare split over regions in proportion to allowed deficits; an importer
    takes no more than its deficit. The flow from bloc b to region r is
    f[b] A[b, r] g[r], with f = spare / (allowed deficits of b) and g = deficit × the
    importer's cut; returns f, g and what each region received."""
    deficit = np.maximum(deficit, 0.0)
    f = _div(spare, _times(A, deficit))
    offered = deficit * _times_t(A, f)
    scale = np.where(offered > deficit, _div(deficit, offered), 1.0)
    g = deficit * scale
    return f, g, offered * scale


def _allocate(P: F64, need: F64, st: _Stage, A: F64, A2: F64, last: bool
              ) -> tuple[F64, F64, F64, F64, F64, F64 | None]:
    """Two rounds (see module doc). Round 1: each region keeps its own output up to its
    share of the world's cover (need × supply / need, at most 1), and spare output goes
    to the deficits left. Round 2: what is still spare goes to any need still unmet,
    the producer's own region included. Returns own output, kept, imports, surplus by
    bloc, what each region could have been offered, and (last stage) the (B, R, n)
    flows between blocs and regions."""
    own = st.Mbr.T @ P                                                     # (R, n)
    cover = np.minimum(_div(P.sum(0), need.sum(0)), 1.0)
    kept = np.minimum(own, need * cover)
    spare = P * (1.0 - _div(kept, own)[st.region])                         # (B, n)
    f1, g1, got1 = _offer(spare, need * cover - kept, A)
    sent1 = f1 * _times(A, g1)
    f2, g2, _ = _offer(spare - sent1, need - kept - got1, A2)
    sent2 = f2 * _times(A2, g2)
    away = np.where(st.home[..., None] if A2.ndim == 3 else st.home, 0.0, A2)
    back = g2 * (st.Mbr.T @ f2)
    imports = got1 + g2 * _times_t(away, f2)
    kept = kept + back
    surplus = spare - sent1 - sent2
    offer = _times_t(A, spare)                                             # all that r may buy
    flows = None
    if last:
        a1 = A if A.ndim == 3 else A[:, :, None]
        a2 = away if away.ndim == 3 else away[:, :, None]
        flows = f1[:, None] * a1 * g1[None] + f2[:, None] * a2 * g2[None]
    return own, kept, imports, surplus, offer, flows


def _company_hhi(stages: list[_Stage], out: Outcome, totals: F64, util: F64,
                 lo: int, hi: int, Y: int) -> None:
    """HHI over owners per stage; an aggregate's output counts in the total, not as a firm.
    Scales `totals` (primary groups) by utilisation in place."""
    for s, st in enumerate(stages):
        for a, b, r in st.blocks:
            totals[a:b] *= util[s, r]
        made = totals[st.span[0]:st.span[1]]
        firms = _segment_sums(made[st.firms], st.starts, len(st.firms))
        firms *= _div(np.ones(made.shape[1]), made.sum(0))
        out.hhi_company[s, lo:hi] = (np.einsum("on,on->n", firms, firms) * 1e4).reshape(-1, Y)


def mass_balance_error(out: Outcome) -> float:
    """Largest relative gap, over stages, draws and years, between what a stage produced
    and where it went (used downstream, idle at a region's next stage, or surplus)."""
    gone = out.consumed + out.idle + out.surplus
    scale = np.maximum(np.abs(out.produced), 1.0)
    return float(np.max(np.abs(out.produced - gone) / scale))
