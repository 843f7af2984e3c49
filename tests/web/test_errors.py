"""One error body shape everywhere: a walk over every route in the OpenAPI schema with bad
input, wrong methods and unknown paths; and a crash that leaves no trace for the client."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import httpx

from tests.web.conftest import TOKEN, check_error, serving

BAD_QUERY = {"integer": "many", "number": "lots", "boolean": "perhaps"}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _types(param: dict[str, Any]) -> set[str]:
    schema = param.get("schema", {})
    found = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
    if schema.get("type") == "array":
        found.add("array")
    return {t for t in found if t}


def _bad_requests(path: str, method: str, op: dict[str, Any]) -> list[dict[str, Any]]:
    """Requests that must fail: an entity that does not exist, parameters of the wrong
    type or past their bounds, a malformed date, a missing or malformed body."""
    url = path.replace("{ref}", "no-such-entity-<script>").replace(
        "{statement_id}", "st-none").replace("{name}", "no-such-scenario").replace(
        "{a}", "nope").replace("{b}", "nope")
    params = [p for p in op.get("parameters", []) if p["in"] == "query"]
    tries: list[dict[str, Any]] = []
    if "{" in path:
        tries.append({"url": url})
    for p in params:
        kind = next((BAD_QUERY[t] for t in _types(p) if t in BAD_QUERY), None)
        if p["name"] == "as_of":
            kind = "31 Febtember"
        if kind is not None:
            tries.append({"url": url, "params": {p["name"]: kind}})
        elif p.get("required"):
            tries.append({"url": url, "params": {}})  # the required one left out
    if method == "post":
        tries += [{"url": url, "content": b"{not json", "headers": {
            "Content-Type": "application/json"}}, {"url": url}]
    return tries


def test_every_route_errors_in_one_shape(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    walked = 0
    for path, ops in schema["paths"].items():
        if not path.startswith("/api/"):
            continue  # the pages answer in HTML, for people
        for method, op in ops.items():
            tries = _bad_requests(path, method, op)
            for req in tries:
                headers = {**AUTH, **req.pop("headers", {})}
                r = api.request(method.upper(), headers=headers, **req)
                if r.status_code < 400:
                    continue  # e.g. an optional body left out
                check_error(r)
                walked += 1
            wrong = "DELETE" if method != "delete" else "PUT"
            check_error(api.request(wrong, path.replace("{", "x").replace("}", "")), 405)
    assert walked > 40


def test_shapes_of_unknown_routes_and_validation(api: httpx.Client) -> None:
    assert check_error(api.get("/api/no/such/route"), 404)["code"] == "not_found"
    assert check_error(api.get("/nothing-here.php"), 404)["code"] == "not_found"
    err = check_error(api.get("/api/entities", params={"limit": 201}), 422)
    assert err["code"] == "invalid_request" and "limit" in err["message"]
    err = check_error(api.get("/api/entities/USA Rare Earth/ledger",
                              params={"as_of": "2026-13"}), 422)
    assert "as_of" in err["message"]
    err = check_error(api.get("/api/entities/Zzyzx Unknown Corp/ledger"), 404)
    assert "Zzyzx" in err["message"]
    check_error(api.delete("/api/entities"), 405)


def test_a_crash_answers_500_in_the_shape_without_a_trace(fresh_db: Path) -> None:
    with serving(fresh_db) as client:
        ok = client.get("/api/entities/usa-rare-earth/ledger")
        assert ok.status_code == 200
        with sqlite3.connect(fresh_db) as db:  # the store breaks under the running server
            db.execute("DROP TABLE statements")
        r = client.get("/api/entities/usa-rare-earth/ledger")
        err = check_error(r, 500)
        assert err["code"] == "internal_error"
        for leak in ("sqlite", "statements", "Traceback", "File \"", "no such table"):
            assert leak not in r.text
        assert "script-src 'self'" in r.headers["content-security-policy"]
