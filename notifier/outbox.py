"""The outbox: the `notification` table, one row per message to one channel.

Rows are written in the caller's transaction (fan-out's offers, price cuts, digests and page
health from api/internal/fanout.py; the bot's replies; a channel's confirmation) and handed to
the notifier once that transaction has committed (`commit_then_enqueue`). The delivery takes
its last look with the same rule fan-out chose the channels by (`reason_not_to_deliver`,
`receiving_routes`), and the sweep finds the rows whose message was lost or whose worker died
(`claim_stale_pending`, `release_stale_sending`).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

import anyio.to_thread
import msgspec
from sqlalchemy import ColumnElement, and_, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db.inserts import insert_new_rows
from core.db.models import Notification, NotificationConfig, ScrapingTarget, TargetChannel
from notifier import dispatch

log = logging.getLogger(__name__)

# Notification kinds that answer the channel itself (a bot's reply, an address's confirmation
# link): they go to an active channel whether or not it is paused or verified yet.
TO_THE_CHANNEL_ITSELF = frozenset({"text", "confirm"})


# --- writing rows -------------------------------------------------------------------------------


def notification_row(
    kind: str, dedupe_key: str, channel_id: UUID, now: dt.datetime, **fields: Any
) -> dict[str, Any]:
    """A pending row for `insert_rows`; `fields` sets target, offer, payload, status..."""
    # Every row carries every column: a multi-row INSERT needs the same keys in each.
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "created_at": now,
        "updated_at": now,
        "dedupe_key": dedupe_key,
        "kind": kind,
        "channel_id": channel_id,
        "target_id": None,
        "offer_id": None,
        "price_change_id": None,
        "scraping_url_id": None,
        "payload": {},
        "status": "pending",
    }
    row.update(fields)
    return row


def digest_row(
    scraping_url_id: UUID, channel_id: UUID, matches: Sequence[tuple[UUID, UUID]], now: dt.datetime
) -> dict[str, Any]:
    """One digest of (offer, target) `matches` for a channel. It names every pair, and delivery
    checks each target again, so a target stopped meanwhile drops only its own offers. target_id
    is set only when the digest is about one target (its buttons then act on it); with several it
    stays empty, so that no single target's deletion takes the others' offers along."""
    offer_targets: dict[str, list[str]] = {}
    for offer_id, target_id in matches:
        offer_targets.setdefault(str(offer_id), []).append(str(target_id))
    target_ids = list(dict.fromkeys(str(target_id) for _, target_id in matches))
    return notification_row(
        "digest",
        f"digest:{scraping_url_id}:{channel_id}:{min(offer_targets)}",
        channel_id,
        now,
        scraping_url_id=scraping_url_id,
        target_id=UUID(target_ids[0]) if len(target_ids) == 1 else None,
        payload={"offer_ids": list(offer_targets), "target_ids": target_ids, "offer_targets": offer_targets},
    )


# On PostgreSQL the rows travel as one JSON document (msgspec encodes it in C), as the offers'
# ingest does (api/internal/rows.py): the statement's text is the same whatever the number of
# rows, and no value goes through the driver's per-value adaptation.
_INSERT_NOTIFICATIONS_POSTGRESQL = text(
    """
    INSERT INTO notification (id, dedupe_key, kind, channel_id, target_id, offer_id, price_change_id,
                              scraping_url_id, payload, status, created_at, updated_at)
    SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS n(
        id uuid, dedupe_key text, kind text, channel_id uuid, target_id uuid, offer_id uuid,
        price_change_id uuid, scraping_url_id uuid, payload jsonb, status text,
        created_at timestamptz, updated_at timestamptz
    )
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, status
    """
)


async def insert_rows(session: AsyncSession, rows: list[dict[str, Any]]) -> list[UUID]:
    """Insert the rows (every column of `notification_row`; one whose dedupe_key exists, as a
    retried request computes it again, adds nothing); returns the ids to enqueue after commit,
    the new rows that are `pending`."""
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql":
        encoded = msgspec.json.encode(rows).decode()
        inserted = list(await session.execute(_INSERT_NOTIFICATIONS_POSTGRESQL, {"rows": encoded}))
    else:
        inserted = await insert_new_rows(
            session, Notification, rows, ["dedupe_key"], [Notification.id, Notification.status]
        )
    return [row.id for row in inserted if row.status == "pending"]


def add_to_channel_itself(
    session: AsyncSession,
    channel_id: UUID,
    kind: str,
    payload: dict[str, Any],
    *,
    key_prefix: str | None = None,
) -> Notification:
    """A message that answers the channel itself (TO_THE_CHANNEL_ITSELF), added to the session;
    enqueue its id after commit. Its dedupe_key starts with `key_prefix` (default: the kind), by
    which a caller may count its own messages."""
    if kind not in TO_THE_CHANNEL_ITSELF:
        raise ValueError(f"{kind!r} is news, not a message to the channel itself")
    notification = Notification(
        id=uuid.uuid4(),
        # Each is asked for once (the bot's update claim, one request), so the key only has to
        # be unique.
        dedupe_key=f"{key_prefix or kind}:{channel_id}:{uuid.uuid4()}",
        kind=kind,
        channel_id=channel_id,
        payload=payload,
        status="pending",
        attempts=0,
    )
    session.add(notification)
    return notification


def add_text(
    session: AsyncSession, channel_id: UUID, text: str, *, reply_markup: dict[str, Any] | None = None
) -> Notification:
    """A `text` message (the bot's reply that goes through the notifier)."""
    payload: dict[str, Any] = {"text": text}
    if reply_markup is not None:
        payload["reply_markup"] = reply_markup
    return add_to_channel_itself(session, channel_id, "text", payload)


# --- the deliverable rule -----------------------------------------------------------------------
# One rule, in SQL for fan-out's choice of channels and in Python for the delivery's last look.


def receiving_routes(now: dt.datetime | ColumnElement[dt.datetime]) -> ColumnElement[bool]:
    """The condition on scraping_target ⋈ target_channel ⋈ notification_config under which the
    target's news goes to the channel now: the target active, the channel deliverable
    (NotificationConfig.is_deliverable), the route neither muted nor snoozed; `now` may be a bind
    parameter."""
    return and_(
        ScrapingTarget.is_active.is_(True),
        NotificationConfig.is_deliverable,
        TargetChannel.is_muted.is_(False),
        or_(TargetChannel.snoozed_until.is_(None), TargetChannel.snoozed_until <= now),
    )


async def reason_not_to_deliver(
    session: AsyncSession, notification: Notification, channel: NotificationConfig
) -> str | None:
    """Why a row written earlier must not go out now (the channel paused, the target muted...)."""
    if not channel.is_active:
        return "channel is no longer active"
    if notification.kind in TO_THE_CHANNEL_ITSELF:
        return None
    if not channel.is_deliverable:
        return "channel is paused" if channel.is_paused else "channel is not verified"
    if notification.target_id is None:
        return None
    return await route_stop_reason(session, notification.target_id, channel)


async def route_stop_reason(
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


# --- the hand-off -------------------------------------------------------------------------------


async def commit_then_enqueue(session: AsyncSession, notification_ids: Iterable[UUID]) -> None:
    """Commit the caller's transaction, then hand the new notifications to the notifier.

    Committing here, explicitly, rather than in the app's autocommit before-send hook or
    enqueuing in an after_response hook: the broker message then goes out strictly after the
    rows it names are visible to a worker, and a failed commit raises with nothing enqueued (the
    crawler retries; its 2xx means the offer is durably stored). The hand-off never fails the
    caller: rows it could not hand over stay pending for the sweep.
    """
    hand_off = await commit_then_hand_off(session, notification_ids)
    if hand_off is not None:
        await hand_off()


async def commit_then_hand_off(
    session: AsyncSession, notification_ids: Iterable[UUID]
) -> Callable[[], Awaitable[None]] | None:
    """`commit_then_enqueue` that commits now and returns the hand-off for the caller to run
    later (the API runs it as the response's background task, once the response is sent: a
    crawler posting batches one after another does not wait for RabbitMQ, and the ids are still
    handed over after the commit). None: nothing to hand over. A process that dies before the
    hand-off runs leaves the rows pending for the sweep, as a broker outage does."""
    await session.commit()
    ids = list(notification_ids)
    if not ids:
        return None

    async def hand_off() -> None:
        # Publishing can block on an unreachable broker: not on the event loop. (The thread
        # runs in a copy of the context, so the request id goes along.)
        await anyio.to_thread.run_sync(_enqueue_quietly, ids)

    return hand_off


def _enqueue_quietly(notification_ids: list[UUID]) -> None:
    try:
        dispatch.enqueue_notifications(notification_ids)
    except Exception:
        log.exception("enqueue of %d notifications failed; the sweep will send them", len(notification_ids))


# --- the sweep's queries ------------------------------------------------------------------------


async def count_pending(session: AsyncSession) -> int:
    """The outbox's queue depth: notifications not yet sent or given up on."""
    count = await session.scalar(
        select(func.count(Notification.id)).where(Notification.status.in_(("pending", "sending")))
    )
    return int(count or 0)


async def release_stale_sending(session: AsyncSession, sending_timeout: dt.timedelta) -> int:
    """Rows `sending` for longer than `sending_timeout`: their worker died between the claim and
    the outcome (killed, or the database stayed away longer than the outcome's write retries).
    Whether the channel got the message is unknown; they go back to `pending` and are sent again,
    the one case where a chat may see a message twice. Returns how many."""
    result = await session.execute(
        update(Notification)
        .where(Notification.status == "sending", Notification.claimed_at < utcnow() - sending_timeout)
        .values(
            status="pending",
            next_attempt_at=None,
            last_error="sending interrupted (worker stopped); sent again",
        )
        .returning(Notification.id)
    )
    released = list(result.scalars())
    for notification_id in released:
        log.warning("notification %s was left sending by a stopped worker: sending it again", notification_id)
    return len(released)


async def claim_stale_pending(
    session: AsyncSession, older_than: dt.timedelta, limit: int = 1000
) -> list[UUID]:
    """Ids of notifications pending and due for `older_than` (their message was lost, or never
    handed over), marked as due now.

    Re-dating them (next_attempt_at) keeps another sweep, in this or another worker process,
    from sending the same rows again before this round's messages had their chance.
    """
    now = utcnow()
    stale = (
        select(Notification.id)
        .where(
            Notification.status == "pending",
            func.coalesce(Notification.next_attempt_at, Notification.created_at) < now - older_than,
        )
        .order_by(Notification.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    result = await session.execute(
        update(Notification)
        .where(Notification.id.in_(stale.scalar_subquery()))
        .values(next_attempt_at=now)
        .returning(Notification.id)
    )
    return list(result.scalars())


async def redate_waiting(session: AsyncSession, notification_ids: list[UUID], seconds: float) -> None:
    """Date pending rows `seconds` ahead: they wait in a worker's turn queue (notifier/turns.py),
    not lost, and the sweep leaves them alone until then."""
    await session.execute(
        update(Notification)
        .where(Notification.id.in_(notification_ids), Notification.status == "pending")
        .values(next_attempt_at=utcnow() + dt.timedelta(seconds=seconds))
    )
