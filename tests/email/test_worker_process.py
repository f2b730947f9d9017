"""As in production: the API under uvicorn, a `dramatiq notifier.actors` worker process, RabbitMQ
and PostgreSQL, and the SMTP server: an offer posted by the crawler reaches the mailbox once,
sent by the worker process through the outbox."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db.models import NotificationConfig, TargetChannel
from tests.conftest import TEST_INTERNAL_TOKEN, TEST_SECRET
from tests.email.conftest import ADA_MAIL, PUBLIC
from tests.fakes.smtp_server import FakeSmtp
from tests.notifier.conftest import processes as processes  # the fixture
from tests.notifier.conftest import rabbitmq_url as rabbitmq_url  # the fixture
from tests.notifier.processes import ServiceProcess, start_api, start_worker
from tests.world import World


async def test_a_posted_offer_reaches_the_mailbox_once_through_rabbitmq(
    db: AsyncSession,
    postgres_url: str,
    rabbitmq_url: str,
    fake_smtp: FakeSmtp,
    processes: list[ServiceProcess],
) -> None:
    world = World(db)
    page = await world.page("https://shop.example/bikes", last_status="ok")
    user = await world.user("ada")
    target = await world.target(user, page, name="Bikes", watching_since=utcnow() - dt.timedelta(hours=1))
    channel = NotificationConfig(user_id=user.id, kind="email", address=ADA_MAIL, is_verified=True)
    db.add(channel)
    await db.flush()
    db.add(TargetChannel(target_id=target.id, channel_id=channel.id, is_muted=False))
    await db.commit()
    env = {
        "DATABASE_URL": postgres_url,
        "BROKER_URL": rabbitmq_url,
        "SECRET_KEY": TEST_SECRET,
        "INTERNAL_API_TOKEN": TEST_INTERNAL_TOKEN,
        "PUBLIC_BASE_URL": PUBLIC,
        "SCRAPYD_URL": "",
        **fake_smtp.settings_overrides(),
    }
    api, base_url = await asyncio.to_thread(start_api, env)
    processes.append(api)
    processes.append(start_worker(env))

    headers = {"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=10) as client:
        body = {"scraping_url_id": str(page.id), "url": "https://shop.example/item/1", "title": "Road bike"}
        assert (await client.post("/api/internal/offers", json=body)).status_code == 201
        [mail] = await fake_smtp.await_mails(1, timeout=60)
        assert (await client.post("/api/internal/offers", json=body)).status_code == 200
        body2 = {**body, "url": "https://shop.example/item/2", "title": "Gravel bike"}
        assert (await client.post("/api/internal/offers", json=body2)).status_code == 201
        mails = await fake_smtp.await_mails(2, timeout=60)

    assert mail.recipients == [ADA_MAIL]
    assert mail.subject == "New: Road bike · Bikes"
    assert [m.subject for m in mails] == ["New: Road bike · Bikes", "New: Gravel bike · Bikes"]
    assert mail.header("List-Unsubscribe") is not None
    assert len(fake_smtp.mails) == 2
