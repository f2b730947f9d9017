"""Telegram's limits by scheduling: a chat's next message is booked its next free second (a
group's 3 s later), other chats take the bot's free slots in between, and a message sent at its
slot never breaks the chat's spacing or the bot's per-second ceiling."""

from __future__ import annotations

import asyncio
import itertools
import time

from notifier.ratelimit import COUNTED_BEFORE_ANSWER_SECONDS, TelegramRateLimiter


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


async def test_messages_that_came_back_late_do_not_push_the_one_on_time_back() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    now = time.time()
    turns: dict[int, float] = {}

    async def send(chat_id: int, slot: float) -> None:
        async with limiter.turn(chat_id, slot):
            turns[chat_id] = limiter._chat_sent[chat_id]  # the turn it was given

    # 25 messages a second late, then one due in half a second: the late ones catch up at twice
    # the bot's rate (0.4 s; one per spacing would take 0.8 s and push the punctual one back).
    await asyncio.gather(*(send(chat_id, now - 1) for chat_id in range(1, 26)), send(99, now + 0.5))
    assert turns[99] == now + 0.5
    late = sorted(turn for chat_id, turn in turns.items() if chat_id != 99)
    assert all(later - earlier >= 0.5 / 30 - 1e-6 for earlier, later in itertools.pairwise(late))


async def test_catching_up_never_puts_more_than_the_rate_in_one_second() -> None:
    limiter = TelegramRateLimiter(messages_per_second=10)
    now = time.time()
    turns: list[float] = []

    async def send(chat_id: int) -> None:
        async with limiter.turn(chat_id, now - 1):
            turns.append(limiter._chat_sent[chat_id])

    await asyncio.gather(*(send(chat_id) for chat_id in range(1, 16)))
    turns.sort()
    assert turns[9] - turns[0] < 0.5  # the first ten at twice the rate...
    assert all(turns[i + 10] - turns[i] >= 1.0 - 1e-6 for i in range(len(turns) - 10))  # ...not 11


async def test_a_send_that_started_late_moves_the_bot_s_second_with_it() -> None:
    limiter = TelegramRateLimiter(messages_per_second=10)
    soon = time.time() + 0.1
    starts: dict[int, float] = {}

    async def send(chat_id: int) -> None:
        async with limiter.turn(chat_id, soon):
            starts[chat_id] = time.time()

    async def stall() -> None:
        await asyncio.sleep(0.05)
        time.sleep(0.3)  # the event loop is stuck: the first ten sends start 0.25 s late

    await asyncio.gather(stall(), *(send(chat_id) for chat_id in range(1, 12)))
    # The eleventh was given its turn a second after the first one's turn, but waits for a
    # second after the first one really started.
    assert starts[11] - starts[1] >= 1.0


async def test_a_slow_answer_moves_the_bot_s_second_with_it() -> None:
    limiter = TelegramRateLimiter(messages_per_second=10)
    answered: dict[int, float] = {}
    starts: dict[int, float] = {}

    async def send(chat_id: int, call_seconds: float) -> None:
        async with limiter.turn(chat_id, time.time()):
            starts[chat_id] = time.time()
            await asyncio.sleep(call_seconds)
        answered[chat_id] = time.time()

    # The first call takes half a second: Telegram may have counted it only then.
    await asyncio.gather(send(1, 0.5), *(send(chat_id, 0.0) for chat_id in range(2, 12)))
    assert starts[11] - answered[1] >= 1.0 - COUNTED_BEFORE_ANSWER_SECONDS - 0.01


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
