"""Telegram as a channel of the seam: its messages, sent within Telegram's rate limits, and
Bot API errors told apart as the seam's outcomes."""

from __future__ import annotations

import datetime as dt
import logging
from typing import ClassVar

from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.error import RetryAfter as TelegramRetryAfter

from core.config import Settings
from notifier.channels.base import (
    ChannelGone,
    ChannelMoved,
    Content,
    Final,
    Outcome,
    Retry,
    RetryAfter,
    Sent,
)
from notifier.channels.telegram.format import OutgoingMessage, format_notification
from notifier.channels.telegram.senders import MessageSender, build_sender
from notifier.ratelimit import TelegramRateLimiter, chat_gap

log = logging.getLogger(__name__)

TELEGRAM = "telegram"


def as_seconds(value: int | float | dt.timedelta) -> float:
    """RetryAfter.retry_after in seconds (a timedelta with PTB_TIMEDELTA=1, else a number)."""
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class TelegramChannel:
    """A bot's chats: a channel's address is its chat id as text. Paced (notifier/ratelimit.py):
    about 30 messages a second per bot, one a second per private chat, one every 3 s per group."""

    kind: ClassVar[str] = TELEGRAM

    def __init__(self, sender: MessageSender, limiter: TelegramRateLimiter) -> None:
        self.sender = sender
        self.limiter = limiter

    @classmethod
    def from_settings(cls, settings: Settings) -> TelegramChannel:
        return cls(build_sender(settings), TelegramRateLimiter(settings.telegram_messages_per_second))

    def format(self, content: Content) -> OutgoingMessage:
        return format_notification(content)

    @property
    def messages_per_second(self) -> float:
        return self.limiter.messages_per_second

    def free_at(self, address: str) -> float:
        return self.limiter.chat_free_at(int(address))

    def spacing(self, address: str) -> float:
        return chat_gap(int(address))

    def hold(self, address: str, seconds: float) -> None:
        self.limiter.hold_chat(int(address), seconds)

    async def send(self, message: OutgoingMessage) -> Outcome:
        """Send within the rate limits; a rejected photo falls back to text. Never raises
        TelegramError."""
        try:
            return Sent(await self._send(message))
        except TelegramRetryAfter as exc:
            return RetryAfter(as_seconds(exc.retry_after), f"429: {exc.message}")
        except ChatMigrated as exc:
            return ChannelMoved(str(exc.new_chat_id))
        except Forbidden as exc:
            # The user blocked the bot, or the bot left (or was removed from) the chat.
            return ChannelGone(f"403: {exc.message}")
        except BadRequest as exc:
            return Final(f"400: {exc.message}")
        except TelegramError as exc:
            # NetworkError, TimedOut, 5xx (PTB raises NetworkError for them) and a bad token.
            return Retry(f"{type(exc).__name__}: {exc.message}")

    async def _send(self, message: OutgoingMessage) -> str | None:
        if message.photo_url:
            try:
                async with self.limiter.turn(message.chat_id):
                    sent = await self.sender.send_photo(
                        message.chat_id, message.photo_url, message.text, message.reply_markup
                    )
                return _delivery_id(sent)
            except BadRequest as exc:
                log.info("photo rejected for chat %s (%s): sending text", message.chat_id, exc.message)
        async with self.limiter.turn(message.chat_id):
            sent = await self.sender.send_text(message.chat_id, message.text, message.reply_markup)
        return _delivery_id(sent)

    async def close(self) -> None:
        await self.sender.close()


def _delivery_id(message_id: int | None) -> str | None:
    return None if message_id is None else str(message_id)
