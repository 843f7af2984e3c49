"""Hostile document text stays inert: an article full of XSS payloads is ingested through
the API, then every page that shows its text is opened and checked in Chromium.

Each payload sets `window.__xss` or calls `alert`; the test listens for dialogs, opens
every <details>, clicks every evidence button and graph link, and checks the flag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.conftest import TOKEN, shot

HOSTILE = Path(__file__).parent / "texts" / "hostile.txt"


@pytest.fixture(scope="module")
def hostile(server: str) -> list[str]:
    """Ingest the article; the ids of the entities whose pages show its text."""
    with HOSTILE.open("rb") as fh:
        response = httpx.post(f"{server}/api/ingest/upload", timeout=120,
                              headers={"Authorization": f"Bearer {TOKEN}"},
                              files={"file": ("hostile.txt", fh, "text/plain")})
    assert response.status_code == 201, response.text
    found = httpx.get(f"{server}/api/entities", params={"q": "Xssorp"}).json()["items"]
    assert found, "the hostile article's organisation was not stored"
    return ["usa-rare-earth", "mp-materials", found[0]["id"]]


def assert_inert(page: Any, dialogs: list[str], where: str) -> None:
    assert dialogs == [], f"{where}: a payload opened a dialog: {dialogs}"
    assert page.evaluate("window.__xss") is None, f"{where}: a payload ran"
    links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    bad = [h for h in links if not h.startswith(("http://", "https://"))]
    assert bad == [], f"{where}: links that are not http(s): {bad}"
    assert page.locator("iframe, svg[onload], img[onerror], [ontoggle]").count() == 0, where


def visit(page: Any, dialogs: list[str], path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    if page.locator("#graph").count():
        page.wait_for_selector("#graph[data-ready=true]")
        for button in page.locator("button.link-evidence").all():
            button.click()
        page.evaluate("""() => { const cy = document.getElementById("graph").cy;
            cy.edges().forEach(e => e.emit("tap")); }""")
    page.wait_for_timeout(200)
    assert_inert(page, dialogs, path)


def test_payloads_stay_inert_on_every_page(page: Any, hostile: list[str]) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for entity in hostile:
        visit(page, dialogs, f"/entity/{entity}")
        visit(page, dialogs, f"/entity/{entity}/dossier")
    visit(page, dialogs, "/search?q=Xssorp")
    visit(page, dialogs, "/search?q=%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E")
    page.goto("/")
    page.fill("#q", "Javascript Mag")
    page.locator("#suggestions a").first.wait_for()
    assert_inert(page, dialogs, "suggestions")


def test_payloads_show_as_text(page: Any, hostile: list[str]) -> None:
    page.goto("/entity/usa-rare-earth")
    quote = page.locator("blockquote", has_text="onerror=").first
    assert "<img src=x onerror=" in quote.inner_text()
    assert "<script>window.__xss=1;alert(1)</script>" in page.locator(
        "blockquote", has_text="<script>").first.inner_text()
    # The source's URL is javascript:, so it is named but not linked.
    caption = quote.locator("xpath=../figcaption")
    assert caption.locator("a").count() == 0
    assert "<script>" in caption.inner_text()
    shot(page, "xss-inert")
