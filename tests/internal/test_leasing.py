"""GET /api/internal/scraping-jobs: due pages are leased to exactly one crawler at a time."""

from __future__ import annotations

import asyncio
import datetime as dt
from uuid import UUID

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.internal.jobs import ScrapingJobService
from core.clock import utcnow
from core.config import Settings
from core.db.models import ScrapingUrl
from tests.internal.conftest import AUTH, World

JOBS = "/api/internal/scraping-jobs"


async def test_lease_returns_the_job_and_its_lease(
    internal: AsyncTestClient[Litestar], world: World, settings: Settings
) -> None:
    page = await world.page(
        "https://shop.example/js", baseline_done=False, render_js=True, selectors={"item": "li.offer"}
    )
    await world.target(await world.user(), page)
    before = utcnow()

    response = await internal.get(JOBS, params={"limit": 5, "worker": "crawler-1"})

    assert response.status_code == 200
    [job] = response.json()
    assert job["id"] == str(page.id)
    assert job["url"] == "https://shop.example/js"
    assert job["render_js"] is True
    assert job["selectors"] == {"item": "li.offer"}
    assert job["baseline"] is True
    expires = dt.datetime.fromisoformat(job["lease_expires_at"])
    assert before + dt.timedelta(seconds=settings.lease_seconds - 5) < expires
    stored = await world.reload(page)
    assert stored.lease_id == UUID(job["lease_id"])
    assert stored.lease_owner == "crawler-1"


async def test_a_leased_job_is_not_leased_again(internal: AsyncTestClient[Litestar], world: World) -> None:
    await world.watcher()
    assert len((await internal.get(JOBS)).json()) == 1
    assert (await internal.get(JOBS)).json() == []


async def test_baseline_is_false_once_a_crawl_finished(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    await world.watcher()  # pages from world.page() have baseline_done=True by default
    [job] = (await internal.get(JOBS)).json()
    assert job["baseline"] is False


async def test_only_due_pages_watched_by_an_active_target_are_leased(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    user = await world.user()
    due = await world.page("https://shop.example/due")
    later = await world.page("https://shop.example/later", due_in=600)
    paused = await world.page("https://shop.example/paused")
    await world.page("https://shop.example/orphan")  # watched by nobody
    await world.target(user, due, later)
    await world.target(user, paused, name="paused", is_active=False)

    jobs = (await internal.get(JOBS, params={"limit": 10})).json()

    assert [job["url"] for job in jobs] == ["https://shop.example/due"]


async def test_a_page_shared_with_an_inactive_target_is_still_leased_for_the_active_one(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    page = await world.page()
    await world.target(await world.user("ada"), page, is_active=False)
    await world.target(await world.user("bob"), page)
    assert [job["id"] for job in (await internal.get(JOBS)).json()] == [str(page.id)]


async def test_an_expired_lease_makes_the_job_due_again(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession
) -> None:
    watch = await world.watcher()
    [first] = (await internal.get(JOBS)).json()
    await db.execute(
        update(ScrapingUrl)
        .where(ScrapingUrl.id == watch.page.id)
        .values(lease_expires_at=utcnow() - dt.timedelta(seconds=1))
    )
    await db.commit()

    [second] = (await internal.get(JOBS)).json()

    assert second["id"] == first["id"]
    assert second["lease_id"] != first["lease_id"]


async def test_limit_is_honoured_and_validated(internal: AsyncTestClient[Litestar], world: World) -> None:
    user = await world.user()
    pages = [await world.page(f"https://shop.example/{n}") for n in range(3)]
    await world.target(user, *pages)
    assert len((await internal.get(JOBS, params={"limit": 2})).json()) == 2
    for bad in ("0", "101", "many"):
        response = await internal.get(JOBS, params={"limit": bad})
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "limit"


async def test_an_open_lease_transaction_is_skipped_not_waited_for(
    db_engine: AsyncEngine, world: World, settings: Settings
) -> None:
    user = await world.user()
    await world.target(user, *[await world.page(f"https://shop.example/{n}") for n in range(4)])
    async with (
        AsyncSession(db_engine, expire_on_commit=False) as first,
        AsyncSession(db_engine, expire_on_commit=False) as second,
    ):
        # The first crawler's transaction still holds its rows when the second one leases.
        taken_first = await ScrapingJobService(session=first).lease_due_urls(2, "one", settings)
        taken_second = await asyncio.wait_for(
            ScrapingJobService(session=second).lease_due_urls(10, "two", settings), timeout=5
        )
        await first.commit()
        await second.commit()
    first_ids = {page.id for page in taken_first}
    second_ids = {page.id for page in taken_second}
    assert len(first_ids) == 2
    assert len(second_ids) == 2
    assert not first_ids & second_ids


async def test_concurrent_crawlers_never_receive_the_same_job(
    app: Litestar, internal: AsyncTestClient[Litestar], world: World
) -> None:
    user = await world.user(tier="pro")
    await world.target(user, *[await world.page(f"https://shop.example/{n}") for n in range(30)])
    # End to end through HTTP; the interleaving is up to the event loop, so the deterministic
    # proof of SKIP LOCKED is test_an_open_lease_transaction_is_skipped_not_waited_for.
    # `internal` runs the app's lifespan; the other crawlers are separate clients on the same app.
    crawlers = [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),  # type: ignore[arg-type]
            base_url="https://testserver.local",
            headers=AUTH,
        )
        for _ in range(3)
    ]
    try:
        responses = await asyncio.gather(
            *(client.get(JOBS, params={"limit": 10}) for client in [internal, *crawlers] for _ in range(2))
        )
    finally:
        for client in crawlers:
            await client.aclose()
    ids = [job["id"] for response in responses for job in response.json()]
    assert all(response.status_code == 200 for response in responses)
    assert len(ids) == 30
    assert len(set(ids)) == 30


async def test_due_count_counts_what_would_be_leased_without_leasing(
    internal: AsyncTestClient[Litestar], world: World
) -> None:
    user = await world.user()
    await world.target(
        user, await world.page("https://shop.example/a"), await world.page("https://shop.example/b")
    )
    await world.target(user, await world.page("https://shop.example/later", due_in=600), name="later")
    assert (await internal.get(f"{JOBS}/due-count")).json() == {"due": 2}
    assert (await internal.get(f"{JOBS}/due-count")).json() == {"due": 2}
    assert len((await internal.get(JOBS, params={"limit": 1})).json()) == 1
    assert (await internal.get(f"{JOBS}/due-count")).json() == {"due": 1}
