"""Telegram's sending limits, kept per notifier process.

Telegram allows about 30 messages/s per bot, 1 message/s to a private chat and 20 messages a
minute to a group (negative chat ids). With several worker processes,
TELEGRAM_MESSAGES_PER_SECOND is each process's share.
"""

from __future__ import annotations

from aiolimiter import AsyncLimiter

PRIVATE_CHAT_RATE = (1, 1.0)  # messages, seconds
GROUP_CHAT_RATE = (20, 60.0)
# Forget idle chats once this many are remembered, so a long-running worker does not grow.
_CHATS_KEPT = 1024


class TelegramRateLimiter:
    """At most `messages_per_second` sends per bot, and each chat's own limit."""

    def __init__(self, messages_per_second: float) -> None:
        self._bot = AsyncLimiter(max_rate=messages_per_second, time_period=1.0)
        self._chats: dict[int, AsyncLimiter] = {}

    def _chat(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.get(chat_id)
        if limiter is None:
            if len(self._chats) >= _CHATS_KEPT:
                self._chats = {k: v for k, v in self._chats.items() if not v.has_capacity(v.max_rate)}
            limiter = AsyncLimiter(*(GROUP_CHAT_RATE if chat_id < 0 else PRIVATE_CHAT_RATE))
            self._chats[chat_id] = limiter
        return limiter

    async def acquire(self, chat_id: int) -> None:
        """Wait until one more message may go to `chat_id`."""
        await self._chat(chat_id).acquire()
        await self._bot.acquire()
