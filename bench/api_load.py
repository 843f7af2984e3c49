"""Load on the web API: `make bench`.

Builds a synthetic store of 100k relationship statements over 10k organisations
(lodemap.store.synthetic), starts `lodemap serve` on 127.0.0.1 in its own process (rate
limit off), and runs a bounded closed-loop load from this process: 64 connections, each
sending its next request as soon as the last one answered, for a fixed time, against the
ledger route (uniformly drawn organisations) and the search route (name prefixes).
Prints requests/s, p50, p99 and errors per route. Loopback only.

    python bench/api_load.py [--statements N] [--connections N] [--seconds S]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from lodemap.store import Store
from lodemap.store.synthetic import SyntheticSize, entity_id, generate

TARGET_P99_MS = 50.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _path(kind: str, rng: random.Random, entities: int) -> str:
    i = rng.randrange(entities)
    if kind == "ledger":
        return f"/api/entities/{entity_id(i)}/ledger"
    words = ("Alder", "Basalt", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor")
    return f"/api/entities?q={rng.choice(words)}%20{rng.choice(words)}&limit=20"


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
               path: str) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; the status code. A minimal
    client: httpx's own overhead would take the cores the server needs."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    await reader.readexactly(length)
    return status


async def _load(port: int, kind: str, connections: int, seconds: float,
                entities: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    end = time.perf_counter() + seconds

    async def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < end:
                start = time.perf_counter()
                try:
                    ok = await _get(reader, writer, _path(kind, rng, entities)) == 200
                except (OSError, asyncio.IncompleteReadError, ValueError, StopIteration):
                    ok = False
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                latencies.append((time.perf_counter() - start) * 1000)
                errors += not ok
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(connections)))
    return latencies, errors, time.perf_counter() - began


def _wait_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("lodemap serve exited early")
        try:
            httpx.get(f"{base}/api/scenarios", timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("lodemap serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lodemap-api-load-") as folder:
        db = Path(folder) / "load.db"
        started = time.perf_counter()
        store = Store.open(str(db))
        generate(store, SyntheticSize(entities=args.entities, statements=args.statements))
        store.close()
        print(f"store: {args.statements:,} relationship statements over {args.entities:,} "
              f"organisations, built in {time.perf_counter() - started:.1f} s")
        port = free_port()
        env = {**os.environ, "LODEMAP_RATE_LIMIT": "0", "LODEMAP_TOKEN": ""}
        proc = subprocess.Popen([sys.executable, "-m", "lodemap", "serve", "--port", str(port),
                                 "--db", str(db)], env=env)
        base = f"http://127.0.0.1:{port}"
        failed = False
        try:
            _wait_up(base, proc)
            asyncio.run(_load(port, "ledger", 8, 1.0, args.entities))  # warm caches
            print(f"{args.connections} connections, {args.seconds:g} s per route, "
                  f"{os.cpu_count()} CPU(s) shared by server and load")
            for kind in ("ledger", "search"):
                lat, errors, elapsed = asyncio.run(
                    _load(port, kind, args.connections, args.seconds, args.entities))
                p50, p99 = percentile(lat, 0.50), percentile(lat, 0.99)
                print(f"{kind:>7}: {len(lat) / elapsed:7.0f} requests/s  p50 {p50:6.1f} ms  "
                      f"p99 {p99:6.1f} ms  errors {errors}  ({len(lat):,} requests)  "
                      f"target p99 <= {TARGET_P99_MS:g} ms: "
                      f"{'met' if p99 <= TARGET_P99_MS and not errors else 'NOT met'}")
                failed |= errors > 0
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        if failed:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
