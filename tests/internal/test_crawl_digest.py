"""Digests count per crawl of a page, not per request: the batches posted under one lease are
fanned out together when the job completes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db.models import ScrapingUrl
from tests.internal.conftest import BATCH, Handoff, World, offer
from tests.internal.test_complete import complete, lease


async def post_batch(
    internal: AsyncTestClient[Litestar], page: ScrapingUrl, numbers: range
) -> dict[str, Any]:
    body = {"scraping_url_id": str(page.id), "offers": [offer(n) for n in numbers]}
    response = await internal.post(BATCH, json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_one_crawls_offers_in_three_batches_make_exactly_one_digest_per_chat(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession, enqueued: Handoff
) -> None:
    page = await world.page()
    ada = await world.watcher("ada", page=page)
    bob = await world.watcher("bob", page=page)
    lease_id = await lease(internal, db, page)

    for numbers in (range(0, 4), range(4, 8), range(8, 12)):  # each batch is under DIGEST_THRESHOLD (5)
        await post_batch(internal, page, numbers)
    assert enqueued.ids == []  # nothing goes out while the crawl still posts

    assert (await complete(internal, page, lease_id)).status_code == 200

    for watch in (ada, bob):
        [digest] = await world.notifications(kind="digest", channel_id=watch.channel.id)
        assert (digest.status, len(digest.payload["offer_ids"])) == ("pending", 12)
        singles = await world.notifications(kind="new_offer", channel_id=watch.channel.id)
        assert [row.status for row in singles] == ["digested"] * 12
    assert sorted(enqueued.ids) == sorted(row.id for row in await world.notifications(kind="digest"))
    assert enqueued.committed_at_call == [True]


async def test_a_crawl_with_few_new_offers_sends_them_one_by_one_at_completion(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession, enqueued: Handoff
) -> None:
    watch = await world.watcher()
    lease_id = await lease(internal, db, watch.page)
    await post_batch(internal, watch.page, range(0, 2))
    await post_batch(internal, watch.page, range(2, 5))

    await complete(internal, watch.page, lease_id)

    rows = await world.notifications()
    assert [(row.kind, row.status) for row in rows] == [("new_offer", "pending")] * 5
    assert sorted(enqueued.ids) == sorted(row.id for row in rows)


async def test_a_crawl_that_ends_in_an_error_still_sends_what_it_stored(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession, enqueued: Handoff
) -> None:
    watch = await world.watcher()
    lease_id = await lease(internal, db, watch.page)
    await post_batch(internal, watch.page, range(0, 2))

    await complete(internal, watch.page, lease_id, status="error", error="batch 2 rejected")

    assert len(enqueued.ids) == 2


async def test_offers_of_an_abandoned_crawl_go_out_with_the_pages_next_crawl(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession, enqueued: Handoff
) -> None:
    watch = await world.watcher()
    await lease(internal, db, watch.page)
    await post_batch(internal, watch.page, range(0, 4))
    # The crawler died: its lease expires and the page is leased again.
    await db.execute(
        update(ScrapingUrl)
        .where(ScrapingUrl.id == watch.page.id)
        .values(lease_expires_at=utcnow() - dt.timedelta(seconds=1))
    )
    await db.commit()
    lease_id = await lease(internal, db, watch.page)
    await post_batch(internal, watch.page, range(4, 8))
    assert enqueued.ids == []

    await complete(internal, watch.page, lease_id)

    [digest] = await world.notifications(kind="digest")
    assert len(digest.payload["offer_ids"]) == 8
    assert enqueued.ids == [digest.id]


async def test_offers_posted_outside_a_crawl_are_sent_at_once(
    internal: AsyncTestClient[Litestar], world: World, enqueued: Handoff
) -> None:
    watch = await world.watcher()  # the page is not leased: e.g. an operator's manual post
    await post_batch(internal, watch.page, range(0, 2))
    assert len(enqueued.ids) == 2
