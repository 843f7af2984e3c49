"""The domain schema: loads and validates `data/schema.yaml`.

Everything else in lodemap asks this module for entity types, relationship
types, statuses, stages and properties, so the vocabulary lives in one file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from lodemap.errors import SchemaError

T = TypeVar("T")

FLOWS = frozenset({"downstream", "service", "money", "control", "none"})
PROPERTY_KINDS = frozenset({"quantity", "money", "percent", "year", "text", "boolean"})


@dataclass(frozen=True)
class EntityType:
    name: str
    label: str
    parent: str | None
    abstract: bool
    description: str


@dataclass(frozen=True)
class Stage:
    name: str
    order: int
    label: str
    description: str


@dataclass(frozen=True)
class Status:
    name: str
    rank: int
    label: str
    shown: bool
    description: str


@dataclass(frozen=True)
class RelationType:
    name: str
    label: str
    inverse: str
    symmetric: bool
    family: str
    flow: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    description: str

    def label_for(self, *, as_source: bool) -> str:
        """The type's name as seen from one end: `supplies` or `customer_of`."""
        return self.name if as_source or self.symmetric else self.inverse


@dataclass(frozen=True)
class TypeAlias:
    name: str
    type: str
    reverse: bool


@dataclass(frozen=True)
class Property:
    name: str
    label: str
    kind: str
    units: tuple[str, ...]
    applies_to: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Schema:
    """The validated vocabulary. Look-ups raise `SchemaError` on unknown names."""

    path: str
    version: int
    entity_types: dict[str, EntityType]
    stages: dict[str, Stage]
    statuses: dict[str, Status]
    families: dict[str, str]
    relations: dict[str, RelationType]
    aliases: dict[str, TypeAlias]
    properties: dict[str, Property]
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def _get(self, table: Mapping[str, T], name: str, what: str) -> T:
        try:
            return table[name]
        except KeyError:
            raise SchemaError(f"unknown {what} {name!r}", path=self.path) from None

    def relation(self, name: str) -> RelationType:
        return self._get(self.relations, name, "relationship type")

    def status(self, name: str) -> Status:
        return self._get(self.statuses, name, "status")

    def entity_type(self, name: str) -> EntityType:
        return self._get(self.entity_types, name, "entity type")

    def stage(self, name: str) -> Stage:
        return self._get(self.stages, name, "chain stage")

    def prop(self, name: str) -> Property:
        return self._get(self.properties, name, "property")

    def is_a(self, entity_type: str, ancestor: str) -> bool:
        """True when `entity_type` is `ancestor` or descends from it."""
        return ancestor in self._ancestors.get(entity_type, frozenset())

    def accepts(self, relation: str, source_type: str, target_type: str) -> bool:
        """Whether a relation may join entities of these types."""
        rel = self.relation(relation)
        return any(self.is_a(source_type, t) for t in rel.source) and any(
            self.is_a(target_type, t) for t in rel.target
        )

    def canonical(self, name: str) -> tuple[str, bool]:
        """Fold an alias such as `customer_of` into (`supplies`, reversed=True)."""
        if name in self.relations:
            return name, False
        if name in self.aliases:
            alias = self.aliases[name]
            return alias.type, alias.reverse
        raise SchemaError(f"unknown relationship type {name!r}", path=self.path)

    def shown_statuses(self) -> list[str]:
        return [s.name for s in self.statuses.values() if s.shown]

    def stage_order(self) -> list[str]:
        return sorted(self.stages, key=lambda s: self.stages[s].order)


def _need(mapping: dict[str, Any], key: str, kind: type, *, path: str, where: str) -> Any:
    if key not in mapping:
        raise SchemaError(f"missing key {key!r}", path=path, where=where)
    value = mapping[key]
    if not isinstance(value, kind):
        raise SchemaError(
            f"key {key!r} must be {kind.__name__}, got {type(value).__name__}",
            path=path,
            where=where,
        )
    return value


