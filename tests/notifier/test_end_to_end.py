"""End to end, as in production: the API under uvicorn, a `dramatiq notifier.actors` worker
process, RabbitMQ and PostgreSQL; Telegram is the fake server. An offer posted by the crawler
reaches the chat once, and a broker outage only delays it."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Notification
from tests.conftest import TEST_INTERNAL_TOKEN, TEST_SECRET
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import arrange_watched_url
from tests.notifier.processes import (
    ServiceProcess,
    free_port,
    start_api,
    start_worker,
    wait_for_metrics,
    wait_for_output,
)

CHAT_ID = 5550001
AUTH = {"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"}


def _environment(postgres_url: str, broker_url: str, telegram: FakeTelegram) -> dict[str, str]:
    return {
        "DATABASE_URL": postgres_url,
        "BROKER_URL": broker_url,
        "SECRET_KEY": TEST_SECRET,
        "INTERNAL_API_TOKEN": TEST_INTERNAL_TOKEN,
        "TELEGRAM_API_BASE_URL": telegram.base_url,
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "TELEGRAM_WEBHOOK_SECRET": "",
        "PUBLIC_BASE_URL": "",
        "SCRAPYD_URL": "",
        "SWEEP_INTERVAL_SECONDS": "1",
        "SWEEP_PENDING_AFTER_SECONDS": "1",
        "LOG_LEVEL": "INFO",
    }


def _offer(scraping_url_id: uuid.UUID, number: int) -> dict[str, Any]:
    return {
        "scraping_url_id": str(scraping_url_id),
        "url": f"https://shop.example/bikes/{number}",
        "title": f"Road bike <{number}>",
        "price": "120.50",
        "currency": "EUR",
    }


async def _notifications_for(db: AsyncSession, status: str | None = None) -> int:
    query = select(func.count()).select_from(Notification)
    if status:
        query = query.where(Notification.status == status)
    return int(await db.scalar(query) or 0)


async def _sent_becomes(db: AsyncSession, count: int, timeout: float = 10.0) -> int:
    """Sent rows, once `count` of them are committed (the worker commits after Telegram answers)."""
    deadline = time.monotonic() + timeout
    while (sent := await _notifications_for(db, "sent")) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return sent


async def test_posted_offer_reaches_the_chat_exactly_once(
    db: AsyncSession,
    postgres_url: str,
    rabbitmq_url: str,
    fake_telegram: FakeTelegram,
    processes: list[ServiceProcess],
    tmp_path: Path,
) -> None:
    scraping_url_id = await arrange_watched_url(db, CHAT_ID)
    metrics_port = free_port()
    env = _environment(postgres_url, rabbitmq_url, fake_telegram)
    api, base_url = await asyncio.to_thread(start_api, env)
    processes.append(api)
    # The worker's metrics port, and the files of Dramatiq's Prometheus middleware.
    processes.append(
        start_worker({**env, "NOTIFIER_METRICS_PORT": str(metrics_port), "dramatiq_prom_db": str(tmp_path)})
    )

    async with httpx.AsyncClient(base_url=base_url, headers=AUTH, timeout=10) as client:
        first = await client.post("/api/internal/offers", json=_offer(scraping_url_id, 1))
        assert first.status_code == 201, first.text
        [message] = await fake_telegram.await_messages(1, timeout=30)

        again = await client.post("/api/internal/offers", json=_offer(scraping_url_id, 1))
        assert again.status_code == 200, again.text
        assert again.json()["id"] == first.json()["id"]
        # A later offer arrives; had the repeat been notified, its message would be here too.
        later = await client.post("/api/internal/offers", json=_offer(scraping_url_id, 2))
        assert later.status_code == 201, later.text
        messages = await fake_telegram.await_messages(2, timeout=30)

    assert message.chat_id == str(CHAT_ID)
    assert message.params["parse_mode"] == "HTML"
    assert '<a href="https://shop.example/bikes/1">Road bike &lt;1&gt;</a>' in message.text
    assert "120.50 EUR" in message.text and "<b>Bikes</b>" in message.text
    assert message.params["reply_markup"]["inline_keyboard"][0][0]["url"] == "https://shop.example/bikes/1"
    assert ["bikes/1" in m.text for m in messages] == [True, False]
    assert len(fake_telegram.messages) == 2
    assert await _notifications_for(db) == 2
    assert await _sent_becomes(db, 2) == 2

    worker_metrics = wait_for_metrics(metrics_port, processes[-1])
    assert 'offerwatch_notifications_total{outcome="sent"} 2.0' in worker_metrics
    assert 'dramatiq_messages_total{actor_name="deliver_notification"' in worker_metrics
    api_metrics = httpx.get(f"{base_url}/metrics", timeout=5).text
    assert 'offerwatch_offers_ingested_total{outcome="new"} 2.0' in api_metrics
    assert 'offerwatch_offers_ingested_total{outcome="known"} 1.0' in api_metrics


async def test_offer_posted_while_the_broker_is_down_is_delivered_by_the_sweep(
    db: AsyncSession,
    postgres_url: str,
    rabbitmq_url: str,
    fake_telegram: FakeTelegram,
    processes: list[ServiceProcess],
) -> None:
    scraping_url_id = await arrange_watched_url(db, CHAT_ID)
    down = _environment(postgres_url, f"amqp://guest:guest@127.0.0.1:{free_port()}/", fake_telegram)
    api, base_url = await asyncio.to_thread(start_api, down)
    processes.append(api)

    async with httpx.AsyncClient(base_url=base_url, headers=AUTH, timeout=10) as client:
        response = await client.post("/api/internal/offers", json=_offer(scraping_url_id, 1))
    assert response.status_code == 201, response.text
    assert await _notifications_for(db, "pending") == 1

    # The broker is back: a worker on it finds the row through its sweep (the API's own hand-off
    # still points at the dead broker, so nothing else can send it). Timed from the worker's boot,
    # which takes long on a loaded machine.
    worker = start_worker(_environment(postgres_url, rabbitmq_url, fake_telegram))
    processes.append(worker)
    await asyncio.to_thread(wait_for_output, worker, "Worker process is ready for action", 180)
    [message] = await fake_telegram.await_messages(1, timeout=30)

    assert "Road bike &lt;1&gt;" in message.text
    assert await _sent_becomes(db, 1) == 1
    assert len(fake_telegram.messages) == 1
