"""Every read route's happy path against a real server and store, with pagination and
as_of."""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest import check_error

USAR = "usa-rare-earth"


def test_search_by_name_alias_and_ticker(api: httpx.Client) -> None:
    by_name = api.get("/api/entities", params={"q": "USA Rare"}).json()
    assert USAR in [e["id"] for e in by_name["items"]]
    by_ticker = api.get("/api/entities", params={"q": "USAR"}).json()
    assert USAR in [e["id"] for e in by_ticker["items"]]
    by_id = api.get("/api/entities", params={"q": USAR}).json()
    assert [e["id"] for e in by_id["items"]][:1] == [USAR]
    companies = api.get("/api/entities", params={"type": "Facility", "limit": 200}).json()
    assert companies["items"] and {e["type"] for e in companies["items"]} == {"Facility"}


def test_search_pages_follow_next_without_overlap(api: httpx.Client) -> None:
    seen: list[str] = []
    url: str | None = "/api/entities?limit=7"
    while url:
        body = api.get(url).json()
        assert len(body["items"]) <= 7
        seen += [e["id"] for e in body["items"]]
        url = body["next"]
    everything = api.get("/api/entities", params={"limit": 200}).json()
    assert len(seen) == len(set(seen)) > 7
    if everything["next"] is None:
        assert seen == [e["id"] for e in everything["items"]]


def test_entity_detail(api: httpx.Client) -> None:
    body = api.get("/api/entities/USA Rare Earth").json()
    assert body["id"] == USAR and body["canonical_id"] == USAR
    assert any(a["kind"] == "ticker" for a in body["aliases"])
    assert USAR in body["cluster"]


def test_ledger_with_pagination_and_as_of(api: httpx.Client) -> None:
    full = api.get(f"/api/entities/{USAR}/ledger", params={"limit": 200}).json()
    assert full["entity"]["id"] == USAR and full["total"] == len(full["items"]) > 2
    first = api.get(f"/api/entities/{USAR}/ledger", params={"limit": 2}).json()
    assert first["items"] == full["items"][:2] and first["next"]
    second = api.get(first["next"]).json()
    assert second["offset"] == 2 and second["items"] == full["items"][2:4]
    early = api.get(f"/api/entities/{USAR}/ledger",
                    params={"as_of": "2025-01", "limit": 200}).json()
    assert early["as_of"] == "2025-01-31"
    assert early["total"] < full["total"]
    dated = [e["latest_date"] for e in early["items"] if e["latest_date"]]
    assert all(d <= "2025-01-31" for d in dated)


def test_relationships_carry_evidence(api: httpx.Client) -> None:
    body = api.get(f"/api/entities/{USAR}/relationships", params={"limit": 200}).json()
    assert body["items"]
    for rel in body["items"]:
        assert rel["counterparty"]["id"] and rel["evidence"]
        assert all(ev["statement_id"].startswith("st-") and ev["evidence"]
                   for ev in rel["evidence"])
    typed = api.get(f"/api/entities/{USAR}/relationships",
                    params={"type": "supplies", "limit": 200}).json()
    assert all("supplies" in (r["type"], r["label"]) for r in typed["items"])


def test_statements_filters_and_single(api: httpx.Client) -> None:
    body = api.get("/api/statements", params={"entity": USAR, "limit": 5}).json()
    assert body["total"] > 5 and len(body["items"]) == 5 and body["next"]
    for st in body["items"]:
        assert USAR in (st["subject_id"], st["object_id"])
    signed = api.get("/api/statements", params={"status": "signed", "limit": 200}).json()
    assert signed["items"] and {s["status"] for s in signed["items"]} == {"signed"}
    one = api.get(f"/api/statements/{body['items'][0]['id']}").json()
    assert one["id"] == body["items"][0]["id"] and one["document"]["id"] == one["doc_id"]
    old = api.get("/api/statements", params={"entity": USAR, "as_of": "2020"}).json()
    assert old["total"] < body["total"]


