"""The browser's only way out: a small HTTP forward proxy inside the crawler process.

Chromium resolves host names itself and fetches redirects, subresources, WebSockets and
workers past scrapy-playwright's request hook. Launched with this proxy for every request
(loopback included), it never opens a connection of its own: the proxy resolves each host
with the AddressGuard and connects to the very address it checked. A DNS answer that changes
between the check and the connection cannot slip through, and a redirect hop, an iframe or a
WebSocket to a forbidden host is refused like any other request.

It speaks just enough HTTP/1.1 for a browser: CONNECT tunnels (https://, wss://, ws://) and
absolute-URI requests (http://). Each plain request gets its own upstream connection, and the
answer tells the browser to close, so one client connection never carries a second host.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from typing import Any
from urllib.parse import urlsplit

from crawler.address_guard import AddressGuard, ForbiddenAddress, UnresolvableHost

logger = logging.getLogger(__name__)

HEAD_LIMIT = 64 * 1024
CONNECT_TIMEOUT = 10.0
HEAD_TIMEOUT = 30.0
CHUNK = 64 * 1024
# Headers that describe the hop between the browser and the proxy, not the request.
HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"proxy-connection", b"proxy-authorization", b"te"})


class Refused(Exception):
    """The proxy will not forward this request; `status` and the message go back to the browser."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


STATUS_TEXT = {400: "Bad Request", 403: "Forbidden", 502: "Bad Gateway", 504: "Gateway Timeout"}


def split_authority(authority: str) -> tuple[str, int]:
    """`host:port` of a CONNECT request ([v6]:port included) as (host, port)."""
    host, sep, port = authority.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise Refused(400, f"CONNECT needs host:port, got {authority!r}")
    return host.strip("[]"), int(port)


def without_hop_headers(header_block: bytes) -> list[bytes]:
    lines = [line for line in header_block.split(b"\r\n") if line]
    return [line for line in lines if line.split(b":", 1)[0].strip().lower() not in HOP_BY_HOP]


class EgressProxy:
    """Listens on 127.0.0.1 (a free port, bound at once so the address is known before the
    browser starts) and serves once `start` is awaited on the crawler's event loop."""

    def __init__(self, guard: AddressGuard, stats: Any = None) -> None:
        self.guard = guard
        self.stats = stats
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.setblocking(False)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._accept, sock=self._socket, limit=HEAD_LIMIT)

    async def close(self) -> None:
        if self._server is None:
            self._socket.close()
            return
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            await self._serve(reader, writer)
        except Refused as refusal:
            await self._answer_refusal(writer, refusal)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass  # the browser went away, or sent something that is not a request head
        finally:
            self._connections.discard(task)
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), HEAD_TIMEOUT)
        request_line, _, header_block = head[:-4].partition(b"\r\n")
        try:
            method, target, version = request_line.decode("latin-1").split(" ")
        except ValueError:
            raise Refused(400, "malformed request line") from None

        if method == "CONNECT":
            host, port = split_authority(target)
            up_reader, up_writer = await self._open(host, port)
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await self._relay(reader, writer, up_reader, up_writer)
            return

        url = urlsplit(target)
        if url.scheme != "http" or not url.hostname:
            raise Refused(400, f"only absolute http:// URLs are forwarded, got {target[:200]!r}")
        up_reader, up_writer = await self._open(url.hostname, url.port or 80)
        try:
            path = (url.path or "/") + (f"?{url.query}" if url.query else "")
            up_writer.write(
                f"{method} {path} {version}\r\n".encode("latin-1")
                + b"".join(line + b"\r\n" for line in without_hop_headers(header_block))
                + b"Connection: close\r\n\r\n"
            )
            # The browser must not send its next request down this connection: the upstream is
            # pinned to this request's host. The answer's own connection headers are replaced.
            try:
                response_head = await asyncio.wait_for(up_reader.readuntil(b"\r\n\r\n"), HEAD_TIMEOUT)
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, TimeoutError):
                raise Refused(502, f"{url.hostname} sent no valid answer") from None
            status_line, _, response_headers = response_head[:-4].partition(b"\r\n")
            writer.write(
                status_line
                + b"\r\n"
                + b"".join(line + b"\r\n" for line in without_hop_headers(response_headers))
                + b"Connection: close\r\n\r\n"
            )
            await self._relay(reader, writer, up_reader, up_writer)
        finally:
            up_writer.close()

    async def _open(self, host: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A connection to a checked address of `host`, or Refused."""
        try:
            addresses = await self.guard.check_async(host)
        except ForbiddenAddress as exc:
            if self.stats is not None:
                self.stats.inc_value("browser_egress/refused")
            logger.warning("browser connection refused: %s", exc)
            raise Refused(403, str(exc)) from None
        except UnresolvableHost as exc:
            raise Refused(502, str(exc)) from None
        error: Exception | None = None
        for address in addresses:
            try:
                return await asyncio.wait_for(asyncio.open_connection(address, port), CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                error = exc
        raise Refused(502, f"could not connect to {host}:{port}: {error or 'no address'}")

    @staticmethod
    async def _relay(
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        up_reader: asyncio.StreamReader,
        up_writer: asyncio.StreamWriter,
    ) -> None:
        """Copy bytes both ways until either side is done, then close both."""

        async def copy(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            while data := await source.read(CHUNK):
                sink.write(data)
                await sink.drain()

        directions = [
            asyncio.ensure_future(copy(reader, up_writer)),
            asyncio.ensure_future(copy(up_reader, writer)),
        ]
        try:
            await asyncio.wait(directions, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for direction in directions:
                direction.cancel()
            await asyncio.gather(*directions, return_exceptions=True)
            up_writer.close()

    @staticmethod
    async def _answer_refusal(writer: asyncio.StreamWriter, refusal: Refused) -> None:
        body = f"offerwatch crawler: {refusal}\n".encode()
        writer.write(
            f"HTTP/1.1 {refusal.status} {STATUS_TEXT.get(refusal.status, 'Error')}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        with contextlib.suppress(ConnectionError):
            await writer.drain()
