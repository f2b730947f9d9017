"""Cheap rechecks, through the real API on PostgreSQL and `scrapy crawl offers`: an unchanged
body is not extracted, an unchanged offer set is not posted, and whatever changes after an
unchanged recheck (a new offer, a price) still arrives exactly."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Notification, Offer
from demo.pages import INITIAL_ARRIVALS, DemoOffer, arrivals
from tests.crawler.conftest import api_crawl_env, make_due, reload, run_crawl, watch
from tests.crawler.fetch_sites import running


class ListingHandler(BaseHTTPRequestHandler):
    server: ListingSite

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        site = self.server
        with site.lock:
            site.fetches += 1
            html = arrivals(list(site.offers))
            if site.token_per_fetch:  # like a page with a timestamp or a CSRF token in it
                html = html.replace("</body>", f'<input type="hidden" value="token-{site.fetches}"></body>')
        body = html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class ListingSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ListingHandler)
        self.lock = threading.Lock()
        self.offers = list(INITIAL_ARRIVALS)
        self.token_per_fetch = False
        self.fetches = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/listing"


@pytest.fixture
def site() -> Iterator[ListingSite]:
    server = ListingSite()
    with running(server):
        yield server


def stat(log: str, name: str) -> int | None:
    """A crawl's stat from its final dump, None when absent."""
    marker = f"'{name}': "
    if marker not in log:
        return None
    return int(log.split(marker, 1)[1].split(",", 1)[0].split("}", 1)[0])


async def offers_of(db: AsyncSession, page_id: Any) -> dict[str, Decimal | None]:
    rows = await db.execute(select(Offer.title, Offer.price).where(Offer.scraping_url_id == page_id))
    return {title: price for title, price in rows}


async def test_unchanged_rechecks_post_nothing_and_what_changes_after_them_arrives_exactly(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    site: ListingSite,
    api_server: str,
    tmp_path: Path,
) -> None:
    env = api_crawl_env(api_server)
    page = await watch(client, db, site.url)
    baseline = run_crawl(tmp_path, **env)
    assert stat(baseline.log, "offers/posted") == 3, baseline.log[-4000:]
    page = await reload(db, page)
    assert page.body_hash and page.offers_hash and page.last_offers_seen == 3
    first_checked = page.last_checked_at

    # Same body: nothing extracted, nothing posted; the schedule still moves on.
    await make_due(db, page)
    same = run_crawl(tmp_path, **env)
    assert stat(same.log, "jobs/unchanged_body") == 1, same.log[-4000:]
    assert stat(same.log, "offers/posted") is None and stat(same.log, "offers/found") is None
    checked = await reload(db, page)
    assert checked.last_checked_at is not None and first_checked is not None
    assert checked.last_checked_at > first_checked
    assert (checked.last_status, checked.last_offers_seen, checked.lease_id) == ("ok", 3, None)

    # A new offer after the unchanged recheck: exactly it is new, and notified.
    site.offers.append(DemoOffer("arrival-canoe", "Canoe", "$1,450.00"))
    await make_due(db, page)
    added = run_crawl(tmp_path, **env)
    assert (stat(added.log, "offers/posted"), stat(added.log, "offers/new")) == (4, 1), added.log[-4000:]
    canoe = await db.scalar(select(Offer).where(Offer.scraping_url_id == page.id, Offer.title == "Canoe"))
    assert canoe is not None
    notified = list(await db.scalars(select(Notification)))
    assert [(n.kind, n.offer_id) for n in notified] == [("new_offer", canoe.id)]

    # A body that changes on every fetch with the same offers: extracted, not posted.
    site.token_per_fetch = True
    await make_due(db, page)
    tokens = run_crawl(tmp_path, **env)
    assert stat(tokens.log, "jobs/unchanged_offers") == 1, tokens.log[-4000:]
    assert stat(tokens.log, "offers/found") == 4 and stat(tokens.log, "offers/posted") is None
    await make_due(db, page)
    again = run_crawl(tmp_path, **env)
    assert stat(again.log, "jobs/unchanged_offers") == 1, again.log[-4000:]

    # A price change is a change of the offer set: posted, and the stored price follows.
    site.offers[0] = DemoOffer("arrival-tent", "Two-person tent", "$99.00", "/img/tent.jpg")
    await make_due(db, page)
    cut = run_crawl(tmp_path, **env)
    assert (stat(cut.log, "offers/posted"), stat(cut.log, "offers/new")) == (4, 0), cut.log[-4000:]
    assert (await offers_of(db, page.id))["Two-person tent"] == Decimal("99.00")
    assert len(await offers_of(db, page.id)) == 4
