"""Crash safety and concurrent ingest, with real processes and real stores.

Each kill cycle starts `lodemap ingest <corpus> --samples` in a child process,
kills it with SIGKILL after a random delay (anywhere from opening the store to
the last commit), re-runs the same command to completion, and compares the
store with an uninterrupted run's: the same documents, entities, aliases and
statements, row for row (timestamps aside) — nothing lost, nothing doubled.

Children are forked from the test process after it has run the command once,
so they start with the pack, gazetteer and rules already loaded and a cycle
costs about a second instead of the interpreter's start-up. They run the real
command-line entry point (`lodemap.cli.app.app`).
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Column, Table, select
from typer.testing import CliRunner

from lodemap.cli.app import app
from lodemap.store import Store, tables
from tests.pg import PgServer
from tests.store.corpus import write_corpus

KILLS = {"sqlite": int(os.environ.get("LODEMAP_KILL_CYCLES", "100")),
         "postgresql": int(os.environ.get("LODEMAP_KILL_CYCLES_PG", "8"))}
"""Kill cycles per backend; the issue asks for at least 100 in all."""
FRESH_EVERY = 4
"""Every fourth chain of kills starts from no store at all, so kills also land in the
migrations and in loading the knowledge pack; the rest start from a copy of a
store with the pack loaded (faster)."""
CHAIN = 6
"""Kills in a row on one store: after each kill the store is re-opened and checked, and
the command re-run; the next kill interrupts that re-run, and after the last one the
command runs to completion and the store is compared with the uninterrupted run's."""
WRITERS = 3
"""Concurrent ingest processes on one store."""

# Columns that record when a run happened, not what it stored.
_RUN_TIME = {"ingested_at", "retrieved", "created_at", "first_seen", "last_seen"}
_TABLES = (tables.documents, tables.entities, tables.aliases, tables.statements)

_STORES = itertools.count(1000, 1000)  # names of databases on the session's server

Snapshot = dict[str, set[tuple[object, ...]]]


def snapshot(url: str) -> Snapshot:
    """Every row of the content tables, without the run-time columns."""
    with Store.open(url) as store, store.engine.connect() as conn:
        return {t.name: {tuple(r) for r in conn.execute(select(*_content(t)))}
                for t in _TABLES}


def _content(table: Table) -> list[Column[object]]:
    return [c for c in table.columns if c.name not in _RUN_TIME]


def differences(expected: Snapshot, got: Snapshot) -> tuple[int, int]:
    """(lost, extra) rows over all tables; a row stored twice or changed counts as extra."""
    lost = sum(len(expected[t] - got[t]) for t in expected)
    extra = sum(len(got[t] - expected[t]) for t in expected)
    return lost, extra


def torn_rows(expected: Snapshot, got: Snapshot) -> int:
    """What a killed run must never leave behind: rows the uninterrupted run does not
    have, and stored documents without all of their statements."""
    doc_col = [c.name for c in _content(tables.statements)].index("doc_id")

    def by_doc(rows: set[tuple[object, ...]]) -> dict[object, set[tuple[object, ...]]]:
        out: dict[object, set[tuple[object, ...]]] = {}
        for row in rows:
            out.setdefault(row[doc_col], set()).add(row)
        return out

    want, have = by_doc(expected["statements"]), by_doc(got["statements"])
    partial = sum(1 for (doc_id, *_rest) in got["documents"]
                  if have.get(doc_id, set()) != want.get(doc_id, set()))
    return differences(expected, got)[1] + partial


def integrity(url: str) -> str:
    if not url.startswith("sqlite"):
        return "ok"
    with Store.open(url) as store, store.engine.connect() as conn:
        return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())


def run_cli(args: list[str]) -> None:
    """The command, in this process, to completion."""
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output


