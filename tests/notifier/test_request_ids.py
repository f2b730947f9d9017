"""The request id of the API call that created a notification is in the notifier's log lines
about delivering it (and the crawler sends one id per job). It travels in the broker message's
options (notifier/request_ids.py); messages from before that carried it as an argument."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Settings
from core.observability import RequestIdFilter, request_id_var
from crawler.api_client import job_request_id
from crawler.items import Job
from notifier.broker import install_broker
from notifier.dispatch import ACTOR, QUEUE, enqueue_notifications
from tests.conftest import TEST_INTERNAL_TOKEN
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import add_notification, arrange_delivery, arrange_watched_url

StartWorker = Callable[..., dramatiq.Broker]

AUTH = {"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"}


async def test_delivery_logs_carry_the_request_id_of_the_post_that_created_it(
    db: AsyncSession, app: Litestar, fake_telegram: FakeTelegram, caplog
) -> None:
    scraping_url_id = await arrange_watched_url(db, chat_id=4242)
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.INFO, logger="notifier")
    offer = {"scraping_url_id": str(scraping_url_id), "url": "https://shop.example/x/1", "title": "Lamp"}

    async with AsyncTestClient(app) as client:
        response = await client.post(
            "/api/internal/offers", json=offer, headers={**AUTH, "X-Request-ID": "crawl-lease-77"}
        )
        assert response.status_code == 201, response.text
        await fake_telegram.await_messages(1)
        [delivered] = await sent_lines(caplog, 1)

    assert request_id_of(delivered) == "crawl-lease-77"


async def sent_lines(caplog: pytest.LogCaptureFixture, count: int) -> list[logging.LogRecord]:
    """The notifier's "notification …: sent" log lines, once there are `count` of them (the
    worker logs right after recording the outcome the test may have seen already)."""
    deadline = time.monotonic() + 10
    while len(sent := [r for r in caplog.records if r.getMessage().endswith(": sent")]) < count:
        assert time.monotonic() < deadline, caplog.text
        await asyncio.sleep(0.05)
    return sent


def request_id_of(record: logging.LogRecord) -> str:
    """The id RequestIdFilter put on the record."""
    return str(record.__dict__["request_id"])


async def test_a_message_that_waits_for_its_chat_s_next_turn_keeps_the_request_id(
    db: AsyncSession,
    settings: Settings,
    fake_telegram: FakeTelegram,
    start_worker: StartWorker,
    caplog: pytest.LogCaptureFixture,
) -> None:
    rows = await arrange_delivery(db)
    second = await add_notification(db, "text", rows.channel_id, payload={"text": "and another"})
    await db.commit()
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.INFO, logger="notifier")
    start_worker(settings, threads=1)

    token = request_id_var.set("req-two-in-a-row")
    try:
        enqueue_notifications([rows.notification_id, second.id])
    finally:
        request_id_var.reset(token)
    await fake_telegram.await_messages(2)
    lines = await sent_lines(caplog, 2)

    # The chat takes one message a second: the second waited in the turn queue, and its send
    # (a task of the queue's) still logs the request that wrote it.
    first, second_sent = sorted(m.received_at for m in fake_telegram.messages)
    assert second_sent - first >= 0.95
    assert [request_id_of(line) for line in lines] == ["req-two-in-a-row"] * 2


async def test_a_message_from_before_the_deploy_with_the_request_id_as_argument_is_delivered(
    db: AsyncSession,
    settings: Settings,
    fake_telegram: FakeTelegram,
    start_worker: StartWorker,
    caplog: pytest.LogCaptureFixture,
) -> None:
    rows = await arrange_delivery(db)
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.INFO, logger="notifier")
    broker = start_worker(settings)

    old: dramatiq.Message[None] = dramatiq.Message(
        queue_name=QUEUE,
        actor_name=ACTOR,
        args=(str(rows.notification_id), "req-from-the-old-release"),
        kwargs={},
        options={},
    )
    broker.enqueue(old)
    await fake_telegram.await_messages(1)
    [delivered] = await sent_lines(caplog, 1)

    assert request_id_of(delivered) == "req-from-the-old-release"


def published(broker: dramatiq.Broker) -> list[dramatiq.Message[Any]]:
    assert isinstance(broker, StubBroker)
    queue = broker.queues[QUEUE]
    messages = []
    while not queue.empty():
        messages.append(dramatiq.Message.decode(queue.get_nowait()))
        queue.task_done()
    return messages


def test_the_hand_off_names_the_actor_and_puts_the_request_id_in_the_options() -> None:
    broker = install_broker(Settings())  # no worker: the messages stay in the queue
    token = request_id_var.set("req-handed-off")
    try:
        enqueue_notifications([uuid.UUID(int=1)])
    finally:
        request_id_var.reset(token)
    enqueue_notifications([uuid.UUID(int=2)])  # outside any request

    first, second = published(broker)
    assert (first.actor_name, first.args, first.options["request_id"]) == (
        ACTOR,
        (str(uuid.UUID(int=1)),),
        "req-handed-off",
    )
    assert second.args == (str(uuid.UUID(int=2)),)
    assert "request_id" not in second.options


def test_the_crawler_sends_one_request_id_per_job() -> None:
    lease_id = uuid.uuid4()
    job = Job(id=uuid.uuid4(), url="https://shop.example/", lease_id=lease_id)
    assert job_request_id(job) == {"X-Request-ID": f"crawl-{lease_id}"}
