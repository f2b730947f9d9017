"""Delivering one notification from the outbox (notifier/outbox.py).

A delivery is three steps: claim the row (`sending`, committed), send through the channel of
the row's kind (notifier/channels/), record the outcome. A message the channel accepted is
therefore never sent again because a later commit failed: the outcome's write is retried
instead. Only a worker that dies between the claim and
the outcome leaves a row `sending`; the sweep sends it again after NOTIFIER_SENDING_TIMEOUT_SECONDS
(counted in offerwatch_notifications_resent_after_crash_total).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.clock import utcnow
from core.config import Settings
from core.db.models import (
    Notification,
    NotificationConfig,
    Offer,
    ScrapingTarget,
    ScrapingUrl,
)
from notifier.channels.base import (
    Channel,
    ChannelGone,
    ChannelMoved,
    Content,
    Final,
    Outcome,
    PacedChannel,
    Retry,
    RetryAfter,
    Sent,
)
from notifier.channels.moves import move_address
from notifier.metrics import record_write_retry
from notifier.outbox import reason_not_to_deliver, route_stop_reason

log = logging.getLogger(__name__)

# RabbitMQ redelivers a message its consumer has held unacknowledged for 30 minutes, and
# Dramatiq holds delayed messages unacknowledged until they are due: a retry further away than
# this is not a broker delay but a `next_attempt_at` the sweep honours.
MAX_BROKER_DELAY_SECONDS = 10 * 60
# The sweep never makes a message of its own for a row less than this far past its due time,
# and a message that arrives this much before its row's next_attempt_at is dropped as early.
EARLY_SLACK_SECONDS = 1.0
# Writing an outcome after the channel accepted the message: the write is retried (a new
# connection each time, doubling from the first delay) for this share of the sending timeout,
# well before the sweep would count the row as its worker's crash and send it again.
RECORD_RETRY_SHARE = 0.8
RECORD_FIRST_DELAY_SECONDS = 0.2
RECORD_MAX_DELAY_SECONDS = 5.0


class DeliveryStatus(StrEnum):
    SENT = "sent"
    FAILED = "failed"
    RETRY = "retry"  # tried again after `retry_in` seconds (a broker delay)
    LATER = "later"  # tried again when the sweep finds it due (a long back-off)
    QUEUED = "queued"  # waits in the turn queue for its address's turn (paced kinds)
    BUSY = "busy"  # not sent: another worker process has its address's turn for `retry_in` s
    SKIPPED = "skipped"


@dataclass(frozen=True)
class DeliveryResult:
    """What became of one delivery attempt; `retry_in` seconds when it must be tried again."""

    status: str
    retry_in: float | None = None


@dataclass(frozen=True)
class Claim:
    """A notification this worker set `sending`, and the message its channel kind made for it."""

    notification_id: UUID
    kind: str
    message: Any


def backoff_seconds(attempts: int, first_delay: float, cap: float) -> float:
    """Exponential back-off after the `attempts`-th failed send, capped, with full jitter in its
    upper half (many chats failing together do not all come back in the same second)."""
    ceiling = min(first_delay * 2 ** max(attempts - 1, 0), cap)
    return ceiling * random.uniform(0.5, 1.0)


async def _lock_pending(session: AsyncSession, notification_id: UUID, wait: bool) -> Notification | None:
    # SKIP LOCKED: a second copy of the message (the sweep re-sent it, RabbitMQ redelivered it)
    # leaves the row to whoever holds it instead of sending twice. A queued message waits for
    # the lock instead: it may be held a moment by its re-dating (notifier/turns.py) or the
    # sweep, and a second copy is told apart by the status once the lock is free.
    notification = await session.scalar(
        select(Notification).where(Notification.id == notification_id).with_for_update(skip_locked=not wait)
    )
    if notification is None or notification.status != "pending":
        return None
    return notification


async def _load_content(
    session: AsyncSession, notification: Notification, channel: NotificationConfig
) -> Content:
    content = Content(notification=notification, channel=channel)
    if notification.target_id is not None:
        content.target = await session.get(ScrapingTarget, notification.target_id)
    if notification.offer_id is not None:
        content.offer = await session.get(Offer, notification.offer_id)
    if notification.scraping_url_id is not None:
        content.scraping_url = await session.get(ScrapingUrl, notification.scraping_url_id)
    if notification.kind == "digest":
        await _load_digest(session, content, channel)
    return content


async def _load_digest(session: AsyncSession, content: Content, channel: NotificationConfig) -> None:
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
        if await route_stop_reason(session, UUID(target_id), channel) is None:
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
    return DeliveryResult(DeliveryStatus.FAILED)


def _planned_retry(notification: Notification, delay: float) -> DeliveryResult:
    """Back to `pending`, due in `delay` seconds: a broker delay when short, else the sweep's."""
    notification.status = "pending"
    notification.next_attempt_at = utcnow() + dt.timedelta(seconds=delay)
    if delay <= MAX_BROKER_DELAY_SECONDS:
        return DeliveryResult(DeliveryStatus.RETRY, delay)
    return DeliveryResult(DeliveryStatus.LATER)


