"""Charts of a scenario: coverage of demand by region over time (plan line, Monte Carlo
P10–P90 band), and the magnet-equivalent supply open to one region at each stage (the
lowest line is the bottleneck). Matplotlib's Agg canvas, no pyplot state; SVG output
is byte-stable (fixed fonts, `svg.hashsalt`, no date or version in the metadata)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lodemap.scenario.report import Report, coverage

STYLE = {"svg.hashsalt": "lodemap-scenario", "svg.fonttype": "none",
         "font.family": "DejaVu Sans", "font.size": 9}


def render_chart(rep: Report, path: str | Path, region: str = "US") -> Path:
    out = Path(path)
    m = rep.model
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]  # keys typed as literals
        fig = Figure(figsize=(9, 4))
        FigureCanvasAgg(fig)
        left, right = fig.subplots(1, 2)
        years = m.years
        plan = coverage(rep.plan)[0]
        for r, name in enumerate(m.regions):
            line = left.plot(years, plan[:, r] * 100, label=name)[0]
            if rep.monte_carlo is not None:
                low, high = np.percentile(coverage(rep.monte_carlo)[:, :, r] * 100, (10, 90),
                                          axis=0)
                left.fill_between(years, low, high, alpha=0.2, color=line.get_color())
        left.set_title("Coverage of magnet demand (%)")
        left.set_ylim(0, 105)
        left.legend(loc="lower left", frameon=False)
        r = m.regions.index(region)
        for s, stage in enumerate(m.stages):
            right.plot(years, rep.plan.potential[s, 0, :, r] / 1000, label=stage)
        right.plot(years, m.demand[r] / 1000, "k--", label="demand")
        right.set_title(f"Supply open to {region} by stage (kt magnet-eq)")
        right.legend(loc="upper left", frameon=False, fontsize=7)
        fig.suptitle(rep.scenario.name)
        fig.tight_layout()
        fmt = "svg" if out.suffix.lower() == ".svg" else "png"
        fig.savefig(out, format=fmt, metadata={"Date": None, "Creator": None}
                    if fmt == "svg" else {"Software": None})
    return out
