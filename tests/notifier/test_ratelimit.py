"""Telegram's limits by scheduling: a chat's next message is booked its next free second (a
group's 3 s later), other chats take the bot's free slots in between, and a message sent at its
slot never breaks the chat's spacing or the bot's per-second ceiling."""

from __future__ import annotations

import asyncio
import itertools
import time

from notifier.ratelimit import TelegramRateLimiter


def test_a_private_chat_gets_a_turn_a_second_apart_without_holding_up_others() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    now = time.time()
    first, second, third = (limiter.reserve(42) for _ in range(3))
    other = limiter.reserve(43)

    assert first.booked and first.at - now < 0.1
    # The chat's next two wait for its turns, a second apart, without taking the bot's slots.
    assert not second.booked and not third.booked
    assert 0.99 < second.at - first.at < 1.05 and 0.99 < third.at - second.at < 1.05
    assert other.booked and other.at - now < 0.2  # not behind chat 42's seconds


def test_a_message_back_at_its_chat_s_turn_takes_the_bot_s_next_free_slot() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    first = limiter.reserve(42)
    second = limiter.reserve(42, waited=True)
    assert second.booked and 0.99 < second.at - first.at < 1.05


def test_a_group_gets_a_turn_every_three_seconds() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    first, second = limiter.reserve(-100123), limiter.reserve(-100123)
    assert 2.99 < second.at - first.at < 3.05


def test_the_bot_wide_rate_spreads_many_chats_over_its_slots() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    slots = sorted(limiter.reserve(chat_id).at for chat_id in range(1, 91))
    # 90 chats at 30/s: three seconds, no two in one slot.
    assert 2.8 < slots[-1] - slots[0] < 3.1
    assert all(later - earlier > 0.03 for earlier, later in itertools.pairwise(slots))


async def test_a_turn_keeps_a_chat_a_second_apart_even_when_a_late_message_came_first() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    booked = limiter.reserve(7).at
    async with limiter.turn(7, booked - 0.5):  # came back late: goes now
        pass
    started = time.monotonic()
    async with limiter.turn(7, time.time()):  # the next one, on time, still waits its second
        pass
    assert time.monotonic() - started >= 0.9


async def test_turns_hold_the_bot_to_its_rate_per_second() -> None:
    limiter = TelegramRateLimiter(messages_per_second=5)
    now = time.time()
    started = time.monotonic()

    async def send(chat_id: int) -> None:
        async with limiter.turn(chat_id, now):
            pass

    # Ten messages to ten chats, all claiming the same moment: the second five wait a second.
    await asyncio.gather(*(send(chat_id) for chat_id in range(10)))
    assert time.monotonic() - started >= 0.9


async def test_a_chat_s_second_counts_from_telegram_s_answer() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    async with limiter.turn(7):
        await asyncio.sleep(0.5)  # a slow call
    answered = time.monotonic()
    async with limiter.turn(7):
        assert time.monotonic() - answered >= 0.95


def test_idle_chats_are_forgotten_once_many_are_remembered() -> None:
    limiter = TelegramRateLimiter(messages_per_second=100_000)
    for chat_id in range(1, 1025):
        limiter._chat_booked[chat_id] = time.time() - 5
    limiter.reserve(5000)
    assert list(limiter._chat_booked) == [5000]
