"""The browser's egress proxy: everything Chromium fetches passes the address guard, including
what scrapy-playwright's request hook never sees (redirect hops of subresources, iframes and
fetches, WebSockets), and the browser connects to the address the guard checked, whatever
its own DNS would answer."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from crawler.address_guard import AddressGuard
from crawler.egress_proxy import EgressProxy
from demo.shop import ShopServer
from tests.crawler.conftest import run_crawl


class RecordingHandler(BaseHTTPRequestHandler):
    """Records (Host header, path) of every request. /probe is an allowed page whose
    subresources, frame, fetch and WebSocket all try to reach the same server by its forbidden
    name (127.0.0.1), and whose WebRTC connection sends STUN to the site's UDP port;
    /redirect?to= redirects; anything else is a small page."""

    server: RecordingSite

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.server.record(self.headers.get("Host", ""), self.path)
        if self.path == "/early-hints":
            self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n")
        if self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/redirect?to="))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = (self.server.probe_page() if self.path == "/probe" else "<p>secret</p>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class RecordingSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int = 0) -> None:
        super().__init__((host, port), RecordingHandler)
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind((host, 0))
        self.udp.setblocking(False)

    def server_close(self) -> None:
        super().server_close()
        self.udp.close()

    def datagrams(self) -> list[bytes]:
        """UDP datagrams received so far."""
        received = []
        with contextlib.suppress(BlockingIOError):
            while True:
                received.append(self.udp.recv(2048))
        return received

    def record(self, host: str, path: str) -> None:
        with self._lock:
            self.requests.append((host, path))

    def probe_page(self) -> str:
        forbidden = f"http://127.0.0.1:{self.server_address[1]}"
        return f"""<!doctype html><html><body>
<ul class="offers">
  <li><a href="/item/tent">Tent for two</a> <span class="price">$120.00</span></li>
  <li><a href="/item/stove">Camping stove</a> <span class="price">$45.00</span></li>
  <li><a href="/item/lamp">Head lamp</a> <span class="price">$19.00</span></li>
</ul>
<img src="/redirect?to={forbidden}/leak/image" alt="">
<iframe src="/redirect?to={forbidden}/leak/frame"></iframe>
<script>
  fetch("/redirect?to={forbidden}/leak/fetch").catch(() => null);
  new WebSocket("ws://127.0.0.1:{self.server_address[1]}/leak/websocket");
  const rtc = new RTCPeerConnection({{iceServers: [{{urls: "stun:127.0.0.1:{self.udp.getsockname()[1]}"}}]}});
  rtc.createDataChannel("probe");
  rtc.createOffer().then((offer) => rtc.setLocalDescription(offer));
</script>
</body></html>"""


@pytest.fixture
def site() -> Iterator[RecordingSite]:
    server = RecordingSite("127.0.0.1")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
async def proxy() -> AsyncIterator[EgressProxy]:
    """An egress proxy that admits only localhost among private hosts, on this test's loop."""
    proxy = EgressProxy(AddressGuard(["localhost"]))
    await proxy.start()
    yield proxy
    await proxy.close()


def launch_options(chromium: str, *extra_args: str) -> str:
    return json.dumps(
        {
            "executable_path": chromium,
            "headless": True,
            "args": ["--no-sandbox", "--disable-gpu", *extra_args],
        }
    )


def test_what_the_page_fetches_by_itself_cannot_reach_a_forbidden_host(
    site: RecordingSite, chromium: str, tmp_path: Path
) -> None:
    port = site.server_address[1]
    page = f"http://localhost:{port}/probe"
    result = run_crawl(
        tmp_path,
        "-a",
        f"url={page}",
        "-a",
        "render_js=1",
        ALLOWED_PRIVATE_HOSTS="localhost",
        CHROMIUM_PATH=chromium,
    )
    assert [o["title"] for o in result.items[0]["offers"]] == [
        "Tent for two",
        "Camping stove",
        "Head lamp",
    ], result.log[-3000:]
    # The probes ran: each redirect was asked for by the allowed name...
    asked = {path for host, path in site.requests if host == f"localhost:{port}"}
    for leak in ("image", "frame", "fetch"):
        assert f"/redirect?to=http://127.0.0.1:{port}/leak/{leak}" in asked, site.requests
    # ...and nothing reached the server by the forbidden one: not the redirect hops (which the
    # request hook never sees), not the WebSocket, not WebRTC's UDP.
    assert [r for r in site.requests if r[0] != f"localhost:{port}"] == []
    assert site.datagrams() == []
    assert "browser connection refused: refused to fetch 127.0.0.1: it is a loopback address" in result.log
    refused = int(result.log.split("'browser_egress/refused': ")[1].split(",")[0])
    assert refused >= 4  # three redirect hops and the WebSocket (the browser may try one twice)


def test_the_browser_connects_to_the_address_the_guard_checked(
    shop: ShopServer, chromium: str, tmp_path: Path
) -> None:
    # DNS rebinding in miniature: the guard resolves localhost to 127.0.0.1 (the shop), while
    # the browser's own resolver is told localhost is 127.0.0.2, where another server listens
    # on the same port. Only the checked address may be reached.
    port = shop.server_address[1]
    other = RecordingSite("127.0.0.2", port)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        result = run_crawl(
            tmp_path,
            "-s",
            "PLAYWRIGHT_LAUNCH_OPTIONS="
            + launch_options(chromium, "--host-resolver-rules=MAP localhost 127.0.0.2"),
            "-a",
            f"url=http://localhost:{port}/js",
            "-a",
            "render_js=1",
            ALLOWED_PRIVATE_HOSTS="localhost",
        )
    finally:
        other.shutdown()
        other.server_close()
    offers = result.items[0]["offers"]
    assert [o["title"] for o in offers] == ["Drone", "Gimbal"], result.log[-3000:]
    assert other.requests == []


