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
import ipaddress
import logging
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.address_guard import LOCAL_EGRESS_HOST, AddressGuard, ForbiddenAddress, UnresolvableHost

logger = logging.getLogger(__name__)

HEAD_LIMIT = 64 * 1024
CONNECT_TIMEOUT = 10.0
HEAD_TIMEOUT = 30.0
ANSWER_TIMEOUT = 30.0  # how long a site may keep answering after the browser stopped sending
CHUNK = 64 * 1024
BODY_LIMIT = 10 * 1024 * 1024
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


def request_body_size(header_block: bytes) -> int:
    """The Content-Length of a request forwarded as a whole (chunked bodies are refused)."""
    size = 0
    for line in header_block.split(b"\r\n"):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"transfer-encoding":
            raise Refused(400, "chunked request bodies are not forwarded through a proxy")
        if name == b"content-length":
            if not value.strip().isdigit() or int(value) > BODY_LIMIT:
                raise Refused(400, "request body too large or malformed Content-Length")
            size = int(value)
    return size


async def read_head(reader: asyncio.StreamReader) -> bytes:
    return await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), HEAD_TIMEOUT)


def authority(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


async def read_exactly(reader: asyncio.StreamReader, size: int) -> bytes:
    return await asyncio.wait_for(reader.readexactly(size), HEAD_TIMEOUT)


@dataclass(frozen=True)
class UpstreamProxy:
    """A user's proxy that the egress proxy forwards through, after the guard checked the host
    the page asked for. The proxy is always given that checked address (CONNECT to it, a plain
    request with it in the request line, or a SOCKS5 CONNECT by address), so it cannot be
    steered to another one by a DNS answer of its own."""

    scheme: str  # http, https or socks5
    host: str
    port: int
    username: str | None
    password: str

    @classmethod
    def parse(cls, url: str) -> UpstreamProxy:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        default_port = {"https": 443, "socks5": 1080}.get(scheme, 80)
        username = None if parts.username is None else unquote(parts.username)
        return cls(
            scheme, parts.hostname or "", parts.port or default_port, username, unquote(parts.password or "")
        )

    @property
    def forwards_plain_requests(self) -> bool:
        """An HTTP proxy takes plain http:// requests as they are (many refuse CONNECT to port 80)."""
        return self.scheme in {"http", "https"}

    @property
    def authorization(self) -> str | None:
        if self.username is None:
            return None
        credentials = f"{self.username}:{self.password}"
        return "Basic " + base64.b64encode(credentials.encode()).decode("ascii")

    async def connect(self, guard: AddressGuard) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A connection to the proxy itself (its host under the same address policy)."""
        try:
            proxy_address = (await guard.check_async(self.host))[0]
        except (ForbiddenAddress, UnresolvableHost) as exc:
            raise Refused(502, f"the proxy cannot be used: {exc}") from None
        tls = self.scheme == "https"
        try:
            return await asyncio.wait_for(
                asyncio.open_connection(
                    proxy_address, self.port, ssl=tls or None, server_hostname=self.host if tls else None
                ),
                CONNECT_TIMEOUT,
            )
        except (OSError, TimeoutError) as exc:
            raise Refused(502, f"could not connect to the proxy: {exc}") from None

    def plain_request_head(self, method: str, address: str, port: int, path: str, version: str) -> bytes:
        """The request line of a plain http:// request for an HTTP proxy: the checked address
        in the URL (the Host header, unchanged, still names the site)."""
        head = f"{method} http://{authority(address, port)}{path} {version}\r\n"
        if self.authorization:
            head += f"Proxy-Authorization: {self.authorization}\r\n"
        return head.encode("latin-1")

    async def tunnel(
        self, guard: AddressGuard, address: str, port: int
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = await self.connect(guard)
        try:
            if self.scheme == "socks5":
                await self._socks5_connect(reader, writer, address, port)
            else:
                await self._http_connect(reader, writer, address, port)
        except Refused:
            writer.close()
            raise
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, TimeoutError):
            writer.close()
            raise Refused(502, "the proxy sent no valid answer") from None
        return reader, writer

    async def _http_connect(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, address: str, port: int
    ) -> None:
        target = authority(address, port)
        head = f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n"
        if self.authorization:
            head += f"Proxy-Authorization: {self.authorization}\r\n"
        writer.write(head.encode("latin-1") + b"\r\n")
        answer = await read_head(reader)
        if answer.split(b" ", 2)[1:2] != [b"200"]:
            status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
            raise Refused(502, f"the proxy refused the tunnel ({status_line})")

    async def _socks5_connect(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, address: str, port: int
    ) -> None:
        """RFC 1928 CONNECT by address (never by name: the proxy must not resolve it again),
        with no authentication or RFC 1929 username/password."""
        methods = b"\x00\x02" if self.username is not None else b"\x00"
        writer.write(b"\x05" + bytes([len(methods)]) + methods)
        version, method = await read_exactly(reader, 2)
        if version != 5 or method not in methods:
            raise Refused(502, "the SOCKS5 proxy accepts none of our authentication methods")
        if method == 2:
            user, password = (self.username or "").encode(), self.password.encode()
            if len(user) > 255 or len(password) > 255:
                raise Refused(502, "the SOCKS5 proxy credentials are too long")
            writer.write(b"\x01" + bytes([len(user)]) + user + bytes([len(password)]) + password)
            if (await read_exactly(reader, 2))[1] != 0:
                raise Refused(502, "the SOCKS5 proxy refused the credentials")
        ip = ipaddress.ip_address(address)
        address_type = b"\x01" if ip.version == 4 else b"\x04"
        writer.write(b"\x05\x01\x00" + address_type + ip.packed + port.to_bytes(2, "big"))
        _, reply, _, bound_type = await read_exactly(reader, 4)
        bound_size = {1: 4, 4: 16}.get(bound_type)
        if bound_size is None and bound_type == 3:
            bound_size = (await read_exactly(reader, 1))[0]
        if bound_size is None:
            raise Refused(502, "the SOCKS5 proxy sent no valid answer")
        await read_exactly(reader, bound_size + 2)
        if reply != 0:
            raise Refused(502, f"the SOCKS5 proxy refused the connection (reply {reply})")


class EgressProxy:
    """Listens on 127.0.0.1 (a free port, bound at once so the address is known before the
    browser starts) and serves once `start` is awaited on the crawler's event loop."""

    def __init__(self, guard: AddressGuard, stats: Any = None, upstream: str | None = None) -> None:
        self.guard = guard
        self.stats = stats
        self.upstream = None if upstream is None else UpstreamProxy.parse(upstream)
        self._socket = socket.create_server((LOCAL_EGRESS_HOST, 0))
        self._socket.setblocking(False)
        self.url = f"http://{LOCAL_EGRESS_HOST}:{self._socket.getsockname()[1]}"
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

        if method != "CONNECT" and self.upstream is not None and self.upstream.forwards_plain_requests:
            await self._forward_plain_via_upstream(
                reader, writer, method, host, port, path, version, header_block
            )
            return
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

    async def _forward_plain_via_upstream(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        method: str,
        host: str,
        port: int,
        path: str,
        version: str,
        header_block: bytes,
    ) -> None:
        """One plain http:// request to an HTTP upstream proxy, addressed to the checked IP.
        Only this request's own body goes up: anything else the client sends down the same
        connection could name another host, and the upstream proxy would fetch it unchecked."""
        body_size = request_body_size(header_block)
        address = (await self._checked(host))[0]
        assert self.upstream is not None
        up_reader, up_writer = await self.upstream.connect(self.guard)
        try:
            up_writer.write(
                self.upstream.plain_request_head(method, address, port, path, version)
                + without_hop_headers(header_block)
                + b"Connection: close\r\n\r\n"
            )
            if body_size:
                up_writer.write(await read_exactly(reader, body_size))
            await self._forward_answer_head(up_reader, writer, host)
            while data := await asyncio.wait_for(up_reader.read(CHUNK), ANSWER_TIMEOUT):
                writer.write(data)
                await writer.drain()
        finally:
            up_writer.close()

    async def _open(self, host: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A connection to a checked address of `host` (through the upstream proxy if any), or Refused."""
        addresses = await self._checked(host)
        if self.upstream is not None:
            return await self.upstream.tunnel(self.guard, addresses[0], port)
        error: Exception | None = None
        for address in addresses:
            try:
                return await asyncio.wait_for(asyncio.open_connection(address, port), CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                error = exc
        raise Refused(502, f"could not connect to {host}:{port}: {error or 'no address'}")

    async def _checked(self, host: str) -> tuple[str, ...]:
        """The addresses of `host` the guard allows, or Refused."""
        try:
            return await self.guard.check_async(host)
        except ForbiddenAddress as exc:
            if self.stats is not None:
                self.stats.inc_value("browser_egress/refused")
            logger.warning("browser connection refused: %s", exc)
            raise Refused(403, str(exc)) from None
        except UnresolvableHost as exc:
            raise Refused(502, str(exc)) from None

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
