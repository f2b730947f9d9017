"""The browser's only way out: a small HTTP forward proxy inside the crawler process.

Chromium resolves host names itself and fetches redirects, subresources, WebSockets and
workers past scrapy-playwright's request hook. Launched with this proxy for every request
(loopback included), it never opens a connection of its own: the proxy resolves each host
with the AddressGuard and connects to the very address it checked. A DNS answer that changes
between the check and the connection cannot slip through, and a redirect hop, an iframe or a
WebSocket to a forbidden host is refused like any other request.

It speaks just enough HTTP/1.1 for a browser: CONNECT tunnels (https://, wss://, ws://) and
absolute-URI requests (http://). Each plain request gets its own upstream connection to its
own host, and the answer tells the browser to close; should a client send more down the same
connection anyway, it reaches only that same checked address.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.address_guard import AddressGuard, ForbiddenAddress, UnresolvableHost

logger = logging.getLogger(__name__)

HEAD_LIMIT = 64 * 1024
CONNECT_TIMEOUT = 10.0
HEAD_TIMEOUT = 30.0
ANSWER_TIMEOUT = 30.0  # how long a site may keep answering after the browser stopped sending
CHUNK = 64 * 1024
# Headers that describe the hop between the browser and the proxy, not the request.
HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"proxy-connection", b"proxy-authorization", b"te"})
STATUS_TEXT = {400: "Bad Request", 403: "Forbidden", 502: "Bad Gateway"}


class Refused(Exception):
    """The proxy will not forward this request; `status` and the message go back to the browser.
    Raised only before the final answer has started, so the browser gets one well-formed reply."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def split_request_line(line: bytes) -> tuple[str, str, str]:
    try:
        method, target, version = line.decode("latin-1").split(" ")
    except ValueError:
        raise Refused(400, "malformed request line") from None
    return method, target, version


def split_authority(authority: str) -> tuple[str, int]:
    """`host:port` of a CONNECT request ([v6]:port included) as (host, port)."""
    host, sep, port = authority.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not sep or not host or not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise Refused(400, f"CONNECT needs host:port, got {authority[:200]!r}")
    return host, int(port)


def split_absolute_url(target: str) -> tuple[str, int, str]:
    """(host, port, path with query) of an absolute http:// request target."""
    try:
        url = urlsplit(target)
        port = url.port or 80
    except ValueError:  # a bad port or an unclosed IPv6 bracket
        url, port = None, 0
    if url is None or url.scheme != "http" or not url.hostname:
        raise Refused(400, f"only absolute http:// URLs are forwarded, got {target[:200]!r}")
    return url.hostname, port, (url.path or "/") + (f"?{url.query}" if url.query else "")


def without_hop_headers(header_block: bytes) -> bytes:
    lines = [line for line in header_block.split(b"\r\n") if line]
    return b"".join(
        line + b"\r\n" for line in lines if line.split(b":", 1)[0].strip().lower() not in HOP_BY_HOP
    )


async def read_head(reader: asyncio.StreamReader) -> bytes:
    return await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), HEAD_TIMEOUT)


@dataclass(frozen=True)
class UpstreamProxy:
    """A user's proxy that the egress proxy tunnels through (CONNECT), after the guard checked
    the host the page asked for. The tunnel goes to that checked address, so the upstream proxy
    cannot be steered to another one by a DNS answer of its own."""

    host: str
    port: int
    tls: bool
    authorization: str | None

    @classmethod
    def parse(cls, url: str) -> UpstreamProxy:
        parts = urlsplit(url)
        tls = parts.scheme == "https"
        authorization = None
        if parts.username is not None:
            credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            authorization = "Basic " + base64.b64encode(credentials.encode()).decode("ascii")
        return cls(parts.hostname or "", parts.port or (443 if tls else 80), tls, authorization)

    async def tunnel(
        self, guard: AddressGuard, address: str, port: int
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        try:
            proxy_address = (await guard.check_async(self.host))[0]
        except (ForbiddenAddress, UnresolvableHost) as exc:
            raise Refused(502, f"the proxy cannot be used: {exc}") from None
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(
                    proxy_address,
                    self.port,
                    ssl=self.tls or None,
                    server_hostname=self.host if self.tls else None,
                ),
                CONNECT_TIMEOUT,
            )
        except (OSError, TimeoutError) as exc:
            raise Refused(502, f"could not connect to the proxy: {exc}") from None
        authority = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
        head = f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n"
        if self.authorization:
            head += f"Proxy-Authorization: {self.authorization}\r\n"
        writer.write(head.encode("latin-1") + b"\r\n")
        try:
            answer = await asyncio.wait_for(read_head(reader), HEAD_TIMEOUT)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, TimeoutError):
            writer.close()
            raise Refused(502, "the proxy sent no valid answer") from None
        status = answer.split(b" ", 2)[1:2]
        if status != [b"200"]:
            writer.close()
            status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
            raise Refused(502, f"the proxy refused the tunnel ({status_line})")
        return reader, writer


