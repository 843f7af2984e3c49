"""Signals over the entity's relationships: posture, concentration, maturity.

Which relationships count and which way goods flow come from the schema: a
type's `family` and `flow`, never a list of type names here.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from lodemap.schema import Schema
from lodemap.signals.base import Reason, SignalResult, no_evidence, reason, signal
from lodemap.signals.facts import Facts, Relationship
from lodemap.statement import Statement

SELLING_FLOWS = frozenset({"downstream", "service"})
"""Flows in which the source sells goods or services to the target (schema `flow`)."""
NOT_DEALS = frozenset({"physical", "rivalry"})
"""Families that link an organisation to places, sites or rivals, not to partners."""


def side(schema: Schema, r: Relationship) -> str | None:
    """`seller` or `buyer` for a relationship whose schema flow sells something."""
    if schema.relation(r.type).flow not in SELLING_FLOWS or r.direction == "mutual":
        return None
    return "seller" if r.direction == "outgoing" else "buyer"


def live(r: Relationship) -> bool:
    """Reported at some status other than terminated (an ended deal shows no posture)."""
    return any(s != "terminated" for s in r.statuses)


def deals(facts: Facts) -> list[Relationship]:
    """Relationships with partners (every family but places, sites and rivals), one per
    counterparty and type: a deal reported both ways (a mutual distribution pact) is one."""
    families = [f for f in facts.schema.families if f not in NOT_DEALS]
    merged: dict[tuple[str, str], Relationship] = {}
    for r in facts.relationships(families):
        m = merged.setdefault((r.counterparty, r.type),
                              Relationship(r.counterparty, r.type, r.direction))
        m.direction = m.direction if m.direction == r.direction else "mutual"
        m.statements += r.statements
    return list(merged.values())


def describe(facts: Facts, rels: list[Relationship]) -> str:
    """"Carester (supplies, completed), Arnold Magnetic Technologies (distribution, signed)"."""
    return ", ".join(f"{facts.name(r.counterparty)} ({r.type}, {'/'.join(r.statuses)})"
                     for r in rels)


def all_statements(rels: list[Relationship]) -> list[Statement]:
    return [s for r in rels for s in r.statements]


@signal("posture")
def posture(facts: Facts) -> SignalResult:
    """Seller, buyer or both: the entity's side of relationships whose schema `flow` sells
    goods or services (`downstream`, `service`). Source of such a type is the seller,
    target the buyer. Relationships only reported as terminated do not count."""
    by_side: dict[str, list[Relationship]] = defaultdict(list)
    for r in facts.relationships():
        who = side(facts.schema, r)
        if who is not None and live(r):
            by_side[who].append(r)
    if not by_side:
        return no_evidence("posture", "no relationship in which it sells or buys")
    value = "both" if len(by_side) == 2 else next(iter(by_side))
    reasons = [reason(f"It is the {who} in {len(rels)} relationship(s): "
                      f"{describe(facts, rels)}.", all_statements(rels))
               for who, rels in sorted(by_side.items(), key=lambda x: x[0] != "seller")]
    return SignalResult("posture", value, reasons,
                        {who: len(rels) for who, rels in by_side.items()})


HHI_BANDS = ((1500, "unconcentrated"), (2500, "moderately concentrated"))
"""Upper bounds of the US merger-guideline bands; above the last: highly concentrated."""


def hhi(weights: dict[str, float]) -> tuple[int, dict[str, float]]:
    """Herfindahl-Hirschman index (0-10,000) of the weights, and each one's share."""
    total = sum(weights.values())
    shares = {k: v / total for k, v in weights.items()}
    return round(sum((100 * x) ** 2 for x in shares.values())), shares


def band(index: int) -> str:
    return next((name for bound, name in HHI_BANDS if index < bound), "highly concentrated")


def _amounts(facts: Facts, rels: list[Relationship]) -> dict[str, list[Statement]]:
    """Money stated in the same sentence as a deal, on the deal's target (as the pipeline
    attaches it: qualifier "<type> from <source>"): counterparty -> amount statements."""
    targets = {s.object_id for s in all_statements(rels) if s.object_id}
    pool = facts.about(targets, ["amount"])
    out: dict[str, list[Statement]] = defaultdict(list)
    for r in rels:
        for s in r.statements:
            out[r.counterparty] += [
                a for a in pool if a.doc_id == s.doc_id and a.span_start == s.span_start
                and a.subject_id == s.object_id and facts.shown(a)
                and (a.qualifier or "").startswith(f"{s.predicate} from")]
    return {k: list({a.id: a for a in v}.values()) for k, v in out.items() if v}


