"""The dossier's judgement sections: signals, chain position, risk implications and the
bottom line.

Everything here is derived from company signals (`lodemap.signals`) and the chain map
(`lodemap.chain`), and every sentence cites the statements it rests on, through the
same citer as the rest of the dossier. Risk rules are documented in `risks.yaml`
(thresholds and wording); a rule that does not fire says nothing, and a signal without
evidence is stated as such rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from lodemap.chain import chain_position, render_chain_svg
from lodemap.entity import Entity
from lodemap.scenario.provenance import facility_contribution
from lodemap.schema import Schema
from lodemap.signals import SignalResult, compute_signals
from lodemap.store import Store

if TYPE_CHECKING:
    from lodemap.dossier.build import Line, _Citer

SIGNAL_LABELS = {
    "geography": "Geography focus", "posture": "Seller / buyer posture",
    "commercial_stage": "Commercial stage", "vertical_integration": "Vertical integration",
    "concentration": "Concentration", "criticality": "Criticality",
    "maturity": "Relationship maturity",
}
_POSTURE = {"seller": "selling into the chain", "buyer": "buying from the chain",
            "both": "both buying and selling"}


@dataclass
class SignalView:
    name: str
    label: str
    value: str
    lines: list[Line] = field(default_factory=list)
    absences: list[str] = field(default_factory=list)


@dataclass
class Assessment:
    signals: list[SignalView] = field(default_factory=list)
    chain: list[Line] = field(default_factory=list)
    chain_svg: str | None = None
    model: list[Line] = field(default_factory=list)
    """Its modelled facilities' share of regional magnet supply and demand (scenario
    baseline, plan case), where a stored statement backs the facility's figures."""
    risks: list[Line] = field(default_factory=list)
    bottom_line: list[Line] = field(default_factory=list)


@cache
def risk_rules() -> dict[str, dict[str, Any]]:
    text = (resources.files("lodemap") / "dossier" / "risks.yaml").read_text(encoding="utf-8")
    rules: dict[str, dict[str, Any]] = yaml.safe_load(text)["rules"]
    return rules


def value_text(result: SignalResult) -> str:
    v = result.value
    if v is None:
        return "no evidence"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) or "none"
    if isinstance(v, dict):
        return ", ".join(
            f"{k}: {(', '.join(map(str, x)) or 'none') if isinstance(x, list) else x}"
            for k, x in v.items())
    if result.name == "concentration":
        return f"HHI {v:,} ({result.detail.get('band', '')})"
    return str(v)


def assess(store: Store, entity: Entity, citer: _Citer, line: type[Line], schema: Schema,
           *, as_of: str | None, year: int) -> Assessment:
    """Signals, chain position, risks and bottom line of `entity`, each line cited."""
    results = {r.name: r for r in compute_signals(store, entity.id, as_of=as_of)}
    by_id = store.statements_by_id(i for r in results.values() for i in r.statement_ids)

    def cited(text: str, ids: Iterable[str]) -> Line | None:
        wanted = list(dict.fromkeys(ids))
        by_id.update(store.statements_by_id(i for i in wanted if i not in by_id))
        sts = [by_id[i] for i in wanted if i in by_id]
        return line(text, citer.cite(sts)) if sts else None

    out = Assessment()
    for r in results.values():
        view = SignalView(r.name, SIGNAL_LABELS.get(r.name, r.name), value_text(r))
        for reason in r.reasons:
            made = None if reason.absence else cited(reason.text, reason.statement_ids)
            if made is None:
                view.absences.append(reason.text)
            else:
                view.lines.append(made)
        out.signals.append(view)
    _chain(store, entity, out, cited, as_of=as_of)
    out.model = _modelled(store, entity, year, cited)
    for rule_id, rule in risk_rules().items():
        made = _RISKS[rule_id](entity, rule, results, schema, store, cited)
        if made is not None:
            out.risks.append(made)
    out.bottom_line = _bottom_line(entity, results, out.risks, cited, line)
    return out


