"""End to end, as in production: the API under uvicorn, a `dramatiq notifier.actors` worker,
RabbitMQ and PostgreSQL; the webhook's receiver is a local HTTP server. A user adds a webhook
channel through the API and routes a target to it; offers posted through the internal API
arrive once each, signed; a crawl's many offers arrive as one digest; mute and pause stop
them."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import utcnow
from core.db.models import Notification, NotificationConfig, ScrapingUrl
from tests.conftest import TEST_INTERNAL_TOKEN, TEST_SECRET
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.notifier.conftest import rabbitmq_url as rabbitmq_url  # the fixture
from tests.notifier.processes import ServiceProcess, start_api, start_worker
from tests.notifier.webhook.test_signing import documented_verify
from tests.support import PASSWORD

INTERNAL = {"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"}
JOBS = "/api/internal/scraping-jobs"
PAGE = "https://shop.example/bikes"


@pytest.fixture
def stack(postgres_url: str, rabbitmq_url: str) -> Iterator[str]:
    """The API and a worker; yields the API's root URL (their output is shown on failure)."""
    env = {
        "DATABASE_URL": postgres_url,
        "BROKER_URL": rabbitmq_url,
        "SECRET_KEY": TEST_SECRET,
        "INTERNAL_API_TOKEN": TEST_INTERNAL_TOKEN,
        "ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        "COOKIE_SECURE": "false",
        "TELEGRAM_BOT_TOKEN": "",
        "PUBLIC_BASE_URL": "",
        "SCRAPYD_URL": "",
        "SWEEP_INTERVAL_SECONDS": "1",
        "SWEEP_PENDING_AFTER_SECONDS": "1",
        "DIGEST_THRESHOLD": "5",
        "LOG_LEVEL": "INFO",
    }
    processes: list[ServiceProcess] = []
    try:
        api, base_url = start_api(env)
        processes.append(api)
        processes.append(start_worker(env))
        yield base_url
    finally:
        for process in processes:
            print(f"--- {process.name} output ---\n{process.output()}")  # shown when a test failed
            process.stop()


@dataclass
class Account:
    """A signed-up user's browser on the live API, with one target watching PAGE."""

    client: httpx.AsyncClient
    internal: httpx.AsyncClient
    target_id: str
    page_id: str


@pytest.fixture
async def account(stack: str) -> AsyncIterator[Account]:
    async with (
        httpx.AsyncClient(base_url=stack, timeout=15) as client,
        httpx.AsyncClient(base_url=stack, headers=INTERNAL, timeout=15) as internal,
    ):

        async def add_csrf_header(request: httpx.Request) -> None:
            token = client.cookies.get("csrftoken")
            if token and request.method not in {"GET", "HEAD"}:
                request.headers["x-csrftoken"] = token

        client.event_hooks["request"].append(add_csrf_header)
        await client.get("/health")
        name = f"ada{uuid.uuid4().hex[:6]}"
        signup = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
        assert (await client.post("/api/public/auth/signup", json=signup)).status_code == 201
        created = await client.post(
            "/api/public/targets", json={"name": "Road bikes", "urls": [{"url": PAGE}]}
        )
        assert created.status_code == 201, created.text
        target_id = created.json()["id"]
        # The first crawl records what is there (the baseline): later offers are new.
        [job] = (await internal.get(JOBS)).json()
        done = await internal.post(
            f"{JOBS}/{job['id']}/complete", json={"lease_id": job["lease_id"], "status": "ok"}
        )
        assert done.status_code == 200, done.text
        yield Account(client, internal, target_id, job["id"])


