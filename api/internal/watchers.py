"""Who watches a page: the (target, channel) pairs that hear of its offers, and the page's own
state the fan-out needs, read together."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import NotificationConfig, ScrapingTarget, ScrapingUrl, TargetChannel, TargetUrl
from notifier import outbox


@dataclass(frozen=True)
class Watcher:
    """One (target, channel) pair that receives news about a scraping_url."""

    target_id: UUID
    channel_id: UUID
    watching_since: dt.datetime
    include_words: tuple[str, ...]
    exclude_words: tuple[str, ...]
    min_price: Decimal | None
    max_price: Decimal | None


WatcherColumns = Select[UUID, UUID, dt.datetime, list[str], list[str], Decimal | None, Decimal | None]


def watchers_query(scraping_url_id: Any, now: Any) -> WatcherColumns:
    """Active targets watching the URL, times the channels their news goes to now (the outbox's
    deliverable rule, `receiving_routes`: not inactive, paused, unverified, muted or snoozed),
    oldest watcher first. The arguments are values or bind parameters."""
    return (
        select(
            ScrapingTarget.id.label("target_id"),
            TargetChannel.channel_id.label("channel_id"),
            TargetUrl.created_at.label("watching_since"),
            ScrapingTarget.include_words.label("include_words"),
            ScrapingTarget.exclude_words.label("exclude_words"),
            ScrapingTarget.min_price.label("min_price"),
            ScrapingTarget.max_price.label("max_price"),
        )
        .join(ScrapingTarget, ScrapingTarget.id == TargetUrl.target_id)
        .join(TargetChannel, TargetChannel.target_id == ScrapingTarget.id)
        .join(NotificationConfig, NotificationConfig.id == TargetChannel.channel_id)
        .where(TargetUrl.scraping_url_id == scraping_url_id, outbox.receiving_routes(now))
        .order_by(TargetUrl.created_at, ScrapingTarget.id, TargetChannel.channel_id)
    )


def watcher_from_row(row: Any) -> Watcher:
    """A Watcher from a row with the columns of `watchers_query`."""
    return Watcher(
        target_id=row.target_id,
        channel_id=row.channel_id,
        watching_since=row.watching_since,
        include_words=tuple(w.lower() for w in row.include_words or ()),
        exclude_words=tuple(w.lower() for w in row.exclude_words or ()),
        min_price=row.min_price,
        max_price=row.max_price,
    )


async def load_watchers(session: AsyncSession, scraping_url_id: UUID, now: dt.datetime) -> list[Watcher]:
    """The URL's watchers (`watchers_query`)."""
    return [watcher_from_row(row) for row in await session.execute(watchers_query(scraping_url_id, now))]


@dataclass(frozen=True)
class WatchedPage:
    """What the fan-out needs to know of a page, read (and share-locked) in one statement."""

    baseline_done: bool
    crawl_in_progress: bool
    watchers: list[Watcher]


async def read_watched_page(
    session: AsyncSession, scraping_url_id: UUID, now: dt.datetime
) -> WatchedPage | None:
    """The page's baseline state, whether a crawl holds its lease, and its watchers: one round
    trip. FOR SHARE on the page, until the caller commits: a job's completion (FOR UPDATE) waits
    for this request's rows and then releases them too, and a request arriving while the job
    completes waits and then sees no lease (`notify_new_offers`). None: no such page."""
    watchers = watchers_query(scraping_url_id, now).subquery()
    rows = list(
        await session.execute(
            select(ScrapingUrl.baseline_done, ScrapingUrl.lease_id, ScrapingUrl.lease_expires_at, watchers)
            .select_from(ScrapingUrl)
            .outerjoin(watchers, true())
            .where(ScrapingUrl.id == scraping_url_id)
            .order_by(watchers.c.watching_since, watchers.c.target_id, watchers.c.channel_id)
            .with_for_update(read=True, of=ScrapingUrl)
        )
    )
    if not rows:
        return None
    page = rows[0]
    return watched_page(
        page.baseline_done,
        page.lease_id,
        page.lease_expires_at,
        [row for row in rows if row.target_id is not None],
        now,
    )


def watched_page(
    baseline_done: bool,
    lease_id: UUID | None,
    lease_expires_at: dt.datetime | None,
    watcher_rows: list[Any],
    now: dt.datetime,
) -> WatchedPage:
    """A WatchedPage from the page's columns and rows with the columns of `watchers_query`."""
    return WatchedPage(
        baseline_done=baseline_done,
        crawl_in_progress=lease_id is not None and (lease_expires_at or now) > now,
        watchers=[watcher_from_row(row) for row in watcher_rows],
    )
