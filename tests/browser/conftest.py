"""Browser tests: Playwright driving Debian's Chromium against a real `lodemap serve`.

The server is a separate process on 127.0.0.1 (a free port) over a real SQLite
store built by the real pipeline: the knowledge pack and its sample documents.
Chromium is the system's (`chromium` from apt, installed by `make browser`); no
browser is downloaded. Where Chromium, Playwright or the vendored cytoscape is
missing the tests skip, or fail with the reason when LODEMAP_REQUIRE_BROWSER=1
(`make test` sets it).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import REPO, build_store

TOKEN = "browser-test-token"
VENDOR = REPO / "src" / "lodemap" / "web" / "static" / "vendor" / "cytoscape.min.js"
SHOTS = REPO / "out" / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
"""Without the background-networking flags Chromium keeps dialling Google's hosts, which
this sandbox refuses."""


def _missing(reason: str) -> None:
    if os.environ.get("LODEMAP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    found = os.environ.get("LODEMAP_CHROMIUM") or shutil.which("chromium")
    return found if found and Path(found).exists() else None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install -e '.[dev]')")
    path = chromium_path()
    if path is None:
        _missing("no Chromium found: run `make browser` (apt-get install chromium) "
                 "or set LODEMAP_CHROMIUM to its path")
    if not VENDOR.exists():
        _missing(f"{VENDOR.relative_to(REPO)} is missing: run `make ui-assets`")
    with sync_playwright() as pw:
        # Playwright gives every launch a new, empty profile directory.
        chromium = pw.chromium.launch(executable_path=path, headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    """A real `lodemap serve` over the demo store; yields its base URL."""
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    build_store(db).close()
    port = _free_port()
    env = {**os.environ, "LODEMAP_TOKEN": TOKEN}
    cmd = [sys.executable, "-m", "lodemap", "serve", "--host", "127.0.0.1",
           "--port", str(port), "--db", str(db)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/entities?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                output = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"lodemap serve did not start:\n{output}", pytrace=False)
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A desktop-sized page (1280×800) that fails the test on any script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  base_url=server, accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
    assert not errors, f"script errors in the page: {errors}"


def shot(pg: Any, name: str) -> Path:
    """Save a full-page screenshot as a test artefact under out/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
