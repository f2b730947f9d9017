"""Telegram's sending limits, as one notifier process keeps them.

Telegram allows about 30 messages/s per bot, 1 message/s to a private chat and 20 messages a
minute to a group (negative chat ids; paced here as one every 3 s). With several worker
processes, each chat's spacing is also kept across them (notifier/address_turns.py), and
TELEGRAM_MESSAGES_PER_SECOND is each process's share of the bot's rate.

Which message goes when is the turn queue's choice (notifier/turns.py): it asks `chat_free_at`
and hands out sends at the bot's rate. `turn`, around each Telegram call, is the guard that
holds every chat and the bot to their real spacing whatever the order of calls: it waits the
few milliseconds that remain. After a hiccup (a slow database call, a busy CPU) the bot
catches up: its sends may then come closer together than their spacing, as long as no second
holds more than messages_per_second of them.

All of it runs on the worker's one event loop thread, so it needs no lock.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

PRIVATE_CHAT_GAP_SECONDS = 1.0
GROUP_CHAT_GAP_SECONDS = 3.0
# Catching up after a hiccup, the bot's sends come at least this share of their spacing apart.
CATCH_UP_SPACING = 0.5
# Telegram counts a send somewhere between our request and its answer. The bot's second counts
# from the request, and also from the answer less this much (a request's time on the network):
# a slow answer means the request may have been counted late.
COUNTED_BEFORE_ANSWER_SECONDS = 0.05
# Forget idle chats once this many are remembered, so a long-running worker does not grow.
_CHATS_KEPT = 1024


def chat_gap(chat_id: int) -> float:
    return GROUP_CHAT_GAP_SECONDS if chat_id < 0 else PRIVATE_CHAT_GAP_SECONDS


@dataclass
class _Start:
    """One of the bot's sends: when it starts (its turn, then the time it really did) and when
    Telegram answered it (0 until then)."""

    at: float
    answered: float = 0.0

    def window_closes(self, window: float) -> float:
        """When a send `window` seconds after this one may go."""
        return max(self.at + window, self.answered + window - COUNTED_BEFORE_ANSWER_SECONDS)


class TelegramRateLimiter:
    """At most `messages_per_second` per bot, and each chat's own spacing. Times are wall-clock
    seconds (time.time())."""

    def __init__(self, messages_per_second: float) -> None:
        self.messages_per_second = messages_per_second
        self.spacing = 1.0 / messages_per_second
        self._bot_sent = 0.0  # the turn of the bot's latest send
        self._chat_sent: dict[int, float] = {}  # each chat's latest send (its answer, once back)
        per_window = max(1, math.floor(messages_per_second))
        self._starts: deque[_Start] = deque(maxlen=per_window)  # the bot's latest sends
        self._window = per_window * self.spacing  # ...never more of them than that in this time

    def chat_free_at(self, chat_id: int) -> float:
        """When the chat may get its next message (wall-clock seconds): its spacing after the
        last one, or the end of a 429's hold."""
        return self._chat_sent.get(chat_id, 0.0) + chat_gap(chat_id)

    @asynccontextmanager
    async def turn(self, chat_id: int) -> AsyncIterator[None]:
        """Wait for the chat's and the bot's real spacing; the caller sends inside the block.
        A chat's second counts from when Telegram's answer came back (not from when the call
        started), so a slow call cannot bring two messages to one chat closer together on
        Telegram's side than on ours."""
        now = time.time()
        self._forget_past(now)
        # Turns are taken in the order sends get here, and no window of a second holds more than
        # messages_per_second of them. They are not held to one per spacing: after a stall the
        # waiting ones go at up to twice the rate until that window is full. Evenly spaced, every
        # send that got here late would push all the later ones back for good.
        earlier = self._starts[0] if len(self._starts) == self._starts.maxlen else _Start(0.0)
        turn = max(
            now,
            self._chat_sent.get(chat_id, 0.0) + chat_gap(chat_id),
            self._bot_sent + self.spacing * CATCH_UP_SPACING,
            earlier.window_closes(self._window),
        )
        start = _Start(turn)
        self._starts.append(start)
        self._chat_sent[chat_id] = turn
        self._bot_sent = turn
        if turn > now:
            await asyncio.sleep(turn - now)
        # The window counts from when sends really started and were answered: one that woke late
        # (a busy event loop) or was answered slowly must not bring the next window's first send
        # closer to it on Telegram's side.
        if (behind := earlier.window_closes(self._window) - time.time()) > 0:
            await asyncio.sleep(behind)
        start.at = time.time()
        try:
            yield
        finally:
            start.answered = time.time()
            self._chat_sent[chat_id] = max(self._chat_sent.get(chat_id, 0.0), start.answered)

    def hold_chat(self, chat_id: int, seconds: float) -> None:
        """Telegram answered 429 for this chat: nothing more goes to it for `seconds`."""
        until = time.time() + seconds
        self._chat_sent[chat_id] = max(self._chat_sent.get(chat_id, 0.0), until - chat_gap(chat_id))

    def _forget_past(self, now: float) -> None:
        if len(self._chat_sent) >= _CHATS_KEPT:
            self._chat_sent = {
                chat: sent for chat, sent in self._chat_sent.items() if sent + chat_gap(chat) > now
            }
