"""Fetch options end to end: the real API on PostgreSQL hands a page's proxy and cookies to
`scrapy crawl offers`; the next pages are one listing; failures tell the user what to change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Notification, Offer
from tests.crawler.conftest import api_crawl_env, make_due, reload, run_crawl, watch
from tests.crawler.fetch_sites import SELECTORS, CountingProxy, ShopSite
from tests.crawler.test_fetch_options import COOKIE, PROXY_PASSWORD, proxy_url


async def test_a_logged_in_listing_through_a_proxy(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    site: ShopSite,
    proxy: CountingProxy,
    api_server: str,
    tmp_path: Path,
) -> None:
    page = await watch(
        client,
        db,
        f"{site.url}/members",
        selectors=SELECTORS,
        proxy=proxy_url(proxy),
        cookies=f"Cookie: session={COOKIE}",
    )
    crawl = run_crawl(tmp_path, **api_crawl_env(api_server))
    assert "'offers/new': 2" in crawl.log, crawl.log[-4000:]
    assert f"GET {site.url}/members" in proxy.seen
    assert PROXY_PASSWORD not in crawl.log and COOKIE not in crawl.log
    page = await reload(db, page)
    assert page.last_status == "ok"
    shown = (await client.get("/api/public/targets")).text + str(page.fetch_options_masked)
    assert PROXY_PASSWORD not in shown and COOKIE not in shown


async def test_the_new_offer_on_page_two_is_announced(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    site: ShopSite,
    api_server: str,
    tmp_path: Path,
) -> None:
    page = await watch(client, db, f"{site.url}/search?q=tent", selectors=SELECTORS, max_pages=3)
    baseline = run_crawl(tmp_path, **api_crawl_env(api_server))
    assert "'offers/new': 5" in baseline.log, baseline.log[-4000:]
    assert await db.scalar(select(func.count()).select_from(Notification)) == 0

    site.extra_on_page_2.append("canyon")
    await make_due(db, page)
    second = run_crawl(tmp_path, **api_crawl_env(api_server))
    assert "'offers/new': 1" in second.log, second.log[-4000:]
    offer = await db.scalar(select(Offer).where(Offer.url == f"{site.url}/item/canyon"))
    assert offer is not None and offer.title == "Canyon tent"
    notifications = list(await db.scalars(select(Notification)))
    assert [(n.kind, n.offer_id) for n in notifications] == [("new_offer", offer.id)]


async def test_a_block_tells_the_user_to_try_a_proxy_or_cookies(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    site: ShopSite,
    api_server: str,
    tmp_path: Path,
) -> None:
    page = await watch(client, db, f"{site.url}/members", selectors=SELECTORS)
    run_crawl(tmp_path, **api_crawl_env(api_server))
    page = await reload(db, page)
    assert page.last_status == "error"
    assert page.last_error is not None
    assert page.last_error.startswith("the page answered HTTP 403")
    assert "proxy" in page.last_error and "cookies" in page.last_error
    urls = (
        await client.get(
            "/api/public/targets/" + str((await client.get("/api/public/targets")).json()["items"][0]["id"])
        )
    ).json()["urls"]
    assert "cookies" in urls[0]["last_error"]
