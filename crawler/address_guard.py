"""Which addresses the crawler may connect to (SSRF protection), shared by the downloader
middleware, the Twisted name resolver, the browser's egress proxy and its request hook.

A host is resolved once; every address it resolves to must be public. Loopback, private,
link-local, carrier-grade NAT, multicast, reserved and cloud metadata addresses are refused
unless the host name is listed in ALLOWED_PRIVATE_HOSTS. The resolver hands Twisted only
addresses that passed the check, so a DNS answer that changes between the check and the
connection cannot slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IHostResolution
from twisted.internet.threads import deferToThreadPool
from zope.interface import implementer

from core.addresses import ip_literal, refusal_reason

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300.0


class ForbiddenAddress(IgnoreRequest):
    """The request's host is, or resolves to, an address the crawler must not reach."""


class UnresolvableHost(Exception):
    """The host has no address right now (perhaps briefly): nothing to connect to."""


def normalize_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


class AddressGuard:
    """Resolves and checks hosts, remembering each answer for a few minutes."""

    def __init__(
        self, allowed_private_hosts: Iterable[str] = (), cache_seconds: float = CACHE_SECONDS
    ) -> None:
        self.allowed = frozenset(normalize_host(h) for h in allowed_private_hosts if h.strip())
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, tuple[str, ...] | ForbiddenAddress]] = {}
        self._lock = threading.Lock()
        self._lookups: dict[str, asyncio.Future[tuple[str, ...]]] = {}

    def _cached(self, host: str) -> tuple[str, ...] | None:
        with self._lock:
            entry = self._cache.get(host)
        if entry is None or entry[0] < time.monotonic():
            return None
        if isinstance(entry[1], ForbiddenAddress):
            raise entry[1]
        return entry[1]

    def _remember(self, host: str, outcome: tuple[str, ...] | ForbiddenAddress) -> None:
        with self._lock:
            self._cache[host] = (time.monotonic() + self.cache_seconds, outcome)

    def _judge(self, host: str, addresses: Sequence[str]) -> tuple[str, ...]:
        """Checked addresses of `host` (remembered), or ForbiddenAddress naming the reason."""
        if not addresses:
            raise ForbiddenAddress(f"{host} did not resolve to any address")
        if host not in self.allowed:
            for text in addresses:
                reason = refusal_reason(ipaddress.ip_address(text.split("%", 1)[0]))
                if reason:
                    # The job error reaches the user: it names the kind of address, never the
                    # address itself (that would map internal names); the log keeps it.
                    if text != host:
                        logger.warning("refused %s: it resolves to %s (%s)", host, text, reason)
                    error = ForbiddenAddress(
                        f"refused to fetch {host}: it is a {reason} address"
                        if text == host
                        else f"refused to fetch {host}: it resolves to a {reason} address"
                    )
                    self._remember(host, error)
                    raise error
        checked = tuple(dict.fromkeys(addresses))
        self._remember(host, checked)
        return checked

    @staticmethod
    def _addresses(infos: Iterable[Any]) -> list[str]:
        return [info[4][0] for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]

    def check(self, host: str) -> tuple[str, ...]:
        """Resolve `host` (blocking) and return its addresses if all may be fetched."""
        host = normalize_host(host)
        cached = self._cached(host)
        if cached is not None:
            return cached
        literal = ip_literal(host)
        if literal is not None:
            return self._judge(host, [str(literal)])
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:  # UnicodeError: not a valid host name
            raise UnresolvableHost(f"{host} could not be resolved: {exc}") from None
        return self._judge(host, self._addresses(infos))

    async def check_async(self, host: str) -> tuple[str, ...]:
        """`check` without blocking the event loop: a lookup, when one is needed, runs in a
        thread, once for every caller asking about the same host meanwhile (a page's many
        subresources through the egress proxy, a batch of jobs on one site)."""
        host = normalize_host(host)
        cached = self._cached(host)
        if cached is not None:
            return cached
        lookup = self._lookups.get(host)
        if lookup is None:
            lookup = self._lookups[host] = asyncio.ensure_future(asyncio.to_thread(self.check, host))
            lookup.add_done_callback(lambda _: self._lookups.pop(host, None))
        return await asyncio.shield(lookup)

    def check_url(self, url: str) -> str:
        """The URL's host, after refusing anything but http(s) URLs with a host."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ForbiddenAddress(f"refused to fetch {url!r}: only http(s) URLs with a host are fetched")
        return parts.hostname


_guards: dict[frozenset[str], AddressGuard] = {}
_guards_lock = threading.Lock()


def guard_for(allowed_private_hosts: Iterable[str]) -> AddressGuard:
    """The process-wide guard for an allow-list: the middleware, the resolver and the browser
    filter share it, so each host is resolved once."""
    key = frozenset(normalize_host(h) for h in allowed_private_hosts if h.strip())
    with _guards_lock:
        if key not in _guards:
            _guards[key] = AddressGuard(key)
        return _guards[key]


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        """Resolution runs in a thread and cannot be cancelled; its result is then unused."""


@implementer(IHostnameResolver)
class GuardedResolver:
    """Twisted name resolver (TWISTED_DNS_RESOLVER) that yields only checked addresses."""

    def __init__(self, reactor: Any, guard: AddressGuard) -> None:
        self.reactor = reactor
        self.guard = guard

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        return cls(reactor, guard_for(crawler.settings.getlist("ALLOWED_PRIVATE_HOSTS")))

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def resolveHostName(
        self,
        resolutionReceiver: Any,  # an IResolutionReceiver; zope interfaces confuse mypy
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type] | None = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        resolution = _Resolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        wanted = tuple(addressTypes) if addressTypes else (IPv4Address, IPv6Address)

        def deliver(addresses: tuple[str, ...]) -> None:
            for text in addresses:
                kind = IPv6Address if ":" in text else IPv4Address
                if kind in wanted:
                    resolutionReceiver.addressResolved(kind("TCP", text, portNumber))
            resolutionReceiver.resolutionComplete()

        def refuse(failure: Any) -> None:
            if failure.check(ForbiddenAddress):
                logger.warning("not connecting: %s", failure.getErrorMessage())
            resolutionReceiver.resolutionComplete()

        if hostName == LOCAL_EGRESS_HOST and _local_egress_in_use:
            deliver((LOCAL_EGRESS_HOST,))
            return resolution
        pool = self.reactor.getThreadPool()
        deferToThreadPool(self.reactor, pool, self.guard.check, hostName).addCallbacks(deliver, refuse)
        return resolution


_browser_guard: AddressGuard | None = None

# Proxied plain pages reach their proxy through a local egress proxy on this loopback literal
# (middlewares.ProxyViaEgressMiddleware). Only the literal passes, and only once one is running:
# a page's own URL naming it is still refused by SSRFGuardMiddleware before any download, and a
# host name resolving to it is still judged by the guard.
LOCAL_EGRESS_HOST = "127.0.0.1"
_local_egress_in_use = False


def allow_local_egress() -> None:
    global _local_egress_in_use
    _local_egress_in_use = True


def use_for_browser(guard: AddressGuard) -> None:
    """Make `guard` the one the browser's request filter uses in this process."""
    global _browser_guard
    _browser_guard = guard


async def abort_forbidden_browser_request(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: True (abort) for a browser request to an address the crawler
    must not reach. It sees what passes page.route (the page and its subresources, but not
    redirect hops, WebSockets or workers' fetches) and refuses those early and by name; the
    egress proxy applies the same check to every connection the browser opens."""
    url: str = request.url
    if urlsplit(url).scheme in {"data", "blob", "about"}:
        return False
    guard = _browser_guard
    if guard is None:
        from core.config import get_settings  # only when no crawler has configured one

        guard = guard_for(get_settings().allowed_private_hosts)
        use_for_browser(guard)
    try:
        await guard.check_async(guard.check_url(url))
    except (ForbiddenAddress, UnresolvableHost) as exc:
        logger.warning("browser request aborted: %s", exc)
        return True
    return False
