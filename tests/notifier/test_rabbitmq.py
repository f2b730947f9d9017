"""The notifier on a real RabbitMQ (a private virtual host per test session)."""

from __future__ import annotations

from collections.abc import Callable

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from core.db.models import Notification
from notifier.dispatch import enqueue_notifications
from tests.conftest import make_settings
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import arrange_delivery, reload
from tests.notifier.processes import free_port

StartWorker = Callable[..., dramatiq.Broker]


async def test_rabbitmq_broker_publishes_with_confirms_and_its_worker_delivers(
    db: AsyncSession,
    postgres_url: str,
    rabbitmq_url: str,
    fake_telegram: FakeTelegram,
    start_worker: StartWorker,
) -> None:
    rows = await arrange_delivery(db)
    settings = make_settings(postgres_url, BROKER_URL=rabbitmq_url, **fake_telegram.settings_overrides())

    broker = start_worker(settings)
    enqueue_notifications([rows.notification_id])

    assert isinstance(broker, RabbitmqBroker) and broker.confirm_delivery is True
    [message] = await fake_telegram.await_messages(1, timeout=15)
    assert message.chat_id == str(rows.chat_id)
    broker.join("notifications", timeout=10_000)
    assert (await reload(db, Notification, rows.notification_id)).status == "sent"


async def test_ready_reports_the_broker(postgres_url: str, rabbitmq_url: str) -> None:
    async with AsyncTestClient(create_app(make_settings(postgres_url, BROKER_URL=rabbitmq_url))) as client:
        response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


async def test_ready_answers_503_when_the_broker_is_unreachable(postgres_url: str) -> None:
    closed = f"amqp://guest:guest@127.0.0.1:{free_port()}/"
    async with AsyncTestClient(create_app(make_settings(postgres_url, BROKER_URL=closed))) as client:
        response = await client.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"


async def test_ready_has_no_broker_check_with_the_in_process_broker(postgres_url: str) -> None:
    async with AsyncTestClient(create_app(make_settings(postgres_url))) as client:
        response = await client.get("/ready")
    assert response.json()["checks"] == {"database": "ok"}
