"""An entity's place in the chain: its suppliers and customers by tier, with stages.

Tier 0 is the entity itself, the facilities and deposits it operates, and its
group (companies it owns, by a completed acquisition or a subsidiary statement)
with their sites, because a group's plants are the company's chain position.
Upstream tier 1 holds whoever supplies a tier-0 node (see `roles`), tier 2 their
suppliers, and so on; downstream tiers hold customers. Each organisation reached
brings the sites it operates into its tier. A node sits at its nearest tier on
each side: a company that both supplies and buys from the entity appears
upstream and downstream. Edges keep every statement, its status and evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lodemap.chain.graph import Edge, Node, StoreGraph
from lodemap.chain.roles import check_roles, customer_edge, holding_edge, site_edge, supplier_edge
from lodemap.lifecycle import parse_as_of
from lodemap.schema import get_schema
from lodemap.store import Store

GROUP_STATES = frozenset({"completed", "unknown"})
"""Control states that make a company part of the entity's group: a deal that closed, or
a standing fact ("a subsidiary of") stated without a stage. A proposed or signed
acquisition has not happened yet."""

Rule = Callable[[StoreGraph, Edge, str], bool]


@dataclass
class ChainNode:
    node: Node
    tier: int
    """0 for the entity and its group; negative upstream (suppliers), positive downstream."""
    via: str
    """How it was reached: `self`, `site`, `group`, `supplier` or `customer`."""
    parent: str | None
    """The node one step nearer the entity it was first reached from."""

    def to_dict(self) -> dict[str, Any]:
        return {**self.node.to_dict(), "tier": self.tier, "via": self.via,
                "parent": self.parent}


@dataclass
class ChainLink:
    edge: Edge
    role: str
    """`site`, `group`, `supply` (upstream side) or `sale` (downstream side)."""

    def to_dict(self) -> dict[str, Any]:
        return {**self.edge.to_dict(), "role": self.role}


@dataclass
class ChainMap:
    entity: Node
    up: int
    down: int
    as_of: str | None
    nodes: list[ChainNode] = field(default_factory=list)
    links: list[ChainLink] = field(default_factory=list)

    def tiers(self) -> dict[int, list[ChainNode]]:
        """Nodes by tier, upstream first; inside a tier the entity first, then by stage and
        name."""
        rank = {s: i for i, s in enumerate(get_schema().stage_order())}

        def order(n: ChainNode) -> tuple[int, bool, int, str, str]:
            first = rank[n.node.stages[0]] if n.node.stages else len(rank)
            return (n.tier, n.via != "self", first, n.node.name.casefold(), n.node.id)

        out: dict[int, list[ChainNode]] = {}
        for n in sorted(self.nodes, key=order):
            out.setdefault(n.tier, []).append(n)
        return out

    def links_to(self, cn: ChainNode) -> list[ChainLink]:
        """The links that join a node to the tier nearer the entity; for a site or a group
        member, to the node that operates or owns it."""
        side = (cn.tier > 0) - (cn.tier < 0)
        nearer = {n.node.id for n in self.nodes if n.tier == cn.tier - side}
        role = "supply" if side < 0 else "sale"
        out = []
        for link in self.links:
            if cn.node.id not in (link.edge.source, link.edge.target):
                continue
            other = link.edge.other(cn.node.id)
            if cn.via in ("site", "group"):
                if link.role == cn.via and other == cn.parent:
                    out.append(link)
            elif cn.tier != 0 and link.role == role and other in nearer:
                out.append(link)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity.to_dict(), "up": self.up, "down": self.down,
            "as_of": self.as_of,
            "tiers": [{"tier": t, "nodes": [n.to_dict() for n in ns]}
                      for t, ns in self.tiers().items()],
            "edges": [link.to_dict() for link in self.links],
        }


class _Walker:
    def __init__(self, graph: StoreGraph, chain: ChainMap) -> None:
        self.graph = graph
        self.chain = chain
        self.placed: dict[tuple[str, int], ChainNode] = {}  # (node, side) -> its place
        self.linked: set[tuple[tuple[str, str, str], str]] = set()

    def place(self, node: str, tier: int, via: str, parent: str | None) -> bool:
        side = (tier > 0) - (tier < 0)
        if (node, side) in self.placed or (side and (node, 0) in self.placed):
            return False
        cn = ChainNode(self.graph.node(node), tier, via, parent)
        self.placed[(node, side)] = cn
        self.chain.nodes.append(cn)
        return True

    def link(self, edge: Edge, role: str) -> None:
        if (edge.key, role) not in self.linked:
            self.linked.add((edge.key, role))
            self.chain.links.append(ChainLink(edge, role))

    def tier_of(self, node: str, side: int) -> int | None:
        cn = self.placed.get((node, side)) or self.placed.get((node, 0))
        return cn.tier if cn else None

    def sites(self, node: str, tier: int) -> list[str]:
        """Place the facilities and deposits `node` operates in its tier."""
        out = []
        for e in self.graph.edges(node):
            if site_edge(self.graph, e, node):
                self.link(e, "site")
                if self.place(e.target, tier, "site", node):
                    out.append(e.target)
        return out

    def group(self, root: str) -> list[str]:
        """Tier 0: the entity, its sites, its holdings and theirs."""
        self.place(root, 0, "self", None)
        todo, members = [root], [root]
        while todo:
            node = todo.pop(0)
            members += self.sites(node, 0)
            for e in self.graph.edges(node):
                if holding_edge(e, node) and e.status in GROUP_STATES:
                    self.link(e, "group")
                    far = e.other(node)
                    if self.place(far, 0, "group", node):
                        todo.append(far)
                        members.append(far)
        return members

    def tiers(self, start: list[str], depth: int, side: int, rule: Rule, role: str) -> None:
        frontier = start
        for step in range(1, depth + 1):
            tier = side * step
            reached: list[str] = []
            for node in frontier:
                for e in self.graph.edges(node):
                    if not rule(self.graph, e, node):
                        continue
                    far = e.other(node)
                    known = self.tier_of(far, side)
                    if known is None and self.place(far, tier, role_via(role), node):
                        reached += [far, *self.sites(far, tier)]
                    elif known != tier:
                        continue  # a link back to a nearer tier would make a cycle
                    self.link(e, role)
            frontier = reached


def role_via(role: str) -> str:
    return "supplier" if role == "supply" else "customer"


def chain_position(store: Store, entity_id: str, up: int = 2, down: int = 2,
                   as_of: str | None = None, *, graph: StoreGraph | None = None) -> ChainMap:
    """The entity's chain map: `up` tiers of suppliers and `down` tiers of customers.

    `as_of` (YYYY-MM-DD, YYYY-MM or YYYY) keeps only statements effective by then.
    """
    if up < 0 or down < 0:
        raise ValueError("tiers must be zero or more")
    as_of = parse_as_of(as_of) if as_of is not None else None
    graph = graph or StoreGraph(store, as_of=as_of)
    check_roles(graph.schema)
    entity = graph.node(entity_id)
    chain = ChainMap(entity, up, down, as_of)
    walker = _Walker(graph, chain)
    members = walker.group(entity.id)
    walker.tiers(members, up, -1, lambda g, e, n: supplier_edge(e, n), "supply")
    walker.tiers(members, down, 1, lambda g, e, n: customer_edge(e, n), "sale")
    return chain
