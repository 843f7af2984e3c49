"""Relation rules: loads `data/relations.yaml`, validates it against the schema, compiles it.

Rules are data; this module only turns them into compiled patterns once per
process. A rule that names an unknown type or status, or whose pattern does
not compile, stops loading with an error naming the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from lodemap.errors import SchemaError, located
from lodemap.schema import Schema, get_schema


@dataclass(frozen=True)
class Rule:
    id: str
    type: str
    pattern: re.Pattern[str]
    strength: float
    status: str
    has_source: bool
    has_target: bool
    mutual: bool = False
    both: bool = False
    generic: bool = False
    requires: re.Pattern[str] | None = None
    suppresses: tuple[str, ...] = ()
    government_party: str | None = None
    private_type: str | None = None
    government_type: str | None = None
    """Type to use when the source is a government body (e.g. grants "raised from" an agency)."""
    """Type to use when the source is not a government body (e.g. `funds` → `invests_in`)."""
    skip_cues: tuple[str, ...] = ()
    fallback: str = "any"
    """Where a missing argument comes from: `any` (nearest mention, antecedent, topic) or
    `topic` (the document's main organisation only)."""
    trigger: re.Pattern[str] | None = None
    """A cheap pattern every match contains; sentences without it skip the rule."""


@dataclass(frozen=True)
class FactRule:
    id: str
    property: str
    value: str
    status: str
    pattern: re.Pattern[str]
    trigger: re.Pattern[str] | None = None


@dataclass(frozen=True)
class StatusCue:
    status: str
    window: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class RuleSet:
    version: int
    rules: tuple[Rule, ...]
    facts: tuple[FactRule, ...]
    cues: tuple[StatusCue, ...]
    mutual_cue: re.Pattern[str]


def _expand(template: str, macros: dict[str, str]) -> str:
    # Macros may use earlier macros; expand until nothing changes.
    out = template
    for _ in range(5):
        new = out
        for key, value in macros.items():
            new = new.replace("{" + key + "}", value)
        if new == out:
            break
        out = new
    return out


def lower_pattern(pattern: str) -> str:
    """A regular expression with its literals in lower case, escapes untouched.

    Rules and fact patterns run case-sensitively on lower-cased text: Python's engine
    is several times slower with IGNORECASE, and the two agree on what matches.
    """
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":  # "\S" and "\b" keep their case and meaning
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith("(?P", i):
            out.append("(?P")
            i += 3
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def parse_rules(data: Any, path: str, schema: Schema) -> RuleSet:
    if not isinstance(data, dict) or "rules" not in data:
        raise SchemaError("rules file must be a mapping with `rules`", path=path)
    macros = dict(data.get("macros") or {})
    macros["A"] = "{PRE}(?P<a>{LIST})"
    macros["B"] = "{PRE}(?P<b>{LIST})"
    macros["A1"] = "{PRE}(?P<a>{E})"
    macros["B1"] = "{PRE}(?P<b>{E})"

    def compile_(pattern: str, where: str, *, lowered: bool = True) -> re.Pattern[str]:
        """Rule and fact patterns read lower-cased text (`lower_pattern`); status cues
        read the text as written, since they may hold case-sensitive parts ("May" the
        month is no modal verb)."""
        expanded = _expand(pattern, macros)
        if lowered and "(?-i" in expanded:
            raise SchemaError("case-sensitive parts belong in status cues only",
                              path=path, where=where)
        try:
            return (re.compile(lower_pattern(expanded)) if lowered
                    else re.compile(expanded, re.IGNORECASE))
        except re.error as exc:
            raise SchemaError(f"pattern does not compile: {exc}", path=path, where=where) from exc

    cues = []
    for i, cue in enumerate(data.get("status_cues") or []):
        where = f"status_cues[{i}]"
        with located(path, where):
            schema.status(cue.get("status", ""))
        if cue.get("window") not in ("before", "after", "both"):
            raise SchemaError("window must be before, after or both", path=path, where=where)
        cues.append(StatusCue(cue["status"], cue["window"],
                              compile_(cue["pattern"], where, lowered=False)))

    rules = []
    seen: set[str] = set()
    for i, body in enumerate(data["rules"]):
        rid = body.get("id") or f"rules[{i}]"
        where = f"rule {rid}"
        if rid in seen:
            raise SchemaError("duplicate rule id", path=path, where=where)
        seen.add(rid)
        for key in ("type", "pattern"):
            if not body.get(key):
                raise SchemaError(f"missing {key!r}", path=path, where=where)
        gov = body.get("government_party")
        private = body.get("private_type")
        public = body.get("government_type")
        with located(path, where):
            for other in (private, public):
                if other:
                    schema.relation(other)
            rel = schema.relation(body["type"])
            schema.status(body.get("status", "unknown"))
            for t in body.get("suppresses", []):
                schema.relation(t)
            if gov:
                schema.relation(gov)
        if not body.get("trigger"):
            raise SchemaError("missing 'trigger' (a lower-case pattern every match contains)",
                              path=path, where=where)
        if body["trigger"] != body["trigger"].lower():
            raise SchemaError("a trigger is written in lower case", path=path, where=where)
        raw = body["pattern"]
        # A leading argument needs no descriptor words before it: the leftmost match
        # starts at the placeholder either way, and the regex engine can then skip
        # ahead to "‹" instead of trying every word of the sentence.
        for lead in ("{A}", "{B}", "{A1}", "{B1}"):
            if raw.startswith(lead):
                raw = "(?P<" + lead[1].lower() + ">" + ("{E}" if lead.endswith("1}") else
                                                        "{LIST}") + ")" + raw[len(lead):]
                break
        rules.append(Rule(
            id=rid, type=rel.name, pattern=compile_(raw, where),
            strength=float(body.get("strength", 0.7)), status=body.get("status", "unknown"),
            has_source="{A}" in body["pattern"] or "{A1}" in body["pattern"],
            has_target="{B}" in body["pattern"] or "{B1}" in body["pattern"],
            mutual=bool(body.get("mutual", False)), both=bool(body.get("both", False)),
            generic=bool(body.get("generic", False)),
            requires=compile_(body["requires"], where) if body.get("requires") else None,
            suppresses=tuple(body.get("suppresses", [])), government_party=gov,
            private_type=private, government_type=public,
            skip_cues=tuple(body.get("skip_cues", [])),
            # Triggers run case-sensitively on lower-cased text: much faster than
            # IGNORECASE in the regex engine, and they are written in lower case.
            trigger=re.compile(_expand(body["trigger"], macros)) if body.get("trigger")
            else None,
            fallback=body.get("fallback", "any"),
        ))
        if rules[-1].fallback not in ("any", "topic"):
            raise SchemaError("fallback must be any or topic", path=path, where=where)
        if not (rules[-1].has_target or rules[-1].has_source):
            raise SchemaError("a rule needs an {A} or a {B} argument", path=path, where=where)

    facts = []
    for i, body in enumerate(data.get("facts") or []):
        where = f"facts[{i}]"
        with located(path, where):
            schema.prop(body.get("property", ""))
            schema.status(body.get("status", "unknown"))
        facts.append(FactRule(body.get("id", where), body["property"], str(body["value"]),
                              body.get("status", "unknown"), compile_(body["pattern"], where),
                              re.compile(body["trigger"]) if body.get("trigger") else None))

    mutual = re.compile(r"\b(?:mutual|reciprocal|two-way|cross-selling|each other)\b",
                        re.IGNORECASE)
    return RuleSet(int(data.get("version", 1)), tuple(rules), tuple(facts), tuple(cues), mutual)


def load_rules(path: str | Path, schema: Schema | None = None) -> RuleSet:
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SchemaError(f"not valid YAML: {exc}", path=str(path)) from exc
    return parse_rules(data, str(path), schema or get_schema())


@cache
def default_rules() -> RuleSet:
    ref = resources.files("lodemap") / "data" / "relations.yaml"
    with resources.as_file(ref) as p:
        return load_rules(p)
