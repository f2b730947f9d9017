"""Who is told about what: which watchers (targets and their channels) a page's new offers,
price cuts and health changes match, written as outbox rows (notifier/outbox.py) in the caller's
transaction; the caller hands them to the notifier with `outbox.commit_then_enqueue`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.internal.watchers import Watcher, load_watchers
from core.db.models import (
    Notification,
    ScrapingUrl,
)
from notifier import outbox


@dataclass(frozen=True)
class OfferFacts:
    """What the filters and the started-watching rule look at."""

    id: UUID
    title: str
    price: Decimal | None
    seller: str | None
    first_seen_at: dt.datetime


@dataclass(frozen=True)
class PriceCut:
    offer: OfferFacts
    price_change_id: UUID
    old_price: Decimal
    new_price: Decimal
    currency: str | None


def filters_match(watcher: Watcher, title: str, seller: str | None, price: Decimal | None) -> bool:
    """Include words: any appears in the title; exclude words: none appears in the title or the
    seller's name (so "exclude seller" works); price bounds only when the offer has a price."""
    text = title.lower()
    if watcher.include_words and not any(word in text for word in watcher.include_words):
        return False
    excluded_in = f"{text}\n{seller.lower()}" if seller else text
    if any(word in excluded_in for word in watcher.exclude_words):
        return False
    if price is not None:
        if watcher.min_price is not None and price < watcher.min_price:
            return False
        if watcher.max_price is not None and price > watcher.max_price:
            return False
    return True


async def notify_new_offers(
    session: AsyncSession,
    watchers: Sequence[Watcher],
    scraping_url_id: UUID,
    offers: Sequence[OfferFacts],
    digest_threshold: int,
    now: dt.datetime,
    crawl_in_progress: bool | None = None,
) -> list[UUID]:
    """new_offer rows per matching (offer, target, channel) among the URL's `watchers`.

    While a crawl of the page holds its lease, the rows are `held`: the crawl's batches are fanned
    out together when the job completes (`release_held_offers`), so a chat gets one digest per
    crawl however the crawler splits its offers. Outside a crawl (no live lease), a chat getting
    more than `digest_threshold` offers from this request gets one digest row instead.
    `crawl_in_progress` as `read_watched_page` read it (with its lock); None: read it here."""
    if not offers:
        return []
    matches = [
        (offer, watcher.target_id, watcher.channel_id)
        for offer in offers
        for watcher in watchers
        if watcher.watching_since <= offer.first_seen_at
        and filters_match(watcher, offer.title, offer.seller, offer.price)
    ]
    if not matches:
        return []
    held = crawl_in_progress
    if held is None:
        held = await _crawl_in_progress(session, scraping_url_id, now)
    rows = [
        outbox.notification_row(
            "new_offer",
            f"offer:{offer.id}:{target_id}:{channel_id}",
            channel_id,
            now,
            offer_id=offer.id,
            target_id=target_id,
            scraping_url_id=scraping_url_id,
            status="held" if held else "pending",
        )
        for offer, target_id, channel_id in matches
    ]
    if held:
        await outbox.insert_rows(session, rows)
        return []
    per_channel: dict[UUID, list[tuple[UUID, UUID]]] = {}
    for offer, target_id, channel_id in matches:
        per_channel.setdefault(channel_id, []).append((offer.id, target_id))
    digests = _fold_into_digests(scraping_url_id, per_channel, digest_threshold, now)
    for row in rows:
        if row["channel_id"] in digests:
            # Folded into the digest: a retry of the crawl never sends them one by one.
            row["status"] = "digested"
    return await outbox.insert_rows(session, rows + list(digests.values()))


