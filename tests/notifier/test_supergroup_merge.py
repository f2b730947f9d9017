"""A group upgraded to a supergroup while its user already has a channel for the new chat id:
delivery merges the old channel into that one instead of leaving the row pending."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Notification, NotificationConfig, ScrapingTarget, TargetChannel, User
from notifier.delivery import DeliveryResult
from notifier.runtime import NotifierRuntime
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import arrange_delivery, deliver_unpaced, reload

OLD_GROUP, SUPERGROUP = -100, -1001234


async def test_a_migrated_group_merges_into_the_users_channel_for_the_supergroup(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db, chat_id=OLD_GROUP)
    user = await db.get_one(User, rows.user_id)
    other = ScrapingTarget(user_id=user.id, name="Gravel", include_words=[], exclude_words=[])
    db.add(other)
    await db.flush()
    # The supergroup was linked (to both targets) before the old group's channel moved.
    supergroup = NotificationConfig(user_id=user.id, kind="telegram", address=str(SUPERGROUP))
    db.add(supergroup)
    await db.flush()
    db.add_all(
        [
            TargetChannel(target_id=rows.target_id, channel_id=supergroup.id, is_muted=False),
            TargetChannel(target_id=other.id, channel_id=supergroup.id, is_muted=False),
        ]
    )
    await db.commit()
    supergroup_id, other_id = supergroup.id, other.id
    fake_telegram.fail_next(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        parameters={"migrate_to_chat_id": SUPERGROUP},
    )

    assert await deliver_unpaced(runtime, rows.notification_id) == DeliveryResult("retry", 0.0)
    assert await deliver_unpaced(runtime, rows.notification_id) == DeliveryResult("sent")

    assert fake_telegram.messages[-1].chat_id == str(SUPERGROUP)
    notification = await reload(db, Notification, rows.notification_id)
    assert (notification.status, notification.channel_id) == ("sent", supergroup_id)
    channels = list(await db.scalars(select(NotificationConfig)))
    assert [(c.id, c.address) for c in channels] == [(supergroup_id, str(SUPERGROUP))]
    routes = list(await db.scalars(select(TargetChannel)))
    assert sorted((r.target_id, r.channel_id) for r in routes) == sorted(
        [(rows.target_id, supergroup_id), (other_id, supergroup_id)]
    )
