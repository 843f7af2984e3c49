"""Keyboard use and narrow screens."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import shot

PAGES = ["/", "/search?q=magnet", "/entity/usa-rare-earth", "/entity/usa-rare-earth/dossier",
         "/scenario"]


def test_keyboard_reaches_search_results(page: Any) -> None:
    page.goto("/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q", "Tab never reached the search box"
    assert page.evaluate("document.activeElement.labels[0].textContent") == "Search companies"
    page.keyboard.type("Lynas")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Lynas"))
    assert page.locator("ul.results a", has_text="Lynas").count() >= 1


def test_keyboard_picks_a_suggestion(page: Any) -> None:
    page.goto("/")
    page.locator("#q").focus()
    page.keyboard.type("MP Mat")
    page.locator("#suggestions a").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('#suggestions') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/entity/"))


def test_controls_are_buttons_and_links_with_labels(page: Any) -> None:
    page.goto("/entity/usa-rare-earth")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll("input, select")]
        .filter(i => i.type !== "hidden" && i.labels.length === 0).map(i => i.outerHTML)""")
    assert unlabelled == []
    clickable_divs = page.evaluate(
        "[...document.querySelectorAll('div[onclick], span[onclick], [onclick]')].length")
    assert clickable_divs == 0


def test_narrow_screen_has_no_horizontal_overflow(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=server,
                                  is_mobile=True, has_touch=True)
    pg = context.new_page()
    try:
        for path in PAGES:
            pg.goto(path)
            wide = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, f"{path} is {wide}px wider than a 390px screen"
        pg.goto("/entity/usa-rare-earth")
        pg.wait_for_selector("#graph[data-ready=true]")
        shot(pg, "company-narrow")
    finally:
        context.close()
