"""A tier change takes effect at once: limits, check intervals, and targets paused on a downgrade."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Settings
from core.db.models import ScrapingTarget, ScrapingUrl, TargetUrl, User
from core.tier_changes import expire_grace_periods
from tests.billing.conftest import deliver, load_user, subscription_event
from tests.support import set_tier

FREE_INTERVAL, PRO_INTERVAL = 15 * 60, 2 * 60


async def _create_targets(client: httpx.AsyncClient, count: int) -> list[str]:
    ids = []
    for index in range(1, count + 1):
        body = {"name": f"watch {index}", "urls": [{"url": f"https://shop.example/list/{index}"}]}
        response = await client.post("/api/public/targets", json=body)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


async def _intervals(db: AsyncSession) -> dict[str, int]:
    db.expire_all()
    rows = await db.execute(select(ScrapingUrl.url, ScrapingUrl.interval_seconds))
    return {url.rsplit("/", 1)[1]: interval for url, interval in rows}


async def _active(db: AsyncSession, ids: list[str]) -> dict[str, tuple[bool, str | None]]:
    db.expire_all()
    rows = await db.execute(
        select(ScrapingTarget.id, ScrapingTarget.is_active, ScrapingTarget.paused_reason).where(
            ScrapingTarget.id.in_([UUID(i) for i in ids])
        )
    )
    return {str(target_id): (active, reason) for target_id, active, reason in rows}


async def _cancel(client: httpx.AsyncClient, subscriber: dict[str, Any]) -> None:
    event = subscription_event(
        "deleted", "sub_ada", subscriber["customer"], "canceled", subscriber["created"] + 60
    )
    response = await deliver(client, event)
    assert response.json()["outcome"] == "processed", response.text


async def test_downgrade_pauses_the_newest_targets_beyond_the_free_limit_and_deletes_nothing(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    ids = await _create_targets(client, 5)

    await _cancel(client, subscriber)

    state = await _active(db, ids)
    assert [state[i] for i in ids] == [(True, None)] * 3 + [(False, "downgrade")] * 2
    me = (await client.get("/api/public/auth/me")).json()
    assert me["tier"] == "free"
    assert sorted(me["paused_by_downgrade"]) == sorted(ids[3:])
    assert (await client.get("/api/public/subscriptions")).json()["paused_by_downgrade"] == [ids[4], ids[3]]
    assert me["usage"] == {"targets": 5, "active_targets": 3, "urls": 5}
    assert await db.scalar(select(func.count(TargetUrl.id))) == 5


async def test_downgrade_lengthens_check_intervals_except_where_a_pro_user_still_watches(
    client: httpx.AsyncClient,
    other_client: httpx.AsyncClient,
    subscriber: dict[str, Any],
    db: AsyncSession,
) -> None:
    await _create_targets(client, 4)
    await set_tier(db, "bob", "pro")
    shared = {"name": "bob's", "urls": [{"url": "https://shop.example/list/2"}]}
    assert (await other_client.post("/api/public/targets", json=shared)).status_code == 201
    assert await _intervals(db) == dict.fromkeys(["1", "2", "3", "4"], PRO_INTERVAL)

    await _cancel(client, subscriber)

    assert await _intervals(db) == {
        "1": FREE_INTERVAL,
        "2": PRO_INTERVAL,
        "3": FREE_INTERVAL,
        "4": FREE_INTERVAL,
    }


async def test_targets_the_user_paused_are_not_counted_or_touched(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    ids = await _create_targets(client, 5)
    assert (await client.post(f"/api/public/targets/{ids[1]}/deactivate")).status_code == 200

    await _cancel(client, subscriber)

    state = await _active(db, ids)
    assert [state[i] for i in ids] == [
        (True, None),
        (False, None),
        (True, None),
        (True, None),
        (False, "downgrade"),
    ]


async def test_downgrade_within_the_free_limit_pauses_nothing(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    ids = await _create_targets(client, 3)

    await _cancel(client, subscriber)

    assert set((await _active(db, ids)).values()) == {(True, None)}
    assert (await client.get("/api/public/auth/me")).json()["paused_by_downgrade"] == []


async def test_upgrade_again_resumes_the_targets_the_downgrade_paused(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    ids = await _create_targets(client, 5)
    assert (await client.post(f"/api/public/targets/{ids[0]}/deactivate")).status_code == 200
    await _cancel(client, subscriber)
    assert (await _intervals(db))["5"] == FREE_INTERVAL

    resubscribed = subscription_event(
        "created", "sub_two", subscriber["customer"], "active", subscriber["created"] + 120
    )
    assert (await deliver(client, resubscribed)).json()["outcome"] == "processed"

    state = await _active(db, ids)
    assert state[ids[0]] == (False, None)  # paused by ada herself: stays paused
    assert [state[i] for i in ids[1:]] == [(True, None)] * 4
    assert (await client.get("/api/public/auth/me")).json()["paused_by_downgrade"] == []
    assert await _intervals(db) == {
        "1": FREE_INTERVAL,
        "2": PRO_INTERVAL,
        "3": PRO_INTERVAL,
        "4": PRO_INTERVAL,
        "5": PRO_INTERVAL,
    }


async def test_grace_sweep_downgrades_past_due_users_whose_grace_ran_out(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession, settings: Settings
) -> None:
    ids = await _create_targets(client, 4)
    past_due = subscription_event(
        "updated", "sub_ada", subscriber["customer"], "past_due", subscriber["created"] + 60
    )
    assert (await deliver(client, past_due)).json()["outcome"] == "processed"
    grace_until = (await load_user(db)).pro_grace_until
    assert grace_until is not None

    assert await expire_grace_periods(db, settings, grace_until - dt.timedelta(seconds=1)) == []
    assert (await load_user(db)).tier == "pro"

    downgraded = await expire_grace_periods(db, settings, grace_until)
    await db.commit()

    assert downgraded == [subscriber["user_id"]]
    assert (await load_user(db)).tier == "free"
    assert (await _active(db, ids))[ids[3]] == (False, "downgrade")


async def test_grace_sweep_leaves_active_subscribers_alone(
    subscriber: dict[str, Any], db: AsyncSession, settings: Settings
) -> None:
    await db.execute(
        update(User)
        .where(User.id == subscriber["user_id"])
        .values(pro_grace_until=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    )
    await db.commit()

    assert await expire_grace_periods(db, settings, dt.datetime.now(dt.UTC)) == []
