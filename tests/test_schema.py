"""Tests for lodemap.schema: the packaged schema and table-driven invalid schemas."""

from __future__ import annotations

import copy
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from lodemap.errors import SchemaError
from lodemap.schema import Schema, get_schema, load_schema, parse_schema

EVALUATION_TYPES = [
    "supplies", "offtake", "distribution", "processing_partner", "equipment_supplier",
    "technology_licence", "funds", "invests_in", "acquires", "subsidiary_of",
    "joint_venture", "research_partner", "mou", "competes_with",
]
STAGES = ["mining", "beneficiation", "separation", "metal", "alloy", "magnet", "component",
          "end_use", "recycling"]


def _packaged_text() -> str:
    return (resources.files("lodemap") / "data" / "schema.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_packaged_text())
    return data


@pytest.fixture(scope="module")
def schema() -> Schema:
    return get_schema()


# ---- the packaged schema ------------------------------------------------------


def test_get_schema_is_cached_and_named_after_its_file(schema: Schema) -> None:
    assert get_schema() is schema
    assert schema.path.endswith("schema.yaml")
    assert schema.version >= 1


@pytest.mark.parametrize("name", [*EVALUATION_TYPES, "operates", "located_in"])
def test_relationship_type_exists(schema: Schema, name: str) -> None:
    rel = schema.relation(name)
    assert rel.name == name
    assert rel.family in schema.families


def test_fifteen_evaluation_types_with_customer_of(schema: Schema) -> None:
    # The 15 evaluation labels: 14 canonical types plus customer_of, an alias.
    labels = {*EVALUATION_TYPES, "customer_of"}
    assert len(labels) == 15
    for label in labels:
        canonical, _ = schema.canonical(label)
        assert canonical in schema.relations


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("customer_of", ("supplies", True)),
        ("supplies", ("supplies", False)),
        ("offtaker_of", ("offtake", True)),
        ("parent_of", ("subsidiary_of", True)),
        ("acquired_by", ("acquires", True)),
        ("funded_by", ("funds", True)),
        ("mou", ("mou", False)),
    ],
)
def test_canonical_folds_aliases(schema: Schema, name: str, expected: tuple[str, bool]) -> None:
    assert schema.canonical(name) == expected


def test_customer_of_is_not_a_type(schema: Schema) -> None:
    assert "customer_of" not in schema.relations
    assert schema.relation("supplies").inverse == "customer_of"


@pytest.mark.parametrize("name", ["customers_of", "Supplies", ""])
def test_unknown_names_raise(schema: Schema, name: str) -> None:
    with pytest.raises(SchemaError) as exc:
        schema.canonical(name)
    assert exc.value.path == schema.path
    with pytest.raises(SchemaError):
        schema.relation(name)


@pytest.mark.parametrize(
    ("rel", "symmetric"),
    [("joint_venture", True), ("research_partner", True), ("mou", True),
     ("competes_with", True), ("supplies", False), ("acquires", False), ("funds", False)],
)
def test_symmetry_and_label_for(schema: Schema, rel: str, symmetric: bool) -> None:
    r = schema.relation(rel)
    assert r.symmetric is symmetric
    assert r.label_for(as_source=True) == rel
    assert r.label_for(as_source=False) == (rel if symmetric else r.inverse)
    if symmetric:
        assert r.inverse == rel


def test_stages_in_chain_order(schema: Schema) -> None:
    assert schema.stage_order() == STAGES
    assert schema.stage("mining").order < schema.stage("recycling").order
    with pytest.raises(SchemaError):
        schema.stage("smelting")


def test_statuses(schema: Schema) -> None:
    for name in ("proposed", "announced", "signed", "completed", "terminated", "unknown",
                 "negated"):
        assert name in schema.statuses
    assert schema.status("negated").shown is False
    shown = schema.shown_statuses()
    assert "negated" not in shown
    assert {"proposed", "announced", "signed", "completed", "terminated", "unknown"} <= set(shown)
    with pytest.raises(SchemaError):
        schema.status("rumoured")


@pytest.mark.parametrize(
    ("child", "ancestor", "expected"),
    [
        ("Company", "Organization", True),
        ("Company", "Thing", True),
        ("Company", "Company", True),
        ("GovernmentBody", "Organization", True),
        ("ResearchLab", "Organization", True),
        ("Facility", "Organization", False),
        ("Organization", "Company", False),
        ("Place", "Thing", True),
        ("Nonexistent", "Thing", False),
    ],
)
def test_is_a(schema: Schema, child: str, ancestor: str, expected: bool) -> None:
    assert schema.is_a(child, ancestor) is expected


@pytest.mark.parametrize(
    ("rel", "source", "target", "expected"),
    [
        ("supplies", "Company", "Company", True),
        ("supplies", "Facility", "GovernmentBody", True),
        ("supplies", "Place", "Company", False),
        ("operates", "Company", "Facility", True),
        ("operates", "Company", "Deposit", True),
        ("operates", "Place", "Company", False),
        ("operates", "Facility", "Company", False),
        ("located_in", "Facility", "Place", True),
        ("located_in", "Place", "Facility", False),
        ("funds", "GovernmentBody", "Deposit", True),
        ("invests_in", "Person", "Company", True),
        ("invests_in", "Company", "Facility", False),
    ],
)
def test_accepts(schema: Schema, rel: str, source: str, target: str, expected: bool) -> None:
    assert schema.accepts(rel, source, target) is expected