class EgressProxy:
    """Listens on 127.0.0.1 (a free port, bound at once so the address is known before the
    browser starts) and serves once `start` is awaited on the crawler's event loop."""

    def __init__(self, guard: AddressGuard, stats: Any = None, upstream: str | None = None) -> None:
        self.guard = guard
        self.stats = stats
        self.upstream = None if upstream is None else UpstreamProxy.parse(upstream)
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
        """One browser connection, from its request head to the end of the exchange."""
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            await self._serve(reader, writer)
        except Refused as refusal:
            await self._answer_refusal(writer, refusal)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass  # the browser went away, or sent something that is not a request head
        except asyncio.CancelledError:
            pass  # close() ends open connections; Python 3.11 logs a cancelled handler as an error
        finally:
            self._connections.discard(task)
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await read_head(reader)
        request_line, _, header_block = head[:-4].partition(b"\r\n")
        method, target, version = split_request_line(request_line)
        if method == "CONNECT":
            host, port = split_authority(target)
        else:
            host, port, path = split_absolute_url(target)

        up_reader, up_writer = await self._open(host, port)
        try:
            if method == "CONNECT":
                writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:
                up_writer.write(
                    f"{method} {path} {version}\r\n".encode("latin-1")
                    + without_hop_headers(header_block)
                    + b"Connection: close\r\n\r\n"
                )
                await self._forward_answer_head(up_reader, writer, host)
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
        if self.upstream is not None:
            return await self.upstream.tunnel(self.guard, addresses[0], port)
        error: Exception | None = None
        for address in addresses:
            try:
                return await asyncio.wait_for(asyncio.open_connection(address, port), CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                error = exc
        raise Refused(502, f"could not connect to {host}:{port}: {error or 'no address'}")

    @staticmethod
    async def _forward_answer_head(
        up_reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str
    ) -> None:
        """Pass on the site's answer head (after any 1xx interim heads) with `Connection: close`:
        the browser must not send its next request down a connection pinned to this host."""
        while True:
            try:
                head = await read_head(up_reader)
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, TimeoutError):
                raise Refused(502, f"{host} sent no valid answer") from None
            status_line, _, headers = head[:-4].partition(b"\r\n")
            interim = status_line[9:10] == b"1"  # "HTTP/1.1 1xx ..."
            closing = b"" if interim else b"Connection: close\r\n"
            writer.write(status_line + b"\r\n" + without_hop_headers(headers) + closing + b"\r\n")
            if not interim:
                return

    @staticmethod
    async def _relay(
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        up_reader: asyncio.StreamReader,
        up_writer: asyncio.StreamWriter,
    ) -> None:
        """Copy bytes both ways until the site's side ends. When the browser finishes sending
        first, the site is told so (half-close) and has ANSWER_TIMEOUT to finish its answer."""

        async def copy(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            while data := await source.read(CHUNK):
                sink.write(data)
                await sink.drain()

        to_site = asyncio.ensure_future(copy(reader, up_writer))
        to_browser = asyncio.ensure_future(copy(up_reader, writer))
        try:
            await asyncio.wait({to_site, to_browser}, return_when=asyncio.FIRST_COMPLETED)
            if not to_browser.done() and to_site.exception() is None:
                if up_writer.can_write_eof():
                    up_writer.write_eof()
                await asyncio.wait({to_browser}, timeout=ANSWER_TIMEOUT)
        finally:
            to_site.cancel()
            to_browser.cancel()
            await asyncio.gather(to_site, to_browser, return_exceptions=True)

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