Cite = Callable[[str, Iterable[str]], "Line | None"]


def _chain(store: Store, entity: Entity, out: Assessment, cited: Cite,
           *, as_of: str | None) -> None:
    chain_map = chain_position(store, entity.id, up=2, down=2, as_of=as_of)
    names = {"self": "its own group and sites", "supplier": "suppliers", "customer": "customers"}
    for tier, nodes in chain_map.tiers().items():
        ids = [i for n in nodes for link in chain_map.links_to(n)
               for i in link.edge.statement_ids]
        ids += [i for n in nodes for i in n.node.stage_statements]
        who = "; ".join(
            f"{n.node.name} ({', '.join(n.node.stages)})" if n.node.stages else n.node.name
            for n in nodes)
        side = "its own group and sites" if tier == 0 else (
            f"{names['supplier'] if tier < 0 else names['customer']}, tier {abs(tier)}")
        made = cited(f"Chain position, {side}: {who}.", ids)
        if made is not None:
            out.chain.append(made)
    if len(chain_map.nodes) > 1:
        out.chain_svg = render_chain_svg(chain_map)


def _modelled(store: Store, entity: Entity, year: int, cited: Cite) -> list[Line]:
    rows = facility_contribution(store, entity.id, year)["facilities"]
    out = []
    for row in rows:
        ids = [i["statement_id"] for i in row["inputs"] if i["statement_id"]]
        others = "; ".join(f"{i['column']} {i['value']} ({i['source_url']}, {i['source_date']})"
                           for i in row["inputs"] if not i["statement_id"] and i["source_url"])
        text = (f"In the scenario model's baseline (every project on time), {row['row']} "
                f"({row['stage']}, {row['country']}) would make {row['production_t']:,.0f} "
                f"{row['unit']} in {year}: {row['share_of_region_stage_output']:.0%} of "
                f"{row['region']} {row['stage']} output and {row['share_of_region_demand']:.0%} "
                f"of {row['region']} magnet demand.")
        if others:
            text += f" Other model inputs: {others}."
        made = cited(text, ids)
        if made is not None:
            out.append(made)
    return out


RiskRule = Callable[[Entity, dict[str, Any], dict[str, SignalResult], Schema, Store, Cite],
                    "Line | None"]


def _uncontracted(entity: Entity, rule: dict[str, Any], res: dict[str, SignalResult],
                  schema: Schema, store: Store, cited: Cite) -> Line | None:
    stage = res.get("commercial_stage")
    if stage is None or stage.value not in rule["stages"]:
        return None
    absent = stage.detail.get("cues", {}).get("no_committed_customers", [])
    if not absent:
        return None
    return cited(rule["text"].format(name=entity.name, stage=stage.value),
                 [*absent, *stage.statement_ids])


def _concentration(entity: Entity, rule: dict[str, Any], res: dict[str, SignalResult],
                   schema: Schema, store: Store, cited: Cite) -> Line | None:
    conc = res.get("concentration")
    if conc is None or conc.value is None or conc.value < rule["min_hhi"]:
        return None
    shares: dict[str, float] = conc.detail.get("shares", {})
    top = max(shares, key=lambda k: (shares[k], k))
    name = store.entities_by_id([top]).get(top)
    return cited(rule["text"].format(hhi=conc.value, top=name.name if name else top,
                                     share=shares[top]), conc.statement_ids)


def _non_binding(entity: Entity, rule: dict[str, Any], res: dict[str, SignalResult],
                 schema: Schema, store: Store, cited: Cite) -> Line | None:
    mat = res.get("maturity")
    if mat is None or not isinstance(mat.value, dict):
        return None
    total = mat.detail.get("relationships", 0)
    # The signal lists one reason per status, in the order of its value's keys.
    per_status = dict(zip(mat.value, mat.reasons, strict=False))
    open_ = [s for s in ("proposed", "announced") if s in per_status]
    count = sum(mat.value[s] for s in open_)
    if not total or count / total < rule["min_share"]:
        return None
    return cited(rule["text"].format(open=count, total=total),
                 [i for s in open_ for i in per_status[s].statement_ids])


