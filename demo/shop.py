"""`python -m demo.shop --port N`: serve the demo shop (standard library HTTP server).

Besides the listing pages (see demo/pages.py) it answers:
- POST /admin/offers {"slug", "title", "price", "image"?}: add an offer to /new-arrivals;
- POST /admin/reset: /new-arrivals back to its first three offers;
- GET /redirect?to=URL: a 302 to URL (for the crawler's redirect checks);
- GET /flaky/<name>?failures=N: 503 for the first N requests of that name, then /cards;
- GET /slow?seconds=S: /cards after S seconds;
- GET /bench/<n>: /cards with offers of its own for each n, for the crawl benchmark.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from demo import pages
from demo.pages import DemoOffer


class ShopState:
    """The mutable part of the shop: the offers of /new-arrivals."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._arrivals = list(pages.INITIAL_ARRIVALS)
        self._hits: dict[str, int] = {}

    def arrivals(self) -> list[DemoOffer]:
        with self._lock:
            return list(self._arrivals)

    def add_arrival(self, offer: DemoOffer) -> None:
        with self._lock:
            self._arrivals.insert(0, offer)

    def reset(self) -> None:
        with self._lock:
            self._arrivals = list(pages.INITIAL_ARRIVALS)
            self._hits.clear()

    def count_hit(self, path: str) -> int:
        """How many times `path` was requested, this request included."""
        with self._lock:
            self._hits[path] = self._hits.get(path, 0) + 1
            return self._hits[path]


class ShopHandler(BaseHTTPRequestHandler):
    server: ShopServer
    server_version = "offerwatch-demo-shop"

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _html(self, html: str, charset: str = "utf-8", declare: bool = True) -> None:
        content_type = f"text/html; charset={charset}" if declare else "text/html"
        self._send(200, html.encode(charset), content_type)

    def _json(self, status: int, data: object, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data).encode(), "application/json", headers)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        base = f"http://{self.headers.get('Host', '127.0.0.1')}"
        static: dict[str, Callable[[], str]] = {
            "/": pages.index,
            "/cards": pages.cards,
            "/table": pages.table,
            "/list": pages.listing,
            "/jsonld": pages.jsonld,
            "/graph": lambda: pages.graph(base),
            "/microdata": pages.microdata,
            "/rdfa": pages.rdfa,
            "/next": pages.next_data,
            "/nuxt": pages.nuxt_data,
            "/app-state": pages.app_state,
            "/selectors": pages.selectors_page,
            "/private/listing": pages.cards,
        }
        if path in static:
            self._html(static[path]())
        elif path == "/new-arrivals":
            self._html(pages.arrivals(self.server.state.arrivals()))
        elif path == "/latin2":
            self._html(pages.latin2(), charset="iso-8859-2", declare=False)
        elif path == "/cp1251":
            self._html(pages.cp1251(), charset="windows-1251")
        elif path == "/js":
            self._html(pages.js(parse_qs(parts.query).get("source", ["/api/js-offers"])[0]))
        elif path == "/api/js-offers":
            self._json(200, pages.JS_OFFERS, {"Access-Control-Allow-Origin": "*"})
        elif path.startswith("/bench/") and path.removeprefix("/bench/").isdigit():
            self._html(pages.cards(copy=int(path.removeprefix("/bench/"))))
        elif path.startswith("/flaky/"):
            failures = int(parse_qs(parts.query).get("failures", ["2"])[0])
            if self.server.state.count_hit(path) <= failures:
                self._send(503, b"try again later", "text/plain")
            else:
                self._html(pages.cards())
        elif path == "/slow":
            time.sleep(float(parse_qs(parts.query).get("seconds", ["2"])[0]))
            self._html(pages.cards())
        elif path == "/redirect":
            target = parse_qs(parts.query).get("to", ["/"])[0]
            self._send(302, b"", "text/plain", {"Location": target})
        elif path == "/robots.txt":
            self._send(200, pages.ROBOTS_TXT.encode(), "text/plain")
        else:
            self._send(404, b"not found", "text/plain")

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path == "/admin/reset":
            self.server.state.reset()
            self._json(200, {"ok": True})
            return
        if path != "/admin/offers":
            self._send(404, b"not found", "text/plain")
            return
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            offer = DemoOffer(str(body["slug"]), str(body["title"]), str(body["price"]), body.get("image"))
        except (ValueError, KeyError, TypeError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": f"need slug, title and price: {exc}"})
            return
        self.server.state.add_arrival(offer)
        self._json(201, {"ok": True})


class ShopServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, verbose: bool = False) -> None:
        super().__init__((host, port), ShopHandler)
        self.state = ShopState()
        self.verbose = verbose

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


def start_in_thread(host: str = "127.0.0.1", port: int = 0) -> ShopServer:
    """Serve the shop from a background thread (tests, benchmarks); `shutdown()` stops it."""
    server = ShopServer(host, port)
    threading.Thread(target=server.serve_forever, name="demo-shop", daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the offerwatch demo shop.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = ShopServer(args.host, args.port, verbose=True)
    print(f"demo shop at {server.base_url}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
