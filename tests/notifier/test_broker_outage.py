"""A RabbitMQ outage (a TCP proxy in front of the machine's RabbitMQ, on a private virtual
host, cut and restored) delays notifications by seconds after the broker's return, not by the
sweep's minute: the ids the API could not hand over wait in its backlog and go out at once."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Notification
from notifier.dispatch import backlog_size, enqueue_notifications
from tests.conftest import make_settings
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import arrange_delivery, reload
from tests.notifier.tcp_proxy import TcpProxy
from tests.services import RABBITMQ_HOST

# The outage; BROKER_OUTAGE_SECONDS shortens it for a quick local run.
OUTAGE_SECONDS = float(os.environ.get("BROKER_OUTAGE_SECONDS", "30"))
OUT_WITHIN_SECONDS = 10.0
NOTIFICATIONS = 20


@pytest.fixture
def proxied_rabbitmq(rabbitmq_url: str) -> Iterator[tuple[TcpProxy, str]]:
    host, port = RABBITMQ_HOST.split(":")
    with TcpProxy(host, int(port)) as proxy:
        yield proxy, rabbitmq_url.replace(RABBITMQ_HOST, proxy.address)


async def test_notifications_written_during_a_broker_outage_are_out_within_seconds_of_its_return(
    db: AsyncSession,
    postgres_url: str,
    proxied_rabbitmq: tuple[TcpProxy, str],
    fake_telegram: FakeTelegram,
    start_worker: Any,
) -> None:
    proxy, broker_url = proxied_rabbitmq
    settings = make_settings(
        postgres_url,
        BROKER_URL=broker_url,
        # The sweep would take these rows only a minute after their due time: not in this test.
        SWEEP_PENDING_AFTER_SECONDS="600",
        **fake_telegram.settings_overrides(),
    )
    start_worker(settings)
    proxy.cut()
    ids = [
        (await arrange_delivery(db, chat_id=100 + number)).notification_id for number in range(NOTIFICATIONS)
    ]

    # The API's hand-off after its commit: the broker is away, nothing raises.
    enqueue_notifications(ids[: NOTIFICATIONS // 2])
    enqueue_notifications(ids[NOTIFICATIONS // 2 :])
    assert backlog_size() == NOTIFICATIONS
    await asyncio.sleep(OUTAGE_SECONDS)
    assert fake_telegram.messages == []
    proxy.restore()
    returned = time.monotonic()

    await fake_telegram.await_messages(NOTIFICATIONS, timeout=OUT_WITHIN_SECONDS)

    assert time.monotonic() - returned <= OUT_WITHIN_SECONDS
    assert backlog_size() == 0
    assert len(fake_telegram.messages) == NOTIFICATIONS
    for notification_id in ids:
        notification = await reload(db, Notification, notification_id)
        deadline = time.monotonic() + 5
        while notification.status != "sent" and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            notification = await reload(db, Notification, notification_id)
        assert notification.status == "sent"
