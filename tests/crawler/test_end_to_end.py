"""End to end: the real API on PostgreSQL + `scrapy crawl offers` against the demo shop.

The baseline crawl records the page's offers and notifies nobody; an offer that appears later
is posted by the next crawl, alone, and creates exactly one notification row."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import (
    Notification,
    Offer,
)
from demo.shop import ShopServer
from tests.crawler.conftest import api_crawl_env, make_due, reload, run_crawl, watch
from tests.support import set_tier


async def test_baseline_then_exactly_the_new_offer_is_posted_and_notified(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    api_server: str,
    tmp_path: Path,
) -> None:
    page = await watch(client, db, shop.base_url + "/new-arrivals")

    baseline = run_crawl(tmp_path, **api_crawl_env(api_server))
    assert len(baseline.items) == 1, baseline.log[-4000:]
    assert "'offers/posted': 3" in baseline.log and "'offers/new': 3" in baseline.log
    assert "'jobs/completed_ok': 1" in baseline.log
    page = await reload(db, page)
    assert (page.last_status, page.baseline_done, page.lease_id, page.last_offers_seen) == (
        "ok",
        True,
        None,
        3,
    )
    titles = set(await db.scalars(select(Offer.title).where(Offer.scraping_url_id == page.id)))
    assert titles == {"Two-person tent", "Camping stove", "Head lamp"}
    assert await db.scalar(select(func.count()).select_from(Notification)) == 0

    added = httpx.post(
        shop.base_url + "/admin/offers",
        json={"slug": "arrival-canoe", "title": "Canoe", "price": "$1,450.00", "image": "/img/canoe.jpg"},
    )
    assert added.status_code == 201
    await make_due(db, page)

    second = run_crawl(tmp_path, **api_crawl_env(api_server))
    assert "'offers/new': 1" in second.log, second.log[-4000:]
    offer = await db.scalar(
        select(Offer).where(
            Offer.scraping_url_id == page.id, Offer.url == shop.base_url + "/item/arrival-canoe"
        )
    )
    assert offer is not None
    assert (offer.title, str(offer.price), offer.currency, offer.image_url) == (
        "Canoe",
        "1450.00",
        "USD",
        shop.base_url + "/img/canoe.jpg",
    )
    notifications = list(await db.scalars(select(Notification)))
    assert [(n.kind, n.offer_id) for n in notifications] == [("new_offer", offer.id)]
    assert await db.scalar(select(func.count()).select_from(Offer)) == 4

    # Nothing due: the crawl asks, finds nothing and closes without fetching anything.
    idle = run_crawl(tmp_path, **api_crawl_env(api_server))
    assert idle.items == [] and "'jobs/leased': 0" in idle.log
    assert "downloader/request_count" not in idle.log and "(finished)" in idle.log


async def test_failed_fetch_completes_the_job_as_error(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    api_server: str,
    tmp_path: Path,
) -> None:
    page = await watch(client, db, shop.base_url + "/gone")
    result = run_crawl(tmp_path, **api_crawl_env(api_server))
    assert "'jobs/completed_error': 1" in result.log, result.log[-4000:]
    page = await reload(db, page)
    assert (page.last_status, page.last_http_status, page.consecutive_failures) == ("error", 404, 1)
    assert page.last_error == "the page answered HTTP 404"
    assert page.lease_id is None and not page.baseline_done


async def test_forbidden_address_completes_the_job_with_the_reason(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    api_server: str,
    tmp_path: Path,
) -> None:
    # The API accepts localhost (its allow-list), the crawler's allow-list does not.
    page = await watch(client, db, f"http://localhost:{shop.server_address[1]}/cards")
    run_crawl(tmp_path, **api_crawl_env(api_server, ALLOWED_PRIVATE_HOSTS="127.0.0.1"))
    page = await reload(db, page)
    assert page.last_status == "error"
    assert page.last_error is not None and "refused to fetch localhost: it resolves to" in page.last_error


async def test_page_without_offers_is_reported_as_an_error(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    api_server: str,
    tmp_path: Path,
) -> None:
    page = await watch(client, db, shop.base_url + "/")
    run_crawl(tmp_path, **api_crawl_env(api_server))
    page = await reload(db, page)
    assert (page.last_status, page.last_offers_seen) == ("error", 0)
    assert page.last_error is not None
    assert page.last_error.startswith("HTTP 200: no offers found on the page — ")
    assert "set selectors" in page.last_error  # the hint: what to change
    assert (await db.execute(text("SELECT count(*) FROM offer"))).scalar() == 0


async def test_concurrent_crawls_share_the_due_pages_without_overlap(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    api_server: str,
    tmp_path: Path,
) -> None:
    expected = {"/cards": 4, "/table": 3, "/list": 6, "/new-arrivals": 3}
    await set_tier(db, "ada", "pro")  # more targets than the free tier allows
    pages = [await watch(client, db, shop.base_url + path) for path in expected]
    # One job per lease: each crawl leases again whenever it runs idle, until none are due.
    one_at_a_time = ("-s", "OFFERWATCH_LEASE_BATCH=1")
    first, second = await asyncio.gather(
        asyncio.to_thread(run_crawl, tmp_path / "a", *one_at_a_time, **api_crawl_env(api_server)),
        asyncio.to_thread(run_crawl, tmp_path / "b", *one_at_a_time, **api_crawl_env(api_server)),
    )
    crawled = [item["job"]["id"] for result in (first, second) for item in result.items]
    assert sorted(crawled) == sorted(str(page.id) for page in pages), first.log[-3000:] + second.log[-3000:]
    assert "could not complete job" not in first.log + second.log
    for page, count in zip(pages, expected.values(), strict=True):
        page = await reload(db, page)
        assert (page.last_status, page.last_offers_seen) == ("ok", count)
    assert await db.scalar(select(func.count()).select_from(Offer)) == sum(expected.values())
