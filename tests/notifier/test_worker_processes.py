"""Two `dramatiq notifier.actors` processes on one RabbitMQ queue share each chat's second: the
messages of one chat land in both, and the fake Telegram, enforcing its limits, never answers
429 (notifier/address_turns.py)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Settings
from notifier.broker import install_broker
from notifier.dispatch import enqueue_notifications
from tests.conftest import TEST_INTERNAL_TOKEN, TEST_SECRET, make_settings
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import add_notification, arrange_delivery, status_becomes
from tests.notifier.processes import ServiceProcess, start_worker, wait_for_output

CHATS = (5550201, 5550202, 5550203)
PER_CHAT = 4


@pytest.fixture
def workers(processes: list[ServiceProcess]) -> Iterator[list[ServiceProcess]]:
    """The `processes` fixture, and this process's broker put back after the test published."""
    yield processes
    install_broker(Settings())


async def test_two_worker_processes_keep_each_chat_to_one_message_a_second(
    db: AsyncSession,
    postgres_url: str,
    rabbitmq_url: str,
    fake_telegram: FakeTelegram,
    workers: list[ServiceProcess],
) -> None:
    ids = []
    for chat_id in CHATS:
        rows = await arrange_delivery(db, chat_id=chat_id)
        ids.append(rows.notification_id)
        for number in range(PER_CHAT - 1):
            text = {"text": f"#{number}"}
            ids.append((await add_notification(db, "text", rows.channel_id, payload=text)).id)
    await db.commit()
    fake_telegram.enforce_limits(per_second=30, chat_gap=1.0)
    settings = make_settings(postgres_url, BROKER_URL=rabbitmq_url, **fake_telegram.settings_overrides())
    env = {
        "DATABASE_URL": postgres_url,
        "BROKER_URL": rabbitmq_url,
        "SECRET_KEY": TEST_SECRET,
        "INTERNAL_API_TOKEN": TEST_INTERNAL_TOKEN,
        **fake_telegram.settings_overrides(),
        "TELEGRAM_MESSAGES_PER_SECOND": "15",  # each process's share of the bot's 30/s
        "LOG_LEVEL": "INFO",
    }
    workers += [start_worker(env, threads=2), start_worker(env, threads=2)]
    for worker in workers:
        await asyncio.to_thread(wait_for_output, worker, "Worker process is ready for action", 180)

    install_broker(settings)
    enqueue_notifications(ids)
    for notification_id in ids:
        await status_becomes(db, notification_id, "sent", timeout=30)

    assert fake_telegram.throttled == []
    for chat_id in CHATS:
        times = sorted(m.received_at for m in fake_telegram.messages if m.chat_id == str(chat_id))
        assert len(times) == PER_CHAT
        assert all(later - earlier >= 0.95 for earlier, later in itertools.pairwise(times)), times
    # Both processes sent some of them (RabbitMQ hands the messages out in turn).
    for worker in workers:
        assert ": sent" in worker.output_all(), worker.output()
