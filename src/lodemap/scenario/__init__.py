"""Quantitative scenario model of the mine-to-magnet chain (docs/scenario.md).

Tables with units and sources (`tables`, data in `data/scenario/`), overlaid with
the knowledge store (`baseline`) and a scenario's changes (`overlay`), compiled to
arrays (`model`) and balanced stage by stage, vectorised over Monte Carlo draws
(`sampling`, `capacity`, `engine`); figures (`report`), inputs behind them
(`provenance`) and charts (`chart`).
"""

from lodemap.scenario.provenance import explain, facility_contribution
from lodemap.scenario.report import Report, run_scenario

__all__ = ["Report", "explain", "facility_contribution", "run_scenario"]