def _country(entity: Entity, rule: dict[str, Any], res: dict[str, SignalResult],
             schema: Schema, store: Store, cited: Cite) -> Line | None:
    geo = res.get("geography")
    if geo is None or geo.value is None:
        return None
    for country in rule["countries"]:
        ids = [i for group in geo.detail.values() for i in group.get(country, [])]
        if not ids:
            continue
        names = sorted(e.name for e in store.entities_by_id(ids).values())
        reasons = [r for r in geo.reasons if country in r.text]
        return cited(rule["text"].format(country=country, who=", ".join(names)),
                     [i for r in reasons for i in r.statement_ids])
    return None


def _gaps(entity: Entity, rule: dict[str, Any], res: dict[str, SignalResult],
          schema: Schema, store: Store, cited: Cite) -> Line | None:
    vert = res.get("vertical_integration")
    if vert is None or not vert.value or len(vert.detail.get("span", [])) != 2:
        return None
    order = schema.stage_order()
    first, last = vert.detail["span"]
    inside = order[order.index(first):order.index(last) + 1]
    missing = [s for s in inside if s not in vert.value]
    if not missing:
        return None
    return cited(rule["text"].format(first=first, last=last, missing=" or ".join(missing)),
                 vert.statement_ids)


def _sole(entity: Entity, rule: dict[str, Any], res: dict[str, SignalResult],
          schema: Schema, store: Store, cited: Cite) -> Line | None:
    crit = res.get("criticality")
    if crit is None or not isinstance(crit.value, dict) or not crit.value.get("scarce_stages"):
        return None
    return cited(rule["text"].format(stages=", ".join(crit.value["scarce_stages"])),
                 crit.statement_ids)


_RISKS: dict[str, RiskRule] = {
    "uncontracted-revenue": _uncontracted, "counterparty-concentration": _concentration,
    "non-binding-relationships": _non_binding, "country-exposure": _country,
    "integration-gaps": _gaps, "sole-supplier": _sole,
}


def _bottom_line(entity: Entity, res: dict[str, SignalResult], risks: list[Line],
                 cited: Cite, line: type[Line]) -> list[Line]:
    out: list[Line | None] = []
    stage, posture, vert = (res.get(n) for n in ("commercial_stage", "posture",
                                                  "vertical_integration"))
    parts, ids = [], []
    if stage is not None and stage.value is not None:
        parts.append(f"is at the {stage.value} stage")
        ids += stage.statement_ids
    if posture is not None and posture.value in _POSTURE:
        parts.append(_POSTURE[posture.value])
        ids += posture.statement_ids
    if vert is not None and vert.value and len(vert.detail.get("span", [])) == 2:
        parts.append("spanning {} to {}".format(*vert.detail["span"]))
        ids += vert.statement_ids
    if parts:
        out.append(cited(f"{entity.name} {', '.join(parts)}.", ids))
    mat = res.get("maturity")
    if mat is not None and isinstance(mat.value, dict):
        firm = sum(mat.value.get(s, 0) for s in ("signed", "completed"))
        soft = sum(mat.value.get(s, 0) for s in ("proposed", "announced"))
        out.append(cited(f"Its relationships carry {firm} signed or completed report(s) and "
                         f"{soft} proposed or announced one(s).", mat.statement_ids))
    if risks:
        first = risks[0].text.split(":")[0].rstrip(".")
        out.append(line(f"The risk to weigh first: {first[0].lower()}{first[1:]} "
                        f"({len(risks)} risk implication(s) above).",
                        [c for r in risks for c in r.citations]))
    return [x for x in out if x is not None]
