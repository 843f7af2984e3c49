"""Fetching one document over HTTP(S) with httpx: a byte cap, a timeout, bounded redirects.

Every failure becomes a DocumentError whose reason starts with "fetch failed: ".
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx

from lodemap.errors import DocumentError

USER_AGENT = "lodemap/0.1 (+https://github.com/lodemap/lodemap)"
SCHEMES = frozenset({"http", "https"})
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(item: str) -> bool:
    """Whether an input names a URL (any `scheme://`; only http(s) can be fetched)."""
    return _URL.match(item) is not None


def _fail(url: str, why: str, hint: str | None = None) -> DocumentError:
    return DocumentError(url, f"fetch failed: {why}", hint=hint)


def _check_scheme(source: str, address: str) -> None:
    scheme = urlsplit(address).scheme.lower()
    if scheme not in SCHEMES:
        raise _fail(
            source,
            f"unsupported scheme {scheme!r}" if scheme else "not an absolute URL",
            hint="only http:// and https:// addresses can be fetched",
        )


def _connect_reason(error: httpx.ConnectError) -> str:
    text = str(error).lower()
    if "refused" in text:
        return "connection refused"
    if any(m in text for m in ("name or service", "nodename", "getaddrinfo", "name resolution")):
        return "cannot resolve host"
    if "certificate" in text or "ssl" in text:
        return "TLS error"
    return "cannot connect"


def _seconds(value: float) -> str:
    return f"{value:g} s"


def fetch(
    url: str,
    *,
    timeout: float = 20.0,
    max_bytes: int = 50_000_000,
    max_redirects: int = 5,
    client: httpx.Client | None = None,
) -> tuple[bytes, str | None, str]:
    """GET `url` and return (body, Content-Type or None, final URL after redirects).

    `timeout` applies to each network step (connect, each read); the body is streamed
    and refused beyond `max_bytes` (decoded size). Redirects are followed by hand, at
    most `max_redirects`, each to http(s) only. A given `client` is used but not closed.
    """
    _check_scheme(url, url)
    own = client is None
    session = client if client is not None else httpx.Client(headers={"User-Agent": USER_AGENT})
    try:
        return _get(session, url, timeout=timeout, max_bytes=max_bytes, hops=max_redirects)
    except httpx.TimeoutException as error:
        raise _fail(
            url, f"timed out after {_seconds(timeout)}", hint="the server is slow or down"
        ) from error
    except httpx.ConnectError as error:
        raise _fail(url, _connect_reason(error), hint=str(error) or None) from error
    except httpx.InvalidURL as error:
        raise _fail(url, "invalid URL", hint=str(error) or None) from error
    except httpx.HTTPError as error:  # protocol errors, decoding errors, closed connections
        raise _fail(url, type(error).__name__, hint=str(error) or None) from error
    finally:
        if own:
            session.close()


def _get(
    session: httpx.Client, url: str, *, timeout: float, max_bytes: int, hops: int
) -> tuple[bytes, str | None, str]:
    request = session.build_request("GET", url, timeout=timeout)
    for hop in range(hops + 1):
        response = session.send(request, stream=True, follow_redirects=False)
        try:
            if response.next_request is not None:
                if hop == hops:
                    raise _fail(
                        url, "too many redirects", hint=f"more than {hops}; last at {response.url}"
                    )
                request = response.next_request
                _check_scheme(url, str(request.url))
                continue
            if response.status_code >= 400:
                raise _fail(
                    url,
                    f"HTTP {response.status_code}",
                    hint=f"{response.reason_phrase or 'error'} from {response.url}",
                )
            return _read(response, url, max_bytes), response.headers.get("content-type"), str(
                response.url
            )
        finally:
            response.close()
    raise AssertionError("unreachable")  # pragma: no cover


def _read(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    too_large = _fail(url, "too large", hint=f"the limit is {max_bytes:,} bytes")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise too_large
    return bytes(body)
