"""The embedded default: no BROKER_URL, so the API process runs the notifier's worker itself on
Dramatiq's in-process broker; no TELEGRAM_BOT_TOKEN, so messages go to the log."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from api.app import create_app
from core.db.models import Notification
from tests.conftest import TEST_INTERNAL_TOKEN, make_settings
from tests.fakes.telegram_server import FakeTelegram
from tests.notifier.conftest import arrange_watched_url
from tests.services import run_migrations

AUTH = {"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"}
OFFER = {"url": "https://shop.example/bikes/1", "title": "Road <bike>", "price": "99", "currency": "EUR"}


async def _statuses_become(session: AsyncSession, status: str, timeout: float = 10.0) -> list[Notification]:
    deadline = time.monotonic() + timeout
    while True:
        session.expire_all()
        rows = list(await session.scalars(select(Notification)))
        if (rows and all(row.status == status for row in rows)) or time.monotonic() > deadline:
            assert rows and {row.status for row in rows} == {status}, [(r.status, r.last_error) for r in rows]
            return rows
        await asyncio.sleep(0.05)


async def test_api_with_the_in_process_broker_delivers_through_its_own_worker(
    db: AsyncSession, app: Litestar, fake_telegram: FakeTelegram
) -> None:
    scraping_url_id = await arrange_watched_url(db, chat_id=31337)

    async with AsyncTestClient(app) as client:
        response = await client.post(
            "/api/internal/offers", json={**OFFER, "scraping_url_id": str(scraping_url_id)}, headers=AUTH
        )
        assert response.status_code == 201, response.text
        [message] = await fake_telegram.await_messages(1)
        [notification] = await _statuses_become(db, "sent")

    assert message.chat_id == "31337" and "Road &lt;bike&gt;" in message.text
    assert notification.delivery_id == str(message.response["result"]["message_id"])


@pytest.fixture
async def sqlite_app(tmp_path: Path) -> AsyncIterator[tuple[Litestar, AsyncSession]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'offerwatch.sqlite3'}"
    await asyncio.to_thread(run_migrations, url)  # alembic runs its own event loop
    engine = create_async_engine(url)
    async with AsyncSession(engine, expire_on_commit=False) as session:
        yield create_app(make_settings(url, COOKIE_SECURE="false")), session
    await engine.dispose()


async def test_embedded_default_on_sqlite_without_a_bot_token_logs_the_message(
    sqlite_app: tuple[Litestar, AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    app, session = sqlite_app
    scraping_url_id = await arrange_watched_url(session, chat_id=777)

    with caplog.at_level(logging.INFO, logger="notifier.channels.telegram.senders"):
        async with AsyncTestClient(app) as client:
            response = await client.post(
                "/api/internal/offers", json={**OFFER, "scraping_url_id": str(scraping_url_id)}, headers=AUTH
            )
            assert response.status_code == 201, response.text
            [notification] = await _statuses_become(session, "sent")

    assert notification.delivery_id is None
    [logged] = [r.getMessage() for r in caplog.records if r.name == "notifier.channels.telegram.senders"]
    assert "chat 777" in logged and "Road &lt;bike&gt;" in logged
