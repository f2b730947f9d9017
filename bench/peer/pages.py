"""The listing pages both systems watch: N static pages of 40 offers each, served from a thread
of the benchmark's own process (its CPU counts for neither system)."""

from __future__ import annotations

import threading
from collections import Counter
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OFFERS_PER_PAGE = 40
PATH_PREFIX = "/listing/"

_KINDS = ("Road bike", "Camping tent", "Oak desk", "Record player", "Espresso machine", "Sofa bed",
          "Trail shoes", "Rain jacket")  # fmt: skip
_CONDITIONS = ("as new", "good condition", "some wear", "for parts")


def listing_page(number: int, offers: int = OFFERS_PER_PAGE) -> str:
    """Listing page `number`: always the same HTML, its offers found on no other page."""
    cards = []
    for index in range(offers):
        serial = number * offers + index
        title = f"{_KINDS[serial % len(_KINDS)]} #{serial}, {_CONDITIONS[serial % len(_CONDITIONS)]}"
        cards.append(
            f'<div class="card"><a href="/offer/{number}-{index}?ref=list">'
            f'<img src="/img/{serial}.jpg" alt=""><h3>{escape(title)}</h3></a>'
            '<p class="desc">Pick-up or shipping, see the description.</p>'
            f'<span class="price">${10 + serial % 990}.{serial % 100:02d}</span></div>'
        )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Listing {number}</title>'
        '</head><body><header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>'
        f'<main><h1>Listing {number}</h1><div class="grid">{"".join(cards)}</div>'
        f'<ul class="pagination"><li><a href="{PATH_PREFIX}{number}?page=2">2</a></li></ul></main>'
        '<footer><a href="/terms">Terms</a></footer></body></html>'
    )


def page_number(path: str) -> int | None:
    tail = path.split("?", 1)[0].removeprefix(PATH_PREFIX)
    return int(tail) if path.startswith(PATH_PREFIX) and tail.isdigit() else None


class _Handler(BaseHTTPRequestHandler):
    server: PageServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        number = page_number(self.path)
        body = self.server.pages[number] if number is not None and number < len(self.server.pages) else None
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8" if body else "text/plain")
        body = body or b"not found"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if number is not None:
            self.server.count(number)


class PageServer(ThreadingHTTPServer):
    """Serves `count` pages at /listing/<n> on 127.0.0.1 (rendered once, up front) and counts
    the fetches of each."""

    daemon_threads = True

    def __init__(self, count: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages = [listing_page(number).encode() for number in range(count)]
        self.hits: Counter[int] = Counter()
        self._lock = threading.Lock()
        threading.Thread(target=self.serve_forever, name="bench-pages", daemon=True).start()

    def count(self, number: int) -> None:
        with self._lock:
            self.hits[number] += 1

    def take_hits(self) -> Counter[int]:
        """The fetches since the last call."""
        with self._lock:
            hits, self.hits = self.hits, Counter()
        return hits

    def url(self, number: int) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}{PATH_PREFIX}{number}"

    def close(self) -> None:
        self.shutdown()
        self.server_close()