async def add_webhook(account: Account, url: str, **options: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": "webhook", "address": url}
    if options:
        body["options"] = options
    added = await account.client.post("/api/public/channels", json=body)
    assert added.status_code == 201, added.text
    channel = added.json()
    routed = await account.client.post(f"/api/public/targets/{account.target_id}/channels/{channel['id']}")
    assert routed.status_code == 200, routed.text
    return dict(channel)


def offer(number: int) -> dict[str, Any]:
    return {
        "url": f"https://shop.example/bikes/{number}",
        "title": f"Road bike <{number}>",
        "price": "120.50",
        "currency": "EUR",
    }


async def post_offer(account: Account, number: int) -> httpx.Response:
    return await account.internal.post(
        "/api/internal/offers", json={"scraping_url_id": account.page_id, **offer(number)}
    )


async def settled(db: AsyncSession, channel_id: str, timeout: float = 30.0) -> list[Notification]:
    """The channel's notifications once none is waiting or being sent any more."""
    deadline = time.monotonic() + timeout
    while True:
        db.expire_all()
        rows = list(
            await db.scalars(select(Notification).where(Notification.channel_id == uuid.UUID(channel_id)))
        )
        if all(row.status not in {"pending", "sending", "held"} for row in rows):
            return rows
        assert time.monotonic() < deadline, [(row.kind, row.status, row.last_error) for row in rows]
        await asyncio.sleep(0.05)


async def test_an_offer_arrives_once_signed_with_the_secret_shown_once(
    account: Account, webhook_receiver: WebhookReceiver, db: AsyncSession
) -> None:
    channel = await add_webhook(account, webhook_receiver.url())
    secret = channel["secret"]
    assert re.fullmatch(r"whsec_[A-Za-z0-9_-]{43}", secret)
    assert (channel["kind"], channel["is_verified"], channel["options"]) == (
        "webhook",
        True,
        {"preset": "json"},
    )
    listed = (await account.client.get("/api/public/channels")).json()
    assert secret not in str(listed)
    stored = await db.get(NotificationConfig, uuid.UUID(channel["id"]))
    assert stored is not None and stored.secret_encrypted and secret not in stored.secret_encrypted

    first = await post_offer(account, 1)
    assert first.status_code == 201, first.text
    [request] = await webhook_receiver.await_requests(1, timeout=30)
    again = await post_offer(account, 1)  # the crawler posting the same offer again
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    assert (await post_offer(account, 2)).status_code == 201
    await webhook_receiver.await_requests(2, timeout=30)
    rows = await settled(db, channel["id"])

    verify = documented_verify()
    assert verify(request.body, request.headers["offerwatch-signature"], secret)
    event = request.json
    assert (event["type"], event["target"]["name"]) == ("offer.new", "Road bikes")
    assert (event["offer"]["title"], event["offer"]["price"]) == ("Road bike <1>", "120.50")
    assert [r.json["offer"]["url"] for r in webhook_receiver.requests] == [
        "https://shop.example/bikes/1",
        "https://shop.example/bikes/2",
    ]
    assert sorted(row.delivery_id or "" for row in rows) == sorted(
        r.json["id"] for r in webhook_receiver.requests
    )
    assert {row.status for row in rows} == {"sent"}


async def test_a_crawl_with_many_new_offers_arrives_as_one_digest(
    account: Account, webhook_receiver: WebhookReceiver, db: AsyncSession
) -> None:
    # Discord's path on the local receiver (the preset is guessed only for discord.com itself).
    channel = await add_webhook(account, webhook_receiver.url("/api/webhooks/1/tok"), preset="discord")
    assert channel["options"] == {"preset": "discord"}
    await db.execute(
        update(ScrapingUrl).where(ScrapingUrl.id == uuid.UUID(account.page_id)).values(next_check_at=utcnow())
    )
    await db.commit()
    [job] = (await account.internal.get(JOBS)).json()
    batch = {"scraping_url_id": account.page_id, "offers": [offer(n) for n in range(10, 17)]}
    assert (await account.internal.post("/api/internal/offers/batch", json=batch)).status_code == 200
    done = await account.internal.post(
        f"{JOBS}/{job['id']}/complete", json={"lease_id": job["lease_id"], "status": "ok"}
    )
    assert done.status_code == 200, done.text

    await webhook_receiver.await_requests(1, timeout=30)
    rows = await settled(db, channel["id"])
    [request] = webhook_receiver.requests
    assert request.status == 204  # the fake Discord accepted the body
    body = request.json
    assert body["content"].startswith("🗂 **7 new offers** · **Road bikes**")
    assert body["embeds"][0]["description"].count("• [Road bike \\<1") == 7
    assert (
        sorted((row.kind, row.status) for row in rows)
        == [("digest", "sent")] + [("new_offer", "digested")] * 7
    )


async def test_mute_and_pause_stop_the_posts_and_lifting_them_lets_them_through(
    account: Account, webhook_receiver: WebhookReceiver, db: AsyncSession
) -> None:
    channel = await add_webhook(account, webhook_receiver.url())
    route = f"/api/public/targets/{account.target_id}/channels/{channel['id']}"

    muted = await account.client.patch(route, json={"is_muted": True})
    assert muted.status_code == 200, muted.text
    assert (await post_offer(account, 1)).status_code == 201
    await settled(db, channel["id"])
    assert webhook_receiver.requests == []

    assert (await account.client.patch(route, json={"is_muted": False})).status_code == 200
    paused = await account.client.patch(f"/api/public/channels/{channel['id']}", json={"is_paused": True})
    assert paused.status_code == 200, paused.text
    assert paused.json()["is_paused"] is True
    assert (await post_offer(account, 2)).status_code == 201
    await settled(db, channel["id"])
    assert webhook_receiver.requests == []

    resumed = await account.client.patch(f"/api/public/channels/{channel['id']}", json={"is_paused": False})
    assert resumed.status_code == 200, resumed.text
    assert (await post_offer(account, 3)).status_code == 201
    [request] = await webhook_receiver.await_requests(1, timeout=30)
    assert request.json["offer"]["url"] == "https://shop.example/bikes/3"
    await settled(db, channel["id"])
    assert len(webhook_receiver.requests) == 1


async def test_a_test_event_and_a_rotated_secret(
    account: Account, webhook_receiver: WebhookReceiver, db: AsyncSession
) -> None:
    channel = await add_webhook(account, webhook_receiver.url())
    rotated = await account.client.post(f"/api/public/channels/{channel['id']}/secret")
    assert rotated.status_code == 200, rotated.text
    new_secret = rotated.json()["secret"]
    assert new_secret != channel["secret"]

    sent = await account.client.post(f"/api/public/channels/{channel['id']}/test")
    assert sent.status_code == 202, sent.text
    [request] = await webhook_receiver.await_requests(1, timeout=30)
    assert request.json["type"] == "test"
    verify = documented_verify()
    header = request.headers["offerwatch-signature"]
    assert verify(request.body, header, new_secret) and verify(request.body, header, channel["secret"])
    await settled(db, channel["id"])
