"""The egress proxy chained to a user's proxy: what the user's proxy is asked for."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from crawler.address_guard import AddressGuard
from crawler.egress_proxy import EgressProxy
from tests.crawler.fetch_sites import CountingSocks5Proxy, ShopSite, running

GUARD = ["localhost", "127.0.0.1"]


async def fetch_via(upstream: str, url: str) -> httpx.Response:
    egress = EgressProxy(AddressGuard(GUARD), upstream=upstream)
    await egress.start()
    try:
        async with httpx.AsyncClient(proxy=egress.url) as client:
            return await client.get(url)
    finally:
        await egress.close()


async def test_socks5_without_authentication_connects_by_the_checked_address(site: ShopSite) -> None:
    socks = CountingSocks5Proxy()
    with running(socks):
        port = site.server_address[1]
        answer = await fetch_via(socks.url(), f"http://localhost:{port}/search?page=3")
    assert answer.status_code == 200 and "Meadow tent" in answer.text
    assert socks.seen == [f"CONNECT 127.0.0.1:{port}"]


async def test_socks5_credentials_refused_is_a_502_and_reaches_nothing(site: ShopSite) -> None:
    socks = CountingSocks5Proxy(credentials=("scout", "right"))
    with running(socks):
        answer = await fetch_via(socks.url("scout:wrong"), f"http://localhost:{site.server_address[1]}/")
    assert answer.status_code == 502 and "refused the credentials" in answer.text
    assert socks.seen == [] and site.requests == []


class RecordingUpstream:
    """A stand-in HTTP proxy that answers the first request head and records every byte it
    receives until the egress proxy closes the connection."""

    def __init__(self) -> None:
        self.received: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received = await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
        writer.write_eof()
        received += await reader.read()
        self.received.set_result(received)
        writer.close()


async def test_only_the_first_plain_request_of_a_connection_reaches_an_http_proxy() -> None:
    """A second request down the same connection could name any host, which the user's proxy
    would fetch unchecked: it is not forwarded."""
    upstream = RecordingUpstream()
    server = await asyncio.start_server(upstream.serve, "127.0.0.1", 0)
    upstream_port = server.sockets[0].getsockname()[1]
    egress = EgressProxy(AddressGuard(GUARD), upstream=f"http://127.0.0.1:{upstream_port}")
    await egress.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", int(egress.url.rsplit(":", 1)[1]))
        writer.write(
            b"GET http://localhost:8080/list HTTP/1.1\r\nHost: localhost:8080\r\n\r\n"
            b"GET http://10.20.30.40/steal HTTP/1.1\r\nHost: 10.20.30.40\r\n\r\n"
        )
        answer = await asyncio.wait_for(reader.read(), 10.0)
        writer.close()
        received = await asyncio.wait_for(upstream.received, 10.0)
    finally:
        await egress.close()
        server.close()
    assert answer.startswith(b"HTTP/1.1 200 OK") and answer.endswith(b"ok"), answer
    assert received.startswith(b"GET http://127.0.0.1:8080/list HTTP/1.1\r\nHost: localhost:8080\r\n"), (
        received
    )
    assert b"steal" not in received, received


class _Receiver:
    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.complete = False

    def resolutionBegan(self, resolution: object) -> None:
        pass

    def addressResolved(self, address: object) -> None:
        self.addresses.append(address.host)  # type: ignore[attr-defined]

    def resolutionComplete(self) -> None:
        self.complete = True


def test_the_local_egress_exception_lets_only_its_literal_past_the_resolver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a local egress proxy running, a name resolving to loopback, or another loopback
    literal, is still refused: only the egress proxy's own literal is handed out unchecked."""
    from twisted.internet import defer

    from crawler import address_guard

    monkeypatch.setattr(address_guard, "_local_egress_in_use", True)
    monkeypatch.setattr(
        address_guard, "deferToThreadPool", lambda _reactor, _pool, f, *args: defer.maybeDeferred(f, *args)
    )

    class Reactor:
        def getThreadPool(self) -> None:
            return None

    resolver = address_guard.GuardedResolver(Reactor(), AddressGuard([]))
    for host, expected in [("127.0.0.1", ["127.0.0.1"]), ("localhost", []), ("127.0.0.2", [])]:
        receiver = _Receiver()
        resolver.resolveHostName(receiver, host, 80)
        assert receiver.complete and receiver.addresses == expected, host
