"""Fetching one document over HTTP(S) with httpx: a byte cap (on the wire and after
decompression), a timeout per network step and one for the whole fetch, bounded redirects.

Every failure becomes a DocumentError whose reason starts with "fetch failed: ".
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import httpx

from lodemap.ingest.body import ACCEPT_ENCODING, read_body
from lodemap.ingest.body import fetch_failed as _fail
from lodemap.ingest.limits import MAX_BYTES, too_large

USER_AGENT = "lodemap/0.1 (+https://github.com/lodemap/lodemap)"
SCHEMES = frozenset({"http", "https"})
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(item: str) -> bool:
    """Whether an input names a URL (any `scheme://`; only http(s) can be fetched)."""
    return _URL.match(item) is not None


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


def _protocol_reason(error: httpx.RemoteProtocolError) -> str:
    if "complete message body" in str(error):
        return "truncated body: the connection closed before the end"
    return "invalid HTTP response"


def fetch(
    url: str,
    *,
    timeout: float = 20.0,
    total_timeout: float = 120.0,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = 5,
    client: httpx.Client | None = None,
) -> tuple[bytes, str | None, str]:
    """GET `url` and return (body, Content-Type or None, final URL after redirects).

    `timeout` applies to each network step (connect, each read), `total_timeout` to the
    whole fetch, so that a body dripping in forever ends too. The body is streamed and
    refused beyond `max_bytes`, on the wire and after gzip/deflate decoding. Redirects are
    followed by hand, at most `max_redirects`, each to http(s) only. A given `client` is
    used but not closed.
    """
    _check_scheme(url, url)
    own = client is None
    session = client if client is not None else httpx.Client(headers={"User-Agent": USER_AGENT})
    deadline = time.monotonic() + total_timeout
    try:
        return _get(
            session,
            url,
            timeout=timeout,
            max_bytes=max_bytes,
            hops=max_redirects,
            limit=(deadline, total_timeout),
        )
    except httpx.TimeoutException as error:
        raise _fail(
            url, f"timed out after {_seconds(timeout)}", hint="the server is slow or down"
        ) from error
    except httpx.ConnectError as error:
        raise _fail(url, _connect_reason(error), hint=str(error) or None) from error
    except httpx.InvalidURL as error:
        raise _fail(url, "invalid URL", hint=str(error) or None) from error
    except httpx.RemoteProtocolError as error:
        raise _fail(url, _protocol_reason(error), hint=str(error)[:200] or None) from error
    except httpx.HTTPError as error:  # other protocol errors, closed connections
        raise _fail(url, type(error).__name__, hint=str(error) or None) from error
    finally:
        if own:
            session.close()


def _get(
    session: httpx.Client,
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    hops: int,
    limit: tuple[float, float],
) -> tuple[bytes, str | None, str]:
    request = session.build_request(
        "GET", url, timeout=timeout, headers={"Accept-Encoding": ACCEPT_ENCODING}
    )
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
            if response.status_code >= 300:
                raise _fail(
                    url,
                    f"HTTP {response.status_code}",
                    hint=f"{response.reason_phrase or 'error'} from {response.url}"
                    + (" without a Location to follow" if response.status_code < 400 else ""),
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise too_large(url, int(declared), max_bytes, prefix="fetch failed: ")
            body = read_body(
                response.iter_raw(),
                url=url,
                encoding=response.headers.get("content-encoding"),
                max_bytes=max_bytes,
                deadline=limit[0],
                total_timeout=limit[1],
            )
            return body, response.headers.get("content-type"), str(response.url)
        finally:
            response.close()
    raise AssertionError("unreachable")  # pragma: no cover
