"""Pausing a channel and muting or snoozing one target on it, from the public API, for every
kind of channel (a Telegram chat can also do both from the chat: /pause, the offer buttons).

The fan-out writes no rows for a paused channel or a muted or snoozed route, and the delivery
takes a last look at the same flags, so rows queued before the switch are dropped too.
"""

from __future__ import annotations

import datetime as dt

from msgspec import UNSET
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels.schemas import RoutePatch
from api.errors import AppError, NotFound
from core.clock import utcnow
from core.db.models import NotificationConfig, ScrapingTarget, TargetChannel

# A longer snooze is a mute with a date on it: mute instead.
MAX_SNOOZE = dt.timedelta(days=365)


async def set_paused(session: AsyncSession, channel: NotificationConfig, paused: bool) -> None:
    channel.is_paused = paused
    await session.flush()


def _check_snooze(until: dt.datetime, now: dt.datetime) -> None:
    if until <= now:
        raise AppError("snoozed_until must be in the future; null lifts the snooze", field="snoozed_until")
    if until - now > MAX_SNOOZE:
        raise AppError(
            f"snoozed_until is at most {MAX_SNOOZE.days} days ahead; mute the target instead",
            field="snoozed_until",
        )


async def update_route(
    session: AsyncSession, target: ScrapingTarget, channel: NotificationConfig, patch: RoutePatch
) -> TargetChannel:
    """Mute/unmute and snooze/unsnooze the target on the channel; 404 when the target does not
    send to it, 400 for an empty patch or a snooze time that makes no sense (nothing written)."""
    if patch.is_muted is UNSET and patch.snoozed_until is UNSET:
        raise AppError("Nothing to change: give is_muted, snoozed_until or both", field="data")
    if isinstance(patch.snoozed_until, dt.datetime):
        _check_snooze(patch.snoozed_until, utcnow())
    link = await session.scalar(
        select(TargetChannel).where(
            TargetChannel.target_id == target.id, TargetChannel.channel_id == channel.id
        )
    )
    if link is None:
        raise NotFound("This target does not send to this channel")
    if patch.is_muted is not UNSET:
        link.is_muted = patch.is_muted
    if patch.snoozed_until is not UNSET:
        link.snoozed_until = patch.snoozed_until
    await session.flush()
    return link
