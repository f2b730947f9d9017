"""A digest row stands on its own: each target it names is checked when it is delivered, and a
target stopped in between drops only its own offers."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.internal.fanout import OfferFacts, load_watchers, notify_new_offers
from core.clock import utcnow
from core.db.models import Notification, ScrapingTarget, TargetChannel
from notifier.delivery import DeliveryResult
from notifier.runtime import NotifierRuntime
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import deliver_unpaced, reload
from tests.world import World


async def two_target_digest(db: AsyncSession) -> tuple[Notification, ScrapingTarget, ScrapingTarget]:
    """ada's "Road" (the first watcher) and "Gravel" both send to her chat; one crawl finds two
    road bikes, two gravel bikes and one bike for both: one digest."""
    world = World(db)
    page = await world.page()
    user = await world.user("ada")
    road = await world.target(user, page, name="Road", include=["road", "allround"])
    gravel = await world.target(user, page, name="Gravel", include=["gravel", "allround"])
    await world.channel(user, road, gravel)
    titles = ["road bike 1", "road bike 2", "gravel bike 3", "gravel bike 4", "allround bike 5"]
    offers = [
        await world.offer(page, f"https://shop.example/item/{n}", title) for n, title in enumerate(titles)
    ]
    now = utcnow()
    facts = [OfferFacts(o.id, o.title, None, None, o.first_seen_at) for o in offers]
    await notify_new_offers(db, await load_watchers(db, page.id, now), page.id, facts, 1, now)
    await db.commit()
    [digest] = await world.notifications(kind="digest")
    return digest, road, gravel


async def stop(db: AsyncSession, how: str, target: ScrapingTarget) -> None:
    if how == "deactivated":
        await db.execute(update(ScrapingTarget).where(ScrapingTarget.id == target.id).values(is_active=False))
    elif how == "muted":
        await db.execute(
            update(TargetChannel).where(TargetChannel.target_id == target.id).values(is_muted=True)
        )
    elif how == "snoozed":
        later = utcnow().replace(year=utcnow().year + 1)
        await db.execute(
            update(TargetChannel).where(TargetChannel.target_id == target.id).values(snoozed_until=later)
        )
    else:
        await db.execute(delete(ScrapingTarget).where(ScrapingTarget.id == target.id))
    await db.commit()


def digest_text(fake_telegram: FakeTelegram) -> str:
    [message] = fake_telegram.messages
    return message.text


@pytest.mark.parametrize("how", ["deactivated", "muted", "snoozed", "deleted"])
async def test_a_target_stopped_before_delivery_drops_only_its_offers(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram, how: str
) -> None:
    digest, road, _ = await two_target_digest(db)
    assert digest.target_id is None  # no single target: stopping one cannot take the row along
    assert len(digest.payload["offer_ids"]) == 5

    await stop(db, how, road)  # the digest's first target
    assert await deliver_unpaced(runtime, digest.id) == DeliveryResult("sent")

    text = digest_text(fake_telegram)
    assert "3 new offers" in text
    assert "gravel bike 3" in text and "gravel bike 4" in text and "allround bike 5" in text
    assert "road bike" not in text
    assert (await reload(db, Notification, digest.id)).status == "sent"


async def test_a_digest_names_the_targets_it_is_about(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    digest, _, _ = await two_target_digest(db)
    assert await deliver_unpaced(runtime, digest.id) == DeliveryResult("sent")
    text = digest_text(fake_telegram)
    assert "5 new offers" in text
    assert "Gravel" in text and "Road" in text


async def test_a_digest_whose_targets_all_stopped_is_not_sent(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    digest, road, gravel = await two_target_digest(db)
    await stop(db, "muted", road)
    await stop(db, "deactivated", gravel)

    assert await deliver_unpaced(runtime, digest.id) == DeliveryResult("failed")

    row: Any = await reload(db, Notification, digest.id)
    assert row.last_error == "no target of the digest sends to this chat any more"
    assert fake_telegram.calls() == []
