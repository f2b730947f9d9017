"""The turn queue: a paced kind's notifications (Telegram's) waiting for their address's turn
in this worker process, one queue per address, served by one task on the worker's event loop.

A broker message for a paced kind is acknowledged once its notification waits here; the
delivery (claim, send, outcome: notifier/delivery.py) runs as a task when the address's turn
comes. No worker thread waits for a chat's next second, and a message crosses the broker once.

Order: at each of the sender's turns (messages_per_second) the queue takes, among the addresses
that are free (their own spacing has passed and none of their sends is in flight), the one
with the most messages waiting, then the one waiting longest. When the sender is the
bottleneck (a burst to many chats), the longest queues go first, so the chats finish together
instead of a few trickling out one message a second at the end.

Durability: the rows stay `pending` while they wait. A process that dies with messages queued
leaves them to the sweep (notifier/sweep.py), which re-sends rows some time past their due
time; rows that wait here long are re-dated now and then (next_attempt_at) so that the sweep
does not take them while they only wait their turn. On a clean shutdown the waiting ids are
handed back to the broker. A retry in memory (after a 429 or a 5xx) is dated on its row, so
the sweep finds it too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import UUID

from core.observability import request_id_var
from notifier.channels.base import PacedChannel
from notifier.delivery import DeliveryResult, DeliveryStatus
from notifier.metrics import record_outcome

log = logging.getLogger(__name__)

# Deliveries of one queue in flight at once (a slow service must not pile up tasks).
MAX_IN_FLIGHT = 16
# After a stall (a busy event loop), up to this many missed turns are made up at once; the
# rate limiter's own turn still keeps every second to the sender's rate.
CATCH_UP_TURNS = 5
# Rows waiting longer than this are re-dated this often, to this far ahead.
REDATE_AFTER_SECONDS = 20.0
REDATE_EVERY_SECONDS = 10.0
REDATE_AHEAD_SECONDS = 30.0
# A delivery that raised (the database is down, a bug) is tried again this many times, after
# 1, 2, 4... seconds; then its row is left pending for the sweep.
UNPLANNED_RETRIES = 5

Deliver = Callable[[UUID, str], Awaitable[DeliveryResult]]
Redate = Callable[[list[UUID], float], Awaitable[None]]


@dataclass
class Waiting:
    notification_id: UUID
    request_id: str | None
    since: float  # time.monotonic() when it was queued
    failures: int = 0


class TurnQueue:
    """The queue of one paced channel kind. `deliver` sends one notification to its address now
    (its due time checked already), or answers BUSY when another process has the address's
    turn (notifier/address_turns.py); `redate` dates rows `seconds` ahead (see the module's
    docstring)."""

    def __init__(self, sender: PacedChannel, deliver: Deliver, redate: Redate) -> None:
        self.sender = sender
        self._deliver = deliver
        self._redate = redate
        self._spacing = 1.0 / sender.messages_per_second
        self._waiting: dict[str, deque[Waiting]] = {}
        self._known: set[UUID] = set()  # waiting, in flight or waiting for a retry
        self._busy: set[str] = set()  # addresses with a send in flight
        self._retries: dict[UUID, tuple[asyncio.TimerHandle, Waiting]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._next_turn = 0.0
        self._changed: asyncio.Event | None = None
        self._serving: list[asyncio.Task[None]] = []

    def put(self, address: str, notification_id: UUID, request_id: str | None) -> bool:
        """Queue a notification behind its address's others; False if it is here already (a
        second copy of its message). ValueError: an address the sender cannot pace (the caller
        delivers it at once, and the claim fails it)."""
        self.sender.free_at(address)
        if notification_id in self._known:
            return False
        self._known.add(notification_id)
        self._waiting.setdefault(address, deque()).append(
            Waiting(notification_id, request_id, time.monotonic())
        )
        self._wake()
        return True

    async def close(self) -> list[UUID]:
        """Stop serving; let sends in flight finish; return the ids still waiting their turn
        (retries waiting in memory are left to the sweep: their rows are dated)."""
        for task in self._serving:
            task.cancel()
        for handle, _ in self._retries.values():
            handle.cancel()
        self._retries.clear()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=10)
        left = [entry.notification_id for queue in self._waiting.values() for entry in queue]
        self._waiting.clear()
        self._known.clear()
        return left

    # --- serving ---------------------------------------------------------------------------

    def _wake(self) -> None:
        if self._changed is None:
            self._changed = asyncio.Event()
            self._serving = [asyncio.create_task(self._serve()), asyncio.create_task(self._keep_dated())]
        self._changed.set()

    async def _serve(self) -> None:
        assert self._changed is not None
        while True:
            self._changed.clear()
            try:
                wait = self._dispatch_due()
            except Exception:  # a bug must not stop every later send of this process
                log.exception("the turn queue failed to hand out sends; trying again in a second")
                wait = 1.0
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), wait)

    def _dispatch_due(self) -> float | None:
        """Start every send whose turn has come; the seconds until the next one may (None:
        until something changes)."""
        while True:
            if len(self._tasks) >= MAX_IN_FLIGHT:
                return None
            now = time.time()
            if self._next_turn > now:
                return self._next_turn - now
            address, free_in = self._pick(now)
            if address is None:
                return free_in
            queue = self._waiting[address]
            entry = queue.popleft()
            if not queue:
                del self._waiting[address]
            self._busy.add(address)
            self._next_turn = max(self._next_turn, now - CATCH_UP_TURNS * self._spacing) + self._spacing
            task = asyncio.create_task(self._send(address, entry))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def _pick(self, now: float) -> tuple[str | None, float | None]:
        """The free address with the most waiting (then the oldest first message), or None and
        the seconds until one is free."""
        best: tuple[int, float] | None = None
        chosen: str | None = None
        soonest: float | None = None
        for address, queue in self._waiting.items():
            if address in self._busy:
                continue
            free_at = self.sender.free_at(address)
            if free_at > now:
                soonest = free_at if soonest is None else min(soonest, free_at)
                continue
            rank = (len(queue), -queue[0].since)
            if best is None or rank > best:
                best, chosen = rank, address
        if chosen is not None:
            return chosen, None
        return None, None if soonest is None else soonest - now

    async def _send(self, address: str, entry: Waiting) -> None:
        request_id_var.set(entry.request_id)  # this task runs in its own copy of the context
        retry_in: float | None = None
        try:
            result = await self._deliver(entry.notification_id, address)
        except Exception:
            entry.failures += 1
            if entry.failures > UNPLANNED_RETRIES:
                log.exception("notification %s: delivery failed; left for the sweep", entry.notification_id)
            else:
                log.warning(
                    "notification %s: delivery failed, tried again", entry.notification_id, exc_info=True
                )
                retry_in = 2.0 ** (entry.failures - 1)
        else:
            if result.status == DeliveryStatus.BUSY:
                # Another worker process sends to this address now: back at the head of its
                # queue, the address held here until the other's turn is over.
                self.sender.hold(address, result.retry_in or 0.0)
                self._waiting.setdefault(address, deque()).appendleft(entry)
                self._busy.discard(address)
                self._wake()
                return
            record_outcome(result.status)
            log.info("notification %s: %s", entry.notification_id, result.status)
            if result.status == DeliveryStatus.RETRY and result.retry_in is not None:
                retry_in = result.retry_in
        if retry_in is None:
            self._known.discard(entry.notification_id)
            self._busy.discard(address)
        else:
            self._retry_later(address, entry, retry_in)
        self._wake()

    def _retry_later(self, address: str, entry: Waiting, seconds: float) -> None:
        """The address stays busy until then: its later messages keep their place behind it."""

        def back() -> None:
            self._retries.pop(entry.notification_id, None)
            self._waiting.setdefault(address, deque()).appendleft(entry)
            self._busy.discard(address)
            self._wake()

        handle = asyncio.get_running_loop().call_later(seconds, back)
        self._retries[entry.notification_id] = (handle, entry)

    async def _keep_dated(self) -> None:
        while True:
            await asyncio.sleep(REDATE_EVERY_SECONDS)
            old = time.monotonic() - REDATE_AFTER_SECONDS
            ids = [
                entry.notification_id
                for queue in self._waiting.values()
                for entry in queue
                if entry.since < old
            ]
            if ids:
                try:
                    await self._redate(ids, REDATE_AHEAD_SECONDS)
                except Exception:
                    log.warning("re-dating %d waiting notifications failed", len(ids), exc_info=True)
