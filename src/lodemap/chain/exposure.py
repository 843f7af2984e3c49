"""Exposure: the paths by which an entity depends on entities or facilities in a country.

A path is a chain of dependence steps, each backed by relationship statements:

- `supplier`: the next node supplies the current one (goods or a service, `roles`);
- `site`: the current node operates the next, a facility or deposit;
- `holding`: the current node owns or controls the next (its exposure is the owner's);
- `owner`: the next node owns or controls the current one;
- `funder`: the next node funds or invests in the current one;
- `customer` (only when asked): the next node buys from the current one.

Ownership only climbs (an owner's owner), and a funder or customer ends a path:
a parent's other holdings and a funder's suppliers are not the entity's
dependencies. A path ends at the first node in the country: one whose profile
country is the code, or one `located_in` a place in that country (that
statement is the path's last edge). Terminated relationships are not
dependence and are skipped; every other shown status counts and is reported on
its edge, so a proposed supply is visible as proposed.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lodemap.chain.graph import Edge, Node, StoreGraph
from lodemap.chain.roles import (
    check_roles,
    customer_edge,
    funder_edge,
    holding_edge,
    owner_edge,
    place_edge,
    site_edge,
    supplier_edge,
)
from lodemap.errors import UsageError
from lodemap.lifecycle import parse_as_of
from lodemap.store import Store

ENDED = "terminated"
MAX_PARTIAL = 20_000
"""Partial paths expanded at most, so a dense store cannot make the search run away."""
_ISO2 = re.compile(r"[A-Za-z]{2}")

Test = Callable[[StoreGraph, Edge, str], bool]
KINDS: dict[str, Test] = {
    "supplier": lambda g, e, n: supplier_edge(e, n),
    "site": site_edge,
    "holding": lambda g, e, n: holding_edge(e, n),
    "owner": lambda g, e, n: owner_edge(e, n),
    "funder": lambda g, e, n: funder_edge(e, n),
    "customer": lambda g, e, n: customer_edge(e, n),
}
FOLLOW: dict[str, frozenset[str]] = {
    "supplier": frozenset(KINDS), "site": frozenset(KINDS), "holding": frozenset(KINDS),
    "owner": frozenset({"owner"}), "funder": frozenset(), "customer": frozenset(),
}
"""Which kinds of step may come after a step of each kind."""
DEFAULT_KINDS = frozenset(KINDS) - {"customer"}


@dataclass
class Step:
    source: str
    target: str
    kind: str
    """A dependence kind (see the module text), or `location` for the last edge."""
    edges: list[Edge]

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "kind": self.kind,
                "edges": [e.to_dict() for e in self.edges]}


@dataclass
class ExposurePath:
    steps: list[Step]
    reached: Node
    """The node in the country: the last step's target, or the place before it."""
    matched_by: str
    """`country` (the entity's profile) or `located_in` (the last step)."""

    def to_dict(self) -> dict[str, Any]:
        return {"reached": self.reached.to_dict(), "matched_by": self.matched_by,
                "steps": [s.to_dict() for s in self.steps]}


@dataclass
class Exposure:
    entity: Node
    country: str
    max_depth: int
    kinds: list[str]
    as_of: str | None
    paths: list[ExposurePath] = field(default_factory=list)
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity.to_dict(), "country": self.country,
                "max_depth": self.max_depth, "kinds": self.kinds, "as_of": self.as_of,
                "entity_in_country": self.entity.country == self.country,
                "paths": [p.to_dict() for p in self.paths], "truncated": self.truncated}


def country_code(text: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased."""
    if not _ISO2.fullmatch(text.strip()):
        raise UsageError(f"not a country code: {text!r}",
                         hint="give an ISO 3166-1 alpha-2 code such as CN or US")
    return text.strip().upper()


def _steps_from(graph: StoreGraph, node: str, kinds: frozenset[str]) -> list[Step]:
    """The dependence steps out of `node`, parallel edges of one kind grouped."""
    grouped: dict[tuple[str, str], list[Edge]] = {}
    for e in graph.edges(node):
        if e.status == ENDED:
            continue
        for kind in sorted(kinds):
            if KINDS[kind](graph, e, node):
                grouped.setdefault((kind, e.other(node)), []).append(e)
    return [Step(node, far, kind, edges) for (kind, far), edges in sorted(grouped.items())]


def _in_country(graph: StoreGraph, node: str, code: str) -> list[ExposurePath]:
    """How `node` is in the country: by `located_in` statements, else by its profile."""
    places: dict[str, list[Edge]] = {}
    for e in graph.edges(node):
        if (e.status != ENDED and place_edge(graph, e, node)
                and graph.node(e.target).country == code):
            places.setdefault(e.target, []).append(e)
    if places:
        return [ExposurePath([Step(node, place, "location", edges)], graph.node(node),
                             "located_in") for place, edges in sorted(places.items())]
    if graph.node(node).country == code:
        return [ExposurePath([], graph.node(node), "country")]
    return []


def find_exposure(store: Store, entity_id: str, country: str, *, max_depth: int = 4,
                  kinds: frozenset[str] = DEFAULT_KINDS, as_of: str | None = None,
                  limit: int = 200, graph: StoreGraph | None = None) -> Exposure:
    """Every simple path of at most `max_depth` dependence steps from the entity to a node
    in `country`, shortest first (at most `limit`)."""
    code = country_code(country)
    if max_depth < 1:
        raise UsageError("--max-depth must be 1 or more")
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise UsageError(f"unknown dependence kinds {sorted(unknown)}")
    as_of = parse_as_of(as_of) if as_of is not None else None
    graph = graph or StoreGraph(store, as_of=as_of)
    check_roles(graph.schema)
    entity = graph.node(entity_id)
    result = Exposure(entity, code, max_depth, sorted(kinds), as_of)
    # Breadth first, so that paths come out shortest first and `limit` keeps the shortest;
    # `MAX_PARTIAL` bounds the work on a dense store.
    queue: deque[tuple[list[Step], frozenset[str]]] = deque([([], frozenset(kinds))])
    expanded = 0
    while queue and len(result.paths) < limit and expanded < MAX_PARTIAL:
        path, allowed = queue.popleft()
        node = path[-1].target if path else entity.id
        found = _in_country(graph, node, code) if path else []
        for hit in found:
            result.paths.append(ExposurePath(path + hit.steps, hit.reached, hit.matched_by))
        if found or len(path) == max_depth:
            continue  # a path ends at the first node in the country
        expanded += 1
        visited = {entity.id, *(s.target for s in path)}
        for step in _steps_from(graph, node, allowed):
            if step.target not in visited:
                queue.append(([*path, step], allowed & FOLLOW[step.kind]))
    result.truncated = bool(queue)
    # The entity's own location in the country is a finding too (a one-edge path).
    own = [p for p in _in_country(graph, entity.id, code) if p.steps]
    result.paths = own + result.paths
    if len(result.paths) > limit:
        result.paths, result.truncated = result.paths[:limit], True
    return result
