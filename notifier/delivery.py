"""Delivering one notification, and finding the ones the sweep must send again.

Both run inside a transaction the caller owns and commits (one per actor call).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels.chat_moves import move_chat
from api.config import Settings
from api.db.models import (
    Notification,
    NotificationConfig,
    Offer,
    ScrapingTarget,
    ScrapingUrl,
    TargetChannel,
)
from api.targets.scheduling import utcnow
from notifier.ratelimit import TelegramRateLimiter
from notifier.telegram import (
    Blocked,
    ChatMoved,
    MessageSender,
    NotificationContent,
    Rejected,
    SendOutcome,
    Sent,
    Throttled,
    Transient,
    format_notification,
    send_message,
)

log = logging.getLogger(__name__)

# RabbitMQ redelivers a message its consumer has held unacknowledged for 30 minutes, and
# Dramatiq holds delayed retries unacknowledged until they are due: every delay stays below.
MAX_RETRY_DELAY_SECONDS = 20 * 60
MAX_BACKOFF_SECONDS = 10 * 60


@dataclass(frozen=True)
class DeliveryResult:
    """What became of one delivery attempt; `retry_in` seconds when it must be tried again."""

    status: str  # sent | failed | retry | skipped
    retry_in: float | None = None


def backoff_seconds(attempts: int, first_delay: float) -> float:
    """Exponential back-off after the `attempts`-th failed send, capped."""
    return min(first_delay * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


async def _lock_pending(session: AsyncSession, notification_id: UUID) -> Notification | None:
    # SKIP LOCKED: a second copy of the message (the sweep re-sent it, RabbitMQ redelivered it)
    # leaves the row to whoever holds it instead of sending twice.
    notification = await session.scalar(
        select(Notification).where(Notification.id == notification_id).with_for_update(skip_locked=True)
    )
    if notification is None or notification.status != "pending":
        return None
    return notification


async def _reason_not_to_deliver(
    session: AsyncSession, notification: Notification, channel: NotificationConfig
) -> str | None:
    """Why an offer or health message queued earlier must not go out now (paused, muted...)."""
    if notification.kind == "text":
        return None  # replies to the chat itself, e.g. confirming /pause
    if not channel.is_active:
        return "channel is no longer active"
    if channel.is_paused:
        return "channel is paused"
    if notification.target_id is None:
        return None
    return await _target_stop_reason(session, notification.target_id, channel)


async def _target_stop_reason(
    session: AsyncSession, target_id: UUID, channel: NotificationConfig
) -> str | None:
    """Why this target's news must not go to this channel now (inactive, unlinked, muted...)."""
    target = await session.get(ScrapingTarget, target_id)
    if target is None or not target.is_active:
        return "target is no longer active"
    link = await session.scalar(
        select(TargetChannel).where(
            TargetChannel.target_id == target_id,
            TargetChannel.channel_id == channel.id,
        )
    )
    if link is None:
        return "channel is no longer linked to the target"
    if link.is_muted:
        return "target is muted in this chat"
    if link.snoozed_until is not None and link.snoozed_until > utcnow():
        return "target is snoozed in this chat"
    return None


async def _load_content(
    session: AsyncSession, notification: Notification, channel: NotificationConfig
) -> NotificationContent:
    content = NotificationContent(notification=notification, chat_id=channel.chat_id)
    if notification.target_id is not None:
        content.target = await session.get(ScrapingTarget, notification.target_id)
    if notification.offer_id is not None:
        content.offer = await session.get(Offer, notification.offer_id)
    if notification.scraping_url_id is not None:
        content.scraping_url = await session.get(ScrapingUrl, notification.scraping_url_id)
    if notification.kind == "digest":
        await _load_digest(session, content, channel)
    return content


async def _load_digest(
    session: AsyncSession, content: NotificationContent, channel: NotificationConfig
) -> None:
    """The digest's offers whose targets (any one of them) still send to this chat, checked now:
    a target deactivated, muted, snoozed or deleted since the digest was written drops only its
    own offers. ValueError when none is left."""
    payload = content.notification.payload or {}
    offer_ids = [str(value) for value in payload.get("offer_ids", [])]
    # Rows written before digests named each offer's targets: every target for every offer.
    every_target = [str(t) for t in payload.get("target_ids") or [content.notification.target_id] if t]
    offer_targets: dict[str, list[str]] = payload.get("offer_targets") or dict.fromkeys(
        offer_ids, every_target
    )
    targets: dict[str, ScrapingTarget] = {}
    for target_id in dict.fromkeys(t for ts in offer_targets.values() for t in ts):
        if await _target_stop_reason(session, UUID(target_id), channel) is None:
            targets[target_id] = await session.get_one(ScrapingTarget, UUID(target_id))
    kept = [UUID(o) for o in offer_ids if any(t in targets for t in offer_targets.get(o, []))]
    found = {offer.id: offer for offer in await session.scalars(select(Offer).where(Offer.id.in_(kept)))}
    content.digest_offers = [found[offer_id] for offer_id in kept if offer_id in found]
    if not content.digest_offers:
        raise ValueError("no target of the digest sends to this chat any more")
    content.digest_targets = list(targets.values())


