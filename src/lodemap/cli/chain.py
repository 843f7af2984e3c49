"""Chain commands: `chain` (suppliers and customers by tier) and `exposure` (paths into a
country). They register themselves on the `lodemap` Typer app (imported at the end
of `cli/app.py`). Exit codes: 0 ok (also when no path is found), 2 usage, 5 store
error, 6 no such entity. Text from documents is printed as plain text, never as
rich markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text
from rich.tree import Tree

from lodemap import settings
from lodemap.chain.graph import Edge, Node, StoreGraph
from lodemap.cli.app import (
    AsOfOption,
    DbOption,
    JsonOption,
    _emit,
    _fail,
    _store,
    app,
    as_of_date,
    err,
    out,
)
from lodemap.errors import LodemapError
from lodemap.schema import get_schema

EVIDENCE_CHARS = 200


def _node_text(n: Node) -> Text:
    schema = get_schema()
    where = f", {n.country}" if n.country else ""
    stages = ", ".join(schema.stage(s).label for s in n.stages) or "stage not stated"
    text = Text(n.name, style="bold")
    text.append(f" ({n.type}{where}) — {stages}")
    return text


def _edge_branch(tree: Tree, edge: Edge, names: dict[str, str]) -> None:
    head = Text(f"{names.get(edge.source, edge.source)} {edge.label} "
                f"{names.get(edge.target, edge.target)} ")
    head.append(f"[{edge.status}]", style="yellow" if edge.status in ("proposed", "announced")
                else "green")
    if len(edge.statuses) > 1:
        head.append(f" (reported: {', '.join(edge.statuses)})")
    branch = tree.add(head)
    for ev in edge.evidence:
        sentence = " ".join(ev.evidence.split())
        if len(sentence) > EVIDENCE_CHARS:
            sentence = sentence[:EVIDENCE_CHARS - 1] + "…"
        branch.add(Text(f"{ev.statement_id} · {ev.status} · {ev.date or 'undated'} · "
                        f"{ev.url}\n\u201c{sentence}\u201d", style="dim"))


@app.command()
def chain(
    name: Annotated[str, typer.Argument(help="Entity name, alias, ticker or id.")],
    up: Annotated[int, typer.Option("--up", min=0, help="Tiers of suppliers.")] = 2,
    down: Annotated[int, typer.Option("--down", min=0, help="Tiers of customers.")] = 2,
    svg: Annotated[Path | None, typer.Option(
        "--svg", help="Also write the tier/stage diagram as SVG here.")] = None,
    as_of: AsOfOption = None,
    db: DbOption = settings.DB.default,
    json_: JsonOption = False,
) -> None:
    """Suppliers (up) and customers (down) by tier, with stages and the evidence on every
    edge. Tier 0 is the entity with the facilities it operates and the companies it owns."""
    from lodemap.chain import chain_position, render_chain_svg
    from lodemap.ledger import find_entity

    day = as_of_date(as_of)
    try:
        with _store(db) as store:
            cmap = chain_position(store, find_entity(store, name).id, up, down, as_of=day)
    except LodemapError as exc:
        raise _fail(exc) from exc
    if svg is not None:
        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_text(render_chain_svg(cmap), encoding="utf-8")
        err.print(f"wrote {svg}")
    if json_:
        _emit(cmap.to_dict())
        return
    names = {n.node.id: n.node.name for n in cmap.nodes}
    root = Tree(_node_text(cmap.entity))
    tiers = cmap.tiers()
    for tier in [*range(-up, 0), 0, *range(1, down + 1)]:
        title = ("tier 0: the entity, the sites it operates and its group" if tier == 0
                 else f"upstream tier {-tier} (suppliers)" if tier < 0
                 else f"downstream tier {tier} (customers)")
        branch = root.add(Text(title, style="cyan"))
        members = [n for n in tiers.get(tier, []) if n.via != "self"]
        if not members:
            branch.add(Text("none found in the store", style="dim"))
        for n in members:
            node = branch.add(_node_text(n.node))
            for link in cmap.links_to(n):
                _edge_branch(node, link.edge, names)
    out.print(root, soft_wrap=False)


@app.command()
def exposure(
    name: Annotated[str, typer.Argument(help="Entity name, alias, ticker or id.")],
    country: Annotated[str, typer.Option(
        "--country", help="ISO 3166-1 alpha-2 country code, e.g. CN.")],
    max_depth: Annotated[int, typer.Option(
        "--max-depth", min=1, help="At most this many steps per path.")] = 4,
    customers: Annotated[bool, typer.Option(
        "--customers", help="Also count dependence on customers (revenue exposure).")] = False,
    as_of: AsOfOption = None,
    db: DbOption = settings.DB.default,
    json_: JsonOption = False,
) -> None:
    """Paths by which the entity depends on entities or facilities in a country: its
    suppliers, sites, holdings, owners and funders, with the evidence on every edge."""
    from lodemap.chain.exposure import DEFAULT_KINDS, KINDS, country_code, find_exposure
    from lodemap.ledger import find_entity

    day = as_of_date(as_of)
    try:
        country = country_code(country)  # before the store is opened (or created)
        with _store(db) as store:
            graph = StoreGraph(store, as_of=day)
            found = find_exposure(store, find_entity(store, name).id, country,
                                  max_depth=max_depth, as_of=day, graph=graph,
                                  kinds=frozenset(KINDS) if customers else DEFAULT_KINDS)
            names = {found.entity.id: found.entity.name}
            for path in found.paths:
                for step in path.steps:
                    names.setdefault(step.source, graph.node(step.source).name)
                    names.setdefault(step.target, graph.node(step.target).name)
    except LodemapError as exc:
        raise _fail(exc) from exc
    if json_:
        _emit(found.to_dict())
        return
    who = found.entity.name
    if found.entity.country == found.country:
        out.print(Text(f"{who} itself is in {found.country} (its profile country)."))
    if not found.paths:
        out.print(Text(f"no path found: {who} has no recorded dependence on entities or "
                       f"facilities in {found.country} within {found.max_depth} steps "
                       f"(counted: {', '.join(found.kinds)})."))
        return
    root = Tree(Text(f"{who} → {found.country}: {len(found.paths)} path(s) "
                     f"(counted: {', '.join(found.kinds)}; at most {found.max_depth} steps)"))
    for i, path in enumerate(found.paths, start=1):
        hops = " → ".join([names[path.steps[0].source],
                           *(f"{s.kind}: {names[s.target]}" for s in path.steps)])
        how = ("profile country" if path.matched_by == "country"
               else "located_in statement")
        branch = root.add(Text(f"path {i}: {hops}  ({path.reached.name} in "
                               f"{found.country} by {how})"))
        for step in path.steps:
            for edge in step.edges:
                _edge_branch(branch, edge, names)
    if found.truncated:
        root.add(Text("more paths exist: search stopped at its limit", style="yellow"))
    out.print(root, soft_wrap=False)