def fork_cli(args: list[str]) -> int:
    """The command in a forked child process; returns its pid."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            app(args, standalone_mode=False)
            code = 0
        finally:
            os._exit(code)
    return pid


def finished_ok(pid: int) -> bool:
    """Waits for the child; True if it ran to the end without error."""
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


@dataclass
class Backend:
    """Makes fresh stores: empty, or copies of one with the pack loaded."""

    name: str
    folder: Path
    pg: PgServer | None
    count: int = field(default_factory=lambda: next(_STORES))

    def fresh(self) -> str:
        self.count += 1
        if self.pg is None:
            return f"sqlite:///{self.folder / f'kb{self.count}.db'}"
        return self.pg.create_database(f"crash{self.count}")

    def copy_of(self, url: str) -> str:
        """A new store holding what `url` holds (which must be closed)."""
        self.count += 1
        if self.pg is None:
            target = self.folder / f"kb{self.count}.db"
            shutil.copyfile(url.removeprefix("sqlite:///"), target)
            return f"sqlite:///{target}"
        return self.pg.create_database(f"crash{self.count}", template=url.rsplit("/", 1)[1])

    def discard(self, url: str) -> None:
        if self.pg is None:
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        else:
            self.pg.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    pg = request.getfixturevalue("pg_server") if request.param == "postgresql" else None
    return Backend(str(request.param), tmp_path, pg)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), count=20)


def _ingest(corpus: Path, url: str) -> list[str]:
    return ["ingest", str(corpus), "--samples", "--db", url]


def _reference(backend: Backend, corpus: Path) -> Snapshot:
    url = backend.fresh()
    run_cli(_ingest(corpus, url))  # also loads everything the children will need
    expected = snapshot(url)
    assert len(expected["documents"]) > 150  # 30 articles and the pack's references
    assert len(expected["statements"]) > 500
    backend.discard(url)
    return expected


def _timed_run(args: list[str]) -> float:
    start = time.perf_counter()
    assert finished_ok(fork_cli(args))
    return time.perf_counter() - start


def test_sigkill_at_random_points_loses_and_doubles_nothing(backend: Backend,
                                                            corpus: Path) -> None:
    expected = _reference(backend, corpus)
    base = backend.fresh()
    run_cli(["init", "--db", base])
    durations = {}
    for fresh in (True, False):
        times = []
        for _ in range(3):
            url = backend.fresh() if fresh else backend.copy_of(base)
            times.append(_timed_run(_ingest(corpus, url)))
            backend.discard(url)
        durations[fresh] = sorted(times)[1]
    rng = random.Random(20261122)
    target = KILLS[backend.name]
    kills = runs = torn = lost = extra = chains = 0
    # A re-run after a kill skips what is stored and finishes sooner than a full run, so
    # later kills in a chain wait less, and some runs still finish before their kill.
    while kills < target and runs < 6 * target:
        fresh = chains % FRESH_EVERY == 0
        chains += 1
        url = backend.fresh() if fresh else backend.copy_of(base)
        for step in range(CHAIN):
            runs += 1
            pid = fork_cli(_ingest(corpus, url))
            time.sleep(rng.uniform(0, durations[fresh] / (1 if step == 0 else 2)))
            os.kill(pid, signal.SIGKILL)
            kills += not finished_ok(pid)
            assert integrity(url) == "ok"
            torn += torn_rows(expected, snapshot(url))
        run_cli(_ingest(corpus, url))
        chain_lost, chain_extra = differences(expected, snapshot(url))
        lost += chain_lost
        extra += chain_extra
        backend.discard(url)
    print(f"\n{backend.name}: {kills} kill cycles ({runs} runs started, {chains} re-runs to "
          f"completion); {torn} rows torn at a kill, {lost} rows lost, {extra} rows "
          f"duplicated or changed; a full run takes {durations[True]:.2f} s from nothing, "
          f"{durations[False]:.2f} s from a loaded pack")
    assert kills >= target
    assert (torn, lost, extra) == (0, 0, 0)


def test_concurrent_ingest_processes_store_what_one_would(backend: Backend,
                                                          corpus: Path) -> None:
    expected = _reference(backend, corpus)
    url = backend.fresh()  # not even created: the writers race on migrations too
    pids = [fork_cli(_ingest(corpus, url)) for _ in range(WRITERS)]
    ok = [finished_ok(pid) for pid in pids]  # wait for every one
    assert all(ok)
    assert integrity(url) == "ok"
    assert differences(expected, snapshot(url)) == (0, 0)
