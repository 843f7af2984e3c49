"""A chain map drawn as an SVG tier/stage diagram (matplotlib, no pyplot state).

Tiers are columns, upstream on the left, so material flows left to right; each
box is a node coloured by its first chain stage and lists its stages. Lines
are relationships: solid for signed or completed, dashed for proposed or
announced, dotted for unknown, grey for terminated. Output is deterministic
(fixed font and sizes, `svg.hashsalt`, no date or version in the metadata), so
a golden file can compare it. Names come from documents: matplotlib writes
text as escaped XML text nodes, and math parsing is off so `$` stays a dollar.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from lodemap.chain.walk import ChainMap, ChainNode
from lodemap.schema import get_schema

BOX_W, BOX_H, COL_W, ROW_H = 2.5, 0.95, 3.4, 1.25
PALETTE = ["#8c6d31", "#bd9e39", "#637939", "#3182bd", "#6baed6", "#9467bd", "#e6550d",
           "#d6616b", "#31a354"]
"""One fill per stage, in stage order (upstream browns to downstream reds)."""
LINE_STYLES = {"signed": "-", "completed": "-", "proposed": "--", "announced": "--",
               "unknown": ":", "terminated": "-"}
LEGEND = ("Material flows left to right. Lines: solid signed or completed; dashed proposed or "
          "announced; dotted status unknown; grey terminated. Boxes coloured by first stage.")
RC: dict[str, Any] = {
    "svg.hashsalt": "lodemap-chain", "svg.fonttype": "none", "font.family": "DejaVu Sans",
    "font.size": 8.0, "path.simplify": False,
}
METADATA: dict[str, str | None] = {"Date": None, "Creator": "lodemap", "Format": None,
                                   "Type": None}


def _label(n: ChainNode) -> str:
    name = textwrap.shorten(n.node.name, width=34, placeholder="…")
    kind = n.node.type + (f", {n.node.country}" if n.node.country else "")
    return f"{name}\n{kind}"


def _stages_text(n: ChainNode) -> str:
    schema = get_schema()
    text = ", ".join(schema.stage(s).label for s in n.node.stages) or "stage not stated"
    return textwrap.shorten(text, width=40, placeholder="…")


def render_chain_svg(chain_map: ChainMap) -> str:
    """The chain map as an SVG document (text)."""
    schema = get_schema()
    fill = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(schema.stage_order())}
    tiers = chain_map.tiers()
    columns = sorted(tiers)
    rows = max((len(ns) for ns in tiers.values()), default=1)
    where: dict[tuple[str, int], tuple[float, float]] = {}
    for col, tier in enumerate(columns):
        for row, n in enumerate(tiers[tier]):
            where[(n.node.id, tier)] = (col * COL_W, -row * ROW_H)

    width, height = max(len(columns), 1) * COL_W, rows * ROW_H + 1.9
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]  # keys typed as literals
        fig = Figure(figsize=(width, height), dpi=72)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(-0.5, width - 0.5)
        ax.set_ylim(-rows * ROW_H + 0.2 - 0.3, 1.4)
        ax.axis("off")
        for col, tier in enumerate(columns):
            title = "tier 0" if tier == 0 else (
                f"upstream {-tier}" if tier < 0 else f"downstream {tier}")
            ax.text(col * COL_W + BOX_W / 2, 0.95, title, ha="center", va="bottom",
                    fontsize=9, fontweight="bold", parse_math=False)
        _draw_links(ax, chain_map, where)
        for (node_id, tier), (x, y) in sorted(where.items(), key=lambda kv: kv[1]):
            n = next(c for c in tiers[tier] if c.node.id == node_id)
            colour = fill.get(n.node.stages[0], "#bdbdbd") if n.node.stages else "#bdbdbd"
            ax.add_patch(FancyBboxPatch((x, y - BOX_H / 2), BOX_W, BOX_H,
                                        boxstyle="round,pad=0.02", facecolor=colour,
                                        edgecolor="black",
                                        linewidth=1.6 if n.via == "self" else 0.6, alpha=0.9))
            ax.text(x + 0.08, y + 0.08, _label(n), ha="left", va="center", color="white",
                    fontsize=7.5, fontweight="bold", parse_math=False)
            ax.text(x + 0.08, y - BOX_H / 2 + 0.12, _stages_text(n), ha="left",
                    va="center", color="white", fontsize=6.5, parse_math=False)
        ax.text(-0.4, -rows * ROW_H + 0.3, LEGEND, ha="left", va="center", fontsize=7,
                color="#333333", parse_math=False)
        title = f"Chain map: {chain_map.entity.name}"
        if chain_map.as_of:
            title += f" (as of {chain_map.as_of})"
        ax.text(-0.4, 1.3, title, ha="left", va="center", fontsize=10, fontweight="bold",
                parse_math=False)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata=METADATA)
    return buf.getvalue()


def _draw_links(ax: Axes, chain_map: ChainMap,
                where: dict[tuple[str, int], tuple[float, float]]) -> None:
    tier_of: dict[str, list[int]] = {}
    for n in chain_map.nodes:
        tier_of.setdefault(n.node.id, []).append(n.tier)
    for link in chain_map.links:
        e = link.edge
        # Material flows left to right: draw from the source's box to the target's.
        pairs = [(s, t) for s in tier_of.get(e.source, []) for t in tier_of.get(e.target, [])
                 if (t - s == 1) or (s == t == 0)]
        for s, t in pairs:
            (x0, y0), (x1, y1) = where[(e.source, s)], where[(e.target, t)]
            if s == t:  # a site or group member inside tier 0: a bracket on the left
                xs, ys = [x0, x0 - 0.25, x1 - 0.25, x1], [y0, y0, y1, y1]
            else:
                xs, ys = [x0 + BOX_W, x1], [y0, y1]
            ax.plot(xs, ys, linestyle=LINE_STYLES.get(e.status, "-"),
                    color="#9e9e9e" if e.status == "terminated" else "#333333",
                    linewidth=0.9, zorder=0)