def _transient_failure(notification: Notification, error: str, settings: Settings) -> DeliveryResult:
    """A network error, a timeout or a 5xx: retried with back-off until the retry window has passed."""
    now = utcnow()
    if notification.failing_since is None:
        notification.failing_since = now
    window = dt.timedelta(seconds=settings.notifier_retry_window_seconds)
    if now - notification.failing_since >= window:
        return _fail(notification, error)
    notification.last_error = error
    delay = backoff_seconds(
        notification.attempts, settings.notifier_retry_backoff_seconds, settings.notifier_max_backoff_seconds
    )
    return _planned_retry(notification, delay)


async def _record(
    session: AsyncSession,
    notification: Notification,
    channel: NotificationConfig,
    outcome: Outcome,
    settings: Settings,
    sender: Channel | None,
) -> DeliveryResult:
    """A failed send's outcome (a Sent one is _record_sent's, in one statement); `sender` is
    the channel kind that sent it."""
    if isinstance(outcome, RetryAfter):
        # The service's own "not before": it neither counts as an attempt nor backs off.
        notification.attempts -= 1
        notification.last_error = outcome.error
        if isinstance(sender, PacedChannel):
            sender.hold(channel.address, outcome.seconds)
        return _planned_retry(notification, outcome.seconds)
    if isinstance(outcome, Retry):
        return _transient_failure(notification, outcome.error, settings)
    if isinstance(outcome, Final):
        return _fail(notification, outcome.error)
    if isinstance(outcome, ChannelGone):
        channel.is_active = False
        await session.execute(
            update(Notification)
            .where(
                Notification.channel_id == channel.id,
                # `held` too: a crawl's offers released after the loss would only fail later.
                Notification.status.in_(("pending", "held")),
                Notification.id != notification.id,
            )
            .values(status="failed", last_error=outcome.error)
        )
        log.info(
            "%s %s takes no more messages: channel %s deactivated", channel.kind, channel.address, channel.id
        )
        return _fail(notification, outcome.error)
    if isinstance(outcome, ChannelMoved):
        await move_address(session, channel.kind, channel.address, outcome.new_address)
        notification.last_error = f"{channel.kind} address moved to {outcome.new_address}"
        notification.status = "pending"
        notification.next_attempt_at = None
        return DeliveryResult(DeliveryStatus.RETRY, 0.0)
    raise TypeError(f"unknown send outcome {outcome!r}")


@dataclass(frozen=True)
class Route:
    """Where a notification goes: its channel's kind and address."""

    kind: str
    address: str


_ROUTE = (
    select(
        Notification.status, Notification.next_attempt_at, NotificationConfig.kind, NotificationConfig.address
    )
    .outerjoin(NotificationConfig, NotificationConfig.id == Notification.channel_id)
    .where(Notification.id == bindparam("notification_id"))
)


async def read_route(engine: AsyncEngine, notification_id: UUID) -> Route | DeliveryResult | None:
    """Where a pending notification goes, read in one statement without a transaction (the
    claim checks the row again under its lock): SKIPPED when it is not pending or is due later
    (a second copy of its message), None when its channel is gone (the claim fails it). In a
    burst every arrival is read here once, so it is kept light."""
    async with engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        row = (await connection.execute(_ROUTE, {"notification_id": notification_id})).first()
    if row is None or row.status != "pending" or _early(row.next_attempt_at):
        return DeliveryResult(DeliveryStatus.SKIPPED)
    if row.kind is None:
        return None
    return Route(row.kind, row.address)


def _early(due: dt.datetime | None) -> bool:
    """A second copy of a message already scheduled for later (the sweep's, a redelivery)."""
    return due is not None and due > utcnow() + dt.timedelta(seconds=EARLY_SLACK_SECONDS)