def _fail(notification: Notification, error: str) -> DeliveryResult:
    notification.status = "failed"
    notification.last_error = error
    return DeliveryResult("failed")


async def _record(
    session: AsyncSession,
    notification: Notification,
    channel: NotificationConfig,
    outcome: SendOutcome,
    settings: Settings,
) -> DeliveryResult:
    notification.attempts += 1
    if isinstance(outcome, Sent):
        notification.status = "sent"
        notification.sent_at = utcnow()
        notification.telegram_message_id = outcome.message_id
        notification.last_error = None
        return DeliveryResult("sent")
    if isinstance(outcome, Throttled):
        notification.last_error = outcome.error
        return _planned_retry(notification, min(outcome.retry_after, MAX_RETRY_DELAY_SECONDS))
    if isinstance(outcome, Transient):
        if notification.attempts >= settings.notifier_max_attempts:
            return _fail(notification, outcome.error)
        notification.last_error = outcome.error
        return _planned_retry(
            notification, backoff_seconds(notification.attempts, settings.notifier_retry_backoff_seconds)
        )
    if isinstance(outcome, Rejected):
        return _fail(notification, outcome.error)
    if isinstance(outcome, Blocked):
        channel.is_active = False
        await session.execute(
            update(Notification)
            .where(
                Notification.channel_id == channel.id,
                Notification.status == "pending",
                Notification.id != notification.id,
            )
            .values(status="failed", last_error=outcome.error)
        )
        log.info("chat %s blocked the bot: channel %s deactivated", channel.chat_id, channel.id)
        return _fail(notification, outcome.error)
    if isinstance(outcome, ChatMoved):
        await move_chat(session, channel.chat_id, outcome.new_chat_id)
        notification.last_error = f"chat migrated to {outcome.new_chat_id}"
        return DeliveryResult("retry", 0.0)
    raise TypeError(f"unknown send outcome {outcome!r}")


async def deliver(
    session: AsyncSession,
    notification_id: UUID,
    sender: MessageSender,
    limiter: TelegramRateLimiter,
    settings: Settings,
) -> DeliveryResult:
    """Send one pending notification and record how it went; a sent one is never sent again."""
    notification = await _lock_pending(session, notification_id)
    if notification is None:
        return DeliveryResult("skipped")
    channel = await session.get(NotificationConfig, notification.channel_id)
    if channel is None:
        return _fail(notification, "channel not found")
    reason = await _reason_not_to_deliver(session, notification, channel)
    if reason is not None:
        return _fail(notification, reason)
    try:
        message = format_notification(await _load_content(session, notification, channel))
    except ValueError as exc:
        return _fail(notification, str(exc))
    outcome = await send_message(sender, limiter, message)
    return await _record(session, notification, channel, outcome, settings)


def _planned_retry(notification: Notification, delay: float) -> DeliveryResult:
    # Dated at the planned attempt, so the sweep (which re-sends rows untouched for a while)
    # does not start a second retry chain while Telegram's flood wait is still running.
    notification.updated_at = utcnow() + dt.timedelta(seconds=delay)
    return DeliveryResult("retry", delay)


async def count_pending(session: AsyncSession) -> int:
    """The outbox's queue depth: notifications not yet sent or given up on."""
    count = await session.scalar(select(func.count(Notification.id)).where(Notification.status == "pending"))
    return int(count or 0)


async def claim_stale_pending(
    session: AsyncSession, older_than: dt.timedelta, limit: int = 1000
) -> list[UUID]:
    """Ids of notifications pending and untouched for `older_than`, marked as just touched.

    Touching them (updated_at) keeps another sweep, in this or another worker process, from
    sending the same rows again before this round's messages had their chance.
    """
    cutoff = utcnow() - older_than
    stale = (
        select(Notification.id)
        .where(
            Notification.status == "pending",
            Notification.created_at < cutoff,
            Notification.updated_at < cutoff,
        )
        .order_by(Notification.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    result = await session.execute(
        update(Notification)
        .where(Notification.id.in_(stale.scalar_subquery()))
        .values(updated_at=utcnow())
        .returning(Notification.id)
    )
    return list(result.scalars())
