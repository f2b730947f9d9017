"""Telegram's sending limits, kept per notifier process.

Telegram allows about 30 messages/s per bot and 1 message/s per chat. PTB's AIORateLimiter
covers the overall and group limits but not the per-private-chat one, so both live here.
With several worker processes, TELEGRAM_MESSAGES_PER_SECOND is each process's share.
"""

from __future__ import annotations

import asyncio

from aiolimiter import AsyncLimiter

PER_CHAT_INTERVAL_SECONDS = 1.0
# Forget idle chats now and then so a long-running worker does not grow without bound.
_PRUNE_EVERY = 1000


class TelegramRateLimiter:
    """At most `messages_per_second` sends per bot and one per `per_chat_interval` per chat."""

    def __init__(
        self, messages_per_second: float, per_chat_interval: float = PER_CHAT_INTERVAL_SECONDS
    ) -> None:
        self._bot = AsyncLimiter(max_rate=messages_per_second, time_period=1.0)
        self._per_chat_interval = per_chat_interval
        self._chat_next_at: dict[int, float] = {}
        self._chat_locks: dict[int, asyncio.Lock] = {}
        self._acquisitions = 0

    async def acquire(self, chat_id: int) -> None:
        """Wait until one more message may go to `chat_id`; messages to a chat go in arrival order."""
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            loop = asyncio.get_running_loop()
            wait = self._chat_next_at.get(chat_id, 0.0) - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            await self._bot.acquire()
            self._chat_next_at[chat_id] = loop.time() + self._per_chat_interval
        self._acquisitions += 1
        if self._acquisitions % _PRUNE_EVERY == 0:
            self._prune(asyncio.get_running_loop().time())

    def _prune(self, now: float) -> None:
        for chat_id, next_at in list(self._chat_next_at.items()):
            lock = self._chat_locks.get(chat_id)
            if next_at < now and (lock is None or not lock.locked()):
                self._chat_next_at.pop(chat_id, None)
                self._chat_locks.pop(chat_id, None)
