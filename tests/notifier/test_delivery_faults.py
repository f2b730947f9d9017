"""Delivery when things break around it: the database goes away right after Telegram accepted a
message, a worker dies between its claim and the outcome, Telegram answers 500 for a long time.
Exactly one message reaches the chat in every case."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import dramatiq
import psycopg
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.config import Settings
from core.db.models import Notification
from notifier.delivery import Claim, claim_for_sending, deliver
from notifier.dispatch import enqueue_notifications
from notifier.outbox import claim_stale_pending, release_stale_sending
from notifier.requeue import requeue_failed
from notifier.runtime import NotifierRuntime
from tests.fakes.telegram_server import FakeTelegram, TelegramRequest
from tests.notifier.conftest import arrange_delivery, reload, status_becomes
from tests.services import PG_SERVER_URL, libpq_dsn

APP_NAME = "notifier_under_test"


class DatabaseOutage:
    """Takes one database away from new and existing connections of APP_NAME for `seconds`:
    connections refused (ALLOW_CONNECTIONS false) and the notifier's sessions terminated."""

    def __init__(self, database_url: str, seconds: float) -> None:
        self.database = libpq_dsn(database_url).rsplit("/", 1)[1]
        self.seconds = seconds
        self.started = threading.Event()
        self.ended = threading.Event()

    def _admin(self, sql: str, *params: Any) -> None:
        with psycopg.connect(libpq_dsn(PG_SERVER_URL), autocommit=True) as conn:
            conn.execute(sql, params)

    def begin(self, _request: TelegramRequest | None = None) -> None:
        if self.started.is_set():
            return
        self.started.set()
        self._admin(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS false')
        self._admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND application_name = %s",
            self.database,
            APP_NAME,
        )
        threading.Timer(self.seconds, self.end).start()

    def end(self) -> None:
        self._admin(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS true')
        self.ended.set()


@pytest.fixture
def notifier_settings(settings: Settings) -> Settings:
    """The notifier's connections carry APP_NAME, so the outage can end exactly those."""
    return dataclasses.replace(settings, database_url=f"{settings.database_url}?application_name={APP_NAME}")


@pytest.fixture
def outage(postgres_url: str) -> Iterator[DatabaseOutage]:
    outage = DatabaseOutage(postgres_url, seconds=1.5)
    yield outage
    if outage.started.is_set():
        assert outage.ended.wait(10)


async def test_an_accepted_message_is_recorded_after_a_database_outage_not_sent_again(
    db: AsyncSession,
    notifier_settings: Settings,
    fake_telegram: FakeTelegram,
    outage: DatabaseOutage,
    caplog: pytest.LogCaptureFixture,
) -> None:
    rows = await arrange_delivery(db)
    runtime = NotifierRuntime.build(notifier_settings)
    # Telegram accepts the message, then the database goes away before the outcome is written.
    fake_telegram.on_message = outage.begin
    try:
        result = await deliver(runtime.sessions, rows.notification_id, runtime.channels, runtime.settings)
    finally:
        await runtime.close()

    assert outage.started.is_set()
    assert result.status == "sent"
    assert len(fake_telegram.messages) == 1
    notification = await reload(db, Notification, rows.notification_id)
    assert (notification.status, notification.attempts) == ("sent", 1)
    assert "retrying the write" in caplog.text


async def test_a_row_left_sending_by_a_dead_worker_is_sent_again_after_the_timeout(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    rows = await arrange_delivery(db)
    # A worker claimed it and died before (or while) calling Telegram.
    async with runtime.sessions() as session, session.begin():
        claim = await claim_for_sending(session, rows.notification_id, runtime.channels)
    assert isinstance(claim, Claim)
    sending = await reload(db, Notification, rows.notification_id)
    assert (sending.status, sending.attempts) == ("sending", 1) and sending.claimed_at is not None

    # Another copy of its message finds it claimed and leaves it alone.
    again = await deliver(runtime.sessions, rows.notification_id, runtime.channels, runtime.settings)
    assert again.status == "skipped"
    # The sweep leaves a fresh claim alone and releases one older than the sending timeout.
    async with runtime.sessions() as session, session.begin():
        assert await release_stale_sending(session, dt.timedelta(minutes=5)) == 0
    async with runtime.sessions() as session, session.begin():
        assert await release_stale_sending(session, dt.timedelta(seconds=-1)) == 1
    result = await deliver(runtime.sessions, rows.notification_id, runtime.channels, runtime.settings)

    assert result.status == "sent"
    assert len(fake_telegram.messages) == 1
    notification = await reload(db, Notification, rows.notification_id)
    assert (notification.status, notification.attempts) == ("sent", 2)


async def test_telegram_answering_500_longer_than_five_attempts_still_delivers(
    db: AsyncSession, settings: Settings, fake_telegram: FakeTelegram, start_worker: Any
) -> None:
    rows = await arrange_delivery(db)
    fake_telegram.fail_chat(rows.chat_id, 500, "Internal Server Error", times=8)
    fake_telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    start_worker(settings)

    enqueue_notifications([rows.notification_id])

    notification = await status_becomes(db, rows.notification_id, "sent", timeout=30)
    # The 429 is not counted; eight 500s and the one that went through are.
    assert notification.attempts == 9
    assert len(fake_telegram.messages) == 1
    dramatiq.get_broker().join("notifications", timeout=10_000)


async def test_a_row_still_failing_after_the_retry_window_fails(
    db: AsyncSession, settings: Settings, fake_telegram: FakeTelegram, start_worker: Any
) -> None:
    rows = await arrange_delivery(db)
    fake_telegram.fail_chat(rows.chat_id, 500, "Internal Server Error")
    start_worker(dataclasses.replace(settings, notifier_retry_window_seconds=1))

    enqueue_notifications([rows.notification_id])

    notification = await status_becomes(db, rows.notification_id, "failed", timeout=30)
    assert notification.attempts >= 2
    assert notification.attempts == len(fake_telegram.calls("sendMessage"))


async def test_the_operator_requeues_notifications_that_failed_after_the_retry_window(
    db: AsyncSession, settings: Settings, fake_telegram: FakeTelegram, start_worker: Any
) -> None:
    gave_up = await arrange_delivery(db, chat_id=1)
    refused = await arrange_delivery(db, chat_id=2)
    await db.execute(
        update(Notification)
        .where(Notification.id == gave_up.notification_id)
        .values(status="failed", failing_since=utcnow() - dt.timedelta(days=1), last_error="NetworkError: x")
    )
    await db.execute(
        update(Notification)
        .where(Notification.id == refused.notification_id)
        .values(status="failed", last_error="400: Bad Request")
    )
    await db.commit()
    start_worker(settings)
    env = {
        "DATABASE_URL": settings.database_url,
        "SECRET_KEY": settings.secret_key,
        "INTERNAL_API_TOKEN": settings.internal_api_token,
        "BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }

    dry = await asyncio.to_thread(_run_requeue, env, "--dry-run")
    assert "1 failed notifications would be re-queued" in dry
    assert (await reload(db, Notification, gave_up.notification_id)).status == "failed"
    # A real run in another process (its in-process broker's message is lost with it: the
    # message a RabbitMQ broker would carry is sent here).
    assert "1 failed notifications re-queued" in await asyncio.to_thread(_run_requeue, env)
    requeued = await reload(db, Notification, gave_up.notification_id)
    assert (requeued.status, requeued.next_attempt_at, requeued.failing_since) == ("pending", None, None)
    enqueue_notifications([gave_up.notification_id])

    [message] = await fake_telegram.await_messages(1, timeout=10)
    assert message.chat_id == "1"
    assert (await reload(db, Notification, refused.notification_id)).status == "failed"
    await db.commit()
    async with db.begin():
        ids = await requeue_failed(db, include_final=True, since=None, dry_run=True)
    assert ids == [refused.notification_id]


def _run_requeue(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "notifier.requeue", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


async def test_held_rows_are_left_to_their_crawl_by_the_sweep_the_requeue_and_a_stray_message(
    db: AsyncSession, runtime: NotifierRuntime, fake_telegram: FakeTelegram
) -> None:
    held = await arrange_delivery(db, age=dt.timedelta(days=2))
    await db.execute(
        update(Notification)
        .where(Notification.id == held.notification_id)
        .values(status="held", failing_since=utcnow() - dt.timedelta(days=1))
    )
    await db.commit()

    async with db.begin():
        assert await claim_stale_pending(db, dt.timedelta(seconds=60)) == []
        assert await requeue_failed(db, include_final=True, since=None, dry_run=True) == []
    result = await deliver(runtime.sessions, held.notification_id, runtime.channels, runtime.settings)

    assert result.status == "skipped"
    assert (await reload(db, Notification, held.notification_id)).status == "held"
    assert fake_telegram.messages == []