def _by_volume(facts: Facts, rels: list[Relationship], n: int) -> tuple[dict[str, object],
                                                                       list[Reason]]:
    amounts = _amounts(facts, rels)
    units = Counter(a.unit for v in amounts.values() for a in v if a.unit)
    if not units:
        return {}, [Reason("No deal amounts are stated with these relationships, so volume "
                           "shares cannot be computed.", absence=True)]
    unit = units.most_common(1)[0][0]
    weights: dict[str, float] = {}
    for cp, sts in amounts.items():
        vals = [float(a.value or 0) for a in sts if a.unit == unit and _number(a.value)]
        if vals:
            weights[cp] = max(vals)  # one deal reported in several sentences: once
    index, shares = hhi(weights)
    used = [a for cp in weights for a in amounts[cp] if a.unit == unit]
    text = (f"By stated deal amounts in {unit} (known for {len(weights)} of {n} "
            f"counterparties), the HHI is {index:,}: "
            + ", ".join(f"{facts.name(k)} {v:.0%}" for k, v in
                        sorted(shares.items(), key=lambda x: -x[1])) + ".")
    return {"unit": unit, "hhi": index, "band": band(index), "shares": shares}, \
        [reason(text, used)]


def _number(text: str | None) -> bool:
    try:
        float(text or "")
    except ValueError:
        return False
    return True


@signal("concentration")
def concentration(facts: Facts) -> SignalResult:
    """Share of its relationships per counterparty (each relationship type counts once per
    counterparty) and its HHI (0-10,000) with the merger-guideline band
    (under 1,500 unconcentrated, under 2,500 moderately, else highly concentrated);
    where deal amounts are stated in the same sentence as a deal, the same by volume in
    the most reported currency."""
    rels = deals(facts)
    if not rels:
        return no_evidence("concentration", "no relationship with a partner organisation")
    weights = Counter(r.counterparty for r in rels)
    index, shares = hhi(dict(weights))
    top = sorted(shares.items(), key=lambda x: (-x[1], facts.name(x[0])))
    reasons = [reason(
        f"{len(rels)} relationship(s) with {len(weights)} counterparties give an HHI of "
        f"{index:,} ({band(index)}); the largest shares are "
        + ", ".join(f"{facts.name(k)} {v:.0%}" for k, v in top[:5]) + ".",
        all_statements(rels))]
    volume, more = _by_volume(facts, rels, len(weights))
    return SignalResult("concentration", index, reasons + more, {
        "band": band(index), "counterparties": len(weights), "relationships": len(rels),
        "shares": dict(top), "volume": volume})


@signal("maturity")
def maturity(facts: Facts) -> SignalResult:
    """The mix of statuses across its relationships with partners (all families but
    places, sites and rivals). A relationship counts under every shown status its sources
    report, so sources that disagree stay visible; negated statements never count."""
    rels = deals(facts)
    if not rels:
        return no_evidence("maturity", "no relationship with a partner organisation")
    by_status: dict[str, list[Relationship]] = defaultdict(list)
    for r in rels:
        for status in r.statuses:
            by_status[status].append(r)
    order = sorted(by_status, key=lambda x: facts.schema.status(x).rank)
    reasons = [reason(f"{len(by_status[st])} reported as {facts.schema.status(st).label}: "
                      f"{describe_one(facts, by_status[st])}.",
                      [s for r in by_status[st] for s in r.statements if s.status == st])
               for st in order]
    mixed = [r for r in rels if len(r.statuses) > 1]
    if mixed:
        reasons.append(reason(f"{len(mixed)} are reported at more than one status: "
                              f"{describe(facts, mixed)}.", all_statements(mixed)))
    value = {st: len(by_status[st]) for st in order}
    return SignalResult("maturity", value, reasons,
                        {"relationships": len(rels), "mixed": len(mixed)})


def describe_one(facts: Facts, rels: list[Relationship]) -> str:
    return ", ".join(f"{facts.name(r.counterparty)} ({r.type})" for r in rels)
