"""What an edge means from one of its ends: supplier, customer, site, holding, owner...

Material flow comes from the schema: a type with `flow: downstream` (goods) or
`flow: service` (processing, equipment, technology) runs from its source to its
target, so the source is the target's supplier and the target the source's
customer, whichever way the text put it (`customer_of` is stored as `supplies`
read backwards). Money (`flow: money`) runs from funder to funded. Sites are
physical-family edges from an organisation to a facility or deposit
(`operates`); places are physical-family edges to a `Place` (`located_in`).
Control is the one place the schema's flags do not say who holds whom, so the
controlling end of each `flow: control` type is named here and checked against
the schema (`check_roles`).
"""

from __future__ import annotations

from lodemap.chain.graph import Edge, StoreGraph
from lodemap.errors import SchemaError
from lodemap.schema import Schema

SUPPLY_FLOWS = frozenset({"downstream", "service"})
SITE_TYPES = ("Facility", "Deposit")
CONTROLLER = {"acquires": "source", "subsidiary_of": "target"}
"""For each control type, the end that owns the other."""


def check_roles(schema: Schema) -> None:
    """Every control type must have its controlling end named above."""
    control = {r.name for r in schema.relations.values() if r.flow == "control"}
    if control != set(CONTROLLER):
        raise SchemaError(f"chain roles name control types {sorted(CONTROLLER)}, "
                          f"schema has {sorted(control)}", path=schema.path)


def is_supply(edge: Edge) -> bool:
    return edge.flow in SUPPLY_FLOWS and not edge.symmetric


def supplier_edge(edge: Edge, node: str) -> bool:
    """The far end supplies `node` (goods or a service)."""
    return is_supply(edge) and edge.target == node


def customer_edge(edge: Edge, node: str) -> bool:
    """The far end buys from `node`."""
    return is_supply(edge) and edge.source == node


def funder_edge(edge: Edge, node: str) -> bool:
    """The far end pays `node` (grant, loan, equity)."""
    return edge.flow == "money" and edge.target == node


def holding_edge(edge: Edge, node: str) -> bool:
    """`node` owns or controls the far end (acquired company, subsidiary)."""
    end = CONTROLLER.get(edge.type)
    return end is not None and getattr(edge, end) == node


def owner_edge(edge: Edge, node: str) -> bool:
    """The far end owns or controls `node`."""
    end = CONTROLLER.get(edge.type)
    return end is not None and getattr(edge, end) != node


def site_edge(graph: StoreGraph, edge: Edge, node: str) -> bool:
    """`node` operates the far end, a facility or deposit."""
    return (edge.family == "physical" and edge.source == node
            and any(graph.is_a(edge.target, t) for t in SITE_TYPES))


def place_edge(graph: StoreGraph, edge: Edge, node: str) -> bool:
    """`node` is located in the far end, a place."""
    return (edge.family == "physical" and edge.source == node
            and graph.is_a(edge.target, "Place"))
