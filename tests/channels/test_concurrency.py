"""Telegram retries and double taps arriving at the same time, against a real server (the test
client runs requests one after another, so it cannot show a race)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from api.channels import texts
from core.config import Settings
from core.db.models import Notification, NotificationConfig, ScrapingTarget, TargetChannel
from tests.channels import telegram_updates as tg
from tests.channels.conftest import ADA_CHAT, WEBHOOK, WEBHOOK_SECRET, add_token
from tests.channels.test_linking import fresh
from tests.live_server import serve

TOKEN = "concurrent-token_1"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}


@pytest.fixture
async def open_token(db: AsyncSession, ada_target: ScrapingTarget) -> str:
    await add_token(db, ada_target, TOKEN)
    return TOKEN


async def post_all(settings: Settings, updates: list[dict[str, Any]]) -> list[httpx.Response]:
    with serve(create_app(settings)) as root:
        async with httpx.AsyncClient(base_url=root, headers=HEADERS, timeout=20) as http:
            return await asyncio.gather(*(http.post(WEBHOOK, json=update) for update in updates))


async def test_simultaneous_retries_of_one_update_act_once(
    settings: Settings, open_token: str, db: AsyncSession
) -> None:
    update = tg.start(ADA_CHAT, open_token)

    responses = await post_all(settings, [update] * 6)

    assert [r.status_code for r in responses] == [200] * 6
    assert [r.json() for r in responses] == [{}] * 6  # none says "already used"
    assert len(await fresh(db, NotificationConfig)) == 1
    assert len(await fresh(db, Notification)) == 1


async def test_simultaneous_starts_with_one_token_link_one_chat(
    settings: Settings, open_token: str, db: AsyncSession
) -> None:
    chats = [ADA_CHAT + n for n in range(6)]

    responses = await post_all(settings, [tg.start(chat, open_token) for chat in chats])

    assert [r.status_code for r in responses] == [200] * 6
    bodies = [r.json() for r in responses]
    assert sorted(body.get("text", "linked") for body in bodies) == sorted(["linked"] + [texts.LINK_USED] * 5)
    [channel] = await fresh(db, NotificationConfig)
    assert channel.address == str(chats[bodies.index({})])
    assert len(await fresh(db, TargetChannel)) == 1
