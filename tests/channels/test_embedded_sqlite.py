"""The embedded default (SQLite, in-process broker): linking and the commands work there too."""

from __future__ import annotations

import asyncio
from pathlib import Path

from api.app import create_app
from api.channels import texts
from tests.channels import telegram_updates as tg
from tests.channels.conftest import ADA_CHAT, WEBHOOK, WEBHOOK_SECRET
from tests.conftest import make_settings
from tests.fakes.telegram_server import FakeTelegram
from tests.services import run_migrations
from tests.support import browser, sign_up

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}


async def test_linking_and_commands_on_sqlite(tmp_path: Path, fake_telegram: FakeTelegram) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'offerwatch.sqlite3'}"
    await asyncio.to_thread(run_migrations, url)  # alembic runs its own event loop
    settings = make_settings(
        url,
        TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
        TELEGRAM_BOT_USERNAME=tg.BOT_USERNAME,
        **fake_telegram.settings_overrides(),
    )
    async with browser(create_app(settings)) as client:
        await sign_up(client)
        target = (await client.post("/api/public/targets", json={"name": "Road bikes"})).json()
        token = (await client.post(f"/api/public/targets/{target['id']}/telegram-link")).json()["token"]
        start = tg.start(ADA_CHAT, token)

        assert (await client.post(WEBHOOK, json=start, headers=HEADERS)).json() == {}
        assert (await client.post(WEBHOOK, json=start, headers=HEADERS)).json() == {}  # a retry
        [message] = await fake_telegram.await_messages(1)
        assert message.text == texts.linked("Road bikes", True)

        listed = await client.post(WEBHOOK, json=tg.text_message(ADA_CHAT, "/list"), headers=HEADERS)
        assert "<b>Road bikes</b> - active" in listed.json()["text"]
        paused = await client.post(WEBHOOK, json=tg.text_message(ADA_CHAT, "/pause"), headers=HEADERS)
        assert paused.json()["text"] == texts.PAUSED
        resumed = await client.post(WEBHOOK, json=tg.text_message(ADA_CHAT, "/resume"), headers=HEADERS)
        assert resumed.json()["text"] == texts.RESUMED
        [channel] = (await client.get("/api/public/channels")).json()
        assert (channel["address"], channel["is_paused"], len(channel["targets"])) == (
            str(ADA_CHAT),
            False,
            1,
        )
