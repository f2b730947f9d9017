"""Fixtures for the Telegram channel tests: a configured webhook secret, targets, linking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.channels.link_tokens import hash_token
from core.db.models import RegisterToken, ScrapingTarget, User
from tests.channels import telegram_updates as tg
from tests.fakes.telegram_server import FakeTelegram, fake_telegram  # noqa: F401  (fixture)

WEBHOOK_SECRET = "test-webhook-secret_0123456789"
WEBHOOK = "/api/webhooks/telegram"
ADA_CHAT = 1_111_111
BOB_CHAT = 2_222_222

PostUpdate = Callable[..., Awaitable[httpx.Response]]


@pytest.fixture
def settings_overrides(fake_telegram: FakeTelegram) -> dict[str, str]:  # noqa: F811
    """The app's notifier (its in-process worker) and the bot talk to the fake Telegram."""
    return {
        **fake_telegram.settings_overrides(),
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "TELEGRAM_BOT_USERNAME": tg.BOT_USERNAME,
        "SIGNUP_URL": "https://offerwatch.example/signup",
    }


@pytest.fixture
def post_update(raw_client: httpx.AsyncClient) -> PostUpdate:
    """Deliver an update to the webhook the way Telegram does (with the secret header)."""

    async def post(update: dict[str, Any], secret: str | None = WEBHOOK_SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return await raw_client.post(WEBHOOK, json=update, headers=headers)

    return post


async def create_target(client: httpx.AsyncClient, name: str = "Road bikes") -> dict[str, Any]:
    response = await client.post("/api/public/targets", json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()


async def link_token(client: httpx.AsyncClient, target_id: str) -> str:
    response = await client.post(f"/api/public/targets/{target_id}/telegram-link")
    assert response.status_code == 201, response.text
    return response.json()["token"]


@pytest.fixture
async def target(client: httpx.AsyncClient, user: dict[str, Any]) -> dict[str, Any]:
    """Ada's target "Road bikes"."""
    return await create_target(client)


async def link_chat(
    client: httpx.AsyncClient, post_update: PostUpdate, target_id: str, chat_id: int = ADA_CHAT
) -> dict[str, Any]:
    """Run the whole deep-link flow; answer the channel as GET /api/public/channels shows it."""
    token = await link_token(client, target_id)
    response = await post_update(tg.start(chat_id, token))
    assert response.status_code == 200, response.text
    channels = (await client.get("/api/public/channels")).json()
    return next(c for c in channels if c["address"] == str(chat_id))


@pytest.fixture
async def linked(
    client: httpx.AsyncClient, post_update: PostUpdate, target: dict[str, Any]
) -> dict[str, Any]:
    """Ada's "Road bikes" linked to her private chat; the channel as the API shows it."""
    return await link_chat(client, post_update, target["id"])


@pytest.fixture
async def ada_target(db: AsyncSession) -> ScrapingTarget:
    """ada and her target "Road bikes", written straight to the database."""
    user = User(username="ada", email="ada@example.com", password_hash="x")
    db.add(user)
    await db.flush()
    target = ScrapingTarget(user_id=user.id, name="Road bikes", include_words=[], exclude_words=[])
    db.add(target)
    await db.commit()
    return target


async def add_token(db: AsyncSession, target: ScrapingTarget, token: str, **fields: object) -> None:
    """An open Telegram link token for `target` (unused, five minutes to live unless `fields` say)."""
    values: dict[str, object] = {"expires_at": dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5), **fields}
    db.add(RegisterToken(token_hash=hash_token(token), user_id=target.user_id, target_id=target.id, **values))
    await db.commit()
