"""Who may write, and which addresses URL ingest may reach.

Write routes need `Authorization: Bearer <LODEMAP_TOKEN>` and are off (403) when no
token is configured. URL ingest resolves the host of every request it makes, the
redirects included, and refuses loopback, link-local, private and other non-global
addresses, so the server cannot be used to reach the network it sits in
(`LODEMAP_ALLOW_PRIVATE_URLS=1` allows them, e.g. for a test server on 127.0.0.1).
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
from typing import Annotated
from urllib.parse import urlsplit

import httpx
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from lodemap.errors import DocumentError
from lodemap.ingest.fetch import USER_AGENT
from lodemap.web.errors import ApiError

bearer = HTTPBearer(auto_error=False, description="LODEMAP_TOKEN, for write routes")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def require_token(request: Request, credentials: Credentials) -> None:
    """Dependency of every write route."""
    token: str | None = request.app.state.token
    if not token:
        raise ApiError(403, "write routes are disabled on this server",
                       hint="start lodemap serve with LODEMAP_TOKEN set to enable them")
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise ApiError(401, "this route needs a token",
                       hint="send Authorization: Bearer <LODEMAP_TOKEN>", headers=challenge)
    if not hmac.compare_digest(credentials.credentials.encode(), token.encode()):
        raise ApiError(401, "wrong token", hint="send the server's LODEMAP_TOKEN",
                       headers=challenge)


class PrivateAddressError(DocumentError):
    """A URL whose host is, or resolves to, an address that is not public."""


def _non_global(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_public(url: str, source: str) -> None:
    """Raise PrivateAddressError unless every address of the URL's host is global."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise DocumentError(source, "fetch failed: not an absolute URL",
                            hint="give an http:// or https:// address")
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DocumentError(source, "fetch failed: cannot resolve host") from exc
    bad = sorted({str(info[4][0]) for info in infos if _non_global(str(info[4][0]))})
    if bad:
        raise PrivateAddressError(
            source, f"refused: {host} is a loopback, link-local or private address "
            f"({', '.join(bad)})",
            hint="the server fetches public addresses only; set "
            "LODEMAP_ALLOW_PRIVATE_URLS=1 to allow others")


class _PublicOnly(httpx.HTTPTransport):
    """Checks each request's host before connecting: the first one and every redirect."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        check_public(str(request.url), self.source)
        return super().handle_request(request)


def fetch_client(source: str, allow_private: bool) -> httpx.Client:
    """The HTTP client URL ingest fetches with."""
    transport = httpx.HTTPTransport() if allow_private else _PublicOnly(source)
    return httpx.Client(transport=transport, headers={"User-Agent": USER_AGENT})
