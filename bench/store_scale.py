"""The store at scale, on SQLite and on PostgreSQL: `make bench-store`.

For each backend: generate a synthetic store (1M relationship statements over
100k organisations by default; lodemap.store.synthetic), time the ledger of
randomly drawn organisations (`lodemap.ledger.build_ledger`, the query behind
`lodemap ledger`) and report p50/p95, then ingest a folder of project-written
documents into that store through the real pipeline and report documents per
second. PostgreSQL is a throwaway server started here, as the tests do
(tests/pg.py), with fsync on; nothing is left behind.

    python bench/store_scale.py [--statements N] [--entities N] [--backend sqlite]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # for tests.pg and tests.store.corpus

from tests.pg import PgServer  # noqa: E402
from tests.store.corpus import write_corpus  # noqa: E402

from lodemap.ledger import build_ledger  # noqa: E402
from lodemap.pipeline import Pipeline, known_entities, load_pack_into  # noqa: E402
from lodemap.store import Store  # noqa: E402
from lodemap.store.synthetic import SyntheticSize, entity_id, generate  # noqa: E402

LEDGER_SAMPLES = 300
INGEST_DOCUMENTS = 200


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


AS_OF = "2023-06-30"
"""Half-way through the synthetic documents' dates (2020-2026): `--as-of` keeps about half."""


def ledger_latency(store: Store, entities: int, rng: random.Random) -> dict[str, float]:
    """Milliseconds per ledger of uniformly drawn organisations (as of today and as of
    `AS_OF`), and of the busiest one."""
    times, as_of_times = [], []
    counterparties = 0
    for _ in range(LEDGER_SAMPLES):
        ent = store.entity(entity_id(rng.randrange(entities)))
        assert ent is not None
        start = time.perf_counter()
        counterparties += len(build_ledger(store, ent).entries)
        times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        build_ledger(store, ent, as_of=AS_OF)
        as_of_times.append((time.perf_counter() - start) * 1000)
    hub = store.entity(entity_id(0))
    assert hub is not None
    start = time.perf_counter()
    hub_entries = len(build_ledger(store, hub).entries)
    hub_ms = (time.perf_counter() - start) * 1000
    return {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95),
            "as_of_p50_ms": percentile(as_of_times, 0.5),
            "as_of_p95_ms": percentile(as_of_times, 0.95),
            "mean_counterparties": counterparties / LEDGER_SAMPLES,
            "busiest_ms": hub_ms, "busiest_counterparties": hub_entries}


def ingest_rate(store: Store, corpus: Path) -> dict[str, float]:
    load_pack_into(store)
    start = time.perf_counter()
    pipeline = Pipeline(store)
    setup = time.perf_counter() - start
    start = time.perf_counter()
    report = pipeline.ingest([str(corpus)])
    elapsed = time.perf_counter() - start
    counts = report.counts()
    assert counts["failed"] == 0 and counts["stored"] == INGEST_DOCUMENTS, counts
    return {"pipeline_setup_s": setup, "docs_per_s": counts["stored"] / elapsed,
            "statements": counts["statements"]}


def run(name: str, url: str, size: SyntheticSize, corpus: Path) -> dict[str, float]:
    with Store.open(url) as store:
        start = time.perf_counter()
        generate(store, size)
        out = {"generate_s": time.perf_counter() - start}
        out.update(ledger_latency(store, size.entities, random.Random(size.seed)))
        out.update(ingest_rate(store, corpus))
    print(f"{name:>10}: generated in {out['generate_s']:.0f} s; ledger p50 "
          f"{out['p50_ms']:.1f} ms, p95 {out['p95_ms']:.1f} ms; --as-of {AS_OF} p50 "
          f"{out['as_of_p50_ms']:.1f} ms, p95 {out['as_of_p95_ms']:.1f} ms "
          f"({out['mean_counterparties']:.1f} counterparties on average; the busiest "
          f"organisation, {out['busiest_counterparties']:.0f} counterparties, "
          f"{out['busiest_ms']:.0f} ms); ingest {out['docs_per_s']:.1f} documents/s "
          f"(pipeline set-up {out['pipeline_setup_s']:.1f} s)", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    size = SyntheticSize(entities=args.entities, statements=args.statements)
    print(f"store benchmark: {size.statements:,} statements over {size.entities:,} "
          f"organisations; {LEDGER_SAMPLES} ledgers; {INGEST_DOCUMENTS} documents ingested",
          flush=True)
    known_entities()  # loaded once per process: keep it out of the first set-up time
    with tempfile.TemporaryDirectory(prefix="lodemap-bench-") as tmp:
        corpus = write_corpus(Path(tmp) / "corpus", count=INGEST_DOCUMENTS)
        backends: dict[str, Callable[[], None]] = {
            "sqlite": lambda: _sqlite(Path(tmp), size, corpus),
            "postgresql": lambda: _postgresql(size, corpus),
        }
        for name in args.backend or list(backends):
            backends[name]()


def _sqlite(tmp: Path, size: SyntheticSize, corpus: Path) -> None:
    run("sqlite", f"sqlite:///{tmp / 'scale.db'}", size, corpus)


def _postgresql(size: SyntheticSize, corpus: Path) -> None:
    server = PgServer.start()
    try:
        run("postgresql", server.create_database("scale"), size, corpus)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
