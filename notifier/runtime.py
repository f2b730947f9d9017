"""What one notifier worker process holds: settings, its database engine, one channel per kind
(notifier/channels/, each with its own client and, for Telegram, its rate limiter) and a turn
queue per paced kind (notifier/turns.py). Built when the Dramatiq worker boots, closed when it
stops."""

from __future__ import annotations

import asyncio
import functools
import logging
from dataclasses import dataclass, field
from uuid import UUID

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.config import Settings
from core.db.engine import build_alchemy_config
from notifier import dispatch, outbox
from notifier.address_turns import end_turn, take_turn
from notifier.channels import build_channels
from notifier.channels.base import Channel, PacedChannel
from notifier.delivery import DeliveryResult, DeliveryStatus, deliver, read_route
from notifier.turns import TurnQueue

log = logging.getLogger(__name__)

DUE_CHECK_MS = 50


@dataclass
class NotifierRuntime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    channels: dict[str, Channel]
    turn_queues: dict[str, TurnQueue] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: Settings) -> NotifierRuntime:
        engine = build_alchemy_config(settings).get_engine()
        runtime = cls(
            settings=settings,
            engine=engine,
            sessions=async_sessionmaker(engine, expire_on_commit=False),
            channels=build_channels(settings),
        )
        runtime.turn_queues = {
            kind: TurnQueue(channel, functools.partial(runtime.deliver_at_turn, channel), runtime.redate)
            for kind, channel in runtime.channels.items()
            if isinstance(channel, PacedChannel)
        }
        return runtime

    async def take(self, notification_id: UUID, request_id: str | None) -> DeliveryResult:
        """A notification's broker message arrived: a paced kind's joins its address's turn
        queue, any other is delivered now."""
        route = await read_route(self.engine, notification_id)
        if isinstance(route, DeliveryResult):
            return route
        queue = self.turn_queues.get(route.kind) if route is not None else None
        if queue is None or route is None:
            return await deliver(self.sessions, notification_id, self.channels, self.settings)
        try:
            queue.put(route.address, notification_id, request_id)
        except ValueError:
            return await deliver(self.sessions, notification_id, self.channels, self.settings)
        return DeliveryResult(DeliveryStatus.QUEUED)

    async def deliver_at_turn(
        self, channel: PacedChannel, notification_id: UUID, address: str
    ) -> DeliveryResult:
        """A queued notification at its address's turn in this process: sent if the turn shared
        by all worker processes is free too (notifier/address_turns.py), else BUSY."""
        busy_for = await take_turn(self.engine, channel.kind, address, channel.spacing(address))
        if busy_for is not None:
            return DeliveryResult(DeliveryStatus.BUSY, busy_for)
        try:
            return await deliver(self.sessions, notification_id, self.channels, self.settings, queued=True)
        finally:
            try:
                await end_turn(self.engine, channel.kind, address, channel.spacing(address))
            except Exception:  # it ends on its own after IN_FLIGHT_SECONDS
                log.warning("ending the turn of %s %s failed", channel.kind, address, exc_info=True)

    async def redate(self, notification_ids: list[UUID], seconds: float) -> None:
        async with self.sessions() as session, session.begin():
            await outbox.redate_waiting(session, notification_ids, seconds)

    async def close(self) -> None:
        waiting = [nid for queue in self.turn_queues.values() for nid in await queue.close()]
        if waiting:
            # Another worker takes them at once (this process's broker connection still works
            # while the worker shuts down); if that fails, the sweep does later.
            await asyncio.to_thread(dispatch.enqueue_notifications, waiting)
            log.info("%d notifications waiting their turn handed back to the broker", len(waiting))
        for channel in self.channels.values():
            await channel.close()
        await self.engine.dispose()


_current: NotifierRuntime | None = None


def current_runtime() -> NotifierRuntime:
    """The runtime of the worker running in this process."""
    if _current is None:
        raise RuntimeError("no notifier worker runs in this process (NotifierRuntimeMiddleware)")
    return _current


def use_runtime(runtime: NotifierRuntime | None) -> None:
    global _current
    _current = runtime


class NotifierRuntimeMiddleware(dramatiq.Middleware):
    """Builds the runtime on worker boot and closes it, on the worker's event loop, on shutdown.

    Listed after dramatiq's AsyncIO middleware: "after" hooks run in reverse order, so this
    closes while the event loop still runs.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def before_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        # A consumer looks for delayed messages that came due only between two waits for a new
        # one (1 s by default): messages paced to their chat's next second would come back late
        # and in clumps.
        worker.worker_timeout = min(worker.worker_timeout, DUE_CHECK_MS)
        use_runtime(NotifierRuntime.build(self.settings))

    def after_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        runtime, loop_thread = _current, get_event_loop_thread()
        use_runtime(None)
        if runtime is None or loop_thread is None:
            return
        try:
            loop_thread.run_coroutine(runtime.close())
        except Exception:
            log.exception("closing the notifier runtime failed")
