"""The Dramatiq broker, configured once from Settings.

BROKER_URL set: RabbitMQ through pika with publisher confirms (Dramatiq's default is off, and a
publish could then vanish unnoticed). BROKER_URL empty: Dramatiq's in-process broker, whose
worker runs inside the API process (`start_for_api`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import dramatiq
import pika
from dramatiq.asyncio import get_event_loop_thread, set_event_loop_thread
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO, default_middleware
from dramatiq.middleware.prometheus import Prometheus

from core.config import Settings, get_settings
from core.observability import configure_logging
from notifier.dispatch import reset_broker_pause
from notifier.metrics_server import serve_worker_metrics
from notifier.runtime import NotifierRuntimeMiddleware
from notifier.sweep import PeriodicSweep

log = logging.getLogger(__name__)

EMBEDDED_WORKER_THREADS = 4
# How long an idle worker thread waits for a message; short so the API stops quickly.
EMBEDDED_WORKER_TIMEOUT_MS = 100

_installed: dramatiq.Broker | None = None


class WorkerOwnedAsyncIO(AsyncIO):
    """Dramatiq's AsyncIO middleware, except that a stopping worker stops only the event loop it
    started. The stock one stops whatever loop is current in the process, so when two workers
    overlap in one process (two API apps in a test run) the first to stop freezes the other."""

    def before_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        super().before_worker_boot(broker, worker)
        self._loop_thread = get_event_loop_thread()

    def after_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        loop_thread = getattr(self, "_loop_thread", None)
        if loop_thread is None:
            return
        loop_thread.stop()
        loop_thread.join()
        if get_event_loop_thread() is loop_thread:
            set_event_loop_thread(None)
        self._loop_thread = None


class NotifierPrometheus(Prometheus):
    """Dramatiq's Prometheus middleware, its metrics served on NOTIFIER_METRICS_PORT (the stock
    one reads `dramatiq_prom_port`, once, at import)."""

    @property
    def forks(self) -> list[Callable[[], int]]:
        return [serve_worker_metrics]


def build_broker(settings: Settings, worker_process: bool = False) -> dramatiq.Broker:
    """A broker with the notifier's middleware: async actors, the worker runtime, the sweep, and
    in a `dramatiq` worker process the metrics port (Dramatiq's Prometheus middleware)."""
    middleware = [
        *([NotifierPrometheus()] if worker_process else []),
        *(cls() for cls in default_middleware),
        WorkerOwnedAsyncIO(),
        NotifierRuntimeMiddleware(settings),
        PeriodicSweep(settings),
    ]
    if settings.broker_url:
        return RabbitmqBroker(url=settings.broker_url, confirm_delivery=True, middleware=middleware)
    return StubBroker(middleware=middleware)


def install_broker(settings: Settings, worker_process: bool = False) -> dramatiq.Broker:
    """Make a broker built from `settings` this process's broker, moving declared actors onto it."""
    global _installed
    broker = build_broker(settings, worker_process)
    previous = _installed
    if previous is not None:
        for actor in previous.actors.values():
            actor.broker = broker
            broker.declare_actor(actor)
        previous.close()
    dramatiq.set_broker(broker)
    _installed = broker
    reset_broker_pause()
    return broker


def ensure_broker() -> dramatiq.Broker:
    """The installed broker, or one from the environment (the `dramatiq notifier.actors` case)."""
    if _installed is not None:
        return _installed
    # No broker yet: this is a `dramatiq notifier.actors` worker process starting up.
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    return install_broker(settings, worker_process=True)


def start_for_api(settings: Settings) -> dramatiq.Worker | None:
    """Hand-off for an API process; with the in-process broker also start its worker."""
    broker = install_broker(settings)
    import notifier.actors  # noqa: F401  declares the actors on `broker`

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
    if _installed is not None:
        _installed.close()


def broker_reachable(url: str, timeout: float = 2.0) -> None:
    """Open and close one AMQP connection; raises when RabbitMQ does not answer."""
    parameters = pika.URLParameters(url)
    parameters.socket_timeout = timeout
    parameters.blocked_connection_timeout = timeout
    parameters.connection_attempts = 1
    parameters.retry_delay = 0
    connection = pika.BlockingConnection(parameters)
    connection.close()


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
