"""Signals of the entity's place in the chain and on the map: vertical integration,
criticality, geography focus."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from lodemap.signals.base import Reason, SignalResult, no_evidence, reason, signal
from lodemap.signals.facts import Facts
from lodemap.signals.trade import all_statements, deals, live, side
from lodemap.statement import Statement
from lodemap.store import tables
from lodemap.store.store import effective_date_sql


def stage_evidence(facts: Facts) -> dict[str, dict[str, list[Statement]]]:
    """Stage -> holder -> the statements that put it there. Holders: the entity (its own
    `stage` statements), each site it operates (site stages plus the `operates` link),
    each subsidiary it controls and that subsidiary's sites."""
    out: dict[str, dict[str, list[Statement]]] = defaultdict(lambda: defaultdict(list))
    for s in facts.values("stage"):
        out[s.value or ""][facts.entity.id].append(s)
    subs = facts.subsidiaries()
    sub_facts = facts.about(subs, ["stage", "operates"])
    links: dict[str, list[Statement]] = dict(subs)
    links.update(facts.sites())
    for s in sub_facts:  # a subsidiary's sites, linked through the subsidiary
        if s.predicate == "operates" and s.object_id and facts.shown(s):
            links.setdefault(s.object_id, [*subs[s.subject_id], s])
    facts.load(links)
    site_stages = facts.about([k for k in links if k not in subs], ["stage"])
    for s in [*sub_facts, *site_stages]:
        if s.predicate == "stage" and facts.shown(s) and s.subject_id in links:
            out[s.value or ""][s.subject_id] += [*links[s.subject_id], s]
    return {st: dict(h) for st, h in out.items() if st in facts.schema.stages}


@signal("vertical_integration")
def vertical_integration(facts: Facts) -> SignalResult:
    """Chain stages (schema `stages`, upstream first) covered by the entity's own stage
    statements, by the facilities and deposits it operates, and by the organisations it
    controls (completed acquisitions, subsidiaries) with their sites."""
    found = stage_evidence(facts)
    if not found:
        return no_evidence("vertical_integration", "no chain stage for it, its sites or "
                           "its subsidiaries")
    order = [st for st in facts.schema.stage_order() if st in found]
    label = {st: facts.schema.stage(st).label.lower() for st in order}
    reasons = []
    holders = {h for hs in found.values() for h in hs}
    first = {h: next(i for i, st in enumerate(order) if h in found[st]) for h in holders}
    for holder in sorted(holders, key=lambda h: (h != facts.entity.id, first[h], h)):
        stages = [st for st in order if holder in found[st]]
        who = "Its own profile" if holder == facts.entity.id else facts.name(holder)
        reasons.append(reason(f"{who} covers {', '.join(label[s] for s in stages)}.",
                              [x for st in stages for x in found[st][holder]]))
    n = len(facts.schema.stages)
    ends = [x for st in (order[0], order[-1]) for sts in found[st].values() for x in sts]
    reasons.insert(0, reason(f"It spans {label[order[0]]} to {label[order[-1]]}: "
                             f"{len(order)} of {n} chain stages.", ends))
    return SignalResult("vertical_integration", order, reasons, {
        "span": [order[0], order[-1]],
        "by_stage": {st: sorted(found[st]) for st in order}})


def _holders(facts: Facts, stages: list[str]) -> dict[str, dict[str, list[str]]]:
    """Stage -> organisation -> ids of its `stage` statements, across the whole store."""
    st, ent = tables.statements.c, tables.entities.c
    query = (select(st.id, st.subject_id, st.value, st.status, ent.type)
             .join(tables.entities, ent.id == st.subject_id)
             .join(tables.documents, tables.documents.c.id == st.doc_id)
             .where(st.predicate == "stage", st.value.in_(stages), st.object_id.is_(None)))
    if facts.as_of is not None:
        query = query.where(effective_date_sql() <= facts.as_of)
    with facts.store.engine.connect() as conn:
        rows = list(conn.execute(query))
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if facts.schema.status(r.status).shown and facts.schema.is_a(r.type, "Organization"):
            out[r.value][facts.clusters.canonical(r.subject_id)].append(r.id)
    return out


SCARCE = 1
"""At most this many alternatives in a stage make the entity hard to replace there."""