def test_load_schema_from_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(_packaged_text(), encoding="utf-8")
    loaded = load_schema(path)
    assert loaded.path == str(path)
    assert set(loaded.relations) == set(get_schema().relations)


def test_entity_type_and_prop_lookups(schema: Schema) -> None:
    assert schema.entity_type("Company").parent == "Organization"
    assert schema.entity_type("Thing").abstract is True
    assert schema.prop("capacity").kind == "quantity"
    with pytest.raises(SchemaError):
        schema.entity_type("Mine")
    with pytest.raises(SchemaError):
        schema.prop("colour")


# ---- invalid schemas ----------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _del(*keys: str) -> Mutation:
    def go(data: dict[str, Any]) -> None:
        node = data
        for k in keys[:-1]:
            node = node[k]
        del node[keys[-1]]
    return go


def _set(value: Any, *keys: str) -> Mutation:
    def go(data: dict[str, Any]) -> None:
        node = data
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value
    return go


def _cycle(data: dict[str, Any]) -> None:
    data["entity_types"]["Thing"]["parent"] = "Company"


INVALID: list[tuple[str, Mutation, str | None, str]] = [
    # (id, mutation, expected `where` (None: no key path), words expected in the reason)
    ("missing-version", _del("version"), "top level", "version"),
    ("missing-entity-types", _del("entity_types"), "top level", "entity_types"),
    ("missing-label", _del("entity_types", "Company", "label"), "entity_types.Company", "label"),
    ("missing-stage-order", _del("stages", "metal", "order"), "stages.metal", "order"),
    ("missing-rel-flow", _del("relationship_types", "supplies", "flow"),
     "relationship_types.supplies", "flow"),
    ("missing-status-shown", _del("statuses", "signed", "shown"), "statuses.signed", "shown"),
    ("wrong-kind", _set("1", "version"), "top level", "int"),
    ("unknown-parent", _set("Corporation", "entity_types", "Company", "parent"),
     "entity_types.Company", "Corporation"),
    ("parent-cycle", _cycle, "entity_types.", "cycle"),
    ("unknown-family", _set("commerce", "relationship_types", "offtake", "family"),
     "relationship_types.offtake", "commerce"),
    ("bad-flow", _set("upstream", "relationship_types", "supplies", "flow"),
     "relationship_types.supplies", "flow"),
    ("symmetric-inverse-differs", _set("mou_with", "relationship_types", "mou", "inverse"),
     "relationship_types.mou", "symmetric"),
    ("unknown-source-type", _set(["Company", "Firm"], "relationship_types", "acquires", "source"),
     "relationship_types.acquires", "Firm"),
    ("unknown-target-type", _set(["Mine"], "relationship_types", "operates", "target"),
     "relationship_types.operates", "Mine"),
    ("duplicate-stage-order", _set(3, "stages", "metal", "order"), "stages", "unique"),
    ("negated-shown", _set(True, "statuses", "negated", "shown"), "statuses", "negated"),
    ("negated-missing", _del("statuses", "negated"), "statuses", "negated"),
    ("alias-of-unknown", _set({"type": "sells"}, "aliases", "buyer_of"), "aliases.buyer_of",
     "sells"),
    ("alias-shadows-type", _set({"type": "supplies", "reverse": True}, "aliases", "mou"),
     "aliases.mou", "shadows"),
    ("unknown-property-kind", _set("colour", "properties", "stake", "kind"), "properties.stake",
     "kind"),
    ("empty-section", _set({}, "families"), None, "families"),
]


@pytest.mark.parametrize(("mutate", "where", "words"), [c[1:] for c in INVALID],
                         ids=[c[0] for c in INVALID])
def test_invalid_schema(raw: dict[str, Any], mutate: Mutation, where: str | None,
                        words: str) -> None:
    data = copy.deepcopy(raw)
    mutate(data)
    path = "/somewhere/custom-schema.yaml"
    with pytest.raises(SchemaError) as exc:
        parse_schema(data, path)
    err = exc.value
    assert err.path == path
    assert path in str(err)
    if where is None:
        assert err.where is None
    else:
        assert err.where is not None
        assert err.where.startswith(where)
        assert err.where in str(err)
    assert words in str(err)


def test_unmutated_copy_parses(raw: dict[str, Any]) -> None:
    # The control for the table above: the copy itself is valid.
    parsed = parse_schema(copy.deepcopy(raw), "x.yaml")
    assert set(parsed.relations) == set(get_schema().relations)


@pytest.mark.parametrize(
    "text",
    ["version: [1\n", "entity_types:\n  Thing: {label: Thing\n", "a: b: c\n"],
    ids=["unclosed-list", "unclosed-map", "double-colon"],
)
def test_invalid_yaml_names_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as exc:
        load_schema(path)
    assert exc.value.path == str(path)
    assert str(path) in str(exc.value)
    assert "YAML" in str(exc.value)


@pytest.mark.parametrize("data", [None, [], "version: 1", 3])
def test_non_mapping_document(data: Any) -> None:
    with pytest.raises(SchemaError) as exc:
        parse_schema(data, "odd.yaml")
    assert exc.value.path == "odd.yaml"