async def test_proxy_forwards_plain_requests_to_allowed_hosts_and_refuses_the_rest(
    site: RecordingSite,
    proxy: EgressProxy,
) -> None:
    port = site.server_address[1]
    async with httpx.AsyncClient(proxy=proxy.url) as client:
        allowed = await client.get(f"http://localhost:{port}/page?q=1")
        forbidden = await client.get(f"http://127.0.0.1:{port}/page")
        metadata = await client.get("http://169.254.169.254/latest/meta-data/")
        unresolvable = await client.get("http://no-such-host.invalid/")
    assert allowed.status_code == 200 and allowed.text == "<p>secret</p>"
    assert allowed.headers["connection"] == "close"
    assert forbidden.status_code == 403
    assert "refused to fetch 127.0.0.1: it is a loopback address" in forbidden.text
    assert metadata.status_code == 403 and "cloud metadata" in metadata.text
    assert unresolvable.status_code == 502 and "could not be resolved" in unresolvable.text
    assert site.requests == [(f"localhost:{port}", "/page?q=1")]


async def exchange(proxy: EgressProxy, request: bytes, half_close: bool = False) -> bytes:
    """Send raw bytes to the proxy (then, with `half_close`, shut down the sending side); all
    it answers until it closes the connection."""
    host, port = proxy.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(request)
    if half_close:
        writer.write_eof()
    await writer.drain()
    try:
        return await asyncio.wait_for(reader.read(), 10.0)
    finally:
        writer.close()


async def test_proxy_tunnels_only_to_allowed_hosts_and_rejects_malformed_requests(
    site: RecordingSite,
    proxy: EgressProxy,
) -> None:
    port = site.server_address[1]
    tunnel = await exchange(
        proxy,
        f"CONNECT localhost:{port} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
        f"GET /through-tunnel HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n".encode(),
    )
    refused = await exchange(proxy, f"CONNECT [::1]:{port} HTTP/1.1\r\n\r\n".encode())
    no_port = await exchange(proxy, b"CONNECT localhost HTTP/1.1\r\n\r\n")
    relative = await exchange(proxy, b"GET /page HTTP/1.1\r\nHost: localhost\r\n\r\n")
    garbage = await exchange(proxy, b"HELLO\r\n\r\n")
    other_scheme = await exchange(proxy, f"GET ftp://localhost:{port}/ HTTP/1.1\r\n\r\n".encode())
    bad_urls = [
        await exchange(proxy, f"GET {url} HTTP/1.1\r\n\r\n".encode("latin-1"))
        for url in ("http://[::1/", "http://localhost:99999/", "http://localhost:x/")
    ]
    odd_port = await exchange(proxy, "CONNECT localhost:\xb2 HTTP/1.1\r\n\r\n".encode("latin-1"))
    assert tunnel.startswith(b"HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.0 200 OK"), tunnel
    assert refused.startswith(b"HTTP/1.1 403 Forbidden") and b"loopback" in refused
    assert no_port.startswith(b"HTTP/1.1 400 Bad Request") and b"host:port" in no_port
    assert relative.startswith(b"HTTP/1.1 400 Bad Request") and b"absolute http://" in relative
    assert garbage.startswith(b"HTTP/1.1 400 Bad Request") and b"malformed request line" in garbage
    assert other_scheme.startswith(b"HTTP/1.1 400 Bad Request")
    for answer in bad_urls:
        assert answer.startswith(b"HTTP/1.1 400 Bad Request") and b"absolute http://" in answer, answer
    assert odd_port.startswith(b"HTTP/1.1 400 Bad Request"), odd_port
    assert site.requests == [(f"localhost:{port}", "/through-tunnel")]


async def test_proxy_closes_after_the_final_answer_and_serves_a_browser_that_stopped_sending(
    site: RecordingSite,
    proxy: EgressProxy,
) -> None:
    port = site.server_address[1]
    request = f"GET http://localhost:{port}/early-hints HTTP/1.1\r\nHost: localhost:{port}\r\n"
    hinted = await exchange(proxy, f"{request}Connection: keep-alive\r\n\r\n".encode())
    half_closed = await exchange(proxy, f"{request}\r\n".encode(), half_close=True)
    interim, final = hinted.split(b"\r\n\r\n", 1)
    assert interim.startswith(b"HTTP/1.1 103 Early Hints")
    # The final answer, not the interim one, tells the browser to close this connection.
    assert final.startswith(b"HTTP/1.0 200 OK") and b"Connection: close\r\n" in final, final
    assert b"keep-alive" not in final.lower()
    assert half_closed.endswith(b"<p>secret</p>"), half_closed


def test_a_remote_browser_is_refused_because_it_would_bypass_the_proxy(
    shop: ShopServer, tmp_path: Path
) -> None:
    result = run_crawl(
        tmp_path,
        "-s",
        "PLAYWRIGHT_CDP_URL=http://127.0.0.1:9",
        "-a",
        f"url={shop.base_url}/js",
        "-a",
        "render_js=1",
        ALLOWED_PRIVATE_HOSTS="127.0.0.1",
    )
    assert "only a local browser launched here can be kept behind the egress proxy" in result.log
    assert result.items[0]["offers"] == [] and result.items[0]["error"], result.log[-3000:]
