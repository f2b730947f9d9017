"""Polling mode: for a bot without a public URL (local use), fetch updates with getUpdates and
feed them to the same `process_update` the webhook uses.

    python -m api.channels.polling

Runs when TELEGRAM_BOT_TOKEN is set and PUBLIC_BASE_URL is not (`should_poll`). Exactly one
poller may run per bot: Telegram refuses concurrent getUpdates calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import warnings
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, Update
from telegram.error import RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

from api.channels.bot import ALLOWED_UPDATES, process_update
from api.channels.telegram_api import build_bot
from core.config import Settings, SettingsError, get_settings
from core.db.engine import build_alchemy_config
from core.observability import configure_logging
from notifier.channels.telegram.channel import as_seconds
from notifier.lifespan import start_for_api, stop_for_api
from notifier.outbox import commit_then_enqueue

log = logging.getLogger(__name__)

LONG_POLL_SECONDS = 25
MAX_ERROR_PAUSE_SECONDS = 30.0
# An update whose handling keeps failing is skipped after this many tries (as Telegram gives up
# on a webhook that keeps failing), so one bad update cannot stall the bot.
MAX_TRIES_PER_UPDATE = 3


def should_poll(settings: Settings) -> bool:
    return bool(settings.telegram_bot_token) and not settings.public_base_url


class UpdatePoller:
    """Fetches updates and handles each in its own transaction, confirming it to Telegram (via
    the next getUpdates offset) only once it was handled."""

    def __init__(
        self, settings: Settings, bot: Bot, sessions: Callable[[], AsyncSession], poll_seconds: int
    ) -> None:
        self.settings = settings
        self.bot = bot
        self.sessions = sessions
        self.poll_seconds = poll_seconds
        self.offset: int | None = None

    async def poll_once(self) -> int:
        """One getUpdates round; answers how many updates were handled."""
        updates = await self.bot.get_updates(
            offset=self.offset, timeout=self.poll_seconds, allowed_updates=ALLOWED_UPDATES
        )
        for update in updates:
            await self._handle_or_skip(update)
            self.offset = update.update_id + 1
        return len(updates)

    async def _handle_or_skip(self, update: Update) -> None:
        for tries in range(1, MAX_TRIES_PER_UPDATE + 1):
            try:
                await self.handle(update)
                return
            except Exception:
                if tries == MAX_TRIES_PER_UPDATE:
                    log.exception("skipping update %s after %d failed tries", update.update_id, tries)
                    return
                log.warning("handling update %s failed (try %d); retrying", update.update_id, tries)
                await asyncio.sleep(min(2.0**tries, MAX_ERROR_PAUSE_SECONDS))

    async def handle(self, update: Update) -> None:
        async with self.sessions() as session:
            outcome = await process_update(session, update, self.settings)
            await commit_then_enqueue(session, outcome.notification_ids if outcome else [])
        if outcome is None:
            return
        if outcome.reply is not None:
            # What the webhook would return as its reply, sent here instead; a lost reply to a
            # command is not retried (the user can send the command again).
            try:
                with warnings.catch_warnings():
                    # The reply is already in Bot API terms; PTB would rather we used its
                    # typed method, which would mean translating it back.
                    warnings.simplefilter("ignore", PTBUserWarning)
                    await self.bot.do_api_request(outcome.reply.method, api_kwargs=outcome.reply.params)
            except TelegramError as exc:
                log.warning("reply %s to update %s failed: %s", outcome.reply.method, update.update_id, exc)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; network errors and flood limits pause, never end, the loop."""
        pause = 1.0
        while not stop.is_set():
            try:
                await self.poll_once()
                pause = 1.0
            except RetryAfter as exc:
                await _wait(stop, as_seconds(exc.retry_after))
            except TelegramError as exc:
                log.warning("getUpdates failed (%s); retrying in %.0f s", exc, pause)
                await _wait(stop, pause)
                pause = min(pause * 2, MAX_ERROR_PAUSE_SECONDS)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def run_polling(
    settings: Settings, stop: asyncio.Event, *, poll_seconds: int = LONG_POLL_SECONDS
) -> None:
    """The polling process: the notifier hand-off (with the embedded broker, its worker too, so
    link confirmations go out at once), the database, and the poll loop until `stop`."""
    engine = build_alchemy_config(settings).get_engine()
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    worker = await asyncio.to_thread(start_for_api, settings)
    try:
        async with build_bot(settings) as bot:
            # getUpdates is refused while a webhook is set; polling means no webhook.
            await bot.delete_webhook(drop_pending_updates=False)
            log.info("polling Telegram for updates of @%s", bot.username)
            await UpdatePoller(settings, bot, sessions, poll_seconds).run(stop)
    finally:
        await asyncio.to_thread(stop_for_api, worker)
        await engine.dispose()


async def _main() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run_polling(get_settings(), stop)


def main() -> int:
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    if not should_poll(settings):
        print("polling needs TELEGRAM_BOT_TOKEN set and PUBLIC_BASE_URL empty", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_json)
    asyncio.run(_main())
    return 0


if __name__ == "__main__":
    sys.exit(main())
