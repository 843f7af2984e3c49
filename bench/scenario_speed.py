"""Monte Carlo speed of the scenario engine: 10,000 draws × 25 years × 200 facilities.

Synthetic facilities (the shipped conversions, ramps, status and demand tables, with
200 generated plants over the five stages and twelve countries); one core (BLAS
threads pinned to 1 before numpy loads). Prints the best of 3 in CPU seconds
(process time, steadier than the wall clock on a shared machine) and in wall seconds,
and the CPU figure's ratio to the 1 s target.
Run: `make bench` or `.venv/bin/python bench/scenario_speed.py`.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import sys  # noqa: E402
import time  # noqa: E402

from lodemap.scenario.synthetic import synthetic_tables  # noqa: E402

TARGET_S = 1.0


def main(draws: int = 10_000, years: int = 25, facilities: int = 200) -> None:
    from lodemap.scenario.engine import mass_balance_error, run
    from lodemap.scenario.model import compile_model
    from lodemap.scenario.sampling import sample

    model = compile_model(synthetic_tables(facilities), range(2025, 2025 + years))
    run(model, sample(model, 200, seed=1))                  # warm caches and imports
    best = wall = float("inf")
    for _ in range(3):
        t0, w0 = time.process_time(), time.perf_counter()
        out = run(model, sample(model, draws, seed=0))
        best = min(best, time.process_time() - t0)
        wall = min(wall, time.perf_counter() - w0)
    print(f"scenario Monte Carlo: {draws} draws x {years} years x {facilities} facilities "
          f"in {best:.2f} s CPU ({wall:.2f} s wall; best of 3; sampling included) = "
          f"{best / TARGET_S:.2f} x the {TARGET_S:.0f} s target; mass balance error "
          f"{mass_balance_error(out):.1e}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