def test_conflicts(api: httpx.Client) -> None:
    body = api.get("/api/conflicts", params={"limit": 200}).json()
    assert body["items"] and all(len(c["sides"]) >= 2 for c in body["items"])
    mine = api.get("/api/conflicts", params={"entity": "stillwater"}).json()
    assert all("stillwater" in (c["subject_id"], c["object_id"]) for c in mine["items"])


def test_chain_and_svg(api: httpx.Client) -> None:
    body = api.get(f"/api/entities/{USAR}/chain", params={"up": 1, "down": 1}).json()
    assert body["entity"]["id"] == USAR and body["up"] == 1 and body["edges"]
    svg = api.get(f"/api/entities/{USAR}/chain.svg")
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.lstrip().startswith("<?xml") or "<svg" in svg.text[:500]
    check_error(api.get(f"/api/entities/{USAR}/chain", params={"up": 9}), 422)


def test_exposure(api: httpx.Client) -> None:
    body = api.get(f"/api/entities/{USAR}/exposure", params={"country": "CN"}).json()
    assert body["country"] == "CN" and "items" in body and "total" in body
    check_error(api.get(f"/api/entities/{USAR}/exposure", params={"country": "China!"}), 422)


def test_signals(api: httpx.Client) -> None:
    body = api.get(f"/api/entities/{USAR}/signals").json()
    names = [s["name"] for s in body["signals"]]
    assert "geography" in names and "concentration" in names
    one = api.get(f"/api/entities/{USAR}/signals", params={"signal": "geography"}).json()
    assert [s["name"] for s in one["signals"]] == ["geography"]
    check_error(api.get(f"/api/entities/{USAR}/signals", params={"signal": "nope"}))


@pytest.mark.parametrize(("fmt", "media"), [("md", "text/markdown"), ("html", "text/html"),
                                            ("pdf", "application/pdf")])
def test_dossier_formats(api: httpx.Client, fmt: str, media: str) -> None:
    r = api.get(f"/api/entities/{USAR}/dossier", params={"format": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    if fmt == "pdf":
        assert r.content.startswith(b"%PDF-")
        assert r.headers["content-disposition"] == 'attachment; filename="usa-rare-earth.pdf"'
    else:
        assert "USA Rare Earth" in r.text


def test_scenarios_run_and_compare(api: httpx.Client) -> None:
    names = [s["name"] for s in api.get("/api/scenarios").json()["items"]]
    assert "baseline" in names and "stillwater-slips" in names
    run = api.get("/api/scenarios/stillwater-slips", params={"draws": 20}).json()
    assert run["draws"] == 20 and "US" in run["regions"]
    diff = api.get("/api/scenarios/compare/baseline/stillwater-slips",
                   params={"draws": 0}).json()
    assert diff["b"] == "Stillwater slips one year" and diff["regions"]["US"]
    check_error(api.get("/api/scenarios/nope"), 404)
    check_error(api.get("/api/scenarios/baseline", params={"draws": 100_000}), 422)


POSTED = b"""name: Posted recycling
changes:
  - action: recycling
    recovery: 0.5
    why: A test premise.
"""


def test_posted_scenario_run_and_compare(api: httpx.Client) -> None:
    headers = {"Content-Type": "application/yaml"}
    run = api.post("/api/scenarios/run", params={"draws": 0}, content=POSTED, headers=headers)
    assert run.status_code == 200, run.text
    assert run.json()["scenario"]["name"] == "Posted recycling"
    diff = api.post("/api/scenarios/compare", params={"a": "baseline", "draws": 0},
                    content=POSTED, headers=headers).json()
    assert diff["a"] == "Baseline" and diff["b"] == "Posted recycling"
    bad = check_error(api.post("/api/scenarios/run", content=b"name: x\nchanges: 3\n",
                               headers=headers), 422)
    assert "posted scenario" in bad["message"] and "/tmp" not in bad["message"]


def test_openapi_lists_the_routes(api: httpx.Client) -> None:
    paths = api.get("/openapi.json").json()["paths"]
    for path in ("/api/entities", "/api/entities/{ref}/ledger", "/api/statements",
                 "/api/conflicts", "/api/entities/{ref}/dossier", "/api/scenarios/run",
                 "/api/ingest/url", "/api/ingest/upload", "/api/entities/merge"):
        assert path in paths
