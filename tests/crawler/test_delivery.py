"""The pipeline never loses an offer to a transient API error: batches are retried with backoff,
and a job whose offers cannot be delivered is completed as `error`, to be checked again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Offer
from demo.shop import ShopServer
from tests.crawler.conftest import FlakyProxy, FlakyProxyHandler, api_crawl_env, reload, run_crawl, watch

FAST_RETRIES = (
    "-s",
    "OFFERWATCH_API_BACKOFF=0.05",
    "-s",
    "OFFERWATCH_API_RETRIES=3",
    "-s",
    "OFFERWATCH_API_RETRY_SECONDS=0",
)
# An API restart: one retry by count, but retrying for up to half a minute.
RETRY_FOR_A_WHILE = (
    "-s",
    "OFFERWATCH_API_BACKOFF=0.05",
    "-s",
    "OFFERWATCH_API_RETRIES=1",
    "-s",
    "OFFERWATCH_API_RETRY_SECONDS=30",
)
API_DOWN_SECONDS = 3.0


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


async def test_offers_outlive_an_api_restart_retried_for_the_retry_seconds(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    flaky_api: Callable[[int], FlakyProxy],
    tmp_path: Path,
) -> None:
    page = await watch(client, db, shop.base_url + "/new-arrivals")
    proxy = flaky_api(1_000_000)  # every batch fails until the API is "back"
    went_down = threading.Event()
    back = threading.Timer(API_DOWN_SECONDS, lambda: setattr(proxy, "failures", 0))
    fail = proxy.take_failure

    def take_failure() -> bool:  # the restart's clock starts at the first failed batch
        failing = fail()
        if failing and not went_down.is_set():
            went_down.set()
            back.start()
        return failing

    proxy.take_failure = take_failure  # type: ignore[method-assign]
    try:
        result = run_crawl(tmp_path, *RETRY_FOR_A_WHILE, **api_crawl_env(proxy.url))
    finally:
        back.cancel()
    # More failures than OFFERWATCH_API_RETRIES allows by count: the seconds kept it trying.
    assert proxy.failed > 2, result.log[-4000:]
    assert await db.scalar(select(func.count()).select_from(Offer)) == 3
    page = await reload(db, page)
    assert (page.last_status, page.baseline_done) == ("ok", True)


class LostAnswerHandler(FlakyProxyHandler):
    """The API takes the batch, but its answer is lost (it restarted just after the commit)."""

    def _forward(self) -> None:
        if self.path.startswith("/api/internal/offers/batch") and self.server.take_failure():
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "content-length"}}
            httpx.request(self.command, self.server.upstream + self.path, headers=headers, content=body)
            self.send_response(502)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super()._forward()

    do_GET = do_POST = _forward


async def test_a_batch_posted_again_after_its_answer_was_lost_is_stored_once(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    flaky_api: Callable[[int], FlakyProxy],
    tmp_path: Path,
) -> None:
    page = await watch(client, db, shop.base_url + "/new-arrivals")
    proxy = flaky_api(2)
    proxy.RequestHandlerClass = LostAnswerHandler
    result = run_crawl(tmp_path, *FAST_RETRIES, **api_crawl_env(proxy.url))
    assert proxy.failed == 2
    assert result.log.count("/offers/batch failed (HTTP 502); retrying") == 2, result.log[-4000:]
    assert await db.scalar(select(func.count()).select_from(Offer)) == 3
    page = await reload(db, page)
    assert (page.last_status, page.baseline_done) == ("ok", True)
