"""Notifier fixtures: the fake Telegram server, rows to deliver, an in-process Dramatiq worker,
and a private RabbitMQ virtual host per test session."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import shutil
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import dramatiq
import pika
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.config import Settings
from core.db.models import (
    Notification,
)
from notifier.broker import install_broker
from notifier.channels.telegram.channel import TELEGRAM, TelegramChannel
from notifier.delivery import DeliveryResult, deliver
from notifier.ratelimit import TelegramRateLimiter
from notifier.runtime import NotifierRuntime
from tests.fakes.telegram_server import FakeTelegram
from tests.fakes.telegram_server import fake_telegram as fake_telegram  # the fixture
from tests.notifier.processes import ServiceProcess
from tests.services import RABBITMQ_HOST, private_vhost
from tests.support import service_missing
from tests.world import World

# Test modules import notifier.actors; with a broker installed first, that import reads no
# environment (a worker process builds its broker from the environment instead).
install_broker(Settings())


@pytest.fixture
def settings_overrides(fake_telegram: FakeTelegram) -> dict[str, str]:
    return {
        **fake_telegram.settings_overrides(),
        "NOTIFIER_RETRY_BACKOFF_SECONDS": "0.05",
        "NOTIFIER_MAX_BACKOFF_SECONDS": "0.2",
    }


@dataclass
class Delivery:
    """Rows arranged for one notification: who, where, what."""

    user_id: uuid.UUID
    target_id: uuid.UUID
    scraping_url_id: uuid.UUID
    channel_id: uuid.UUID
    offer_id: uuid.UUID
    notification_id: uuid.UUID
    chat_id: int


async def arrange_delivery(
    db: AsyncSession,
    *,
    chat_id: int = 4242,
    target_name: str = "Bikes",
    title: str = "Road bike",
    price: str | None = "120.00",
    currency: str | None = "EUR",
    image_url: str | None = None,
    extra: dict[str, Any] | None = None,
    offer_url: str | None = None,
    age: dt.timedelta = dt.timedelta(0),
) -> Delivery:
    """A user with a target watching a URL, a linked chat, an offer and its pending notification."""
    suffix = uuid.uuid4().hex[:8]
    world = World(db)
    page = await world.page(f"https://shop.example/list/{suffix}")
    watch = await world.watcher(f"u{suffix}", page, chat_id=chat_id, name=target_name)
    offer = await world.offer(
        page,
        offer_url or f"https://shop.example/item/{suffix}",
        title,
        price=Decimal(price) if price is not None else None,
        currency=currency,
        image_url=image_url,
        extra=extra or {},
    )
    notification = await add_notification(
        db, "new_offer", watch.channel.id, target_id=watch.target.id, offer_id=offer.id, age=age
    )
    await db.commit()
    return Delivery(
        watch.user.id, watch.target.id, page.id, watch.channel.id, offer.id, notification.id, chat_id
    )


async def arrange_watched_url(db: AsyncSession, chat_id: int) -> uuid.UUID:
    """ada's target "Bikes" has watched a listing page (baseline done) for an hour and is linked
    to her Telegram chat; returns the scraping_url id to post offers for."""
    world = World(db)
    page = await world.page("https://shop.example/bikes", due_in=-3600, last_status="ok")
    an_hour_ago = utcnow() - dt.timedelta(hours=1)
    await world.watcher("ada", page, chat_id=chat_id, name="Bikes", watching_since=an_hour_ago)
    return page.id


async def add_notification(
    db: AsyncSession,
    kind: str,
    channel_id: uuid.UUID,
    *,
    target_id: uuid.UUID | None = None,
    offer_id: uuid.UUID | None = None,
    scraping_url_id: uuid.UUID | None = None,
    payload: dict[str, Any] | None = None,
    age: dt.timedelta = dt.timedelta(0),
) -> Notification:
    """A pending notification row (flushed, not committed); `age` back-dates it."""
    created = utcnow() - age
    notification = Notification(
        dedupe_key=f"{kind}:{uuid.uuid4()}",
        kind=kind,
        channel_id=channel_id,
        target_id=target_id,
        offer_id=offer_id,
        scraping_url_id=scraping_url_id,
        payload=payload or {},
        created_at=created,
        updated_at=created,
    )
    db.add(notification)
    await db.flush()
    return notification


async def reload(db: AsyncSession, model: type[Any], row_id: uuid.UUID) -> Any:
    db.expire_all()
    return await db.get(model, row_id)


async def status_becomes(
    db: AsyncSession, notification_id: uuid.UUID, status: str, timeout: float = 10.0
) -> Notification:
    """Polls until the notification reaches `status`; fails showing its status and last error otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        notification = await reload(db, Notification, notification_id)
        if notification.status == status or time.monotonic() > deadline:
            assert notification.status == status, (notification.status, notification.last_error)
            return notification
        await asyncio.sleep(0.05)


def telegram_channel(runtime: NotifierRuntime) -> TelegramChannel:
    channel = runtime.channels[TELEGRAM]
    assert isinstance(channel, TelegramChannel)
    return channel


async def deliver_unpaced(runtime: NotifierRuntime, notification_id: uuid.UUID) -> DeliveryResult:
    """One delivery with the chats' earlier sends forgotten (a fresh Telegram rate limiter): for
    tests about outcomes, where a later call to the same chat must not wait for its next second."""
    telegram_channel(runtime).limiter = TelegramRateLimiter(runtime.settings.telegram_messages_per_second)
    return await deliver(runtime.sessions, notification_id, runtime.channels, runtime.settings)


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[NotifierRuntime]:
    """What a worker process holds, built in the test's event loop (delivery without Dramatiq)."""
    built = NotifierRuntime.build(settings)
    yield built
    await built.close()


@pytest.fixture
def start_worker() -> Iterator[Any]:
    """Starts an in-process Dramatiq worker on a broker built from given settings."""
    workers: list[dramatiq.Worker] = []

    def start(settings: Settings, threads: int = 4) -> dramatiq.Broker:
        broker = install_broker(settings)
        import notifier.actors  # noqa: F401  declares the actors on this broker

        worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=50)
        worker.start()
        workers.append(worker)
        return broker

    yield start
    for worker in workers:
        worker.stop(timeout=10_000)
    install_broker(Settings())


@pytest.fixture(scope="session")
def rabbitmq_url() -> Iterator[str]:
    """An AMQP URL on a private virtual host, created for this test session and deleted after."""
    if shutil.which("rabbitmqctl") is None:
        service_missing("RabbitMQ", "rabbitmqctl is not on PATH")
    try:
        pika.BlockingConnection(pika.URLParameters(f"amqp://guest:guest@{RABBITMQ_HOST}/%2F")).close()
    except pika.exceptions.AMQPError as exc:
        service_missing("RabbitMQ", repr(exc))
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(private_vhost("offerwatch_test"))
        except (subprocess.SubprocessError, OSError) as exc:
            service_missing("RabbitMQ", f"cannot create a virtual host: {exc}")
        yield url


@pytest.fixture
def processes() -> Iterator[list[ServiceProcess]]:
    """Processes a test started (tests/notifier/processes.py); stopped afterwards, their output
    shown when the test failed."""
    started: list[ServiceProcess] = []
    yield started
    for process in started:
        print(f"--- {process.name} output ---\n{process.output()}")
        process.stop()
