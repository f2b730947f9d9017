"""What each Stripe event does to the user's subscription and tier, once, in the right order."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from core.config import Settings
from core.db.models import StripeEvent, User
from core.tiers import PAID_TIERS, Tier
from tests.billing.conftest import (
    GRACE_DAYS,
    SUBSCRIPTION,
    checkout_completed,
    deliver,
    load_user,
    payment_failed,
    stripe_event,
    subscription_event,
)
from tests.fakes.stripe_server import PRICES
from tests.live_server import serve


async def _outcome(client: httpx.AsyncClient, event: dict[str, Any]) -> str:
    response = await deliver(client, event)
    assert response.status_code == 200, response.text
    return str(response.json()["outcome"])


async def test_checkout_completed_makes_the_user_pro_with_the_subscription(
    client: httpx.AsyncClient, user: dict[str, Any], customer: str, db: AsyncSession
) -> None:
    event = checkout_completed(user["id"], customer, "sub_new", int(time.time()))

    assert await _outcome(client, event) == "processed"

    stored = await load_user(db)
    assert (stored.tier, stored.stripe_subscription_id, stored.subscription_status) == (
        "pro",
        "sub_new",
        "active",
    )
    me = (await client.get("/api/public/auth/me")).json()
    assert me["tier"] == "pro"
    assert me["limits"]["max_targets"] == 100
    assert me["limits"]["check_interval_seconds"] == 120


async def test_checkout_completed_but_unpaid_waits_for_the_payment(
    client: httpx.AsyncClient, user: dict[str, Any], customer: str, db: AsyncSession
) -> None:
    event = checkout_completed(user["id"], customer, "sub_new", int(time.time()), payment_status="unpaid")

    assert await _outcome(client, event) == "processed"

    stored = await load_user(db)
    assert (stored.tier, stored.stripe_subscription_id, stored.subscription_status) == (
        "free",
        "sub_new",
        "incomplete",
    )
    later = subscription_event("updated", "sub_new", customer, "active", int(time.time()) + 1)
    assert await _outcome(client, later) == "processed"
    assert (await load_user(db)).tier == "pro"


async def test_checkout_completed_for_an_unknown_user_is_acknowledged_and_ignored(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession
) -> None:
    event = checkout_completed(
        "00000000-0000-0000-0000-000000000000", "cus_unknown", "sub_x", int(time.time())
    )

    assert await _outcome(client, event) == "ignored"
    assert (await load_user(db)).tier == "free"


async def test_subscription_of_a_customer_made_elsewhere_is_matched_by_metadata(
    client: httpx.AsyncClient, user: dict[str, Any], db: AsyncSession
) -> None:
    event = subscription_event(
        "created",
        "sub_x",
        "cus_made_in_dashboard",
        "active",
        int(time.time()),
        metadata={"user_id": user["id"]},
    )

    assert await _outcome(client, event) == "processed"

    stored = await load_user(db)
    assert (stored.tier, stored.stripe_customer_id) == ("pro", "cus_made_in_dashboard")


async def test_subscription_event_naming_no_user_of_ours_is_acknowledged(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    event = subscription_event("deleted", "sub_other", "cus_someone_else", "canceled", int(time.time()))

    assert await _outcome(client, event) == "ignored"
    assert (await load_user(db)).tier == "pro"


async def test_duplicate_event_is_processed_once(
    client: httpx.AsyncClient, user: dict[str, Any], customer: str, db: AsyncSession
) -> None:
    event = checkout_completed(user["id"], customer, "sub_ada", int(time.time()))
    assert await _outcome(client, event) == "processed"
    # Something else moved ada back to free; a replay of the old event must not undo that.
    await db.execute(update(User).where(User.username == "ada").values(tier="free"))
    await db.commit()

    assert await _outcome(client, event) == "duplicate"

    assert (await load_user(db)).tier == "free"
    assert await db.scalar(select(func.count(StripeEvent.id)).where(StripeEvent.event_id == event["id"])) == 1


async def test_concurrent_deliveries_of_one_event_apply_it_once(
    settings: Settings, user: dict[str, Any], customer: str, db: AsyncSession
) -> None:
    # A real server: the test client would run the deliveries one after another.
    event = checkout_completed(user["id"], customer, "sub_ada", int(time.time()))

    with serve(create_app(settings)) as root:
        async with httpx.AsyncClient(base_url=root, timeout=20) as http:
            responses = await asyncio.gather(*(deliver(http, event) for _ in range(6)))

    assert [r.status_code for r in responses] == [200] * 6
    assert sorted(r.json()["outcome"] for r in responses) == ["duplicate"] * 5 + ["processed"]
    assert await db.scalar(select(func.count(StripeEvent.id))) == 1
    assert (await load_user(db)).tier == "pro"


@pytest.mark.parametrize("status", ["active", "trialing"])
async def test_active_or_trialing_subscription_gives_pro(
    client: httpx.AsyncClient, customer: str, db: AsyncSession, status: str
) -> None:
    event = subscription_event("updated", "sub_ada", customer, status, int(time.time()))

    assert await _outcome(client, event) == "processed"

    stored = await load_user(db)
    assert (stored.tier, stored.subscription_status, stored.stripe_subscription_id) == (
        "pro",
        status,
        "sub_ada",
    )


@pytest.mark.parametrize("tier", PAID_TIERS)
async def test_a_subscription_gives_the_tier_its_price_sells(
    client: httpx.AsyncClient, customer: str, db: AsyncSession, tier: Tier
) -> None:
    # The metadata names another tier (or none): a plan changed in the portal changes the price.
    others = [other for other in PAID_TIERS if other is not tier]
    metadata = {"tier": others[0].value} if others else {}
    event = subscription_event(
        "updated", "sub_ada", customer, "active", int(time.time()), metadata=metadata, price=PRICES[tier]
    )

    assert await _outcome(client, event) == "processed"

    assert (await load_user(db)).tier == tier


@pytest.mark.parametrize("tier", PAID_TIERS)
async def test_a_completed_checkout_gives_the_tier_it_sold(
    client: httpx.AsyncClient, user: dict[str, Any], customer: str, db: AsyncSession, tier: Tier
) -> None:
    metadata = {"user_id": user["id"], "tier": tier.value}
    event = checkout_completed(user["id"], customer, "sub_ada", int(time.time()), metadata=metadata)

    assert await _outcome(client, event) == "processed"

    assert (await load_user(db)).tier == tier


@pytest.mark.parametrize("status", ["canceled", "unpaid", "incomplete_expired", "paused"])
async def test_ended_or_unpaid_subscription_gives_free(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession, status: str
) -> None:
    event = subscription_event(
        "updated", "sub_ada", subscriber["customer"], status, subscriber["created"] + 60
    )

    assert await _outcome(client, event) == "processed"

    stored = await load_user(db)
    assert (stored.tier, stored.subscription_status) == ("free", status)


async def test_deleted_subscription_gives_free(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    event = subscription_event(
        "deleted", "sub_ada", subscriber["customer"], "canceled", subscriber["created"] + 60
    )

    assert await _outcome(client, event) == "processed"

    stored = await load_user(db)
    assert (stored.tier, stored.subscription_status) == ("free", "canceled")
    assert (await client.get("/api/public/auth/me")).json()["limits"]["max_targets"] == 3


async def test_past_due_keeps_pro_through_the_grace_period(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    turned = subscriber["created"] + 60
    event = subscription_event("updated", "sub_ada", subscriber["customer"], "past_due", turned)

    assert await _outcome(client, event) == "processed"

    stored = await load_user(db)
    grace_end = dt.datetime.fromtimestamp(turned, dt.UTC) + dt.timedelta(days=GRACE_DAYS)
    assert (stored.tier, stored.subscription_status, stored.pro_grace_until) == ("pro", "past_due", grace_end)
    assert (await client.get(SUBSCRIPTION)).json()["pro_grace_until"] == grace_end.isoformat().replace(
        "+00:00", "Z"
    )


async def test_repeated_past_due_does_not_extend_the_grace_period(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    first = subscriber["created"] + 60
    for offset in (0, 3600):
        event = subscription_event("updated", "sub_ada", subscriber["customer"], "past_due", first + offset)
        assert await _outcome(client, event) == "processed"

    grace_end = dt.datetime.fromtimestamp(first, dt.UTC) + dt.timedelta(days=GRACE_DAYS)
    assert (await load_user(db)).pro_grace_until == grace_end


async def test_past_due_beyond_the_grace_period_gives_free(
    client: httpx.AsyncClient, user: dict[str, Any], customer: str, db: AsyncSession
) -> None:
    long_ago = int(time.time()) - (GRACE_DAYS + 1) * 86400
    assert (
        await _outcome(client, subscription_event("updated", "sub_ada", customer, "active", long_ago))
        == "processed"
    )

    assert await _outcome(
        client, subscription_event("updated", "sub_ada", customer, "past_due", long_ago + 1)
    ) == ("processed")

    stored = await load_user(db)
    assert (stored.tier, stored.subscription_status) == ("free", "past_due")


async def test_payment_recovered_after_past_due_clears_the_grace(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    t = subscriber["created"]
    await _outcome(
        client, subscription_event("updated", "sub_ada", subscriber["customer"], "past_due", t + 60)
    )

    assert await _outcome(
        client, subscription_event("updated", "sub_ada", subscriber["customer"], "active", t + 120)
    ) == ("processed")

    stored = await load_user(db)
    assert (stored.tier, stored.subscription_status, stored.pro_grace_until) == ("pro", "active", None)


async def test_payment_failed_records_past_due_and_keeps_pro(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    failed_at = subscriber["created"] + 60

    assert await _outcome(client, payment_failed("sub_ada", subscriber["customer"], failed_at)) == "processed"

    stored = await load_user(db)
    assert (stored.tier, stored.subscription_status) == ("pro", "past_due")
    assert stored.pro_grace_until == dt.datetime.fromtimestamp(failed_at, dt.UTC) + dt.timedelta(
        days=GRACE_DAYS
    )


async def test_payment_failed_on_a_canceled_subscription_changes_nothing(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    t = subscriber["created"]
    await _outcome(
        client, subscription_event("deleted", "sub_ada", subscriber["customer"], "canceled", t + 60)
    )

    assert await _outcome(client, payment_failed("sub_ada", subscriber["customer"], t + 120)) == "ignored"

    stored = await load_user(db)
    assert (stored.tier, stored.subscription_status) == ("free", "canceled")


async def test_period_end_from_the_legacy_top_level_field(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    event = subscription_event(
        "updated", "sub_ada", subscriber["customer"], "active", subscriber["created"] + 60
    )
    del event["data"]["object"]["items"]
    event["data"]["object"]["current_period_end"] = 1_900_000_000

    assert await _outcome(client, event) == "processed"

    assert (await load_user(db)).subscription_current_period_end == dt.datetime.fromtimestamp(
        1_900_000_000, dt.UTC
    )


async def test_unhandled_event_type_answers_200_and_changes_nothing(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    event = stripe_event("charge.refunded", {"id": "ch_1", "object": "charge"}, int(time.time()))

    response = await deliver(client, event)

    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert await db.scalar(select(func.count(StripeEvent.id)).where(StripeEvent.event_id == event["id"])) == 0
    assert (await load_user(db)).tier == "pro"


# Out of order: Stripe does not promise delivery order; the event's own `created` decides.


async def test_updated_arriving_after_deleted_does_not_revive_pro(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    t, cus = subscriber["created"], subscriber["customer"]
    deleted = subscription_event("deleted", "sub_ada", cus, "canceled", t + 120)
    earlier_update = subscription_event("updated", "sub_ada", cus, "active", t + 60)

    assert await _outcome(client, deleted) == "processed"
    assert await _outcome(client, earlier_update) == "stale"

    stored = await load_user(db)
    assert (stored.tier, stored.subscription_status) == ("free", "canceled")


async def test_updated_of_the_same_second_as_deleted_does_not_revive_pro(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    t, cus = subscriber["created"] + 60, subscriber["customer"]

    await _outcome(client, subscription_event("deleted", "sub_ada", cus, "canceled", t))
    assert await _outcome(client, subscription_event("updated", "sub_ada", cus, "active", t)) == "stale"

    assert (await load_user(db)).tier == "free"


async def test_older_past_due_arriving_after_recovery_keeps_active(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    t, cus = subscriber["created"], subscriber["customer"]

    await _outcome(client, subscription_event("updated", "sub_ada", cus, "active", t + 120))
    assert (
        await _outcome(client, subscription_event("updated", "sub_ada", cus, "past_due", t + 60)) == "stale"
    )
    assert await _outcome(client, payment_failed("sub_ada", cus, t + 60)) == "stale"

    stored = await load_user(db)
    assert (stored.tier, stored.subscription_status, stored.pro_grace_until) == ("pro", "active", None)


async def test_older_cancellation_arriving_late_does_not_downgrade(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    t, cus = subscriber["created"], subscriber["customer"]

    await _outcome(client, subscription_event("updated", "sub_ada", cus, "active", t + 120))
    assert (
        await _outcome(client, subscription_event("updated", "sub_ada", cus, "canceled", t + 60)) == "stale"
    )

    assert (await load_user(db)).tier == "pro"


async def test_checkout_completed_arriving_after_the_subscription_was_deleted_stays_free(
    client: httpx.AsyncClient, user: dict[str, Any], customer: str, db: AsyncSession
) -> None:
    t = int(time.time()) - 600
    await _outcome(client, subscription_event("deleted", "sub_ada", customer, "canceled", t + 60))

    assert await _outcome(client, checkout_completed(user["id"], customer, "sub_ada", t)) == "stale"

    assert (await load_user(db)).tier == "free"


async def test_late_deletion_of_an_old_subscription_does_not_end_the_new_one(
    client: httpx.AsyncClient, subscriber: dict[str, Any], db: AsyncSession
) -> None:
    t, cus, user_id = subscriber["created"], subscriber["customer"], str(subscriber["user_id"])
    # ada cancelled sub_ada (we heard of it as canceled), then subscribed again as sub_two.
    await _outcome(client, subscription_event("updated", "sub_ada", cus, "canceled", t + 60))
    assert await _outcome(client, checkout_completed(user_id, cus, "sub_two", t + 120)) == "processed"

    # The deletion of the old subscription, sent later than it happened, arrives last.
    late = subscription_event("deleted", "sub_ada", cus, "canceled", t + 180)
    assert await _outcome(client, late) == "stale"

    stored = await load_user(db)
    assert (stored.tier, stored.stripe_subscription_id, stored.subscription_status) == (
        "pro",
        "sub_two",
        "active",
    )
