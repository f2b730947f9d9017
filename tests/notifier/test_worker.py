"""The deliver_notification actor run by a real Dramatiq worker (in-process broker): retries
scheduled by Dramatiq, the periodic sweep, and the API's hand-off."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable

import dramatiq
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Settings
from core.db.models import Notification, User
from notifier.broker import install_broker
from notifier.dispatch import enqueue_notifications
from notifier.outbox import claim_stale_pending
from notifier.runtime import NotifierRuntime
from tests.conftest import make_settings
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import arrange_delivery, reload, status_becomes

StartWorker = Callable[..., dramatiq.Broker]


async def test_flood_control_is_retried_after_exactly_retry_after(
    db: AsyncSession, settings: Settings, fake_telegram: FakeTelegram, start_worker: StartWorker
) -> None:
    rows = await arrange_delivery(db)
    fake_telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
    start_worker(settings)

    enqueue_notifications([rows.notification_id])
    await fake_telegram.await_messages(1, timeout=10)

    throttled, sent = fake_telegram.calls("sendMessage")
    waited = sent.received_at - throttled.received_at
    # Not the back-off (0.05 s here) and not the per-chat second: Telegram's 2 s, no more.
    assert 2.0 <= waited < 2.6, waited
    notification = await status_becomes(db, rows.notification_id, "sent")
    assert notification.attempts == 1  # the 429 is not a failed attempt


async def test_the_same_notification_enqueued_twice_is_sent_once(
    db: AsyncSession, settings: Settings, fake_telegram: FakeTelegram, start_worker: StartWorker
) -> None:
    rows = await arrange_delivery(db)
    start_worker(settings)

    enqueue_notifications([rows.notification_id, rows.notification_id, rows.notification_id])
    await status_becomes(db, rows.notification_id, "sent")
    broker = dramatiq.get_broker()
    broker.join("notifications", timeout=10_000)

    assert len(fake_telegram.messages) == 1


@pytest.fixture
def sweeping_settings(postgres_url: str, fake_telegram: FakeTelegram) -> Settings:
    return make_settings(
        postgres_url,
        **fake_telegram.settings_overrides(),
        SWEEP_INTERVAL_SECONDS="1",
        SWEEP_PENDING_AFTER_SECONDS="60",
    )


async def test_sweep_sends_notifications_left_pending_and_leaves_fresh_ones(
    db: AsyncSession, sweeping_settings: Settings, fake_telegram: FakeTelegram, start_worker: StartWorker
) -> None:
    # Never handed to the broker: one old enough for the sweep, one too fresh.
    old = await arrange_delivery(db, chat_id=1, age=dt.timedelta(minutes=2))
    fresh = await arrange_delivery(db, chat_id=2)

    start_worker(sweeping_settings)

    [message] = await fake_telegram.await_messages(1, timeout=10)
    assert message.chat_id == "1"
    await status_becomes(db, old.notification_id, "sent")
    # A sweep round later (SWEEP_INTERVAL_SECONDS=1) the fresh one still waits for its message.
    await asyncio.sleep(1.2)
    assert (await reload(db, Notification, fresh.notification_id)).status == "pending"
    assert len(fake_telegram.messages) == 1


async def test_enqueue_with_the_broker_down_never_raises_and_leaves_rows_pending(
    db: AsyncSession, postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    rows = await arrange_delivery(db)
    install_broker(make_settings(postgres_url, BROKER_URL="amqp://guest:guest@127.0.0.1:9/"))
    try:
        with caplog.at_level(logging.WARNING, logger="notifier.dispatch"):
            started = time.monotonic()
            enqueue_notifications([rows.notification_id])
            enqueue_notifications([rows.notification_id])  # skipped at once: the broker just failed
            elapsed = time.monotonic() - started
    finally:
        install_broker(Settings())

    assert elapsed < 5
    warnings = [r.getMessage() for r in caplog.records if r.name == "notifier.dispatch"]
    assert len(warnings) == 2 and all("wait for it to return" in w for w in warnings)
    # The first call met the refused connection; the second did not try the broker at all.
    assert warnings[0].startswith("broker unavailable (") and warnings[1].startswith("broker unavailable: 1 ")
    assert (await reload(db, Notification, rows.notification_id)).status == "pending"


async def test_a_second_sweep_does_not_claim_rows_the_first_just_claimed(
    db: AsyncSession, runtime: NotifierRuntime
) -> None:
    # Two worker processes sweep independently; a claimed row waits for its message instead of
    # being sent again by the other process's round.
    old = await arrange_delivery(db, age=dt.timedelta(minutes=5))
    fresh = await arrange_delivery(db)

    async with runtime.sessions() as first, first.begin():
        claimed = await claim_stale_pending(first, dt.timedelta(seconds=60))
    async with runtime.sessions() as second, second.begin():
        claimed_again = await claim_stale_pending(second, dt.timedelta(seconds=60))

    assert claimed == [old.notification_id]
    assert fresh.notification_id not in claimed
    assert claimed_again == []


async def test_sweep_ends_payment_grace_periods_that_ran_out(
    db: AsyncSession, sweeping_settings: Settings, start_worker: StartWorker
) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    user = User(
        username="late",
        email="late@example.com",
        password_hash="x",
        tier="pro",
        subscription_status="past_due",
        pro_grace_until=past,
    )
    db.add(user)
    await db.commit()

    start_worker(sweeping_settings)

    deadline = time.monotonic() + 10
    while (await reload(db, User, user.id)).tier != "free":
        assert time.monotonic() < deadline, "the sweep did not end the grace period"
        await asyncio.sleep(0.05)
