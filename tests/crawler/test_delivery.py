"""The pipeline never loses an offer to a transient API error: batches are retried with backoff,
and a job whose offers cannot be delivered is completed as `error`, to be checked again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.models import Offer
from demo.shop import ShopServer
from tests.crawler.conftest import FlakyProxy, api_crawl_env, reload, run_crawl, watch

FAST_RETRIES = ("-s", "OFFERWATCH_API_BACKOFF=0.05", "-s", "OFFERWATCH_API_RETRIES=3")


async def test_transient_api_errors_are_retried_until_the_offers_are_in(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    flaky_api: Callable[[int], FlakyProxy],
    tmp_path: Path,
) -> None:
    page = await watch(client, db, shop.base_url + "/new-arrivals")
    proxy = flaky_api(2)
    result = run_crawl(tmp_path, *FAST_RETRIES, **api_crawl_env(proxy.url))
    assert proxy.failed == 2
    assert result.log.count("/offers/batch failed (HTTP 503); retrying") == 2, result.log[-4000:]
    assert await db.scalar(select(func.count()).select_from(Offer)) == 3
    page = await reload(db, page)
    assert (page.last_status, page.baseline_done) == ("ok", True)


async def test_api_that_stays_down_leaves_the_job_in_error_for_the_next_check(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    flaky_api: Callable[[int], FlakyProxy],
    tmp_path: Path,
) -> None:
    page = await watch(client, db, shop.base_url + "/new-arrivals")
    proxy = flaky_api(1000)
    result = run_crawl(tmp_path, *FAST_RETRIES, **api_crawl_env(proxy.url))
    assert proxy.failed == 4  # the first attempt and three retries
    assert "'offers/undelivered': 3" in result.log, result.log[-4000:]
    page = await reload(db, page)
    assert page.last_status == "error" and page.lease_id is None and not page.baseline_done
    assert page.last_error is not None and page.last_error.startswith(
        "HTTP 200: offers could not be delivered"
    )
    assert await db.scalar(select(func.count()).select_from(Offer)) == 0
