"""Telegram's limits: per bot, per private chat, per group. A blocked acquire is seen as one
that has not finished within a short wait (a slow machine only makes it wait longer)."""

from __future__ import annotations

import asyncio

from notifier.ratelimit import TelegramRateLimiter

HELD = 0.3  # long enough to tell a blocked acquire from an immediate one
PROMPT = 5.0  # generous bound for acquires that should not wait


async def blocked(limiter: TelegramRateLimiter, chat_id: int) -> bool:
    try:
        await asyncio.wait_for(limiter.acquire(chat_id), HELD)
    except TimeoutError:
        return True
    return False


async def test_a_private_chat_gets_one_message_a_second_without_holding_up_others() -> None:
    limiter = TelegramRateLimiter(messages_per_second=1000)
    await limiter.acquire(42)
    assert await blocked(limiter, 42)
    await asyncio.wait_for(limiter.acquire(43), PROMPT)


async def test_a_group_gets_twenty_messages_a_minute() -> None:
    limiter = TelegramRateLimiter(messages_per_second=1000)
    for _ in range(20):
        await asyncio.wait_for(limiter.acquire(-100123), PROMPT)
    assert await blocked(limiter, -100123)


async def test_the_bot_wide_rate_covers_all_chats() -> None:
    limiter = TelegramRateLimiter(messages_per_second=2)
    await asyncio.wait_for(limiter.acquire(1), PROMPT)
    await asyncio.wait_for(limiter.acquire(2), PROMPT)
    assert await blocked(limiter, 3)


async def test_idle_chats_are_forgotten_once_many_are_remembered() -> None:
    limiter = TelegramRateLimiter(messages_per_second=100_000)
    for chat_id in range(1, 1025):
        await limiter.acquire(chat_id)
    await asyncio.sleep(1.1)  # every private chat's second has passed: all are idle again
    await limiter.acquire(5000)
    assert list(limiter._chats) == [5000]
