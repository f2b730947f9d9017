"""Telegram's limits by scheduling: a chat's next message is booked its next free second (a
group's 3 s later), other chats take the bot's free slots in between, and a message sent at its
slot never breaks the chat's spacing or the bot's per-second ceiling."""

from __future__ import annotations

import asyncio
import itertools
import time

from notifier.ratelimit import TelegramRateLimiter


def test_a_private_chat_is_booked_a_second_apart_without_holding_up_others() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    now = time.time()
    first, second, third = (limiter.reserve(42) for _ in range(3))
    other = limiter.reserve(43)

    assert first - now < 0.1
    assert 0.99 < second - first < 1.05 and 0.99 < third - second < 1.05
    assert other - now < 0.2  # not behind chat 42's booked seconds


def test_a_group_is_booked_three_seconds_apart() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    first, second = limiter.reserve(-100123), limiter.reserve(-100123)
    assert 2.99 < second - first < 3.05


def test_the_bot_wide_rate_spreads_many_chats_over_its_slots() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    slots = sorted(limiter.reserve(chat_id) for chat_id in range(1, 91))
    # 90 chats at 30/s: three seconds, no two in one slot.
    assert 2.8 < slots[-1] - slots[0] < 3.1
    assert all(later - earlier > 0.03 for earlier, later in itertools.pairwise(slots))


async def test_take_turn_keeps_a_chat_a_second_apart_even_when_a_late_message_came_first() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    booked = limiter.reserve(7)
    await limiter.take_turn(7, booked - 0.5)  # came back late: goes now
    started = time.monotonic()
    await limiter.take_turn(7, time.time())  # the next one, on time, still waits its second
    assert time.monotonic() - started >= 0.9


async def test_take_turn_holds_the_bot_to_its_rate_per_second() -> None:
    limiter = TelegramRateLimiter(messages_per_second=5)
    now = time.time()
    started = time.monotonic()
    # Ten messages to ten chats, all claiming the same moment: the second five wait a second.
    await asyncio.gather(*(limiter.take_turn(chat_id, now) for chat_id in range(10)))
    assert time.monotonic() - started >= 0.9


def test_idle_chats_are_forgotten_once_many_are_remembered() -> None:
    limiter = TelegramRateLimiter(messages_per_second=100_000)
    for chat_id in range(1, 1025):
        limiter._chat_booked[chat_id] = time.time() - 5
    limiter.reserve(5000)
    assert list(limiter._chat_booked) == [5000]
