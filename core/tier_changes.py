"""What changing a user's tier does: targets beyond the new limit paused (never deleted), a
downgrade's pauses undone as far as the new limit allows, the pages' check intervals
recomputed. Used by billing (Stripe events) and by the notifier's sweep (grace periods that ran
out). The tiers themselves are data, in core/tiers.py."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Settings
from core.db.models import ScrapingTarget, User
from core.scheduling import refresh_intervals, user_scraping_url_ids
from core.tiers import PAID_TIERS, Tier

PAST_DUE = "past_due"
DOWNGRADE_REASON = "downgrade"


async def change_tier(session: AsyncSession, user: User, tier: Tier, settings: Settings) -> list[UUID]:
    """Set the user's tier with its effects at once; answers the ids of targets it paused.

    Nothing is deleted: active targets beyond the new tier's limit are paused (newest first);
    when none had to be, targets paused by an earlier downgrade resume (oldest first, within the
    limit). Either way the check intervals of the user's pages are recomputed.
    """
    if user.tier == tier:
        return []
    user.tier = tier
    limit = settings.tier_limits(tier).max_targets
    paused = await _pause_beyond_limit(session, user, limit)
    if not paused:
        await _resume_downgrade_paused(session, user, limit)
    await session.flush()
    await refresh_intervals(session, await user_scraping_url_ids(session, user.id), settings)
    return paused


async def _pause_beyond_limit(session: AsyncSession, user: User, limit: int) -> list[UUID]:
    newest_first = (
        await session.scalars(
            select(ScrapingTarget)
            .where(ScrapingTarget.user_id == user.id, ScrapingTarget.is_active.is_(True))
            .order_by(ScrapingTarget.created_at.desc(), ScrapingTarget.id.desc())
        )
    ).all()
    excess = newest_first[: max(len(newest_first) - limit, 0)]
    for target in excess:
        target.is_active = False
        target.paused_reason = DOWNGRADE_REASON
    return [target.id for target in excess]


async def _resume_downgrade_paused(session: AsyncSession, user: User, limit: int) -> None:
    active = await session.scalar(
        select(func.count(ScrapingTarget.id)).where(
            ScrapingTarget.user_id == user.id, ScrapingTarget.is_active.is_(True)
        )
    )
    oldest_first = (
        await session.scalars(
            select(ScrapingTarget)
            .where(ScrapingTarget.user_id == user.id, ScrapingTarget.paused_reason == DOWNGRADE_REASON)
            .order_by(ScrapingTarget.created_at, ScrapingTarget.id)
        )
    ).all()
    for target in oldest_first[: max(limit - int(active or 0), 0)]:
        target.is_active = True
        target.paused_reason = None


async def expire_grace_periods(session: AsyncSession, settings: Settings, now: dt.datetime) -> list[UUID]:
    """Move past_due users whose grace has run out to the free tier; answers their ids.

    Stripe's own retries may outlast our grace without another event, so a periodic sweep
    (the notifier's) calls this.
    """
    users = (
        await session.scalars(
            select(User)
            .where(
                User.tier.in_(PAID_TIERS),
                User.subscription_status == PAST_DUE,
                User.pro_grace_until <= now,
            )
            .with_for_update(skip_locked=True)
        )
    ).all()
    for user in users:
        await change_tier(session, user, Tier.FREE, settings)
    return [user.id for user in users]
