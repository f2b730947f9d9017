"""The transport to Telegram: python-telegram-bot's Bot, or the log when no bot token is set
(the embedded default: the same messages are written to the log instead)."""

from __future__ import annotations

import logging
import os
from typing import Protocol

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.request import HTTPXRequest

from core.config import Settings

# PTB 22 reports RetryAfter.retry_after as an int unless this opts in to timedelta (the future
# default); set before any RetryAfter is built so the value is never a deprecated int.
os.environ.setdefault("PTB_TIMEDELTA", "1")

log = logging.getLogger(__name__)


class MessageSender(Protocol):
    async def send_text(
        self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None
    ) -> int | None: ...

    async def send_photo(
        self, chat_id: int, photo_url: str, caption: str, reply_markup: InlineKeyboardMarkup | None
    ) -> int | None: ...

    async def close(self) -> None: ...


class BotSender:
    """Sends through python-telegram-bot's Bot against TELEGRAM_API_BASE_URL."""

    def __init__(self, token: str, api_base_url: str) -> None:
        self.bot = Bot(
            token,
            base_url=api_base_url.rstrip("/") + "/bot",
            base_file_url=api_base_url.rstrip("/") + "/file/bot",
            request=HTTPXRequest(connection_pool_size=64, read_timeout=10.0),
        )

    async def send_text(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> int:
        message = await self.bot.send_message(
            chat_id=chat_id,
            text=text,
            parse_mode=ParseMode.HTML,
            reply_markup=reply_markup,
        )
        return message.message_id

    async def send_photo(
        self, chat_id: int, photo_url: str, caption: str, reply_markup: InlineKeyboardMarkup | None
    ) -> int:
        message = await self.bot.send_photo(
            chat_id=chat_id,
            photo=photo_url,
            caption=caption,
            parse_mode=ParseMode.HTML,
            reply_markup=reply_markup,
        )
        return message.message_id

    async def close(self) -> None:
        await self.bot.shutdown()


class LogSender:
    """No bot token: the message goes to the log, everything else behaves the same."""

    async def send_text(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> None:
        log.info("Telegram message to chat %s (no TELEGRAM_BOT_TOKEN set):\n%s", chat_id, text)

    async def send_photo(
        self, chat_id: int, photo_url: str, caption: str, reply_markup: InlineKeyboardMarkup | None
    ) -> None:
        log.info("Telegram photo %s to chat %s (no TELEGRAM_BOT_TOKEN set):\n%s", photo_url, chat_id, caption)

    async def close(self) -> None:
        return None


def build_sender(settings: Settings) -> MessageSender:
    if settings.telegram_bot_token:
        return BotSender(settings.telegram_bot_token, settings.telegram_api_base_url)
    return LogSender()
