"""Servers of the fetch-option tests: a forward proxy that counts what passes through it, and a
shop whose listing needs a cookie and spreads over three pages."""

from __future__ import annotations

import ipaddress
import select
import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx

SELECTORS = {"item": "li.offer", "title": "h3", "price": ".price", "link": "a"}


def pipe(client: socket.socket, upstream: socket.socket) -> None:
    """Copy bytes both ways until either side ends; closes `upstream`."""
    sockets = [client, upstream]
    try:
        while True:
            readable, _, _ = select.select(sockets, [], [], 30)
            if not readable:
                return
            for source in readable:
                data = source.recv(65536)
                if not data:
                    return
                (upstream if source is client else client).sendall(data)
    finally:
        upstream.close()


class CountingProxyHandler(BaseHTTPRequestHandler):
    server: CountingProxy

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def _refuse_without_credentials(self) -> bool:
        expected = self.server.expected_authorization
        if expected is not None and self.headers.get("Proxy-Authorization") != expected:
            self.send_response(407)
            self.send_header("Proxy-Authenticate", 'Basic realm="test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        return False

    def do_CONNECT(self) -> None:
        self.server.record(f"CONNECT {self.path}")
        if self._refuse_without_credentials():
            return
        host, _, port = self.path.rpartition(":")
        upstream = socket.create_connection((host.strip("[]"), int(port)))
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        pipe(self.connection, upstream)

    def do_GET(self) -> None:
        self.server.record(f"GET {self.path}")
        self.server.host_headers.append(self.headers.get("Host", ""))
        if self._refuse_without_credentials():
            return
        headers = {
            k: v
            for k, v in self.headers.items()
            if k.lower() not in {"proxy-authorization", "proxy-connection"}
        }
        answer = httpx.get(self.path, headers=headers)
        self.send_response(answer.status_code)
        self.send_header("Content-Type", answer.headers.get("content-type", "text/html"))
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)


class Socks5Handler(socketserver.BaseRequestHandler):
    """RFC 1928 CONNECT (IPv4, IPv6 or a name) with no auth or RFC 1929 username/password."""

    server: CountingSocks5Proxy

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.request.recv(size - len(data))
            if not chunk:
                raise ConnectionError("client went away")
            data += chunk
        return data

    def handle(self) -> None:
        _, count = self._read(2)
        methods = self._read(count)
        wanted = 2 if self.server.credentials else 0
        if wanted not in methods:
            self.request.sendall(b"\x05\xff")
            return
        self.request.sendall(bytes([5, wanted]))
        if wanted == 2:
            _, size = self._read(2)
            user = self._read(size)
            password = self._read(self._read(1)[0])
            accepted = (user.decode(), password.decode()) == self.server.credentials
            self.request.sendall(b"\x01" + (b"\x00" if accepted else b"\x01"))
            if not accepted:
                return
        _, _command, _, address_type = self._read(4)  # CONNECT is all the crawler asks for
        if address_type == 1:
            host = str(ipaddress.IPv4Address(self._read(4)))
        elif address_type == 4:
            host = str(ipaddress.IPv6Address(self._read(16)))
        else:
            host = self._read(self._read(1)[0]).decode()
        port = int.from_bytes(self._read(2), "big")
        self.server.record(f"CONNECT {host}:{port}")
        upstream = socket.create_connection((host, port))
        self.request.sendall(b"\x05\x00\x00\x01" + bytes(4) + bytes(2))
        pipe(self.request, upstream)


class CountingSocks5Proxy(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Socks5Handler)
        self.credentials = credentials
        self.seen: list[str] = []
        self._lock = threading.Lock()

    def url(self, user_and_password: str = "") -> str:
        credentials = f"{user_and_password}@" if user_and_password else ""
        return f"socks5://{credentials}127.0.0.1:{self.server_address[1]}"

    def record(self, line: str) -> None:
        with self._lock:
            self.seen.append(line)


class CountingProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, expected_authorization: str | None = None) -> None:
        super().__init__(("127.0.0.1", 0), CountingProxyHandler)
        self.expected_authorization = expected_authorization
        self.seen: list[str] = []
        self.host_headers: list[str] = []
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def record(self, line: str) -> None:
        with self._lock:
            self.seen.append(line)


def offer_list(*names: str) -> str:
    return "".join(
        f'<li class="offer"><a href="/item/{n}"><h3>{n.title()} tent</h3></a>'
        '<span class="price">99 EUR</span></li>'
        for n in names
    )


PAGES = {1: ("alpine", "forest"), 2: ("desert", "lakeside"), 3: ("meadow",)}


class ShopHandler(BaseHTTPRequestHandler):
    server: ShopSite

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def _answer(self, status: int, body: str, **headers: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.record(self.path, self.headers)
        if parts.path == "/robots.txt":
            return self._answer(200, "User-agent: *\nAllow: /\n")
        if parts.path == "/members":
            if "session=letmein" not in (self.headers.get("Cookie") or ""):
                return self._answer(403, "<html><body>Please log in</body></html>")
            return self._answer(200, f"<html><body><ul>{offer_list('secret', 'hidden')}</ul></body></html>")
        if parts.path == "/search":
            number = int(parse_qs(parts.query).get("page", ["1"])[0])
            names = list(PAGES.get(number, ()))
            if number == 2:
                names += self.server.extra_on_page_2
            pager = '<nav class="pagination">'
            if number < 3:
                pager += f'<a href="/search?q=tent&amp;page={number + 1}">Next</a>'
            pager += "</nav>"
            return self._answer(200, f"<html><body><ul>{offer_list(*names)}</ul>{pager}</body></html>")
        if parts.path == "/busy":
            self.server.busy_hits += 1
            if self.server.busy_hits == 1:
                return self._answer(429, "slow down", Retry_After="2")
            return self._answer(200, f"<html><body><ul>{offer_list('patient')}</ul></body></html>")
        return self._answer(404, "no such page")


class ShopSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ShopHandler)
        self.extra_on_page_2: list[str] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.busy_hits = 0
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def record(self, path: str, headers: object) -> None:
        with self._lock:
            self.requests.append((path, dict(headers.items())))  # type: ignore[attr-defined]


@contextmanager
def running(server: socketserver.BaseServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