async def _crawl_in_progress(session: AsyncSession, scraping_url_id: UUID, now: dt.datetime) -> bool:
    """Whether a crawl holds a live lease on the page. FOR SHARE: the job's completion (FOR
    UPDATE) waits for this batch's commit and then releases its rows too, and a batch that
    arrives while the job completes waits and then sees no lease."""
    lease = (
        await session.execute(
            select(ScrapingUrl.lease_id, ScrapingUrl.lease_expires_at)
            .where(ScrapingUrl.id == scraping_url_id)
            .with_for_update(read=True)
        )
    ).first()
    return lease is not None and lease.lease_id is not None and (lease.lease_expires_at or now) > now


def _fold_into_digests(
    scraping_url_id: UUID,
    per_channel: dict[UUID, list[tuple[UUID, UUID]]],
    digest_threshold: int,
    now: dt.datetime,
) -> dict[UUID, dict[str, Any]]:
    """A digest row per chat that gets more than `digest_threshold` distinct offers."""
    return {
        channel_id: outbox.digest_row(scraping_url_id, channel_id, pairs, now)
        for channel_id, pairs in per_channel.items()
        if len(set(offer_id for offer_id, _ in pairs)) > digest_threshold
    }


async def release_held_offers(
    session: AsyncSession, scraping_url_id: UUID, digest_threshold: int, now: dt.datetime
) -> list[UUID]:
    """A crawl of the page ended: its held new_offer rows (and those of an earlier crawl of the
    page that never completed) go out, one by one or, for a chat with more than
    `digest_threshold` offers, as one digest. Returns the ids to enqueue."""
    held = list(
        await session.scalars(
            select(Notification)
            .where(Notification.scraping_url_id == scraping_url_id, Notification.status == "held")
            .order_by(Notification.created_at, Notification.id)
            .with_for_update()
        )
    )
    if not held:
        return []
    per_channel: dict[UUID, list[tuple[UUID, UUID]]] = {}
    for row in held:
        assert row.offer_id is not None and row.target_id is not None
        per_channel.setdefault(row.channel_id, []).append((row.offer_id, row.target_id))
    digests = _fold_into_digests(scraping_url_id, per_channel, digest_threshold, now)
    for row in held:
        row.status = "digested" if row.channel_id in digests else "pending"
    await session.flush()
    singles = [row.id for row in held if row.status == "pending"]
    return singles + await outbox.insert_rows(session, list(digests.values()))


async def notify_price_cuts(
    session: AsyncSession, watchers: Sequence[Watcher], cuts: Sequence[PriceCut], now: dt.datetime
) -> list[UUID]:
    """One price_cut row per (drop, watcher) whose filters accept the new price."""
    if not cuts:
        return []
    rows = [
        outbox.notification_row(
            "price_cut",
            f"price:{cut.price_change_id}:{watcher.target_id}:{watcher.channel_id}",
            watcher.channel_id,
            now,
            offer_id=cut.offer.id,
            price_change_id=cut.price_change_id,
            target_id=watcher.target_id,
            payload={
                "old_price": str(cut.old_price),
                "new_price": str(cut.new_price),
                "currency": cut.currency,
            },
        )
        for cut in cuts
        for watcher in watchers
        if filters_match(watcher, cut.offer.title, cut.offer.seller, cut.new_price)
    ]
    return await outbox.insert_rows(session, rows)


async def notify_url_health(
    session: AsyncSession, scraping_url: ScrapingUrl, kind: str, reason: str, flipped_at: dt.datetime
) -> list[UUID]:
    """One url_failing/url_recovered row per deliverable channel of the URL's watchers."""
    watchers = await load_watchers(session, scraping_url.id, flipped_at)
    first_target: dict[UUID, UUID] = {}
    for watcher in watchers:
        first_target.setdefault(watcher.channel_id, watcher.target_id)
    rows = [
        outbox.notification_row(
            kind,
            f"health:{scraping_url.id}:{channel_id}:{kind}:{flipped_at.isoformat()}",
            channel_id,
            flipped_at,
            scraping_url_id=scraping_url.id,
            target_id=target_id,
            payload={"url": scraping_url.url, "reason": reason},
        )
        for channel_id, target_id in first_target.items()
    ]
    return await outbox.insert_rows(session, rows)
