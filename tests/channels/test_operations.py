"""Operating the bot: the webhook commands and polling mode, against the fake Telegram server."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import click
import pytest
from click.testing import CliRunner
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from api.channels import polling, texts
from api.channels.bot import ALLOWED_UPDATES
from api.channels.cli import TelegramCLIPlugin, register_webhook, remove_webhook, telegram_group
from api.channels.polling import UpdatePoller, run_polling, should_poll
from api.channels.telegram_api import build_bot
from core.config import ROOT, Settings, SettingsError, get_settings
from core.db.models import NotificationConfig, ScrapingTarget, TargetChannel
from notifier.broker import install_broker
from tests.channels import telegram_updates as tg
from tests.channels.conftest import ADA_CHAT, WEBHOOK_SECRET, add_token
from tests.channels.test_linking import fresh
from tests.fakes.telegram_server import FakeTelegram

PUBLIC = "https://offerwatch.example"


@pytest.fixture
def public_settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, public_base_url=PUBLIC + "/")


async def test_set_webhook_registers_url_secret_and_update_kinds(
    public_settings: Settings, fake_telegram: FakeTelegram
) -> None:
    url = await register_webhook(public_settings, drop_pending_updates=True)

    assert url == f"{PUBLIC}/api/webhooks/telegram"
    [call] = fake_telegram.calls("setWebhook")
    assert call.params == {
        "url": f"{PUBLIC}/api/webhooks/telegram",
        "secret_token": WEBHOOK_SECRET,
        "allowed_updates": ALLOWED_UPDATES,
        "drop_pending_updates": "true",
    }
    assert fake_telegram.webhook_url == url

    await remove_webhook(public_settings)
    [call] = fake_telegram.calls("deleteWebhook")
    assert call.params.get("drop_pending_updates") in {None, "false"}
    assert fake_telegram.webhook_url == ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"public_base_url": ""}, "PUBLIC_BASE_URL is not set"),
        ({"public_base_url": "http://offerwatch.example"}, "PUBLIC_BASE_URL must be an https:// URL"),
        ({"telegram_webhook_secret": ""}, "TELEGRAM_WEBHOOK_SECRET must be"),
        ({"telegram_webhook_secret": "has spaces"}, "TELEGRAM_WEBHOOK_SECRET must be"),
        ({"telegram_bot_token": ""}, "TELEGRAM_BOT_TOKEN is not set"),
    ],
)
async def test_set_webhook_refuses_incomplete_settings(
    public_settings: Settings, fake_telegram: FakeTelegram, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        await register_webhook(dataclasses.replace(public_settings, **change))
    assert fake_telegram.calls("setWebhook") == []


@pytest.fixture
def cli_environment(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, fake_telegram: FakeTelegram
) -> Iterator[None]:
    for name, value in {
        "DATABASE_URL": settings.database_url,
        "SECRET_KEY": settings.secret_key,
        "INTERNAL_API_TOKEN": settings.internal_api_token,
        "PUBLIC_BASE_URL": PUBLIC,
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        **fake_telegram.settings_overrides(),
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_cli_commands_set_and_delete_the_webhook(cli_environment: None, fake_telegram: FakeTelegram) -> None:
    runner = CliRunner()
    result = runner.invoke(telegram_group, ["set-webhook", "--drop-pending-updates"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"webhook set: {PUBLIC}/api/webhooks/telegram"
    assert fake_telegram.calls("setWebhook")[0].params["drop_pending_updates"] == "true"

    result = runner.invoke(telegram_group, ["webhook-info"])
    assert f"url: {PUBLIC}/api/webhooks/telegram" in result.output

    result = runner.invoke(telegram_group, ["delete-webhook"])
    assert (result.exit_code, result.output.strip()) == (0, "webhook removed")


def test_cli_reports_telegram_refusals(cli_environment: None, fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("setWebhook", 400, "Bad Request: bad webhook: HTTPS url must be provided")
    result = CliRunner().invoke(telegram_group, ["set-webhook"])
    assert result.exit_code == 1
    assert "Telegram refused: Bad webhook: https url must be provided" in result.output


def test_the_litestar_cli_gets_the_telegram_group() -> None:
    root = click.Group("litestar")
    TelegramCLIPlugin().on_cli_init(root)
    group = root.commands["telegram"]
    assert isinstance(group, click.Group)
    assert set(group.commands) == {"set-webhook", "delete-webhook", "webhook-info"}


def test_polling_runs_with_a_token_and_no_public_url(settings: Settings) -> None:
    assert should_poll(settings) is True
    assert should_poll(dataclasses.replace(settings, public_base_url=PUBLIC)) is False
    assert should_poll(dataclasses.replace(settings, telegram_bot_token="")) is False


@pytest.fixture
def restore_broker() -> Iterator[None]:
    yield
    install_broker(Settings())  # run_polling installed (and closed) its own


async def test_polling_handles_updates_from_get_updates(
    settings: Settings,
    fake_telegram: FakeTelegram,
    db: AsyncSession,
    ada_target: ScrapingTarget,
    restore_broker: None,
) -> None:
    target = ada_target
    await add_token(db, target, "polling-token_1")
    fake_telegram.queue_update(tg.start(ADA_CHAT, "polling-token_1"))
    fake_telegram.queue_update(tg.text_message(ADA_CHAT, "/help"))

    stop = asyncio.Event()
    poller = asyncio.create_task(run_polling(settings, stop, poll_seconds=1))
    try:
        # The /help reply (sent by the poller) and the link confirmation (sent by the notifier).
        messages = await fake_telegram.await_messages(2)
    finally:
        stop.set()
        await asyncio.wait_for(poller, timeout=15)

    assert sorted(m.text or "" for m in messages) == sorted([texts.HELP, texts.linked("Road bikes", True)])
    assert {m.chat_id for m in messages} == {str(ADA_CHAT)}
    assert fake_telegram.calls("deleteWebhook")
    first_poll = fake_telegram.calls("getUpdates")[0]
    assert first_poll.params["allowed_updates"] == ALLOWED_UPDATES
    [channel] = await fresh(db, NotificationConfig)
    assert channel.address == str(ADA_CHAT)
    [route] = await fresh(db, TargetChannel)
    assert route.target_id == target.id


async def test_polling_survives_telegram_errors(
    settings: Settings, fake_telegram: FakeTelegram, restore_broker: None
) -> None:
    fake_telegram.fail_next("getUpdates", 502, "Bad Gateway")
    fake_telegram.queue_update(tg.text_message(ADA_CHAT, "/help"))
    stop = asyncio.Event()
    poller = asyncio.create_task(run_polling(settings, stop, poll_seconds=1))
    try:
        [message] = await fake_telegram.await_messages(1)
    finally:
        stop.set()
        await asyncio.wait_for(poller, timeout=15)
    assert message.text == texts.HELP
    assert [c.ok for c in fake_telegram.calls("getUpdates")][:2] == [False, True]


async def test_poller_confirms_handled_updates_with_the_next_offset(
    settings: Settings, fake_telegram: FakeTelegram, db_engine: AsyncEngine, restore_broker: None
) -> None:
    first = fake_telegram.queue_update(tg.text_message(ADA_CHAT, "/help"))
    second = fake_telegram.queue_update(tg.text_message(ADA_CHAT, "/list"))
    async with build_bot(settings) as bot:
        poller = UpdatePoller(settings, bot, async_sessionmaker(db_engine), poll_seconds=0)
        assert await poller.poll_once() == 2
        assert await poller.poll_once() == 0
    polls = fake_telegram.calls("getUpdates")
    assert "offset" not in polls[0].params
    assert int(polls[1].params["offset"]) == max(first, second) + 1
    replies = [m.text for m in fake_telegram.messages]
    assert replies == [texts.HELP, texts.NOTHING_LINKED]


async def test_polling_process_answers_and_stops_on_sigint(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "SECRET_KEY": settings.secret_key,
        "INTERNAL_API_TOKEN": settings.internal_api_token,
        "PUBLIC_BASE_URL": "",
        "PTB_TIMEDELTA": "1",
        **fake_telegram.settings_overrides(),
    }
    fake_telegram.queue_update(tg.text_message(ADA_CHAT, "/help"))
    process = subprocess.Popen([sys.executable, "-m", "api.channels.polling"], cwd=ROOT, env=env)
    try:
        [message] = await fake_telegram.await_messages(1, timeout=30)
        assert message.text == texts.HELP
    finally:
        process.send_signal(signal.SIGINT)
        code = await asyncio.to_thread(process.wait, 20)
    assert code == 0


async def test_an_update_that_keeps_failing_is_skipped_after_its_tries(
    settings: Settings,
    fake_telegram: FakeTelegram,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The database is unreachable, so handling fails every time; the poller must not stall on
    # the update forever (Telegram would resend it at every getUpdates).
    monkeypatch.setattr(polling, "MAX_ERROR_PAUSE_SECONDS", 0.01)
    dead_database = create_async_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    update_id = fake_telegram.queue_update(tg.text_message(ADA_CHAT, "/help"))
    try:
        async with build_bot(settings) as bot:
            poller = UpdatePoller(settings, bot, async_sessionmaker(dead_database), poll_seconds=0)
            with caplog.at_level(logging.WARNING, logger="api.channels.polling"):
                assert await poller.poll_once() == 1
    finally:
        await dead_database.dispose()
    assert poller.offset == update_id + 1
    failures = [r.getMessage() for r in caplog.records if r.name == "api.channels.polling"]
    assert len(failures) == polling.MAX_TRIES_PER_UPDATE
    assert failures[-1] == f"skipping update {update_id} after {polling.MAX_TRIES_PER_UPDATE} failed tries"
    assert fake_telegram.messages == []