def _section(data: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    section = _need(data, key, dict, path=path, where="top level")
    if not section:
        raise SchemaError(f"section {key!r} is empty", path=path)
    out: dict[str, Any] = section
    for name, body in section.items():
        if not isinstance(body, dict | str):
            raise SchemaError("entry must be a mapping", path=path, where=f"{key}.{name}")
    return out


def parse_schema(data: Any, path: str) -> Schema:
    """Validate a parsed YAML document and build a `Schema`."""
    if not isinstance(data, dict):
        raise SchemaError("schema must be a mapping", path=path)
    version = _need(data, "version", int, path=path, where="top level")

    entity_types: dict[str, EntityType] = {}
    for name, body in _section(data, "entity_types", path).items():
        where = f"entity_types.{name}"
        entity_types[name] = EntityType(
            name=name,
            label=_need(body, "label", str, path=path, where=where),
            parent=body.get("parent"),
            abstract=bool(body.get("abstract", False)),
            description=_need(body, "description", str, path=path, where=where),
        )
    ancestors: dict[str, frozenset[str]] = {}
    for name, et in entity_types.items():
        chain, seen, cur = [name], {name}, et.parent
        while cur is not None:
            if cur not in entity_types:
                raise SchemaError(
                    f"parent {cur!r} is not an entity type", path=path, where=f"entity_types.{name}"
                )
            if cur in seen:
                raise SchemaError("parent cycle", path=path, where=f"entity_types.{name}")
            seen.add(cur)
            chain.append(cur)
            cur = entity_types[cur].parent
        ancestors[name] = frozenset(chain)

    stages: dict[str, Stage] = {}
    for name, body in _section(data, "stages", path).items():
        where = f"stages.{name}"
        stages[name] = Stage(
            name=name,
            order=_need(body, "order", int, path=path, where=where),
            label=_need(body, "label", str, path=path, where=where),
            description=_need(body, "description", str, path=path, where=where),
        )
    if len({s.order for s in stages.values()}) != len(stages):
        raise SchemaError("stage orders must be unique", path=path, where="stages")

    statuses: dict[str, Status] = {}
    for name, body in _section(data, "statuses", path).items():
        where = f"statuses.{name}"
        statuses[name] = Status(
            name=name,
            rank=_need(body, "rank", int, path=path, where=where),
            label=_need(body, "label", str, path=path, where=where),
            shown=_need(body, "shown", bool, path=path, where=where),
            description=_need(body, "description", str, path=path, where=where),
        )

    families = {str(k): str(v) for k, v in _section(data, "families", path).items()}

    relations: dict[str, RelationType] = {}
    for name, body in _section(data, "relationship_types", path).items():
        where = f"relationship_types.{name}"
        family = _need(body, "family", str, path=path, where=where)
        if family not in families:
            raise SchemaError(f"unknown family {family!r}", path=path, where=where)
        flow = _need(body, "flow", str, path=path, where=where)
        if flow not in FLOWS:
            raise SchemaError(f"flow must be one of {sorted(FLOWS)}", path=path, where=where)
        ends: dict[str, tuple[str, ...]] = {}
        for end in ("source", "target"):
            types = _need(body, end, list, path=path, where=where)
            for t in types:
                if t not in entity_types:
                    raise SchemaError(f"{end} type {t!r} is not an entity type", path=path,
                                      where=where)
            ends[end] = tuple(types)
        symmetric = _need(body, "symmetric", bool, path=path, where=where)
        inverse = _need(body, "inverse", str, path=path, where=where)
        if symmetric and inverse != name:
            raise SchemaError("a symmetric type is its own inverse", path=path, where=where)
        relations[name] = RelationType(
            name=name,
            label=_need(body, "label", str, path=path, where=where),
            inverse=inverse,
            symmetric=symmetric,
            family=family,
            flow=flow,
            source=ends["source"],
            target=ends["target"],
            description=_need(body, "description", str, path=path, where=where),
        )

    aliases: dict[str, TypeAlias] = {}
    for name, body in (data.get("aliases") or {}).items():
        where = f"aliases.{name}"
        target = _need(body, "type", str, path=path, where=where)
        if target not in relations:
            raise SchemaError(f"alias of unknown type {target!r}", path=path, where=where)
        if name in relations:
            raise SchemaError("alias shadows a relationship type", path=path, where=where)
        aliases[name] = TypeAlias(name, target, bool(body.get("reverse", False)))
    for rel in relations.values():
        if not rel.symmetric and rel.inverse not in aliases and rel.inverse in relations:
            raise SchemaError("inverse label collides with a type", path=path,
                              where=f"relationship_types.{rel.name}")

    properties: dict[str, Property] = {}
    for name, body in _section(data, "properties", path).items():
        where = f"properties.{name}"
        kind = _need(body, "kind", str, path=path, where=where)
        if kind not in PROPERTY_KINDS:
            raise SchemaError(f"kind must be one of {sorted(PROPERTY_KINDS)}", path=path,
                              where=where)
        applies = tuple(_need(body, "applies_to", list, path=path, where=where))
        for t in applies:
            if t not in entity_types:
                raise SchemaError(f"applies_to type {t!r} is not an entity type", path=path,
                                  where=where)
        properties[name] = Property(
            name=name,
            label=_need(body, "label", str, path=path, where=where),
            kind=kind,
            units=tuple(str(u) for u in _need(body, "units", list, path=path, where=where)),
            applies_to=applies,
            description=_need(body, "description", str, path=path, where=where),
        )

    for required in ("negated", "unknown"):
        if required not in statuses:
            raise SchemaError(f"status {required!r} is required", path=path, where="statuses")
    if statuses["negated"].shown:
        raise SchemaError("negated statements are never shown", path=path, where="statuses")

    return Schema(path, version, entity_types, stages, statuses, families, relations, aliases,
                  properties, ancestors)


def load_schema(path: str | Path) -> Schema:
    """Load and validate a schema file; errors name the file and the key."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SchemaError(f"not valid YAML: {exc}", path=str(path)) from exc
    return parse_schema(data, str(path))


@cache
def get_schema() -> Schema:
    """The packaged schema, loaded once per process."""
    ref = resources.files("lodemap") / "data" / "schema.yaml"
    with resources.as_file(ref) as p:
        return load_schema(p)
