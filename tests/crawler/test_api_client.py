"""The crawler's client speaks the wire contract (core/wire.py) with the real API: what it
encodes the API takes, what the API answers it decodes into the same structs."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Offer
from core.wire import Job, JobState, OfferBatchOut, OfferItem, PageHashes, ScrapingJob
from crawler.api_client import ApiError, InternalApi
from tests.conftest import TEST_INTERNAL_TOKEN
from tests.crawler.conftest import reload, watch

PROXY = "http://crawler:s3cret-proxy-word@proxy.example:3128"
BODY_HASH, OFFERS_HASH = "a" * 64, "b" * 64


@pytest.fixture
async def api(api_server: str) -> AsyncIterator[InternalApi]:
    client = InternalApi(api_server, TEST_INTERNAL_TOKEN, retries=0)
    yield client
    await client.aclose()


async def test_a_lease_decodes_into_the_wire_job_with_its_fetch_options(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession, api: InternalApi
) -> None:
    page = await watch(client, db, "https://shop.example/tents", proxy=PROXY, cookies="session=abc")

    [job] = await api.lease_jobs(5)

    assert isinstance(job, ScrapingJob)
    assert (job.id, job.url, job.baseline, job.max_pages) == (page.id, page.url, True, 1)
    assert isinstance(job.lease_id, UUID)
    assert isinstance(job.lease_expires_at, dt.datetime) and job.lease_expires_at.tzinfo is not None
    assert (job.proxy, job.cookies) == (PROXY, {"session": "abc"})
    assert job.seen == PageHashes(None, None)
    # Credentials never reach a log line through the job's repr.
    assert "s3cret" not in repr(job) and "abc" not in repr(job)


async def test_posted_offers_are_answered_item_by_item_in_the_wire_structs(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession, api: InternalApi
) -> None:
    await watch(client, db, "https://shop.example/tents")
    [job] = await api.lease_jobs(1)
    offers = [
        OfferItem(url="https://shop.example/t/1", title="Tent", price=Decimal("49.90"), currency="EUR"),
        OfferItem(url="ftp://shop.example/t/2", title="Not a web page"),
    ]

    result = await api.post_offers(job, offers)

    assert isinstance(result, OfferBatchOut)
    assert (result.new, result.known, result.invalid) == (1, 0, 1)
    assert [item.status for item in result.items] == ["new", "invalid"]
    assert result.items[1].errors[0].field == "url"
    stored = await db.scalar(select(Offer).where(Offer.url == "https://shop.example/t/1"))
    assert stored is not None and (stored.price, stored.currency) == (Decimal("49.90"), "EUR")


async def test_a_completion_is_answered_with_the_page_state(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession, api: InternalApi
) -> None:
    page = await watch(client, db, "https://shop.example/tents")
    [job] = await api.lease_jobs(1)
    await api.post_offers(job, [OfferItem(url="https://shop.example/t/1", title="Tent")])

    state = await api.complete_check(
        job, seen=PageHashes(BODY_HASH, OFFERS_HASH), unchanged=None, http_status=200, offers_seen=1
    )

    assert isinstance(state, JobState)
    assert (state.id, state.last_status, state.baseline_done) == (page.id, "ok", True)
    page = await reload(db, page)
    assert (page.body_hash, page.offers_hash, page.lease_id) == (BODY_HASH, OFFERS_HASH, None)


async def test_the_api_refusing_a_completion_is_an_error_naming_the_status(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession, api: InternalApi
) -> None:
    await watch(client, db, "https://shop.example/tents")
    [job] = await api.lease_jobs(1)
    await api.complete_job(job, ok=False, error="timed out")

    with pytest.raises(ApiError) as refused:
        await api.complete_job(job, ok=True)  # the lease ended with the first completion

    assert refused.value.status == 409


async def test_a_job_without_a_lease_posts_and_completes_nothing(api: InternalApi) -> None:
    adhoc = Job(url="https://shop.example/tents")

    with pytest.raises(ValueError, match="ad-hoc"):
        await api.post_offers(adhoc, [OfferItem(url="https://shop.example/t/1", title="Tent")])
    with pytest.raises(ValueError, match="ad-hoc"):
        await api.complete_job(adhoc, ok=True)
