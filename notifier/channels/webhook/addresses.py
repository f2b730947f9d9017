"""Where a webhook may point: the watched pages' address policy (core/addresses.py) applied to
the URL when it is added, to every redirect's Location, and to every address its host resolves
to right before each connection (transport.py).

The URL is checked in the form httpx sends it (its host IDNA-encoded), so a spelling that a
check would read one way and the connection another cannot slip through. ALLOWED_PRIVATE_HOSTS
lets a named host (tests: 127.0.0.1) reach a non-public address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Iterable

import httpx

from core.addresses import ip_literal, refusal_reason
from core.limits import MAX_URL_LENGTH

_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST_NAME = re.compile(rf"(?=.{{1,253}}$)(?:{_LABEL}\.)*{_LABEL}")


class RefusedAddress(ValueError):
    """The URL, or an address its host resolves to, is one offerwatch does not send to.

    `permanent`: the URL itself can never pass (its scheme, its credentials, an IP literal);
    otherwise a DNS answer refused it, which may change."""

    def __init__(self, message: str, *, permanent: bool = True) -> None:
        super().__init__(message)
        self.permanent = permanent


class UnresolvableHost(Exception):
    """The host has no address right now (perhaps briefly): nothing to connect to."""


def _allowed(host: str, allowed_private_hosts: Iterable[str]) -> bool:
    return host in {h.strip().strip("[]").rstrip(".").lower() for h in allowed_private_hosts}


def check_url(raw: str, allowed_private_hosts: Iterable[str]) -> str:
    """The URL as it is sent (IDNA host, no fragment), or RefusedAddress naming the problem:
    http(s) only, no user name or password, a host that is not local, private or reserved."""
    text = raw.strip()
    if not text:
        raise RefusedAddress("The webhook URL is empty")
    if len(text) > MAX_URL_LENGTH:
        raise RefusedAddress(f"The webhook URL is longer than {MAX_URL_LENGTH} characters")
    try:
        url = httpx.URL(text)
        port = url.port
    except (httpx.InvalidURL, ValueError, UnicodeError):
        raise RefusedAddress("The webhook URL is malformed") from None
    if url.scheme not in {"http", "https"}:
        raise RefusedAddress("Only http and https URLs can receive webhooks")
    if url.userinfo:
        raise RefusedAddress("Webhook URLs with a user name or password are not accepted")
    host = url.raw_host.decode("ascii").rstrip(".").lower()
    if not host:
        raise RefusedAddress("The webhook URL has no host")
    if port == 0:
        raise RefusedAddress("The webhook URL has an invalid port")
    literal = ip_literal(host)
    if literal is None and not _HOST_NAME.fullmatch(host):
        raise RefusedAddress("The webhook URL's host is not a valid host name")
    if not _allowed(host, allowed_private_hosts):
        if host == "localhost" or host.endswith(".localhost"):
            raise RefusedAddress("Local addresses cannot receive webhooks")
        reason = None if literal is None else refusal_reason(literal)
        if reason:
            raise RefusedAddress(
                "Private, loopback and reserved addresses cannot receive webhooks "
                f"(this is a {reason} address)"
            )
    checked = str(url.copy_with(fragment=None))
    if len(checked) > MAX_URL_LENGTH:
        raise RefusedAddress(f"The webhook URL is longer than {MAX_URL_LENGTH} characters")
    return checked


async def resolve_checked(host: str, port: int, allowed_private_hosts: Iterable[str]) -> list[str]:
    """Every address `host` resolves to, once each is known to be public (unless the host is
    allowed): RefusedAddress when one is not, UnresolvableHost when there is none."""
    name = host.strip("[]").rstrip(".").lower()
    literal = ip_literal(name)
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            infos = await asyncio.to_thread(socket.getaddrinfo, name, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise UnresolvableHost(f"{name} could not be resolved: {exc}") from None
        addresses = list(
            dict.fromkeys(
                str(info[4][0]).split("%", 1)[0]
                for info in infos
                if info[0] in (socket.AF_INET, socket.AF_INET6)
            )
        )
        if not addresses:
            raise UnresolvableHost(f"{name} has no IPv4 or IPv6 address")
    if not _allowed(name, allowed_private_hosts):
        for address in addresses:
            reason = refusal_reason(ipaddress.ip_address(address))
            if reason:
                if literal is not None:
                    raise RefusedAddress(f"{name} is a {reason} address")
                # The message names the kind of address, never the address (it would map
                # internal names for whoever reads the channel's last error).
                raise RefusedAddress(f"{name} resolves to a {reason} address", permanent=False)
    return addresses
