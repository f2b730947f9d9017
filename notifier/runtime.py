"""What one notifier worker process holds: settings, its database engine and one channel per
kind (notifier/channels/, each with its own client and, for Telegram, its rate limiter). Built
when the Dramatiq worker boots, closed when it stops."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.config import Settings
from core.db.engine import build_alchemy_config
from notifier.channels import build_channels
from notifier.channels.base import Channel

log = logging.getLogger(__name__)

DUE_CHECK_MS = 50


@dataclass
class NotifierRuntime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    channels: dict[str, Channel]

    @classmethod
    def build(cls, settings: Settings) -> NotifierRuntime:
        engine = build_alchemy_config(settings).get_engine()
        return cls(
            settings=settings,
            engine=engine,
            sessions=async_sessionmaker(engine, expire_on_commit=False),
            channels=build_channels(settings),
        )

    async def close(self) -> None:
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
