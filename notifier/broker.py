"""The Dramatiq broker, configured once from Settings.

BROKER_URL set: RabbitMQ through pika with publisher confirms (Dramatiq's default is off, and a
publish could then vanish unnoticed). BROKER_URL empty: Dramatiq's in-process broker, whose
worker runs inside the API process (notifier/lifespan.py).

A process installs its broker before it imports notifier.actors: a worker process through
notifier/broker_setup.py (the actors' first import), the API through notifier/lifespan.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import dramatiq
import pika
from dramatiq.asyncio import get_event_loop_thread, set_event_loop_thread
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO, default_middleware
from dramatiq.middleware.prometheus import Prometheus

from core.config import Settings
from notifier import dispatch
from notifier.metrics_server import serve_worker_metrics
from notifier.request_ids import RequestIdMiddleware
from notifier.runtime import NotifierRuntimeMiddleware
from notifier.sweep import PeriodicSweep

log = logging.getLogger(__name__)

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
    """A broker with the notifier's middleware: request ids in message options, async actors,
    the worker runtime, the sweep, and in a `dramatiq` worker process the metrics port
    (Dramatiq's Prometheus middleware)."""
    middleware = [
        *([NotifierPrometheus()] if worker_process else []),
        # First: its id is set before the other middleware's hooks and reset after theirs.
        RequestIdMiddleware(),
        *(cls() for cls in default_middleware),
        WorkerOwnedAsyncIO(),
        NotifierRuntimeMiddleware(settings),
        PeriodicSweep(settings),
    ]
    if settings.broker_url:
        return RabbitmqBroker(url=settings.broker_url, confirm_delivery=True, middleware=middleware)
    return StubBroker(middleware=middleware)


def install_broker(settings: Settings, worker_process: bool = False) -> dramatiq.Broker:
    """Make a broker built from `settings` this process's broker (`dramatiq.set_broker`, and
    the hand-off's), moving declared actors onto it. Called before notifier.actors is imported,
    its actors are declared on this broker (notifier/broker_setup.py)."""
    global _installed
    broker = build_broker(settings, worker_process)
    previous = _installed
    if previous is not None:
        for actor in previous.actors.values():
            actor.broker = broker
            broker.declare_actor(actor)
        previous.close()
    # The hand-off publishes by queue name; a process that only publishes (the requeue command)
    # declares no actor.
    broker.declare_queue(dispatch.QUEUE)
    dramatiq.set_broker(broker)
    _installed = broker
    dispatch.use_broker(broker)
    return broker


def installed_broker() -> dramatiq.Broker | None:
    """The broker install_broker made this process's, if any."""
    return _installed


def broker_reachable(url: str, timeout: float = 2.0) -> None:
    """Open and close one AMQP connection; raises when RabbitMQ does not answer."""
    parameters = pika.URLParameters(url)
    parameters.socket_timeout = timeout
    parameters.blocked_connection_timeout = timeout
    parameters.connection_attempts = 1
    parameters.retry_delay = 0
    connection = pika.BlockingConnection(parameters)
    connection.close()