async def claim_for_sending(
    session: AsyncSession,
    notification_id: UUID,
    channels: Mapping[str, Channel],
    queued: bool = False,
) -> Claim | DeliveryResult:
    """Set a pending notification `sending` (its own transaction, committed by the caller before
    the channel is called), or say why not: skipped or failed. `queued`: it comes from the turn
    queue (notifier/turns.py), which checked its due time when it was queued and may have
    re-dated it since."""
    notification = await _lock_pending(session, notification_id, wait=queued)
    if notification is None:
        return DeliveryResult(DeliveryStatus.SKIPPED)
    now = utcnow()
    if not queued and _early(notification.next_attempt_at):
        return DeliveryResult(DeliveryStatus.SKIPPED)
    channel = await session.get(NotificationConfig, notification.channel_id)
    if channel is None:
        return _fail(notification, "channel not found")
    sender = channels.get(channel.kind)
    if sender is None:
        return _fail(notification, f"no channel of kind {channel.kind!r} in this notifier")
    reason = await reason_not_to_deliver(session, notification, channel)
    if reason is not None:
        return _fail(notification, reason)
    try:
        message = sender.format(await _load_content(session, notification, channel))
    except ValueError as exc:
        return _fail(notification, str(exc))
    notification.status = "sending"
    notification.attempts += 1
    notification.claimed_at = now
    return Claim(notification.id, channel.kind, message)


async def record_outcome_durably(
    sessions: async_sessionmaker[AsyncSession],
    claim: Claim,
    outcome: Outcome,
    settings: Settings,
    channels: Mapping[str, Channel],
) -> DeliveryResult:
    """Write how a send went, retrying the write (never the send) while the database is away."""
    give_up_at = time.monotonic() + settings.notifier_sending_timeout_seconds * RECORD_RETRY_SHARE
    delay = RECORD_FIRST_DELAY_SECONDS
    while True:
        try:
            async with sessions() as session, session.begin():
                return await _record_claimed(session, claim, outcome, settings, channels.get(claim.kind))
        except (DBAPIError, OSError) as exc:
            if time.monotonic() + delay > give_up_at:
                log.error(
                    "notification %s: outcome %s not recorded (%s); the sweep sends it again",
                    claim.notification_id,
                    type(outcome).__name__,
                    exc,
                )
                raise
            record_write_retry()
            log.warning(
                "notification %s: recording %s failed (%s: %s); retrying the write in %.1fs",
                claim.notification_id,
                type(outcome).__name__,
                type(exc).__name__,
                str(exc).splitlines()[0] if str(exc) else "",
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECORD_MAX_DELAY_SECONDS)


async def _record_sent(session: AsyncSession, claim: Claim, outcome: Sent) -> DeliveryResult:
    """The common outcome in one statement (the notifier's hot path)."""
    await session.execute(
        update(Notification)
        .where(Notification.id == claim.notification_id, Notification.status != "sent")
        .values(
            status="sent",
            sent_at=utcnow(),
            delivery_id=outcome.delivery_id,
            last_error=None,
            next_attempt_at=None,
            failing_since=None,
            updated_at=utcnow(),
        )
    )
    return DeliveryResult(DeliveryStatus.SENT)


async def _record_claimed(
    session: AsyncSession,
    claim: Claim,
    outcome: Outcome,
    settings: Settings,
    sender: Channel | None,
) -> DeliveryResult:
    if isinstance(outcome, Sent):
        return await _record_sent(session, claim, outcome)
    notification = await session.get(Notification, claim.notification_id, with_for_update=True)
    if notification is None or notification.status == "sent":
        return DeliveryResult(DeliveryStatus.SKIPPED)
    channel = await session.get(NotificationConfig, notification.channel_id)
    if channel is None:
        return _fail(notification, "channel not found")
    return await _record(session, notification, channel, outcome, settings, sender)


async def deliver(
    sessions: async_sessionmaker[AsyncSession],
    notification_id: UUID,
    channels: Mapping[str, Channel],
    settings: Settings,
    queued: bool = False,
) -> DeliveryResult:
    """Send one pending notification through the channel of its kind, now, and record how it
    went; a sent one is never sent again. (A paced kind's messages come here from the turn
    queue, notifier/turns.py, at their address's turn: `queued`, as in claim_for_sending.)

    Three steps: the claim (committed), the channel's send, the outcome (its write retried on
    its own if the database is away, so an accepted message is never sent a second time).
    """
    async with sessions() as session, session.begin():
        claim = await claim_for_sending(session, notification_id, channels, queued)
    if isinstance(claim, DeliveryResult):
        return claim
    outcome = await channels[claim.kind].send(claim.message)
    return await record_outcome_durably(sessions, claim, outcome, settings, channels)
