"""Tiny hand-made model tables for the scenario tests."""

from __future__ import annotations

from lodemap.scenario.tables import Row, parse_rows, read_tables

SRC = "https://example.org/fact,2025-01-01"


def csv_rows(table: str, header: str, *lines: str) -> list[Row]:
    return parse_rows(table, "\n".join([header, *lines]) + "\n", f"{table}.csv")


def tiny_tables(factors: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0)) -> dict[str, list[Row]]:
    """The shipped status and ramp tables; unit conversion factors; no units, demand or rules."""
    shipped = read_tables()
    stages = ("separation", "metal", "alloy", "magnet")
    return {
        "facilities": [], "recycling": [], "trade": [], "demand": [],
        "status": shipped["status"], "ramps": shipped["ramps"],
        "conversions": csv_rows("conversions", "stage,factor,source_url,source_date",
                                *(f"{s},{f},{SRC}" for s, f in zip(stages, factors, strict=True))),
    }


FAC_HEADER = "id,owner,stage,country,capacity,unit,start_year,status,source_url,source_date"


def facility(fid: str, stage: str, country: str, capacity: float, start: int = 2020,
             status: str = "operating", owner: str = "acme") -> str:
    unit = {"mining": "t/yr REO", "separation": "t/yr NdPr oxide", "metal": "t/yr NdPr metal",
            "alloy": "t/yr NdFeB alloy", "magnet": "t/yr NdFeB magnet"}[stage]
    return f"{fid},{owner},{stage},{country},{capacity},{unit},{start},{status},{SRC}"


def demand(did: str, region: str, total: float, growth: float = 0.0) -> str:
    return f"{did},{region},all,2025,{total},{growth},{SRC}"


DEM_HEADER = "id,region,end_use,base_year,total,growth,source_url,source_date"
