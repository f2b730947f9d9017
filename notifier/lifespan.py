"""The notifier in an API process (and the Telegram poller): the broker installed for the
hand-off before the actors are imported, and with the in-process broker (BROKER_URL empty) their
worker run inside the process, for as long as the app lives (a Litestar lifespan hook)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import dramatiq

from core.config import Settings
from notifier.broker import install_broker, installed_broker

log = logging.getLogger(__name__)

EMBEDDED_WORKER_THREADS = 4
# How long an idle worker thread waits for a message; short so the API stops quickly.
EMBEDDED_WORKER_TIMEOUT_MS = 100


def start_for_api(settings: Settings) -> dramatiq.Worker | None:
    """Hand-off for an API process; with the in-process broker also start its worker."""
    broker = install_broker(settings)
    # Imported after the broker is installed, so its actors are declared on that broker.
    import notifier.actors  # noqa: F401

    if settings.broker_url:
        return None
    worker = dramatiq.Worker(
        broker, worker_threads=EMBEDDED_WORKER_THREADS, worker_timeout=EMBEDDED_WORKER_TIMEOUT_MS
    )
    worker.start()
    return worker


def stop_for_api(worker: dramatiq.Worker | None) -> None:
    if worker is not None:
        worker.stop(timeout=10_000)
    broker = installed_broker()
    if broker is not None:
        broker.close()


# How long the API's shutdown waits for the embedded worker to stop before leaving it behind.
STOP_DEADLINE_SECONDS = 8.0


async def _in_daemon_thread(function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)` in a daemon thread of its own. Unlike asyncio.to_thread (whose pool the
    interpreter joins at exit), a thread that hangs cannot keep the process alive; and the threads
    it starts (the worker's event loop, its database connections' threads) are daemons too."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[Any] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not done.done():
            outcome()

    def run() -> None:
        try:
            result = function(*args)
        except BaseException as exc:
            error = exc
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits any more
                loop.call_soon_threadsafe(settle, lambda: done.set_exception(error))
        else:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(settle, lambda: done.set_result(result))

    threading.Thread(target=run, name=f"notifier {function.__name__}", daemon=True).start()
    return await done


def notifier_lifespan(settings: Settings) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """Litestar lifespan hook: the broker hand-off (and the embedded worker) for the API's life.
    Stopping waits at most STOP_DEADLINE_SECONDS and survives being cancelled: the API's shutdown
    never hangs on the worker."""

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        worker = await _in_daemon_thread(start_for_api, settings)
        try:
            yield
        finally:
            stopping = asyncio.ensure_future(_in_daemon_thread(stop_for_api, worker))
            try:
                await asyncio.wait_for(asyncio.shield(stopping), STOP_DEADLINE_SECONDS)
            except TimeoutError:
                log.warning(
                    "the notifier worker did not stop within %.0f s; leaving it", STOP_DEADLINE_SECONDS
                )

    return lifespan