@signal("criticality")
def criticality(facts: Facts) -> SignalResult:
    """How many counterparties take its output (it is the seller in a live relationship
    whose schema flow sells), the stages they rely on it for (its stages that the
    counterparty does not cover itself; all of them when the counterparty's stages are
    unknown), and per stage the other organisations in the store that cover it: the
    alternatives those counterparties could turn to."""
    dependents = [r for r in facts.relationships()
                  if side(facts.schema, r) == "seller" and live(r)]
    if not dependents:
        return no_evidence("criticality", "no counterparty that takes its output")
    found = stage_evidence(facts)
    cps = sorted({r.counterparty for r in dependents})
    holders = _holders(facts, sorted(found))
    relied: dict[str, list[str]] = defaultdict(list)
    for cp in cps:
        theirs = {st for st, hs in holders.items() if cp in hs}
        for st in found:
            if st not in theirs:
                relied[st].append(cp)
    reasons: list[Reason] = [reason(
        f"{len(cps)} counterparties take its output: "
        f"{', '.join(facts.name(c) for c in cps)}.", all_statements(dependents))]
    if not found:
        reasons.append(Reason("No chain stage is stated for it, so the stages they rely "
                              "on it for and their alternatives are unknown.", absence=True))
    by_stage: dict[str, dict[str, list[str]]] = {}
    exclude = set(facts.own) | set(facts.subsidiaries())
    for st in [s for s in facts.schema.stage_order() if s in relied]:
        alts = {h: ids for h, ids in holders.get(st, {}).items() if h not in exclude}
        by_stage[st] = {"dependents": relied[st], "alternatives": sorted(alts)}
        reasons.append(reason(
            f"For {facts.schema.stage(st).label.lower()}, {len(relied[st])} rely on it and "
            f"the store names {len(alts)} other organisation(s) in that stage.",
            [*(s for sts in found[st].values() for s in sts),
             *(i for ids in alts.values() for i in ids)]))
    # Scarce: a stage its dependents rely on that at most one other organisation covers.
    scarce = [st for st, v in by_stage.items() if len(v["alternatives"]) <= SCARCE]
    value = {"dependents": len(cps), "scarce_stages": scarce}
    return SignalResult("criticality", value, reasons, {"by_stage": by_stage})


@signal("geography")
def geography(facts: Facts) -> SignalResult:
    """Countries of its sites and its own seat (`located_in`, through the place's
    country), of its partner counterparties (their country), and of the government bodies
    that fund, invest in or sign with it (its policy ties). The value lists countries by
    how many of these sites and organisations are in each, most first."""
    sites = facts.sites()
    located = [s for s in [*facts.statements, *facts.about(sites, ["located_in"])]
               if s.predicate == "located_in" and facts.shown(s) and s.object_id
               and (s.subject_id in facts.own or s.subject_id in sites)]
    facts.load(s.object_id for s in located if s.object_id)
    # kind -> country -> site or organisation -> the statements that place it there
    links: dict[str, dict[str, dict[str, list[Statement]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list)))
    for s in located:
        place = facts.entities.get(s.object_id or "")
        if place is not None and place.country:
            links["sites"][place.country][s.subject_id] += [*sites.get(s.subject_id, []), s]
    for r in deals(facts):
        cp = facts.entities[r.counterparty]
        kind = "government" if facts.schema.is_a(cp.type, "GovernmentBody") else "counterparties"
        if cp.country:
            links[kind][cp.country][cp.id] += r.statements
    if not links:
        return no_evidence("geography", "no located site and no counterparty with a country")
    weight: dict[str, int] = defaultdict(int)
    reasons = []
    words = {"sites": "Its sites and seat are in", "counterparties": "Its counterparties are in",
             "government": "Government bodies backing or signing with it are in"}
    for kind in [k for k in words if k in links]:
        parts = []
        for country, holders in sorted(links[kind].items(), key=lambda x: (-len(x[1]), x[0])):
            weight[country] += len(holders)
            parts.append(f"{country} ({', '.join(sorted(facts.name(h) for h in holders))})")
        reasons.append(reason(f"{words[kind]} {'; '.join(parts)}.",
                              [s for hs in links[kind].values() for sts in hs.values()
                               for s in sts]))
    value = sorted(weight, key=lambda c: (-weight[c], c))
    return SignalResult("geography", value, reasons, {
        kind: {c: sorted(hs) for c, hs in v.items()} for kind, v in links.items()})
