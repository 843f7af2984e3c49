"""The chain map: the store as a graph of entities and sourced relationships.

`chain_position` walks an entity's suppliers and customers by tier with their
stages; `find_exposure` finds how an entity depends on a country;
`render_chain_svg` draws a chain map. Every edge keeps its statements.
"""

from lodemap.chain.exposure import Exposure, ExposurePath, find_exposure
from lodemap.chain.graph import Edge, Node, StoreGraph
from lodemap.chain.svg import render_chain_svg
from lodemap.chain.walk import ChainLink, ChainMap, ChainNode, chain_position

__all__ = [
    "ChainLink", "ChainMap", "ChainNode", "Edge", "Exposure", "ExposurePath", "Node",
    "StoreGraph", "chain_position", "find_exposure", "render_chain_svg",
]
