"""Routing a target to a channel (target_channel), the one write both the public API and the
bot's linking make."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import TargetChannel


async def route(session: AsyncSession, target_id: UUID, channel_id: UUID) -> TargetChannel:
    """Send the target's news to the channel (too); an existing route is unmuted and un-snoozed.
    Used by the public API's routing and by a chat's linking alike."""
    link = await session.scalar(
        select(TargetChannel).where(
            TargetChannel.target_id == target_id, TargetChannel.channel_id == channel_id
        )
    )
    if link is None:
        link = TargetChannel(target_id=target_id, channel_id=channel_id, is_muted=False)
        # A concurrent request may route the same pair: the savepoint keeps our transaction.
        try:
            async with session.begin_nested():
                session.add(link)
            return link
        except IntegrityError:
            link = await session.scalar(
                select(TargetChannel).where(
                    TargetChannel.target_id == target_id, TargetChannel.channel_id == channel_id
                )
            )
            assert link is not None
    link.is_muted, link.snoozed_until = False, None
    await session.flush()
    return link
