"""An httpx client that connects only to checked addresses.

httpx resolves host names inside its connection pool, between any check of ours and the
connection: a host could answer a public address to a check and a private one to the
connection (DNS rebinding). Here the pool's network backend does both in one step: it
resolves the host, checks every address (addresses.resolve_checked) and connects to a checked
one. TLS still verifies the certificate against the URL's host name, as the pool passes it on.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable

import httpcore
import httpx

from notifier.channels.webhook.addresses import RefusedAddress, UnresolvableHost, resolve_checked


class CheckedAddressBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend (anyio), connecting to a host's checked addresses only."""

    def __init__(self, allowed_private_hosts: Iterable[str]) -> None:
        self.allowed_private_hosts = tuple(allowed_private_hosts)
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve_checked(host, port, self.allowed_private_hosts)
        failure: Exception = UnresolvableHost(f"{host} has no address to connect to")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise RefusedAddress("webhooks are sent over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class CheckedAddressTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (request and error mapping, TLS settings) over a pool whose
    connections go through CheckedAddressBackend."""

    def __init__(
        self,
        allowed_private_hosts: Iterable[str],
        limits: httpx.Limits | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20)
        super().__init__(limits=limits, trust_env=False)
        # httpx takes no network backend of its own; its pool is replaced by one with ours.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=CheckedAddressBackend(allowed_private_hosts),
        )


def checked_client(
    allowed_private_hosts: Iterable[str], timeout: float, ssl_context: ssl.SSLContext | None = None
) -> httpx.AsyncClient:
    """A client for webhooks: checked connections, no redirects followed (the caller follows
    them, checking each Location), no proxy or certificate settings from the environment
    (`ssl_context`: the certificate authorities to trust; by default httpx's, certifi)."""
    return httpx.AsyncClient(
        transport=CheckedAddressTransport(allowed_private_hosts, ssl_context=ssl_context),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    )
