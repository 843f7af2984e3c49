"""`lodemap serve` as a user runs it: a subprocess on 127.0.0.1 and a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_lodemap_serve_answers_until_stopped(web_db: Path) -> None:
    port = _free_port()
    env = {**os.environ, "LODEMAP_TOKEN": "", "LODEMAP_RATE_LIMIT": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lodemap", "serve", "--port", str(port), "--db", str(web_db)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"{base}/api/entities", params={"q": "USAR"})
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "lodemap serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["items"][0]["id"] == "usa-rare-earth"
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert "server" not in r.headers  # no software banner
        off = httpx.post(f"{base}/api/entities/merge", json={"a": "x", "b": "y"})
        assert off.status_code == 403
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "write routes off" in err
    assert "Traceback" not in err
