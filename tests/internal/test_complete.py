"""POST /api/internal/scraping-jobs/{id}/complete: outcome, next check, back-off, health."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.internal.jobs import JITTER, next_check_delay
from core.clock import utcnow
from core.config import Settings
from core.db.models import ScrapingUrl
from core.tiers import Tier
from tests.internal.conftest import Handoff, World

JOBS = "/api/internal/scraping-jobs"


async def lease(internal: AsyncTestClient[Litestar], db: AsyncSession, page: ScrapingUrl) -> str:
    """Make the page due now and lease it; the lease id."""
    await db.execute(
        update(ScrapingUrl)
        .where(ScrapingUrl.id == page.id)
        .values(next_check_at=utcnow() - dt.timedelta(seconds=1))
    )
    await db.commit()
    jobs = (await internal.get(JOBS)).json()
    [job] = [job for job in jobs if job["id"] == str(page.id)]
    return str(job["lease_id"])


async def complete(
    internal: AsyncTestClient[Litestar], page: ScrapingUrl, lease_id: str, **report: Any
) -> Any:
    body = {"lease_id": lease_id, "status": "ok", **report}
    return await internal.post(f"{JOBS}/{page.id}/complete", json=body)


def seconds_until(value: str) -> float:
    return (dt.datetime.fromisoformat(value) - utcnow()).total_seconds()


async def test_a_successful_check_ends_the_lease_and_schedules_the_next(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession, settings: Settings
) -> None:
    watch = await world.watcher(page=await world.page(baseline_done=False))
    lease_id = await lease(internal, db, watch.page)

    response = await complete(internal, watch.page, lease_id, http_status=200, offers_seen=12)

    assert response.status_code == 200, response.text
    state = response.json()
    assert state["last_status"] == "ok"
    assert state["baseline_done"] is True
    assert state["health"] == "ok"
    interval = settings.tier_limits(Tier.FREE).interval_seconds
    assert interval * (1 - JITTER) - 5 <= seconds_until(state["next_check_at"]) <= interval
    page = await world.reload(watch.page)
    assert page.lease_id is None and page.lease_expires_at is None
    assert page.last_http_status == 200
    assert page.last_offers_seen == 12
    assert page.last_checked_at is not None
    assert (await internal.get(JOBS)).json() == []  # not due until the next check


async def test_the_next_check_follows_the_shortest_watcher_interval(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession, settings: Settings
) -> None:
    page = await world.page()
    await world.target(await world.user("ada", tier="free"), page)
    await world.target(await world.user("bob", tier="pro"), page)

    state = (await complete(internal, page, await lease(internal, db, page))).json()

    assert seconds_until(state["next_check_at"]) <= settings.tier_limits(Tier.PRO).interval_seconds
    assert (await world.reload(page)).interval_seconds == settings.tier_limits(Tier.PRO).interval_seconds


async def test_failures_show_in_the_public_target_listing(
    internal: AsyncTestClient[Litestar],
    client: AsyncTestClient[Litestar],
    user: dict[str, Any],
    db: AsyncSession,
) -> None:
    created = await client.post(
        "/api/public/targets", json={"name": "bikes", "urls": [{"url": "https://shop.example/bikes"}]}
    )
    target = created.json()
    page = (await db.scalars(select(ScrapingUrl))).one()
    await complete(
        internal, page, await lease(internal, db, page), status="error", http_status=403, error="Forbidden"
    )

    detail = (await client.get(f"/api/public/targets/{target['id']}")).json()
    [url] = detail["urls"]
    assert url["last_status"] == "error"
    assert url["last_error"] == "HTTP 403: Forbidden"
    assert url["last_checked_at"] is not None
    [summary] = (await client.get("/api/public/targets")).json()["items"]
    assert summary["last_checked_at"] is not None


async def test_a_stale_lease_answers_409(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession
) -> None:
    watch = await world.watcher()
    first = await lease(internal, db, watch.page)
    # The first lease expires and another crawler takes the job.
    await db.execute(
        update(ScrapingUrl)
        .where(ScrapingUrl.id == watch.page.id)
        .values(lease_expires_at=utcnow() - dt.timedelta(seconds=1))
    )
    await db.commit()
    second = (await internal.get(JOBS)).json()[0]["lease_id"]

    late = await complete(internal, watch.page, first)
    assert late.status_code == 409
    assert late.json()["errors"][0]["field"] == "lease_id"
    assert (await complete(internal, watch.page, second)).status_code == 200
    assert (await complete(internal, watch.page, second)).status_code == 409  # already completed
    assert (await complete(internal, watch.page, str(uuid.uuid4()))).status_code == 409


async def test_an_unknown_job_answers_404(internal: AsyncTestClient[Litestar]) -> None:
    response = await internal.post(
        f"{JOBS}/{uuid.uuid4()}/complete", json={"lease_id": str(uuid.uuid4()), "status": "ok"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "ok"}, "lease_id"),
        ({"lease_id": "not-a-uuid", "status": "ok"}, "lease_id"),
        ({"lease_id": "00000000-0000-0000-0000-000000000001", "status": "maybe"}, "status"),
        (
            {"lease_id": "00000000-0000-0000-0000-000000000001", "status": "ok", "http_status": 42},
            "http_status",
        ),
        (
            {"lease_id": "00000000-0000-0000-0000-000000000001", "status": "ok", "offers_seen": -1},
            "offers_seen",
        ),
        ({"lease_id": "00000000-0000-0000-0000-000000000001", "status": "ok", "extra": 1}, "extra"),
    ],
)
async def test_a_bad_report_answers_400_naming_the_field(
    internal: AsyncTestClient[Litestar], body: dict[str, Any], field: str
) -> None:
    response = await internal.post(f"{JOBS}/{uuid.uuid4()}/complete", json=body)
    assert response.status_code == 400
    assert field in response.text
    # Named as the field, or (a missing or unknown field) in the message, as msgspec reports it.
    [error] = response.json()["errors"]
    assert error["field"] == field or f"`{field}`" in error["message"], error


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    return {"MAX_BACKOFF_SECONDS": "3000", "FAILING_AFTER_ERRORS": "3"}


async def test_backoff_doubles_per_failure_and_is_capped(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession, settings: Settings
) -> None:
    watch = await world.watcher()
    interval = settings.tier_limits(Tier.FREE).interval_seconds  # 900; the cap is 3000
    waits = []
    for _ in range(4):
        state = (
            await complete(
                internal, watch.page, await lease(internal, db, watch.page), status="error", error="timeout"
            )
        ).json()
        waits.append(seconds_until(state["next_check_at"]))
    expected = [interval, 2 * interval, 3000, 3000]
    for wait, upper in zip(waits, expected, strict=True):
        assert upper * (1 - JITTER) - 5 <= wait <= upper
    page = await world.reload(watch.page)
    assert page.consecutive_failures == 4
    ok = (await complete(internal, watch.page, await lease(internal, db, watch.page))).json()
    assert seconds_until(ok["next_check_at"]) <= interval  # back to the normal cadence
    assert (await world.reload(watch.page)).consecutive_failures == 0


def test_jitter_only_ever_makes_a_check_earlier_by_at_most_a_tenth() -> None:
    rng = random.Random(7)
    delays = [next_check_delay(600, 0, 10_000, rng) for _ in range(500)]
    assert all(540 <= delay <= 600 for delay in delays)
    assert max(delays) - min(delays) > 30  # it does spread
    capped = [next_check_delay(600, 40, 10_000, rng) for _ in range(100)]
    assert all(9_000 <= delay <= 10_000 for delay in capped)


async def test_turning_failing_tells_each_watcher_once(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession, enqueued: Handoff
) -> None:
    watch = await world.watcher()
    bob = await world.watcher("bob", page=watch.page)

    states = []
    for _ in range(4):
        lease_id = await lease(internal, db, watch.page)
        states.append(
            (await complete(internal, watch.page, lease_id, status="error", http_status=429)).json()
        )

    assert [s["health"] for s in states] == ["ok", "ok", "failing", "failing"]
    rows = await world.notifications(kind="url_failing")
    assert {row.channel_id for row in rows} == {watch.channel.id, bob.channel.id}
    for row in rows:
        assert row.status == "pending"
        assert row.scraping_url_id == watch.page.id
        assert row.payload == {"url": watch.page.url, "reason": "HTTP 429"}
    assert sorted(enqueued.ids) == sorted(row.id for row in rows)
    assert all(enqueued.committed_at_call)


async def test_recovering_tells_each_watcher_once(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession
) -> None:
    watch = await world.watcher()
    for _ in range(3):
        await complete(
            internal,
            watch.page,
            await lease(internal, db, watch.page),
            status="error",
            error="no offers found",
        )
    assert len(await world.notifications(kind="url_failing")) == 1

    first = (await complete(internal, watch.page, await lease(internal, db, watch.page))).json()
    await complete(internal, watch.page, await lease(internal, db, watch.page))

    assert first["health"] == "ok"
    [recovered] = await world.notifications(kind="url_recovered")
    assert recovered.channel_id == watch.channel.id
    assert recovered.target_id == watch.target.id
    assert recovered.payload["url"] == watch.page.url
    assert len(await world.notifications(kind="url_failing")) == 1


BODY_A, OFFERS_A, OTHER = "a" * 64, "b" * 64, "c" * 64


async def test_the_hashes_of_a_successful_check_go_out_with_the_next_lease(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession
) -> None:
    watch = await world.watcher()
    first = await lease(internal, db, watch.page)
    await complete(internal, watch.page, first, offers_seen=3, body_hash=BODY_A, offers_hash=OFFERS_A)
    await db.execute(
        update(ScrapingUrl).where(ScrapingUrl.id == watch.page.id).values(next_check_at=utcnow())
    )
    await db.commit()
    [job] = (await internal.get(JOBS)).json()
    assert (job["body_hash"], job["offers_hash"]) == (BODY_A, OFFERS_A)

    # A failed check keeps what the last successful one saw.
    await complete(internal, watch.page, job["lease_id"], status="error", error="boom", body_hash=OTHER)
    stored = await world.reload(watch.page)
    assert (stored.body_hash, stored.offers_hash) == (BODY_A, OFFERS_A)


async def test_an_unchanged_check_keeps_the_offer_count_and_updates_the_schedule(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession
) -> None:
    watch = await world.watcher()
    first = await lease(internal, db, watch.page)
    await complete(internal, watch.page, first, offers_seen=3, body_hash=BODY_A, offers_hash=OFFERS_A)
    before = (await world.reload(watch.page)).last_checked_at
    second = await lease(internal, db, watch.page)

    response = await complete(
        internal, watch.page, second, body_hash=OTHER, offers_hash=OFFERS_A, unchanged="offers"
    )

    assert response.status_code == 200, response.text
    stored = await world.reload(watch.page)
    assert stored.last_offers_seen == 3 and stored.lease_id is None
    assert stored.last_checked_at is not None and before is not None and stored.last_checked_at > before
    assert (stored.body_hash, stored.offers_hash) == (OTHER, OFFERS_A)


@pytest.mark.parametrize(
    ("report", "field"),
    [
        ({"status": "error", "body_hash": BODY_A, "offers_hash": OFFERS_A, "unchanged": "body"}, "unchanged"),
        ({"body_hash": OTHER, "offers_hash": OFFERS_A, "unchanged": "body"}, "body_hash"),
        ({"body_hash": BODY_A, "offers_hash": OTHER, "unchanged": "offers"}, "offers_hash"),
        ({"offers_hash": None, "unchanged": "offers"}, "offers_hash"),
        ({"body_hash": "A" * 64}, "body_hash"),
        ({"offers_hash": "b" * 63}, "offers_hash"),
        ({"unchanged": "everything"}, "unchanged"),
    ],
)
async def test_an_unchanged_claim_must_match_what_the_lease_named(
    internal: AsyncTestClient[Litestar], world: World, db: AsyncSession, report: dict[str, Any], field: str
) -> None:
    watch = await world.watcher()
    first = await lease(internal, db, watch.page)
    await complete(internal, watch.page, first, offers_seen=3, body_hash=BODY_A, offers_hash=OFFERS_A)
    second = await lease(internal, db, watch.page)

    response = await complete(internal, watch.page, second, **report)

    assert response.status_code == 400, response.text
    assert field in response.text
    assert (await world.reload(watch.page)).lease_id is not None
