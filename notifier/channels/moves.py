"""An address that changed (a Telegram group that became a supergroup under a new chat id):
its channels follow it.

Used by the delivery (a send answered `ChannelMoved`) and by the Telegram bot (the
migrate_to/migrate_from service messages), whichever learns of it first.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Notification, NotificationConfig, TargetChannel


async def move_address(session: AsyncSession, kind: str, old_address: str, new_address: str) -> int:
    """Point the channels of `kind` at `old_address` to the new one; a user who already has a
    channel there gets the old one merged into it. Returns how many channels moved or merged."""
    old_channels = list(
        await session.scalars(
            select(NotificationConfig)
            .where(NotificationConfig.kind == kind, NotificationConfig.address == old_address)
            .order_by(NotificationConfig.id)
            .with_for_update()
        )
    )
    for old in old_channels:
        existing = await session.scalar(
            select(NotificationConfig)
            .where(
                NotificationConfig.user_id == old.user_id,
                NotificationConfig.kind == kind,
                NotificationConfig.address == new_address,
            )
            .with_for_update()
        )
        if existing is None:
            old.address = new_address
        else:
            await merge_channel(session, old, existing)
    await session.flush()
    return len(old_channels)


async def merge_channel(session: AsyncSession, old: NotificationConfig, into: NotificationConfig) -> None:
    """Two channels of one user for the same address become `into`: routes move over (a target
    routed to both keeps `into`'s route, with its mute and snooze), every notification of the old
    channel is re-pointed (pending ones are then sent to the new address), the old row goes."""
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
    # The new address evidently takes messages; /pause stays as the new chat set it.
    into.is_active = into.is_active or old.is_active
    await session.delete(old)
    await session.flush()
