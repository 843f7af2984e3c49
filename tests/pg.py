"""A throwaway PostgreSQL server for tests and benchmarks.

`PgServer.start()` runs `initdb` into a fresh temporary directory and `pg_ctl
start` on 127.0.0.1 with a free port and the socket in that directory; `stop()`
shuts it down and deletes everything. Nothing outside the temporary directory
is touched, so it works beside any PostgreSQL already running on the machine.

The binaries are the distribution's (`/usr/lib/postgresql/<version>/bin`, as
the Debian `postgresql` package installs them), else `pg_config --bindir`, else
PATH; LODEMAP_PG_BINDIR names one folder instead. PostgreSQL refuses to run as
root, so under uid 0 the server runs as an unprivileged user (`postgres` where
the package created it, else `nobody`).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REQUIRE_ENV = "LODEMAP_REQUIRE_PG"
BINDIR_ENV = "LODEMAP_PG_BINDIR"
_TOOLS = ("initdb", "pg_ctl")


class PgUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def _has_tools(folder: Path) -> bool:
    return all(os.access(folder / t, os.X_OK) for t in _TOOLS)


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl; raises PgUnavailable when there is none."""
    chosen = os.environ.get(BINDIR_ENV)
    if chosen:  # a particular installation, and nothing else
        if _has_tools(Path(chosen)):
            return Path(chosen)
        raise PgUnavailable(f"{BINDIR_ENV}={chosen} holds no initdb and pg_ctl")
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                        reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                             check=False)
        if out.returncode == 0 and out.stdout.strip():
            candidates.append(Path(out.stdout.strip()))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for folder in candidates:
        if _has_tools(folder):
            return folder
    raise PgUnavailable(
        "no PostgreSQL server found (initdb and pg_ctl are not in /usr/lib/postgresql/*/bin, "
        "pg_config --bindir or PATH); install it with `make pg` "
        "(apt-get install postgresql)")


def pg_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_user() -> str | None:
    """The user to run the server as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise PgUnavailable("running as root and neither a `postgres` nor a `nobody` user exists")


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    user: str | None
    fsync: bool

    @classmethod
    def start(cls, *, fsync: bool = True) -> PgServer:
        """Start a fresh server; `fsync=False` trades durability against an OS crash
        (irrelevant to a throwaway test server) for speed."""
        bindir = find_bindir()
        user = _server_user()
        # Not pytest's tmp_path: that is private to root, and the server may run as
        # another user, who must own its data directory.
        root = Path(tempfile.mkdtemp(prefix="lodemap-pg-"))
        if user:
            entry = pwd.getpwnam(user)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        server = cls(bindir, root, _free_port(), user, fsync)
        try:
            server._run("initdb", "-D", str(server.data), "-U", "lodemap", "--auth=trust",
                        "--encoding=UTF8", "--locale=C", "--no-sync")
            options = (f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 "
                       f"-c max_connections=50" + ("" if fsync else " -F"))
            server._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(server.data),
                        "-l", str(root / "server.log"), "-o", options)
        except Exception:
            server._cleanup()
            raise
        return server

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False,
                             cwd=self.root)
        if out.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise PgUnavailable(f"{tool} failed ({out.returncode}): {out.stderr.strip()}\n{tail}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://lodemap@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg  # imported here so that SQLite-only runs never need it

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=lodemap dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(sql.encode())  # names come from our own code, never from input

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database, empty or a copy of `template` (which nobody may be using);
        returns its SQLAlchemy URL."""
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        with contextlib.suppress(PgUnavailable):
            self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))
        self._cleanup()

    def _cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
