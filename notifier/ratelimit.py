"""Telegram's sending limits, kept per notifier process, by scheduling rather than waiting.

Telegram allows about 30 messages/s per bot, 1 message/s to a private chat and 20 messages a
minute to a group (negative chat ids; paced here as one every 3 s). With several worker
processes, TELEGRAM_MESSAGES_PER_SECOND is each process's share.

Two steps keep a chat that must wait from holding a worker thread:
- `reserve` tells when a message may go: at its chat's next turn, then at the bot's next free
  slot from there; a time more than DEFER_AFTER_SECONDS away is not waited for: the delivery
  re-enqueues the message with a broker delay until then, and the worker thread takes the next
  message;
- `turn`, around the Telegram call, waits the few milliseconds that remain and
  holds the chat and the bot to their real spacing, so a delayed message that came back late
  cannot go out right before the chat's next one. After a hiccup (a slow database call, a busy
  CPU) the bot catches up: its sends may then come closer together than their slots, as long as
  no second holds more than messages_per_second of them.

All of it runs on the worker's one event loop thread, so booking needs no lock.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from notifier.channels.base import Booking

PRIVATE_CHAT_GAP_SECONDS = 1.0
GROUP_CHAT_GAP_SECONDS = 3.0
# A wait up to this long is slept in place; a longer one is scheduled through the broker.
DEFER_AFTER_SECONDS = 0.25
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
    """Slots for messages: at most `messages_per_second` per bot, and each chat's own spacing.

    The bot's time is cut into slots of 1/messages_per_second; each booked message takes one, the
    earliest free one from its chat's next free time on, so a chat booked far ahead does not
    hold back the others. Times are wall-clock seconds (time.time()): a booked slot travels with
    the message through the broker.
    """

    def __init__(self, messages_per_second: float) -> None:
        self.messages_per_second = messages_per_second
        self.spacing = 1.0 / messages_per_second
        self._bot_booked: set[int] = set()  # slot numbers (time / spacing) taken
        self._chat_booked: dict[int, float] = {}  # the next free time of each chat
        self._bot_sent = 0.0  # the turn of the bot's latest send
        self._chat_sent: dict[int, float] = {}
        self._chat_queued: dict[int, float] = {}  # the next turn of each chat's queued messages
        per_window = max(1, math.floor(messages_per_second))
        self._starts: deque[_Start] = deque(maxlen=per_window)  # the bot's latest sends
        self._window = per_window * self.spacing  # ...never more of them than that in this time

    def reserve(self, chat_id: int, waited: bool = False) -> Booking:
        """When one more message may go to `chat_id`.

        A message behind others of its chat (more than DEFER_AFTER_SECONDS away) is only queued
        behind them: it comes back at the chat's turn (`booked` False) and then, `waited`, takes
        the bot's earliest free slot. Booking the bot's slots only when a chat's turn has come
        lets the chats of a burst take turns, instead of the first chats to arrive filling the
        first seconds and the last ones trickling in at one message a second each.
        """
        now = time.time()
        self._forget_past(now)
        gap = chat_gap(chat_id)
        if not waited:
            turn = max(now, self._chat_booked.get(chat_id, 0.0), self._chat_queued.get(chat_id, 0.0))
            if turn - now > DEFER_AFTER_SECONDS:
                self._chat_queued[chat_id] = turn + gap
                return Booking(turn, booked=False)
        number = math.ceil(max(now, self._chat_booked.get(chat_id, 0.0)) / self.spacing)
        while number in self._bot_booked:
            number += 1
        self._bot_booked.add(number)
        slot = max(now, number * self.spacing)
        self._chat_booked[chat_id] = slot + gap
        return Booking(slot, booked=True)

    @asynccontextmanager
    async def turn(self, chat_id: int, slot: float | None = None) -> AsyncIterator[None]:
        """Wait for `slot` (or book one) and for the chat's and the bot's real spacing; the
        caller sends inside the block. A chat's second counts from when Telegram's answer came
        back (not from when the call started), so a slow call cannot bring two messages to one
        chat closer together on Telegram's side than on ours."""
        if slot is None:
            slot = self.reserve(chat_id, waited=True).at
        now = time.time()
        # Turns are taken in the order messages get here, whatever order deferred messages came
        # back in, and no window of a second holds more than messages_per_second of them. They
        # are not held to one per spacing: after a stall the waiting ones go at up to twice the
        # rate until that window is full. Evenly spaced, every message that came back late
        # would push all the later ones back for good, each waiting in its worker thread, until
        # the threads were full and new arrivals waited behind them.
        earlier = self._starts[0] if len(self._starts) == self._starts.maxlen else _Start(0.0)
        turn = max(
            now,
            slot,
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
        self._chat_booked[chat_id] = max(self._chat_booked.get(chat_id, 0.0), until)
        self._chat_sent[chat_id] = max(self._chat_sent.get(chat_id, 0.0), until - chat_gap(chat_id))

    def _forget_past(self, now: float) -> None:
        first_open = math.floor(now / self.spacing)
        if len(self._bot_booked) > 4 * self.messages_per_second:
            self._bot_booked = {number for number in self._bot_booked if number >= first_open}
        if len(self._chat_booked) >= _CHATS_KEPT:
            self._chat_booked = {chat: slot for chat, slot in self._chat_booked.items() if slot > now}
            self._chat_sent = {
                chat: sent for chat, sent in self._chat_sent.items() if sent + chat_gap(chat) > now
            }
            self._chat_queued = {chat: turn for chat, turn in self._chat_queued.items() if turn > now}
