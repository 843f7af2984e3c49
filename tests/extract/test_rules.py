"""Tests for lodemap.extract.rules: the default rule set and invalid rule files."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from lodemap.errors import SchemaError
from lodemap.extract.rules import RuleSet, default_rules, load_rules, lower_pattern, parse_rules
from lodemap.schema import get_schema

PATH = "/rules/custom-relations.yaml"


def _base() -> dict[str, Any]:
    return {
        "version": 1,
        "macros": {
            "PRE": "(?:the )?",
            "E": "‹\\d+›",
            "LIST": "{E}(?:(?:,? and |, ){E})*",
            "W": "[^‹›;]{0,90}?",
        },
        "status_cues": [
            {"status": "negated", "window": "before", "pattern": "\\bnot\\b"},
        ],
        "facts": [],
        "rules": [
            {"id": "supply-to", "type": "supplies", "status": "signed", "strength": 0.8,
             "trigger": "suppl", "pattern": "{A}{W}\\bsuppl\\w+{W}\\bto {B}"},
            {"id": "acquire", "type": "acquires", "trigger": "acquir",
             "pattern": "{A}{W}\\bacquir\\w+ {B}"},
            {"id": "funded-topic", "type": "funds", "trigger": "grant",
             "pattern": "\\bgrant\\b{W}\\bto {B}"},
        ],
    }


def test_default_rules_load() -> None:
    rules = default_rules()
    assert isinstance(rules, RuleSet)
    assert default_rules() is rules
    assert len(rules.rules) >= 20
    assert rules.cues
    assert rules.facts


def test_every_default_rule_uses_schema_vocabulary() -> None:
    schema = get_schema()
    rules = default_rules()
    ids = [r.id for r in rules.rules]
    assert len(ids) == len(set(ids))
    for rule in rules.rules:
        assert rule.type in schema.relations, rule.id
        assert rule.status in schema.statuses, rule.id
        assert rule.has_source or rule.has_target, rule.id
        assert 0 < rule.strength <= 1, rule.id
        for t in rule.suppresses:
            assert t in schema.relations, rule.id
        if rule.government_party:
            assert rule.government_party in schema.relations, rule.id
    for fact in rules.facts:
        assert fact.property in schema.properties, fact.id
        assert fact.status in schema.statuses, fact.id
    for cue in rules.cues:
        assert cue.status in schema.statuses
        assert cue.window in ("before", "after", "both")


def test_default_rules_cover_the_evaluation_types() -> None:
    covered = {r.type for r in default_rules().rules}
    for name in ("supplies", "offtake", "distribution", "funds", "invests_in", "acquires",
                 "subsidiary_of", "joint_venture", "mou"):
        assert name in covered


def test_macros_expand_and_arguments_are_detected() -> None:
    rules = parse_rules(_base(), PATH, get_schema())
    by_id = {r.id: r for r in rules.rules}
    supply = by_id["supply-to"]
    assert (supply.has_source, supply.has_target) == (True, True)
    assert (by_id["funded-topic"].has_source, by_id["funded-topic"].has_target) == (False, True)
    assert by_id["acquire"].status == "unknown"  # the default status
    # Patterns read lower-cased text (rules.lower_pattern).
    m = supply.pattern.search("‹1› will Supply oxide to the ‹2› plant".lower())
    assert m is not None
    assert (m.group("a"), m.group("b")) == ("‹1›", "‹2›")
    listed = by_id["acquire"].pattern.search("‹1› and ‹2› acquired ‹3›")
    assert listed is not None
    assert listed.group("a") == "‹1› and ‹2›"


def test_load_rules_from_file(tmp_path: Path) -> None:
    path = tmp_path / "relations.yaml"
    path.write_text(yaml.safe_dump(_base(), allow_unicode=True), encoding="utf-8")
    rules = load_rules(path)
    assert [r.id for r in rules.rules] == ["supply-to", "acquire", "funded-topic"]


def _rule(index: int, **changes: Any) -> Any:
    def go(data: dict[str, Any]) -> None:
        data["rules"][index].update(changes)
    return go


def _duplicate(data: dict[str, Any]) -> None:
    data["rules"].append(dict(data["rules"][0], pattern="{A} sells to {B}"))


# (id, mutation, rule the message must name, words in the message)
NAMED: list[tuple[str, Any, str, str]] = [
    ("bad-pattern", _rule(1, pattern="{A}{W}(acquir {B}"), "acquire", "compile"),
    ("bad-pattern-bracket", _rule(0, pattern="{A}[a-{B}"), "supply-to", "compile"),
    ("duplicate-id", _duplicate, "supply-to", "duplicate"),
    ("no-arguments", _rule(2, pattern="\\bgrant\\b{W}\\bto the company"), "funded-topic",
     "{A}"),
    ("bad-requires", _rule(0, requires="(unclosed"), "supply-to", "compile"),
]


@pytest.mark.parametrize(("mutate", "rule_id", "words"), [c[1:] for c in NAMED],
                         ids=[c[0] for c in NAMED])
def test_invalid_rule_names_rule(mutate: Any, rule_id: str, words: str) -> None:
    data = copy.deepcopy(_base())
    mutate(data)
    with pytest.raises(SchemaError) as exc:
        parse_rules(data, PATH, get_schema())
    err = exc.value
    assert err.path == PATH
    assert err.where == f"rule {rule_id}"
    assert f"rule {rule_id}" in str(err)
    assert words in str(err)


VOCAB: list[tuple[str, Any, str, str]] = [
    ("unknown-type", _rule(1, type="buys"), "acquire", "buys"),
    ("unknown-status", _rule(0, status="rumoured"), "supply-to", "rumoured"),
    ("unknown-suppressed", _rule(0, suppresses=["sells"]), "supply-to", "sells"),
    ("unknown-government-party", _rule(2, government_party="grants"), "funded-topic", "grants"),
]


@pytest.mark.parametrize(("mutate", "rule_id", "words"), [c[1:] for c in VOCAB],
                         ids=[c[0] for c in VOCAB])
def test_unknown_vocabulary_raises(mutate: Any, rule_id: str, words: str) -> None:
    data = copy.deepcopy(_base())
    mutate(data)
    with pytest.raises(SchemaError) as exc:
        parse_rules(data, PATH, get_schema())
    assert words in str(exc.value)


@pytest.mark.parametrize(("mutate", "rule_id", "words"), [c[1:] for c in VOCAB],
                         ids=[c[0] for c in VOCAB])
def test_unknown_vocabulary_names_rule(mutate: Any, rule_id: str, words: str) -> None:
    data = copy.deepcopy(_base())
    mutate(data)
    with pytest.raises(SchemaError) as exc:
        parse_rules(data, PATH, get_schema())
    assert exc.value.path == PATH
    assert exc.value.where == f"rule {rule_id}"


@pytest.mark.parametrize("key", ["type", "pattern"])
def test_rule_missing_key_raises_schema_error(key: str) -> None:
    data = copy.deepcopy(_base())
    del data["rules"][1][key]
    with pytest.raises(SchemaError) as exc:
        parse_rules(data, PATH, get_schema())
    assert exc.value.where == "rule acquire"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["status_cues"][0].update(window="around"),
        lambda d: d["status_cues"][0].update(pattern="(\\bnot"),
    ],
    ids=["bad-window", "bad-cue-pattern"],
)
def test_invalid_status_cue(mutate: Any) -> None:
    data = copy.deepcopy(_base())
    mutate(data)
    with pytest.raises(SchemaError) as exc:
        parse_rules(data, PATH, get_schema())
    assert exc.value.where == "status_cues[0]"


@pytest.mark.parametrize("data", [None, [], {"version": 1}, "rules"])
def test_not_a_rules_mapping(data: Any) -> None:
    with pytest.raises(SchemaError) as exc:
        parse_rules(data, PATH, get_schema())
    assert exc.value.path == PATH


def test_invalid_yaml_names_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("rules:\n  - id: x\n    pattern: [unclosed\n", encoding="utf-8")
    with pytest.raises(SchemaError) as exc:
        load_rules(path)
    assert exc.value.path == str(path)
    assert "YAML" in str(exc.value)


def test_a_rule_without_a_trigger_is_refused() -> None:
    data = _base()
    del data["rules"][1]["trigger"]
    with pytest.raises(SchemaError) as err:
        parse_rules(data, "rules.yaml", get_schema())
    assert err.value.where == "rule acquire"
    assert "trigger" in err.value.reason


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"Signed\b (?P<a>X)", r"signed\b (?P<a>x)"),
        (r"\S+ US\$\d", r"\S+ us\$\d"),
        (r"(?P=a)|LOIs?", r"(?P=a)|lois?"),
    ],
)
def test_lower_pattern_keeps_escapes_and_group_syntax(pattern: str, expected: str) -> None:
    assert lower_pattern(pattern) == expected


def test_case_sensitive_parts_are_refused_outside_status_cues() -> None:
    data = _base()
    data["rules"][0]["pattern"] = "{A} (?-i:May) supply {B}"
    with pytest.raises(SchemaError, match="status cues only"):
        parse_rules(data, PATH, get_schema())
