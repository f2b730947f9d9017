"""An hourly cap on the messages a channel gets about itself (confirmation mails, webhook test
events): counted from the outbox's rows, refused with 429 and a Retry-After at the oldest one's
hour."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import TooManyRequests
from core.clock import utcnow
from core.db.models import Notification

HOUR = dt.timedelta(hours=1)


async def within_hourly_cap(
    session: AsyncSession, channel_id: UUID, which: ColumnElement[bool], cap: int, refusal: str
) -> None:
    """Raise TooManyRequests(`refusal`) when `cap` of the channel's notifications matching
    `which` were written within the last hour."""
    now = utcnow()
    recent = list(
        await session.scalars(
            select(Notification.created_at)
            .where(Notification.channel_id == channel_id, which, Notification.created_at > now - HOUR)
            .order_by(Notification.created_at)
        )
    )
    if len(recent) >= cap:
        wait = recent[0] + HOUR - now
        raise TooManyRequests(refusal, headers={"Retry-After": str(max(int(wait.total_seconds()) + 1, 1))})
