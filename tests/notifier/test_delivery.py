"""Delivering one notification through the real python-telegram-bot against the fake server:
outcomes recorded in PostgreSQL for every answer Telegram can give."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import itertools
import logging
import uuid

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.config import Settings
from core.db.models import Notification, NotificationConfig, TargetChannel
from notifier.delivery import DeliveryResult
from notifier.outbox import claim_stale_pending
from notifier.runtime import NotifierRuntime
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import (
    add_notification,
    arrange_delivery,
    deliver_unpaced,
    reload,
    status_becomes,
)


async def _deliver(runtime: NotifierRuntime, notification_id: uuid.UUID) -> DeliveryResult:
    """One delivery, now, with the chat's earlier sends forgotten (these tests are about
    outcomes: a later call to the same chat does not wait for its next second)."""
    return await deliver_unpaced(runtime, notification_id)


async def _back_date_failing_since(db: AsyncSession, notification_id: uuid.UUID, hours: float) -> None:
    await db.execute(
        update(Notification)
        .where(Notification.id == notification_id)
        .values(failing_since=utcnow() - dt.timedelta(hours=hours))
    )
    await db.commit()


async def test_new_offer_is_sent_once_and_marked_sent_with_the_message_id(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db, title="Road <bike>", extra={"seller": "bob"})

    result = await _deliver(runtime, rows.notification_id)

    assert result == DeliveryResult("sent")
    [request] = fake_telegram.messages
    assert request.method == "sendMessage"
    assert request.params["chat_id"] == str(rows.chat_id)
    assert request.params["parse_mode"] == "HTML"
    assert "Road &lt;bike&gt;" in request.params["text"]
    keyboard = request.params["reply_markup"]["inline_keyboard"]
    assert keyboard[0][0]["text"] == "Open offer"
    assert keyboard[2][0]["callback_data"] == f"x:{rows.notification_id.hex}"
    notification = await reload(db, Notification, rows.notification_id)
    assert notification.status == "sent"
    assert notification.sent_at is not None
    assert notification.attempts == 1
    assert notification.delivery_id == str(request.response["result"]["message_id"])


async def test_sent_notification_is_never_sent_again(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    await _deliver(runtime, rows.notification_id)

    again = await _deliver(runtime, rows.notification_id)

    assert again == DeliveryResult("skipped")
    assert len(fake_telegram.calls("sendMessage")) == 1


async def test_offer_with_image_is_sent_as_photo(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db, image_url="https://shop.example/img/1.jpg")

    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("sent")

    [request] = fake_telegram.messages
    assert request.method == "sendPhoto"
    assert request.params["photo"] == "https://shop.example/img/1.jpg"
    assert "Road bike" in request.params["caption"]


async def test_rejected_photo_falls_back_to_a_text_message(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db, image_url="https://shop.example/img/broken.jpg")
    fake_telegram.fail_next("sendPhoto", 400, "Bad Request: wrong file identifier/HTTP URL specified")

    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("sent")

    assert [r.method for r in fake_telegram.calls()] == ["sendPhoto", "sendMessage"]
    [message] = fake_telegram.messages
    assert message.method == "sendMessage" and "Road bike" in message.params["text"]
    notification = await reload(db, Notification, rows.notification_id)
    assert notification.status == "sent"


async def test_bad_request_fails_at_once(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    fake_telegram.fail_next("sendMessage", 400, "Bad Request: chat not found")

    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("failed")

    notification = await reload(db, Notification, rows.notification_id)
    assert notification.status == "failed"
    assert notification.attempts == 1
    assert notification.last_error == "400: Chat not found"
    assert fake_telegram.messages == []


async def test_blocked_bot_deactivates_the_channel_and_fails_its_pending_and_held_notifications(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    other = await add_notification(
        db, "new_offer", rows.channel_id, target_id=rows.target_id, offer_id=rows.offer_id
    )
    held = await add_notification(
        db, "new_offer", rows.channel_id, target_id=rows.target_id, offer_id=rows.offer_id
    )
    held.status = "held"  # a crawl in progress holds it for its digest
    other_id, held_id = other.id, held.id
    await db.commit()
    fake_telegram.fail_chat(rows.chat_id, 403, "Forbidden: bot was blocked by the user")

    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("failed")

    channel = await reload(db, NotificationConfig, rows.channel_id)
    assert channel.is_active is False
    for notification_id in (rows.notification_id, other_id, held_id):
        notification = await reload(db, Notification, notification_id)
        assert notification.status == "failed"
        assert notification.last_error == "403: Forbidden: bot was blocked by the user"
    assert len(fake_telegram.calls("sendMessage")) == 1


@pytest.mark.parametrize("status", [500, 502])
async def test_server_errors_back_off_with_jitter_for_the_retry_window_then_fail(
    db: AsyncSession,
    runtime: NotifierRuntime,
    fake_telegram: FakeTelegram,
    settings: Settings,
    status: int,
) -> None:
    rows = await arrange_delivery(db)
    fake_telegram.fail_chat(rows.chat_id, status, "Internal Server Error")

    first = await _deliver(runtime, rows.notification_id)
    second = await _deliver(runtime, rows.notification_id)
    # 23 hours into the outage: still retried (NOTIFIER_RETRY_WINDOW_SECONDS is a day).
    await _back_date_failing_since(db, rows.notification_id, 23)
    third = await _deliver(runtime, rows.notification_id)
    await _back_date_failing_since(db, rows.notification_id, 24)
    last = await _deliver(runtime, rows.notification_id)

    backoff = settings.notifier_retry_backoff_seconds
    assert first.status == second.status == third.status == "retry"
    assert backoff / 2 <= (first.retry_in or 0) <= backoff
    assert backoff <= (second.retry_in or 0) <= backoff * 2
    assert last == DeliveryResult("failed")
    notification = await reload(db, Notification, rows.notification_id)
    assert notification.status == "failed"
    assert notification.attempts == 4
    assert "Internal Server Error" in notification.last_error


async def test_a_back_off_beyond_the_broker_delay_limit_waits_for_the_sweep(
    db: AsyncSession, settings: Settings, fake_telegram: FakeTelegram
) -> None:
    # Back-off from an hour on: far more than a broker may hold a delayed message.
    slow = dataclasses.replace(
        settings, notifier_retry_backoff_seconds=3600, notifier_max_backoff_seconds=3600
    )
    runtime = NotifierRuntime.build(slow)
    rows = await arrange_delivery(db)
    fake_telegram.fail_next("sendMessage", 500)
    try:
        result = await _deliver(runtime, rows.notification_id)
    finally:
        await runtime.close()

    assert result == DeliveryResult("later")
    notification = await reload(db, Notification, rows.notification_id)
    assert notification.status == "pending"
    wait = (notification.next_attempt_at - utcnow()).total_seconds()
    assert 1700 < wait <= 3600
    await db.commit()
    # The sweep leaves it until it is due (and a minute late), then takes it.
    async with db.begin():
        assert await claim_stale_pending(db, dt.timedelta(seconds=60)) == []
    async with db.begin():
        assert await claim_stale_pending(db, dt.timedelta(seconds=-3700)) == [rows.notification_id]


async def test_server_error_then_success_is_sent(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    fake_telegram.fail_next("sendMessage", 500)

    assert (await _deliver(runtime, rows.notification_id)).status == "retry"
    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("sent")

    notification = await reload(db, Notification, rows.notification_id)
    assert notification.status == "sent" and notification.attempts == 2
    assert notification.last_error is None


async def test_network_errors_are_retried_then_failed(db: AsyncSession, settings: Settings) -> None:
    # A port nobody listens on: every request fails to connect.
    closed = dataclasses.replace(settings, telegram_api_base_url="http://127.0.0.1:9")
    runtime = NotifierRuntime.build(closed)
    rows = await arrange_delivery(db)
    try:
        results = [await _deliver(runtime, rows.notification_id) for _ in range(2)]
        await _back_date_failing_since(db, rows.notification_id, 25)
        results.append(await _deliver(runtime, rows.notification_id))
    finally:
        await runtime.close()

    assert [r.status for r in results] == ["retry", "retry", "failed"]
    notification = await reload(db, Notification, rows.notification_id)
    assert notification.status == "failed"
    assert notification.last_error.startswith(("NetworkError", "TimedOut"))


async def test_flood_control_asks_for_a_retry_after_exactly_retry_after_and_is_no_failed_attempt(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    fake_telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)

    result = await _deliver(runtime, rows.notification_id)

    assert result == DeliveryResult("retry", 7.0)
    notification = await reload(db, Notification, rows.notification_id)
    assert notification.status == "pending"
    assert notification.attempts == 0
    assert notification.failing_since is None
    assert notification.last_error.startswith("429")


async def test_a_planned_retry_is_not_claimed_by_the_sweep_before_it_is_due(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db, age=dt.timedelta(minutes=5))
    fake_telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 300", retry_after=300)

    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("retry", 300.0)

    # A sweep three minutes from now (rows due for 60 s, i.e. a cutoff 120 s ahead of now):
    # Telegram's 300 s flood wait still runs, so it must not start a second retry chain.
    async with db.begin():
        assert await claim_stale_pending(db, dt.timedelta(seconds=-120)) == []
    # Once the planned attempt is past, the sweep takes over as for any row.
    async with db.begin():
        assert await claim_stale_pending(db, dt.timedelta(seconds=-400)) == [rows.notification_id]


async def test_group_that_became_a_supergroup_is_sent_to_its_new_chat_id(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db, chat_id=-100)
    fake_telegram.fail_next(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        parameters={"migrate_to_chat_id": -1001234},
    )

    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("retry", 0.0)
    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("sent")

    channel = await reload(db, NotificationConfig, rows.channel_id)
    assert channel.address == "-1001234"
    assert fake_telegram.messages[0].chat_id == "-1001234"


async def test_muted_target_is_not_sent(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    await db.execute(update(TargetChannel).values(is_muted=True))
    await db.commit()

    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("failed")

    notification = await reload(db, Notification, rows.notification_id)
    assert notification.last_error == "target is muted in this chat"
    assert fake_telegram.calls() == []


async def test_paused_channel_gets_offers_no_more_but_still_gets_replies(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    reply = await add_notification(db, "text", rows.channel_id, payload={"text": "Paused."})
    await db.execute(update(NotificationConfig).values(is_paused=True))
    await db.commit()

    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("failed")
    assert await _deliver(runtime, reply.id) == DeliveryResult("sent")

    [message] = fake_telegram.messages
    assert message.params["text"] == "Paused."


async def test_an_unverified_channel_gets_no_offers_but_still_gets_messages_to_itself(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    reply = await add_notification(db, "text", rows.channel_id, payload={"text": "Confirm it."})
    await db.execute(update(NotificationConfig).values(is_verified=False))
    await db.commit()

    assert await _deliver(runtime, rows.notification_id) == DeliveryResult("failed")
    assert await _deliver(runtime, reply.id) == DeliveryResult("sent")

    notification = await reload(db, Notification, rows.notification_id)
    assert notification.last_error == "channel is not verified"
    [message] = fake_telegram.messages
    assert message.params["text"] == "Confirm it."


async def test_an_inactive_channel_gets_not_even_messages_to_itself(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    reply = await add_notification(db, "text", rows.channel_id, payload={"text": "Paused."})
    await db.execute(update(NotificationConfig).values(is_active=False))
    await db.commit()

    assert await _deliver(runtime, reply.id) == DeliveryResult("failed")

    notification = await reload(db, Notification, reply.id)
    assert notification.last_error == "channel is no longer active"
    assert fake_telegram.calls() == []


async def test_messages_to_one_chat_wait_their_turns_in_the_queue_without_holding_up_others(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    more = [
        (await add_notification(db, "text", rows.channel_id, payload={"text": f"#{i}"})).id for i in range(2)
    ]
    elsewhere = await arrange_delivery(db, chat_id=777)
    await db.commit()
    ids = [rows.notification_id, *more, elsewhere.notification_id]

    # Each arrival is taken at once (its broker message is done), the sends follow at the turns.
    results = [await runtime.take(notification_id, None) for notification_id in ids]

    assert results == [DeliveryResult("queued")] * 4
    for notification_id in ids:
        await status_becomes(db, notification_id, "sent")
    same_chat = sorted(m.received_at for m in fake_telegram.messages if m.chat_id == str(rows.chat_id))
    other = next(m.received_at for m in fake_telegram.messages if m.chat_id == "777")
    assert len(same_chat) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(same_chat)]
    assert all(gap >= 0.95 for gap in gaps), gaps
    assert other - same_chat[0] < 0.5  # not behind the chat's later seconds
    # The texts in the order they were written.
    texts = [m.params["text"] for m in fake_telegram.messages if m.chat_id == str(rows.chat_id)]
    assert texts[1:] == ["#0", "#1"]


async def test_a_second_copy_of_a_queued_message_is_skipped_or_ignored(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)

    first = await runtime.take(rows.notification_id, None)
    second = await runtime.take(rows.notification_id, None)  # RabbitMQ redelivered it, say
    await status_becomes(db, rows.notification_id, "sent")
    third = await runtime.take(rows.notification_id, None)  # the sweep's copy, too late

    assert first == second == DeliveryResult("queued")
    assert third == DeliveryResult("skipped")
    await asyncio.sleep(0.2)
    assert len(fake_telegram.messages) == 1


async def test_without_a_bot_token_the_message_goes_to_the_log(
    db: AsyncSession, settings: Settings, fake_telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = NotifierRuntime.build(dataclasses.replace(settings, telegram_bot_token=""))
    rows = await arrange_delivery(db, title="Road <bike>")
    try:
        with caplog.at_level(logging.INFO, logger="notifier.channels.telegram.senders"):
            assert await _deliver(runtime, rows.notification_id) == DeliveryResult("sent")
    finally:
        await runtime.close()

    assert fake_telegram.calls() == []
    [record] = [r for r in caplog.records if r.name == "notifier.channels.telegram.senders"]
    assert f"chat {rows.chat_id}" in record.getMessage()
    assert "Road &lt;bike&gt;" in record.getMessage()
    notification = await reload(db, Notification, rows.notification_id)
    assert notification.status == "sent" and notification.delivery_id is None


async def test_a_chat_address_telegram_cannot_take_is_failed_at_once_not_queued(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    await db.execute(update(NotificationConfig).values(address="not-a-chat-id"))
    await db.commit()

    assert await runtime.take(rows.notification_id, None) == DeliveryResult("failed")
    notification = await reload(db, Notification, rows.notification_id)
    assert "not-a-chat-id" in (notification.last_error or "")
    assert fake_telegram.calls() == []
