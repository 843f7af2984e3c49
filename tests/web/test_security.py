"""Security: token rules on write routes, headers on every response, private addresses
refused, body and rate limits, and hostile document text escaped in HTML dossiers."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from markupsafe import escape

from tests.web.conftest import TEXTS, TOKEN, check_error, serving

AUTH = {"Authorization": f"Bearer {TOKEN}"}
WRITES = [("post", "/api/ingest/url", {"json": {"url": "http://example.org/a"}}),
          ("post", "/api/ingest/upload", {"files": {"file": ("a.txt", b"text")}}),
          ("post", "/api/entities/merge", {"json": {"a": "usa-rare-earth", "b": "stillwater"}}),
          ("post", "/api/entities/usa-rare-earth/split", {"json": {}})]
PAYLOADS = ("<script>alert('xss1')</script>", "<img src=x onerror=alert('xss2')>",
            "<svg onload=alert('xss3')>", "<a href=\"javascript:alert('xss4')\">")


@pytest.mark.parametrize(("method", "path", "kwargs"), WRITES)
def test_writes_are_off_without_a_configured_token(web_db: Path, method: str, path: str,
                                                   kwargs: dict[str, object]) -> None:
    with serving(web_db, token="") as client:
        err = check_error(client.request(method, path, headers=AUTH, **kwargs), 403)
        assert "LODEMAP_TOKEN" in (err["hint"] or "")


@pytest.mark.parametrize(("method", "path", "kwargs"), WRITES)
def test_writes_need_the_right_token(api: httpx.Client, method: str, path: str,
                                     kwargs: dict[str, object]) -> None:
    missing = api.request(method, path, **kwargs)
    check_error(missing, 401)
    assert missing.headers["www-authenticate"] == "Bearer"
    check_error(api.request(method, path, headers={"Authorization": "Bearer wrong"},
                            **kwargs), 401)


def test_security_headers_on_every_kind_of_response(api: httpx.Client) -> None:
    responses = [api.get("/api/entities"), api.get("/openapi.json"), api.get("/api/nope"),
                 api.post("/api/entities"), api.get("/api/entities", params={"limit": 0}),
                 api.get("/api/entities/usa-rare-earth/dossier", params={"format": "html"}),
                 api.get("/api/entities/usa-rare-earth/chain.svg"), api.get("/")]
    for r in responses:
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split(
            "script-src")[1].split(";")[0]
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/a", "http://localhost/a",
                                 "http://169.254.169.254/latest/meta-data/",
                                 "http://10.1.2.3/a", "http://[::1]/a",
                                 "http://[::ffff:192.168.0.1]/a"])
def test_url_ingest_refuses_private_addresses(fresh_db: Path, url: str) -> None:
    with serving(fresh_db, token=TOKEN, allow_private=False) as client:
        err = check_error(client.post("/api/ingest/url", json={"url": url}, headers=AUTH),
                          422)
    assert err["code"] == "private_address"
    assert "LODEMAP_ALLOW_PRIVATE_URLS" in (err["hint"] or "")


class _Articles(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/hop":
            self.send_response(302)
            self.send_header("Location", "/xss.html")
            self.end_headers()
            return
        body = (TEXTS / "xss.html").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def article_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Articles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_ingest_of_a_loopback_server_when_allowed(fresh_db: Path,
                                                      article_server: str) -> None:
    with serving(fresh_db, token=TOKEN, allow_private=True) as client:
        r = client.post("/api/ingest/url", json={"url": f"{article_server}/hop"}, headers=AUTH)
        assert r.status_code == 201, r.text
        assert r.json()["status"] == "stored" and r.json()["statements"] > 0
        again = client.post("/api/ingest/url", json={"url": f"{article_server}/xss.html"},
                            headers=AUTH)
        assert again.json()["status"] == "unchanged"
    with serving(fresh_db, token=TOKEN, allow_private=False) as client:
        refused = client.post("/api/ingest/url", json={"url": f"{article_server}/hop"},
                              headers=AUTH)
        assert check_error(refused, 422)["code"] == "private_address"


def test_xss_payloads_come_back_escaped_in_the_html_dossier(fresh_db: Path) -> None:
    with serving(fresh_db, token=TOKEN) as client:
        up = client.post("/api/ingest/upload", headers=AUTH, files={
            "file": ("xss.html", (TEXTS / "xss.html").read_bytes(), "text/html")})
        assert up.status_code == 201, up.text
        assert up.json()["statements"] > 0
        page = client.get("/api/entities/usa-rare-earth/dossier", params={"format": "html"})
        ledger = client.get("/api/entities/usa-rare-earth/ledger",
                            params={"limit": 200}).text
    assert page.status_code == 200
    assert "Zephyr" in page.text and "Zephyr" in ledger
    for payload in PAYLOADS:
        assert payload not in page.text
    for payload in PAYLOADS:  # each payload is there, as text
        assert str(escape(payload)) in page.text
    lowered = page.text.lower()
    for tag in ("<script", "<img", "<svg onload", "href=\"javascript:"):
        assert tag not in lowered
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_upload_over_the_body_limit_is_413(fresh_db: Path) -> None:
    big = b"USA Rare Earth supplies magnets. " * 2_000  # 66 kB, over 64 kB + 1 kB
    with serving(fresh_db, token=TOKEN, max_body=1_000) as client:
        declared = client.post("/api/ingest/upload", headers=AUTH,
                               files={"file": ("big.txt", big, "text/plain")})
        assert check_error(declared, 413)["code"] == "too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            yield b"name: streamed\nchanges: []\n#"
            for _ in range(100):
                yield b"x" * 1_000

        streamed = client.post("/api/scenarios/run", content=chunks(),
                               headers={"Content-Type": "application/yaml"})
        assert check_error(streamed, 413)["code"] == "too_large"
        small = client.post("/api/ingest/upload", headers=AUTH,
                            files={"file": ("small.txt", big[:500], "text/plain")})
        assert small.status_code == 201, small.text


def test_rate_limit_answers_429_with_retry_after(web_db: Path) -> None:
    with serving(web_db, rate=0.2, burst=3) as client:
        codes = [client.get("/api/scenarios").status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        limited = client.get("/api/scenarios")
        err = check_error(limited, 429)
        assert err["code"] == "rate_limited"
        assert int(limited.headers["retry-after"]) >= 1
        assert "script-src 'self'" in limited.headers["content-security-policy"]


def test_merge_and_split_with_the_token(fresh_db: Path) -> None:
    with serving(fresh_db, token=TOKEN) as client:
        merged = client.post("/api/entities/merge", headers=AUTH, json={
            "a": "usa-rare-earth", "b": "stillwater", "reason": "test"})
        assert merged.status_code == 200, merged.text
        assert merged.json()["judgements"][0]["judgement"] == "same"
        detail = client.get("/api/entities/stillwater").json()
        assert set(detail["cluster"]) >= {"usa-rare-earth", "stillwater"}
        split = client.post("/api/entities/stillwater/split", headers=AUTH, json={})
        assert split.json()["judgements"]
        assert client.get("/api/entities/stillwater").json()["cluster"] == ["stillwater"]
        same = client.post("/api/entities/merge", headers=AUTH,
                           json={"a": "USAR", "b": "usa-rare-earth"})
        check_error(same, 422)
