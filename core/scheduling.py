"""When a listing page is checked next: the shortest interval among the tiers watching it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Settings
from core.db.models import ScrapingTarget, ScrapingUrl, TargetUrl, User
from core.tiers import Tier


async def watcher_intervals(
    session: AsyncSession, scraping_url_ids: Iterable[UUID], settings: Settings
) -> dict[UUID, int]:
    """Check interval per scraping_url: the shortest tier interval of its active watchers."""
    ids = list(scraping_url_ids)
    rows = await session.execute(
        select(TargetUrl.scraping_url_id, User.tier)
        .join(ScrapingTarget, ScrapingTarget.id == TargetUrl.target_id)
        .join(User, User.id == ScrapingTarget.user_id)
        .where(TargetUrl.scraping_url_id.in_(ids), ScrapingTarget.is_active.is_(True))
    )
    default = settings.tier_limits(Tier.FREE).interval_seconds
    intervals = dict.fromkeys(ids, default)
    seen: set[UUID] = set()
    for url_id, tier in rows:
        interval = settings.tier_limits(tier).interval_seconds
        intervals[url_id] = interval if url_id not in seen else min(intervals[url_id], interval)
        seen.add(url_id)
    return intervals


async def refresh_intervals(
    session: AsyncSession, scraping_url_ids: Iterable[UUID], settings: Settings
) -> None:
    """Recompute intervals after watchers or tiers changed; a shorter one takes effect at once."""
    intervals = await watcher_intervals(session, scraping_url_ids, settings)
    if not intervals:
        return
    urls = await session.scalars(select(ScrapingUrl).where(ScrapingUrl.id.in_(list(intervals))))
    for url in urls:
        url.interval_seconds = intervals[url.id]
        if url.last_checked_at is not None:
            earliest = url.last_checked_at + dt.timedelta(seconds=url.interval_seconds)
            url.next_check_at = min(url.next_check_at, earliest)


async def user_scraping_url_ids(session: AsyncSession, user_id: UUID) -> list[UUID]:
    rows = await session.scalars(
        select(TargetUrl.scraping_url_id)
        .join(ScrapingTarget, ScrapingTarget.id == TargetUrl.target_id)
        .where(ScrapingTarget.user_id == user_id)
        .distinct()
    )
    return list(rows)


async def rebaseline_unchecked_pages(session: AsyncSession, target_id: UUID) -> None:
    """A target coming back: its pages that no other active target kept checking take their
    next crawl as a new baseline, so what appeared meanwhile is not announced as new."""
    kept_checking = (
        select(TargetUrl.id)
        .join(ScrapingTarget, ScrapingTarget.id == TargetUrl.target_id)
        .where(
            TargetUrl.scraping_url_id == ScrapingUrl.id,
            ScrapingTarget.is_active.is_(True),
            ScrapingTarget.id != target_id,
        )
        .exists()
    )
    own_pages = select(TargetUrl.scraping_url_id).where(TargetUrl.target_id == target_id)
    await session.execute(
        update(ScrapingUrl)
        .where(ScrapingUrl.id.in_(own_pages), ~kept_checking)
        .values(baseline_done=False)
        .execution_options(synchronize_session=False)
    )
