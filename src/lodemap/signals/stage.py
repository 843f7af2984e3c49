"""Commercial stage: exploration, pilot, pre-commercial, early commercial, producing.

The stage follows from evidence about the entity and the sites it operates
(evidence of subsidiaries is theirs, not its). Each kind of evidence is a
*cue*; a stage is the first rule below whose cues hold:

1. producing: stated production, binding customers, and no stated absence of
   committed customers.
2. early commercial: stated production; or a start year already reached together
   with binding customers (a schedule that has passed is not a start: the
   start-year statement must not be proposed or announced).
3. pre-commercial: planned capacity, a start year still ahead, an operated
   facility, any customer relationship (proposed included), or a statement about
   committed customers (an explicit absence counts).
4. pilot: pilot or demonstration output or capacity.
5. exploration: it holds deposits and nothing above.

Stated absences count as evidence: `committed_customers = false` ("no
contractually committed customers") blocks rule 1 and places the entity in
rule 3 at most unless it produces.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lodemap.signals.base import Reason, SignalResult, no_evidence, reason, signal
from lodemap.signals.facts import Facts
from lodemap.signals.trade import side
from lodemap.statement import Statement

BINDING = frozenset({"signed", "completed"})
PLANNED = frozenset({"proposed", "announced"})
PILOT = re.compile(r"\b(?:pilot|demonstration|demo plant|test plant)\b", re.IGNORECASE)
STAGES = ("exploration", "pilot", "pre-commercial", "early commercial", "producing")
"""The values, earliest first."""


def _positive(s: Statement) -> bool:
    try:
        return float(s.value or "") > 0
    except ValueError:
        return False


def cues(facts: Facts) -> dict[str, list[Statement]]:
    """Cue name -> the statements that show it (empty lists: not shown)."""
    sites = facts.sites()
    facts.load(sites)
    pool = [*facts.statements, *facts.about(sites, ["production", "capacity", "start_year"])]
    subjects = [*facts.own, *sites]

    def vals(prop: str) -> list[Statement]:
        return facts.values(prop, subjects, pool)

    made = [s for s in vals("production") if _positive(s)]
    year = int(facts.today[:4])
    years = [s for s in vals("start_year") if (s.value or "").isdigit()]
    sellers = [r for r in facts.relationships() if side(facts.schema, r) == "seller"
               and facts.schema.relation(r.type).flow == "downstream"]
    committed = vals("committed_customers")
    return {
        "production": [s for s in made if s.status not in PLANNED and not PILOT.search(
            f"{s.qualifier or ''} {s.evidence}")],
        "binding_customers": [s for r in sellers for s in r.statements if s.status in BINDING]
        + [s for s in committed if s.value == "true"],
        "customer_talks": [s for r in sellers for s in r.statements],
        "no_committed_customers": [s for s in committed if s.value == "false"],
        "committed_customers": committed,
        "capacity": [s for s in [*vals("capacity"), *made] if s not in made
                     or s.status in PLANNED],
        # A start year reached counts only when stated as done, not as a schedule.
        "started": [s for s in years if int(s.value or 0) <= year and s.status not in PLANNED],
        "future_start": [s for s in years if int(s.value or 0) > year],
        "facility": [s for sid, sts in sites.items() for s in sts
                     if facts.schema.is_a(facts.entities[sid].type, "Facility")],
        "pilot": [s for s in pool if s.subject_id in subjects and s.object_id is None
                  and facts.shown(s) and s.predicate in ("production", "capacity", "purity")
                  and PILOT.search(f"{s.qualifier or ''} {s.evidence}")],
        "deposit": [s for sid, sts in sites.items() for s in sts
                    if facts.schema.is_a(facts.entities[sid].type, "Deposit")],
    }


Cues = dict[str, list[Statement]]

RULES: tuple[tuple[str, tuple[str, ...], Callable[[Cues], bool]], ...] = (
    # (stage, the cues cited for it when they hold, when the stage applies)
    ("producing", ("production", "binding_customers"),
     lambda c: bool(c["production"] and c["binding_customers"]
                    and not c["no_committed_customers"])),
    ("early commercial", ("production", "started", "binding_customers",
                          "no_committed_customers"),
     lambda c: bool(c["production"] or (c["started"] and c["binding_customers"]))),
    ("pre-commercial", ("no_committed_customers", "future_start", "capacity", "facility",
                        "binding_customers", "customer_talks"),
     lambda c: any(c[k] for k in ("capacity", "future_start", "facility", "customer_talks",
                                  "committed_customers"))),
    ("pilot", ("pilot",), lambda c: bool(c["pilot"])),
    ("exploration", ("deposit",), lambda c: bool(c["deposit"])),
)

WORDS = {
    "production": "Production is stated",
    "binding_customers": "Binding customer evidence (signed or completed sales, or stated "
                         "committed customers) exists",
    "customer_talks": "Customer relationships are reported",
    "no_committed_customers": "It states it has no contractually committed customers",
    "capacity": "Planned or nameplate capacity is stated",
    "started": "A start year already reached is stated",
    "future_start": "A start year still ahead is stated",
    "facility": "It operates a facility",
    "pilot": "Pilot or demonstration output is reported",
    "deposit": "It holds a deposit",
}
ABSENT = {
    "production": "No production figure is stated for it or its sites.",
    "binding_customers": "No signed or completed sale to a customer is reported.",
}


@signal("commercial_stage")
def commercial_stage(facts: Facts) -> SignalResult:
    """Exploration, pilot, pre-commercial, early commercial or producing, by the first
    rule whose cues hold (see `lodemap.signals.stage`: production, binding customers,
    stated absence of committed customers, capacity, start years, operated facilities,
    pilot output, deposits)."""
    found = cues(facts)
    for name, support, applies in RULES:
        if applies(found):
            stage, need = name, [c for c in support if found[c]]
            break
    else:
        return no_evidence("commercial_stage", "no production, capacity, customer, start "
                           "year, facility or deposit evidence for it")
    why = "; ".join(f"{WORDS[c][0].lower()}{WORDS[c][1:]} ({len(found[c])} statement(s))"
                    for c in need)
    reasons: list[Reason] = [reason(f"{stage[0].upper()}{stage[1:]}: {why}.",
                                    [s for c in need for s in found[c]])]
    for cue in WORDS:
        if found[cue] and cue not in need:
            reasons.append(reason(f"{WORDS[cue]} ({len(found[cue])} statement(s)).",
                                  found[cue]))
    reasons += [Reason(text, absence=True) for cue, text in ABSENT.items() if not found[cue]]
    return SignalResult("commercial_stage", stage, reasons, {
        "cues": {c: [s.id for s in sts] for c, sts in found.items() if sts},
        "because": need})
