"""The request id of the API call that created a notification is in the notifier's log lines
about delivering it (and the crawler sends one id per job)."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from core.observability import RequestIdFilter
from crawler.api_client import job_request_id
from crawler.items import Job
from tests.conftest import TEST_INTERNAL_TOKEN
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import arrange_watched_url

AUTH = {"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"}


async def test_delivery_logs_carry_the_request_id_of_the_post_that_created_it(
    db: AsyncSession, app: Litestar, fake_telegram: FakeTelegram, caplog
) -> None:
    scraping_url_id = await arrange_watched_url(db, chat_id=4242)
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.INFO, logger="notifier")
    offer = {"scraping_url_id": str(scraping_url_id), "url": "https://shop.example/x/1", "title": "Lamp"}

    async with AsyncTestClient(app) as client:
        response = await client.post(
            "/api/internal/offers", json=offer, headers={**AUTH, "X-Request-ID": "crawl-lease-77"}
        )
        assert response.status_code == 201, response.text
        await fake_telegram.await_messages(1)
        deadline = time.monotonic() + 10
        while not [r for r in caplog.records if r.getMessage().endswith(": sent")]:
            assert time.monotonic() < deadline, caplog.text
            await asyncio.sleep(0.05)

    [delivered] = [r for r in caplog.records if r.getMessage().endswith(": sent")]
    assert delivered.request_id == "crawl-lease-77"


def test_the_crawler_sends_one_request_id_per_job() -> None:
    lease_id = uuid.uuid4()
    job = Job(id=uuid.uuid4(), url="https://shop.example/", lease_id=lease_id)
    assert job_request_id(job) == {"X-Request-ID": f"crawl-{lease_id}"}
