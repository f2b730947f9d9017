"""The turn queue: which waiting message goes when. Sends go through the real Telegram channel
and rate limiter (its log sender: no bot token), so the times checked are the sends' own."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import Awaitable, Callable

import pytest

from notifier import turns
from notifier.channels.telegram.channel import TelegramChannel
from notifier.channels.telegram.format import OutgoingMessage
from notifier.channels.telegram.senders import LogSender
from notifier.delivery import DeliveryResult
from notifier.ratelimit import TelegramRateLimiter


class Chats:
    """Notifications to chats, delivered through a TelegramChannel; who got what when."""

    def __init__(self, messages_per_second: float) -> None:
        self.channel = TelegramChannel(LogSender(), TelegramRateLimiter(messages_per_second))
        self.chat_of: dict[uuid.UUID, int] = {}
        self.sent: list[tuple[float, int, uuid.UUID]] = []
        self.answers: dict[uuid.UUID, Callable[[], Awaitable[DeliveryResult]]] = {}
        self.redated: list[uuid.UUID] = []
        self.queue = turns.TurnQueue(self.channel, self.deliver, self.redate)

    def add(self, chat_id: int, count: int = 1) -> list[uuid.UUID]:
        ids = [uuid.uuid4() for _ in range(count)]
        for notification_id in ids:
            self.chat_of[notification_id] = chat_id
            assert self.queue.put(str(chat_id), notification_id, None)
        return ids

    async def deliver(self, notification_id: uuid.UUID, address: str) -> DeliveryResult:
        if (answer := self.answers.pop(notification_id, None)) is not None:
            return await answer()
        chat_id = self.chat_of[notification_id]
        await self.channel.send(OutgoingMessage(chat_id, "hello"))
        self.sent.append((time.time(), chat_id, notification_id))
        return DeliveryResult("sent")

    async def redate(self, notification_ids: list[uuid.UUID], seconds: float) -> None:
        self.redated += notification_ids

    async def until_sent(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.sent) < count:
            assert time.monotonic() < deadline, f"{len(self.sent)} of {count} sent"
            await asyncio.sleep(0.01)

    def times_of(self, chat_id: int) -> list[float]:
        return [at for at, chat, _ in self.sent if chat == chat_id]


async def test_the_longest_queue_goes_first_and_each_chat_keeps_its_second() -> None:
    chats = Chats(messages_per_second=10)
    chats.add(1, 1)
    chats.add(2, 3)
    chats.add(3, 2)

    await chats.until_sent(6)
    await chats.queue.close()

    assert [chat for _, chat, _ in chats.sent] == [2, 3, 1, 2, 3, 2]
    for chat_id in (2, 3):
        times = chats.times_of(chat_id)
        assert all(later - earlier >= 0.99 for earlier, later in itertools.pairwise(times)), times


async def test_a_burst_to_more_chats_than_the_rate_keeps_to_the_rate_and_ends_together() -> None:
    rate, chats_count, each = 20, 30, 3
    chats = Chats(messages_per_second=rate)
    for chat_id in range(1, chats_count + 1):
        chats.add(chat_id, each)

    await chats.until_sent(chats_count * each, timeout=20)
    await chats.queue.close()

    times = sorted(at for at, _, _ in chats.sent)
    assert all(times[i + rate] - times[i] >= 1.0 - 0.01 for i in range(len(times) - rate))
    for chat_id in range(1, chats_count + 1):
        own = chats.times_of(chat_id)
        assert all(later - earlier >= 0.99 for earlier, later in itertools.pairwise(own))
    # Longest queues first: every chat's last message is in the burst's last rounds, none is
    # left trickling out alone at the end.
    last_of_each = sorted(chats.times_of(chat_id)[-1] for chat_id in range(1, chats_count + 1))
    assert last_of_each[-1] - last_of_each[0] < 2.0
    # ...and the sender was kept busy: 90 messages at 20/s take 4.5 s, not much more.
    assert times[-1] - times[0] < 4.5 + 1.0


async def test_a_second_copy_of_a_waiting_message_is_not_queued_again() -> None:
    chats = Chats(messages_per_second=30)
    [notification_id] = chats.add(5)

    assert not chats.queue.put("5", notification_id, None)

    await chats.until_sent(1)
    await asyncio.sleep(0.1)
    await chats.queue.close()
    assert [sent_id for _, _, sent_id in chats.sent] == [notification_id]


async def test_a_retry_comes_back_after_its_delay_still_ahead_of_its_chat_s_later_messages() -> None:
    chats = Chats(messages_per_second=30)
    first, second = uuid.uuid4(), uuid.uuid4()

    async def busy() -> DeliveryResult:  # Telegram's 429, as the delivery records it
        chats.channel.hold("8", 1.5)
        return DeliveryResult("retry", 1.5)

    chats.answers[first] = busy
    chats.chat_of[first] = chats.chat_of[second] = 8
    started = time.time()
    chats.queue.put("8", first, None)

    await asyncio.sleep(0.2)
    chats.queue.put("8", second, None)
    await chats.until_sent(2)
    await chats.queue.close()

    assert [sent_id for _, _, sent_id in chats.sent] == [first, second]
    assert chats.sent[0][0] - started >= 1.5


async def test_an_address_another_process_has_waits_for_it_at_the_head_of_its_queue() -> None:
    chats = Chats(messages_per_second=30)
    first, second = uuid.uuid4(), uuid.uuid4()

    async def busy() -> DeliveryResult:  # the shared turn is another worker's for 0.5 s
        return DeliveryResult("busy", 0.5)

    chats.answers[first] = busy
    chats.chat_of[first] = chats.chat_of[second] = 13
    started = time.time()
    chats.queue.put("13", first, None)
    chats.queue.put("13", second, None)
    await chats.until_sent(2)
    await chats.queue.close()

    assert [sent_id for _, _, sent_id in chats.sent] == [first, second]
    assert chats.sent[0][0] - started >= 0.5


async def test_a_delivery_that_raises_is_tried_again() -> None:
    chats = Chats(messages_per_second=30)
    [notification_id] = chats.add(9)

    async def database_away() -> DeliveryResult:
        raise OSError("connection refused")

    chats.answers[notification_id] = database_away
    started = time.time()
    await chats.until_sent(1, timeout=5)
    await chats.queue.close()

    assert chats.sent[0][0] - started >= 0.99


async def test_closing_hands_back_what_still_waits() -> None:
    chats = Chats(messages_per_second=30)
    first, *rest = chats.add(11, 3)

    await chats.until_sent(1)
    left = await chats.queue.close()

    assert [sent_id for _, _, sent_id in chats.sent] == [first]
    assert left == rest


async def test_messages_waiting_long_are_re_dated_for_the_sweep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turns, "REDATE_AFTER_SECONDS", 0.1)
    monkeypatch.setattr(turns, "REDATE_EVERY_SECONDS", 0.2)
    chats = Chats(messages_per_second=30)
    _, *rest = chats.add(12, 3)

    await chats.until_sent(1)
    await asyncio.sleep(0.5)
    await chats.queue.close()

    assert set(chats.redated) == set(rest)


async def test_an_address_the_sender_cannot_pace_is_refused_and_the_others_go_on() -> None:
    chats = Chats(messages_per_second=30)

    with pytest.raises(ValueError):
        chats.queue.put("not-a-chat-id", uuid.uuid4(), None)
    [notification_id] = chats.add(14)

    await chats.until_sent(1, timeout=5)
    await chats.queue.close()
    assert [sent_id for _, _, sent_id in chats.sent] == [notification_id]
