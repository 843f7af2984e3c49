"""The difference between two scenario reports, figure by figure (B minus A)."""

from __future__ import annotations

from typing import Any

from lodemap.scenario.report import Report


def compare(a: Report, b: Report) -> dict[str, Any]:
    da, db = a.to_dict(), b.to_dict()
    regions: dict[str, list[dict[str, Any]]] = {}
    for region, rows_b in db["regions"].items():
        rows_a = {r["year"]: r for r in da["regions"].get(region, [])}
        out = []
        for rb in rows_b:
            ra = rows_a.get(rb["year"])
            if ra is None:
                continue
            p50 = (rb.get("monte_carlo", {}).get("coverage", {}).get("p50", rb["coverage"])
                   - ra.get("monte_carlo", {}).get("coverage", {}).get("p50", ra["coverage"]))
            out.append({"year": rb["year"],
                        "coverage": round(rb["coverage"] - ra["coverage"], 4),
                        "coverage_p50": round(p50, 4),
                        "shortfall_t": round(rb["shortfall_t"] - ra["shortfall_t"], 1),
                        "share_from_CN": round(rb["share_from_CN"] - ra["share_from_CN"], 4),
                        "bottleneck_a": ra["bottleneck"], "bottleneck_b": rb["bottleneck"]})
        regions[region] = out
    return {"a": da["scenario"]["name"], "b": db["scenario"]["name"], "regions": regions}
