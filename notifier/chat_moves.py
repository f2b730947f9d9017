"""A group that became a supergroup under a new chat id: its channels follow it.

Used by the webhook (Telegram's migrate_to/migrate_from service messages) and by the notifier
(a send answered "group chat was upgraded to a supergroup chat"), whichever learns of it first.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Notification, NotificationConfig, TargetChannel

TELEGRAM = "telegram"


async def move_chat(session: AsyncSession, old_chat_id: int, new_chat_id: int) -> int:
    """Point the old chat's channels at the new id; a user who already has a channel for the new
    id gets the old one merged into it. Returns how many channels moved or merged."""
    old_channels = list(
        await session.scalars(
            select(NotificationConfig)
            .where(NotificationConfig.kind == TELEGRAM, NotificationConfig.chat_id == old_chat_id)
            .order_by(NotificationConfig.id)
            .with_for_update()
        )
    )
    for old in old_channels:
        existing = await session.scalar(
            select(NotificationConfig)
            .where(
                NotificationConfig.user_id == old.user_id,
                NotificationConfig.kind == TELEGRAM,
                NotificationConfig.chat_id == new_chat_id,
            )
            .with_for_update()
        )
        if existing is None:
            old.chat_id = new_chat_id
        else:
            await merge_channel(session, old, existing)
    await session.flush()
    return len(old_channels)


async def merge_channel(session: AsyncSession, old: NotificationConfig, into: NotificationConfig) -> None:
    """Two channels of one user for the same chat become `into`: routes move over (a target
    routed to both keeps `into`'s route, with its mute and snooze), every notification of the old
    channel is re-pointed (pending ones are then sent to the new chat), the old row goes."""
    routed_already = select(TargetChannel.target_id).where(TargetChannel.channel_id == into.id)
    await session.execute(
        delete(TargetChannel).where(
            TargetChannel.channel_id == old.id, TargetChannel.target_id.in_(routed_already)
        )
    )
    await session.execute(
        update(TargetChannel).where(TargetChannel.channel_id == old.id).values(channel_id=into.id)
    )
    await session.execute(
        update(Notification).where(Notification.channel_id == old.id).values(channel_id=into.id)
    )
    # The bot is evidently in the new chat; /pause stays as the new chat set it.
    into.is_active = into.is_active or old.is_active
    await session.delete(old)
    await session.flush()
