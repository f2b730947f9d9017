"""Webhook channels through the public API, in one API process (its in-process notifier) and a
local receiver: adding one (its secret shown once), refusing bad URLs and options, rotating the
secret, and the test event."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import re
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from api.channels.webhook_channels import TEST_EVENTS_PER_HOUR
from core.clock import utcnow
from core.config import Settings
from core.db.models import Notification, NotificationConfig
from notifier.channels.webhook.signing import ROTATION_OVERLAP_SECONDS, SigningSecrets
from tests.conftest import make_settings
from tests.fakes.dns import FakeDns
from tests.fakes.dns import fake_dns as fake_dns  # the fixture
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.fakes.webhook_receiver import webhook_receiver as webhook_receiver  # the fixture
from tests.live_server import serve
from tests.notifier.webhook.test_signing import documented_verify
from tests.services import run_migrations
from tests.support import browser, sign_up

CHANNELS = "/api/public/channels"
WEBHOOK_SECRET = re.compile(r"whsec_[A-Za-z0-9_-]{43}")


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, str]) -> dict[str, str]:
    """The local receiver is the one private address allowed."""
    return {**settings_overrides, "ALLOWED_PRIVATE_HOSTS": "127.0.0.1"}


async def add_webhook(client: httpx.AsyncClient, url: str, **body: Any) -> dict[str, Any]:
    response = await client.post(CHANNELS, json={"kind": "webhook", "address": url, **body})
    assert response.status_code == 201, response.text
    return dict(response.json())


async def stored(db: AsyncSession, channel_id: str) -> NotificationConfig:
    channel = await db.get(NotificationConfig, uuid.UUID(channel_id), populate_existing=True)
    assert channel is not None
    return channel


async def count(db: AsyncSession, model: type[Any]) -> int:
    return int(await db.scalar(select(func.count()).select_from(model)) or 0)


# --- adding ------------------------------------------------------------------------------------


async def test_a_webhook_is_added_with_its_secret_shown_once(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    webhook_receiver: WebhookReceiver,
    db: AsyncSession,
    settings: Settings,
) -> None:
    added = await add_webhook(client, webhook_receiver.url() + "#ignored")

    assert (added["kind"], added["address"]) == ("webhook", webhook_receiver.url())
    assert (added["is_active"], added["is_paused"], added["is_verified"]) == (True, False, True)
    assert added["options"] == {"preset": "json"}
    assert WEBHOOK_SECRET.fullmatch(added["secret"])
    [listed] = (await client.get(CHANNELS)).json()
    assert "secret" not in listed and added["secret"] not in str(listed)
    row = await stored(db, added["id"])
    assert row.secret_encrypted and added["secret"] not in row.secret_encrypted
    assert SigningSecrets.unseal(row.secret_encrypted, settings.secret_key).current == added["secret"]
    assert await count(db, Notification) == 0  # nothing to confirm


async def test_discord_and_slack_urls_get_their_preset(
    client: httpx.AsyncClient, user: dict[str, Any], fake_dns: FakeDns
) -> None:
    fake_dns.answer("discord.com", "162.159.128.233")
    fake_dns.answer("hooks.slack.com", "54.230.1.1")
    fake_dns.answer("chat.example", "93.184.216.34")

    discord = await add_webhook(client, "https://discord.com/api/webhooks/1/tok")
    slack = await add_webhook(client, "https://hooks.slack.com/services/T/B/X")
    mattermost = await add_webhook(client, "https://chat.example/hooks/x", options={"preset": "slack"})

    presets = [c["options"]["preset"] for c in (discord, slack, mattermost)]
    assert presets == ["discord", "slack", "slack"]


@pytest.mark.parametrize(
    ("address", "options", "field", "detail"),
    [
        ("ftp://hooks.example/x", None, "address", "Only http and https URLs"),
        ("https://user:pw@hooks.example/x", None, "address", "user name or password"),
        ("http://localhost:8080/x", None, "address", "Local addresses cannot receive webhooks"),
        ("http://10.1.2.3/x", None, "address", "this is a private address"),
        ("http://169.254.169.254/latest", None, "address", "cloud metadata address"),
        ("https://inside.example/x", None, "address", "inside.example resolves to a private address"),
        ("https://nowhere.example/x", None, "address", "host nowhere.example does not resolve"),
        ("https://hooks.example/x", {"preset": "teams"}, "options", "Unknown preset 'teams'"),
        ("https://hooks.example/x", {"preset": ["json"]}, "options", "Unknown preset ['json']"),
        ("https://hooks.example/x", {"secret": "mine"}, "options", "Unknown webhook option 'secret'"),
    ],
)
async def test_a_bad_webhook_is_refused_naming_the_field_and_nothing_is_written(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    fake_dns: FakeDns,
    db: AsyncSession,
    address: str,
    options: dict[str, Any] | None,
    field: str,
    detail: str,
) -> None:
    fake_dns.answer("hooks.example", "93.184.216.34")
    fake_dns.answer("inside.example", "93.184.216.34", "10.0.0.7")
    fake_dns.answer("nowhere.example")

    response = await client.post(CHANNELS, json={"kind": "webhook", "address": address, "options": options})

    assert response.status_code == 400, response.text
    assert response.json()["detail"].startswith(f"Invalid {field}: ")
    assert detail in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == field
    assert await count(db, NotificationConfig) == 0


async def test_the_same_url_twice_is_a_conflict(
    client: httpx.AsyncClient, user: dict[str, Any], webhook_receiver: WebhookReceiver
) -> None:
    await add_webhook(client, webhook_receiver.url())

    again = await client.post(CHANNELS, json={"kind": "webhook", "address": webhook_receiver.url()})

    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "address"


# --- rotating the secret -----------------------------------------------------------------------


async def test_a_rotated_secret_is_shown_once_and_the_old_one_signs_for_a_day(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    webhook_receiver: WebhookReceiver,
    db: AsyncSession,
    settings: Settings,
) -> None:
    added = await add_webhook(client, webhook_receiver.url())
    before = time.time()

    response = await client.post(f"{CHANNELS}/{added['id']}/secret")

    assert response.status_code == 200, response.text
    body = response.json()
    assert WEBHOOK_SECRET.fullmatch(body["secret"]) and body["secret"] != added["secret"]
    until = dt.datetime.fromisoformat(body["previous_valid_until"]).timestamp()
    assert before + ROTATION_OVERLAP_SECONDS - 1 <= until <= time.time() + ROTATION_OVERLAP_SECONDS
    signing = SigningSecrets.unseal(
        (await stored(db, added["id"])).secret_encrypted or "", settings.secret_key
    )
    assert (signing.current, signing.previous, signing.previous_until) == (
        body["secret"],
        added["secret"],
        until,
    )
    assert body["secret"] not in str((await client.get(CHANNELS)).json())


async def test_a_secret_the_server_key_cannot_read_is_replaced_outright(
    client: httpx.AsyncClient, user: dict[str, Any], webhook_receiver: WebhookReceiver, db: AsyncSession
) -> None:
    added = await add_webhook(client, webhook_receiver.url())
    await db.execute(
        update(NotificationConfig)
        .where(NotificationConfig.id == uuid.UUID(added["id"]))
        .values(secret_encrypted="sealed-with-an-old-SECRET_KEY")
    )
    await db.commit()

    response = await client.post(f"{CHANNELS}/{added['id']}/secret")

    assert response.status_code == 200, response.text
    assert response.json()["previous_valid_until"] is None
    assert WEBHOOK_SECRET.fullmatch(response.json()["secret"])


async def test_rotations_at_the_same_time_chain_rather_than_lose_a_secret(
    settings: Settings, webhook_receiver: WebhookReceiver, db: AsyncSession
) -> None:
    # The test client runs requests one after another: two at once need a real server (over
    # plain HTTP, so its cookies must not be Secure-only).
    with serve(create_app(dataclasses.replace(settings, cookie_secure=False))) as root:
        async with httpx.AsyncClient(base_url=root, timeout=20) as http:
            await http.get("/health")
            http.headers["x-csrftoken"] = http.cookies["csrftoken"]
            await sign_up(http)
            added = await add_webhook(http, webhook_receiver.url())
            answers = await asyncio.gather(*(http.post(f"{CHANNELS}/{added['id']}/secret") for _ in range(2)))

    assert [a.status_code for a in answers] == [200, 200]
    first, second = (a.json()["secret"] for a in answers)
    signing = SigningSecrets.unseal(
        (await stored(db, added["id"])).secret_encrypted or "", settings.secret_key
    )
    # One rotation saw the other's secret as the one it replaced: neither shown secret is lost.
    assert {signing.current, signing.previous} == {first, second}


async def test_only_my_webhooks_have_a_secret_to_rotate(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    other_client: httpx.AsyncClient,
    webhook_receiver: WebhookReceiver,
    db: AsyncSession,
) -> None:
    webhook = await add_webhook(client, webhook_receiver.url())
    sealed = (await stored(db, webhook["id"])).secret_encrypted
    email = await client.post(CHANNELS, json={"kind": "email", "address": "ada@example.com"})

    not_a_webhook = await client.post(f"{CHANNELS}/{email.json()['id']}/secret")
    not_mine = await other_client.post(f"{CHANNELS}/{webhook['id']}/secret")

    assert not_a_webhook.status_code == 409
    assert not_a_webhook.json()["detail"] == (
        "Only webhook channels have a signing secret (this channel is of kind 'email')"
    )
    assert not_a_webhook.json()["errors"][0]["field"] == "channel_id"
    assert (not_mine.status_code, not_mine.json()["detail"]) == (404, "Channel not found")
    assert (await stored(db, webhook["id"])).secret_encrypted == sealed


# --- the test event ----------------------------------------------------------------------------


async def test_a_test_event_arrives_signed_even_while_the_channel_is_paused(
    client: httpx.AsyncClient, user: dict[str, Any], webhook_receiver: WebhookReceiver, db: AsyncSession
) -> None:
    added = await add_webhook(client, webhook_receiver.url())
    paused = await client.patch(f"{CHANNELS}/{added['id']}", json={"is_paused": True})
    assert paused.status_code == 200, paused.text

    response = await client.post(f"{CHANNELS}/{added['id']}/test")

    assert response.status_code == 202, response.text
    event_id = response.json()["event_id"]
    [request] = await webhook_receiver.await_requests(1)
    assert documented_verify()(request.body, request.headers["offerwatch-signature"], added["secret"])
    assert (request.headers["offerwatch-event-id"], request.headers["offerwatch-event-type"]) == (
        event_id,
        "test",
    )
    assert (request.json["id"], request.json["type"]) == (event_id, "test")
    [row] = list(await db.scalars(select(Notification)))
    assert (row.kind, row.payload["test"], f"evt_{row.id.hex}") == ("text", True, event_id)


async def test_test_events_are_refused_for_other_kinds_switched_off_webhooks_and_others_channels(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    other_client: httpx.AsyncClient,
    webhook_receiver: WebhookReceiver,
    db: AsyncSession,
) -> None:
    webhook = await add_webhook(client, webhook_receiver.url())
    email = await client.post(CHANNELS, json={"kind": "email", "address": "ada@example.com"})
    confirmation_rows = await count(db, Notification)

    not_a_webhook = await client.post(f"{CHANNELS}/{email.json()['id']}/test")
    not_mine = await other_client.post(f"{CHANNELS}/{webhook['id']}/test")
    await db.execute(
        update(NotificationConfig)
        .where(NotificationConfig.id == uuid.UUID(webhook["id"]))
        .values(is_active=False)
    )
    await db.commit()
    switched_off = await client.post(f"{CHANNELS}/{webhook['id']}/test")

    assert (not_a_webhook.status_code, not_mine.status_code, switched_off.status_code) == (409, 404, 409)
    assert (
        not_a_webhook.json()["detail"]
        == "Only webhook channels take test events (this channel is of kind 'email')"
    )
    assert "switched off" in switched_off.json()["detail"]
    assert await count(db, Notification) == confirmation_rows
    assert webhook_receiver.requests == []


async def test_test_events_are_limited_per_hour(
    client: httpx.AsyncClient, user: dict[str, Any], webhook_receiver: WebhookReceiver, db: AsyncSession
) -> None:
    added = await add_webhook(client, webhook_receiver.url())
    for _ in range(TEST_EVENTS_PER_HOUR):
        assert (await client.post(f"{CHANNELS}/{added['id']}/test")).status_code == 202

    refused = await client.post(f"{CHANNELS}/{added['id']}/test")

    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 3600
    assert await count(db, Notification) == TEST_EVENTS_PER_HOUR
    # An hour later the oldest no longer counts.
    await db.execute(update(Notification).values(created_at=utcnow() - dt.timedelta(hours=1, seconds=1)))
    await db.commit()
    assert (await client.post(f"{CHANNELS}/{added['id']}/test")).status_code == 202


# --- the embedded default ----------------------------------------------------------------------


async def test_a_webhook_on_sqlite(tmp_path: Path, webhook_receiver: WebhookReceiver) -> None:
    """SQLite and the in-process broker: add, route, pause and mute, rotate, and the test event."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'offerwatch.sqlite3'}"
    await asyncio.to_thread(run_migrations, url)  # alembic runs its own event loop
    async with browser(create_app(make_settings(url, ALLOWED_PRIVATE_HOSTS="127.0.0.1"))) as client:
        await sign_up(client)
        added = await add_webhook(client, webhook_receiver.url())
        target = (await client.post("/api/public/targets", json={"name": "Bikes"})).json()
        route = f"/api/public/targets/{target['id']}/channels/{added['id']}"
        assert (await client.post(route)).status_code == 200
        assert (await client.patch(f"{CHANNELS}/{added['id']}", json={"is_paused": True})).status_code == 200
        until = (utcnow() + dt.timedelta(hours=1)).isoformat()
        muted = await client.patch(route, json={"is_muted": True, "snoozed_until": until})
        assert muted.status_code == 200, muted.text
        rotated = await client.post(f"{CHANNELS}/{added['id']}/secret")
        assert rotated.status_code == 200, rotated.text
        assert (await client.post(f"{CHANNELS}/{added['id']}/test")).status_code == 202

        [request] = await webhook_receiver.await_requests(1)
        assert documented_verify()(
            request.body, request.headers["offerwatch-signature"], rotated.json()["secret"]
        )
        [listed] = (await client.get(CHANNELS)).json()
        assert (listed["is_paused"], listed["targets"][0]["is_muted"]) == (True, True)
