"""End to end through `scrapy crawl offers` and the real API (PostgreSQL): a marketplace page whose
links carry new volatile parameters on every load keeps its offers' identity (no notification on
the next crawl), and an offer whose card names its seller reaches Telegram (the fake server) with
the "Exclude seller" button."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Notification, Offer
from tests.crawler.conftest import api_crawl_env, make_due, run_crawl, watch
from tests.crawler.fetch_sites import running
from tests.fakes.telegram_server import FakeTelegram, fake_telegram  # noqa: F401  (fixture)


@dataclass(frozen=True)
class Listing:
    asin: str
    title: str
    price: str
    seller: str


class Market(ThreadingHTTPServer):
    """A search page in the way of a large marketplace: every load gives its links a new `qid`,
    a new page-load token and new tracking parameters, and each card says who sells it."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), MarketHandler)
        self.listings = [
            Listing("B0AAA11111", "Steel water bottle", "$18.99", "Hydro Goods"),
            Listing("B0BBB22222", "Camping mug", "$9.50", "Trail Supply"),
            Listing("B0CCC33333", "Folding stool", "$24.00", "Trail Supply"),
        ]
        self.loads = itertools.count(1_732_900_000)
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/s?k=camping"

    def page(self) -> str:
        with self.lock:
            load = next(self.loads)
        cards = "".join(
            f'<div class="s-result-item" data-asin="{item.asin}">'
            f'<a href="/dp/{item.asin}/ref=sr_1_{n}?qid={load}&amp;sr=8-{n}&amp;pageload=tk{load}x'
            f'&amp;utm_source=s{load}&amp;keywords=camping"><img src="/img/{item.asin}.jpg" alt=""></a>'
            f"<h2>{escape(item.title)}</h2>"
            f'<span class="a-price"><span class="a-offscreen">{item.price}</span></span>'
            f"<p>Sold by {escape(item.seller)}</p></div>"
            for n, item in enumerate(self.listings, 1)
        )
        return f'<html lang="en"><body><div class="s-main-slot">{cards}</div></body></html>'


class MarketHandler(BaseHTTPRequestHandler):
    server: Market

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        if not self.path.startswith("/s?"):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = self.server.page().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def market() -> Iterator[Market]:
    server = Market()
    with running(server):
        yield server


@pytest.fixture
def settings_overrides(fake_telegram: FakeTelegram) -> dict[str, str]:  # noqa: F811
    """The API accepts the local market's URLs; its in-process notifier talks to the fake Telegram."""
    return {"ALLOWED_PRIVATE_HOSTS": "127.0.0.1,localhost", **fake_telegram.settings_overrides()}


async def test_new_volatile_parameters_on_the_next_crawl_notify_nobody(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    market: Market,
    api_server: str,
    tmp_path: Path,
) -> None:
    page = await watch(client, db, market.url)
    baseline = run_crawl(tmp_path, **api_crawl_env(api_server))
    assert "'offers/new': 3" in baseline.log, baseline.log[-4000:]
    urls = set(await db.scalars(select(Offer.url).where(Offer.scraping_url_id == page.id)))
    assert urls == {f"http://127.0.0.1:{market.server_address[1]}/dp/{item.asin}" for item in market.listings}

    await make_due(db, page)
    again = run_crawl(tmp_path, **api_crawl_env(api_server))
    # The same identities make the same offer set, so the crawler has nothing to post at all.
    assert "'jobs/unchanged_offers': 1" in again.log and "offers/posted" not in again.log, again.log[-4000:]
    assert await db.scalar(select(func.count()).select_from(Offer)) == 3
    assert await db.scalar(select(func.count()).select_from(Notification)) == 0


async def test_a_crawled_offer_naming_its_seller_gets_the_exclude_seller_button(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    market: Market,
    api_server: str,
    fake_telegram: FakeTelegram,  # noqa: F811
    tmp_path: Path,
) -> None:
    page = await watch(client, db, market.url)
    run_crawl(tmp_path, **api_crawl_env(api_server))
    market.listings.insert(0, Listing("B0DDD44444", "Titanium spork", "$12.00", "Bike Barn"))
    await make_due(db, page)

    second = run_crawl(tmp_path, **api_crawl_env(api_server))
    assert "'offers/new': 1" in second.log, second.log[-4000:]
    offer = await db.scalar(select(Offer).where(Offer.title == "Titanium spork"))
    assert offer is not None and offer.extra["seller"] == "Bike Barn"
    [message] = await fake_telegram.await_messages(1, timeout=30)
    buttons = [b["text"] for row in message.params["reply_markup"]["inline_keyboard"] for b in row]
    assert "Exclude seller Bike Barn" in buttons, buttons
    assert "Titanium spork" in message.text
