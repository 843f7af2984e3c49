"""The analyst's path through the UI in a real browser: search → company page → graph
(node opens a page, edge shows evidence) → evidence → dossier PDF → scenario chart."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.browser.conftest import shot

COMPANY = "/entity/usa-rare-earth"


def wait_graph(page: Any) -> None:
    page.wait_for_selector("#graph[data-ready=true]")


def click_element(page: Any, selector_js: str) -> None:
    """Click a graph element with the mouse, at its on-screen position."""
    x, y = page.evaluate(
        """(pick) => {
          const box = document.getElementById("graph");
          const cy = box.cy;
          const el = new Function("cy", "return " + pick)(cy);
          const p = el.isEdge() ? el.renderedMidpoint() : el.renderedPosition();
          const r = box.getBoundingClientRect();
          return [r.left + p.x, r.top + p.y];
        }""", selector_js)
    page.mouse.click(x, y)


def test_search_suggestions_lead_to_the_company_page(page: Any) -> None:
    page.goto("/")
    shot(page, "home")
    page.fill("#q", "USA Rare")
    suggestion = page.locator("#suggestions a", has_text="USA Rare Earth").first
    suggestion.wait_for()
    suggestion.click()
    page.wait_for_url(re.compile(r"/entity/usa-rare-earth$"))
    assert page.locator("h1").inner_text() == "USA Rare Earth"


def test_search_results_page(page: Any) -> None:
    page.goto("/search?q=magnet")
    links = page.locator("ul.results a")
    assert links.count() >= 2
    shot(page, "search")


def test_company_page_ledger_evidence_signals_conflicts(page: Any) -> None:
    page.goto(COMPANY)
    rows = page.locator("#ledger tbody tr")
    assert rows.count() >= 5
    first = rows.first
    assert first.locator("blockquote").first.inner_text().strip()
    source = first.locator("figcaption a").first
    assert source.get_attribute("href").startswith(("http://", "https://"))
    assert page.locator("details.signal").count() >= 5
    page.locator("details.signal summary").first.click()
    assert page.locator("details.signal[open] li").count() >= 1
    assert page.locator("#conflicts-h").is_visible()
    wait_graph(page)
    shot(page, "company")


def test_ledger_status_filter_hides_rows(page: Any) -> None:
    page.goto(COMPANY)
    boxes = page.locator("#status-filter input[name=status]")
    assert boxes.count() >= 2
    status = boxes.first.get_attribute("value")
    total = page.locator("#ledger tbody tr").count()
    matching = page.locator(f"#ledger tbody tr[data-status='{status}']").count()
    boxes.first.uncheck()
    assert page.locator("#ledger tbody tr:visible").count() == total - matching
    assert f"{total - matching} of {total}" in page.locator("#ledger-count").inner_text()
    boxes.first.check()
    assert page.locator("#ledger tbody tr:visible").count() == total


def test_graph_edge_click_shows_its_evidence(page: Any) -> None:
    page.goto(COMPANY)
    wait_graph(page)
    panel = page.locator("#edge-evidence")
    assert panel.is_hidden()
    # A link between two tiers, so that no other link runs through its midpoint.
    click_element(page, "cy.edges(\"[role = 'supply'], [role = 'sale']\")[0]")
    panel.wait_for(state="visible")
    title = page.evaluate("document.getElementById('graph').cy.$('edge:selected').data('title')")
    assert panel.locator("h3").inner_text() == title
    assert panel.locator("blockquote").first.inner_text().strip()
    assert panel.locator("figcaption").first.inner_text()
    shot(page, "company-edge-evidence")


def test_graph_node_click_opens_its_page(page: Any) -> None:
    page.goto(COMPANY)
    wait_graph(page)
    target = page.evaluate("""() => {
        const n = document.getElementById("graph").cy
          .nodes("[kind = 'entity']").filter(n => !n.data("self"))[0];
        return n.data("href");
    }""")
    click_element(page, "cy.nodes(\"[kind = 'entity']\").filter(n => !n.data('self'))[0]")
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    assert page.locator("h1").inner_text()


def test_evidence_buttons_in_the_tier_list(page: Any) -> None:
    """The list under the graph reaches the same evidence without a pointer."""
    page.goto(COMPANY)
    wait_graph(page)
    page.locator("details.tiers summary").click()
    button = page.locator("button.link-evidence").first
    button.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#edge-evidence")
    panel.wait_for(state="visible")
    assert panel.locator("blockquote").count() >= 1


def test_dossier_view_and_pdf_download(page: Any, tmp_path: Path) -> None:
    page.goto(COMPANY)
    page.get_by_role("link", name="Read the dossier").click()
    page.wait_for_url(re.compile(r"/dossier$"))
    assert "counterparty dossier" in page.locator("article.dossier h1").inner_text()
    chart = page.locator("article.dossier figure.chain img")
    if chart.count():
        assert page.evaluate("(img) => img.complete && img.naturalWidth > 0",
                             chart.element_handle())
    shot(page, "dossier")
    with page.expect_download() as info:
        page.locator("#pdf-link").click()
    saved = tmp_path / "dossier.pdf"
    info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")


def test_scenario_chart(page: Any) -> None:
    page.goto("/scenario")
    page.select_option("#scenario-name", "stillwater-slips")
    page.select_option("#scenario-region", "US")
    page.get_by_role("button", name="Run").click()
    page.wait_for_url(re.compile(r"name=stillwater-slips"))
    img = page.locator("#scenario-chart")
    img.wait_for()
    page.wait_for_function("document.getElementById('scenario-chart').complete")
    assert page.evaluate("document.getElementById('scenario-chart').naturalWidth") > 100
    assert page.locator("#scenario-table tbody tr").count() >= 5
    assert page.locator("#scenario-table meter").count() >= 5
    assert "Stillwater" in page.locator("h2").first.inner_text()
    shot(page, "scenario")
