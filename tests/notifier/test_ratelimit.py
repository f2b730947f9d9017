"""Telegram's limits as the rate limiter's turn keeps them: a chat's next message a second after
its last (a group's 3 s), the bot never more than its rate in any second, counted from when
sends really started and were answered. (Which message goes when: tests/notifier/test_turns.py.)"""

from __future__ import annotations

import asyncio
import time

from notifier.ratelimit import COUNTED_BEFORE_ANSWER_SECONDS, TelegramRateLimiter


async def test_a_private_chat_s_turns_are_a_second_apart_and_a_group_s_three() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    starts: dict[int, list[float]] = {42: [], -100123: []}

    async def send(chat_id: int) -> None:
        async with limiter.turn(chat_id):
            starts[chat_id].append(time.time())

    await asyncio.gather(*(send(chat_id) for chat_id in (42, -100123, 42)))
    assert starts[42][1] - starts[42][0] >= 0.99
    assert limiter.chat_free_at(-100123) - starts[-100123][0] >= 2.99
    assert 0.99 <= limiter.chat_free_at(42) - starts[42][1] < 1.05


def test_a_429_holds_the_chat_for_its_seconds() -> None:
    limiter = TelegramRateLimiter(messages_per_second=30)
    assert limiter.chat_free_at(42) < time.time()
    limiter.hold_chat(42, 5)
    assert 4.9 < limiter.chat_free_at(42) - time.time() <= 5.0


async def test_turns_hold_the_bot_to_its_rate_per_second() -> None:
    limiter = TelegramRateLimiter(messages_per_second=5)
    started = time.monotonic()

    async def send(chat_id: int) -> None:
        async with limiter.turn(chat_id):
            pass

    # Ten messages to ten chats, all at the same moment: the second five wait a second.
    await asyncio.gather(*(send(chat_id) for chat_id in range(10)))
    assert time.monotonic() - started >= 0.9


async def test_catching_up_never_puts_more_than_the_rate_in_one_second() -> None:
    limiter = TelegramRateLimiter(messages_per_second=10)
    turns: list[float] = []

    async def send(chat_id: int) -> None:
        async with limiter.turn(chat_id):
            turns.append(limiter._chat_sent[chat_id])

    # Fifteen sends getting here together (after a stall, say) catch up at twice the rate until
    # a second holds ten of them.
    await asyncio.gather(*(send(chat_id) for chat_id in range(1, 16)))
    turns.sort()
    assert turns[9] - turns[0] < 0.5  # the first ten at twice the rate...
    assert all(turns[i + 10] - turns[i] >= 1.0 - 1e-6 for i in range(len(turns) - 10))  # ...not 11


async def test_a_send_that_started_late_moves_the_bot_s_second_with_it() -> None:
    limiter = TelegramRateLimiter(messages_per_second=10)
    starts: dict[int, float] = {}

    async def send(chat_id: int) -> None:
        async with limiter.turn(chat_id):
            starts[chat_id] = time.time()

    async def stall() -> None:
        await asyncio.sleep(0.05)
        time.sleep(0.3)  # the event loop is stuck: the waiting sends start late

    await asyncio.gather(stall(), *(send(chat_id) for chat_id in range(1, 12)))
    # The eleventh was given its turn a second after the first one's turn, but waits for a
    # second after the first one really started.
    assert starts[11] - starts[1] >= 1.0


async def test_a_slow_answer_moves_the_bot_s_second_with_it() -> None:
    limiter = TelegramRateLimiter(messages_per_second=10)
    answered: dict[int, float] = {}
    starts: dict[int, float] = {}

    async def send(chat_id: int, call_seconds: float) -> None:
        async with limiter.turn(chat_id):
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


async def test_idle_chats_are_forgotten_once_many_are_remembered() -> None:
    limiter = TelegramRateLimiter(messages_per_second=100_000)
    for chat_id in range(1, 1025):
        limiter._chat_sent[chat_id] = time.time() - 5
    async with limiter.turn(5000):
        pass
    assert list(limiter._chat_sent) == [5000]
