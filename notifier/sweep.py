"""The periodic sweep: notifications left pending (the broker was down when the API tried to
hand them over, a message was lost, a long back-off came due) are sent to the broker again, and
notifications left `sending` by a worker that died go back to pending first.

It runs in every notifier worker process, as a small thread started by a Dramatiq middleware
once the worker has booted and stopped with it. A timer thread, unlike an actor that re-enqueues
itself, cannot be lost with a message or started twice by a redelivery, and it keeps running
while the broker is down, which is exactly when it is needed. Several processes sweeping at once
do not send rows twice: each round claims its rows with SKIP LOCKED and marks them touched.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from uuid import UUID

import dramatiq
from dramatiq.asyncio import get_event_loop_thread

from core.clock import utcnow
from core.config import Settings
from core.tier_changes import expire_grace_periods
from notifier.dispatch import enqueue_notifications
from notifier.metrics import record_pending, record_resent_after_crash
from notifier.outbox import claim_stale_pending, count_pending, release_stale_sending
from notifier.runtime import current_runtime

log = logging.getLogger(__name__)


async def _claim(older_than: dt.timedelta, sending_timeout: dt.timedelta) -> list[str]:
    runtime = current_runtime()
    async with runtime.sessions() as session, session.begin():
        record_resent_after_crash(await release_stale_sending(session, sending_timeout))
        claimed = [str(notification_id) for notification_id in await claim_stale_pending(session, older_than)]
        record_pending(await count_pending(session))
        return claimed


async def _expire_grace(settings: Settings) -> int:
    # Stripe may retry a failed payment for longer than our grace without sending an event.
    async with current_runtime().sessions() as session, session.begin():
        return len(await expire_grace_periods(session, settings, utcnow()))


def sweep_once(broker: dramatiq.Broker, settings: Settings) -> int:
    """One round: re-enqueue stale pending notifications (returns how many) and end payment
    grace periods that ran out."""
    loop_thread = get_event_loop_thread()
    if loop_thread is None:
        raise RuntimeError("the sweep needs dramatiq's AsyncIO middleware")
    ids = loop_thread.run_coroutine(
        _claim(
            dt.timedelta(seconds=settings.sweep_pending_after_seconds),
            dt.timedelta(seconds=settings.notifier_sending_timeout_seconds),
        )
    )
    if expired := loop_thread.run_coroutine(_expire_grace(settings)):
        log.info("sweep moved %d users past their payment grace period to free", expired)
    # Through the hand-off's backlog: with the broker down, they go out the moment it is back.
    enqueue_notifications([UUID(notification_id) for notification_id in ids])
    if ids:
        log.info("sweep re-sent %d pending notifications", len(ids))
    return len(ids)


class PeriodicSweep(dramatiq.Middleware):
    """Runs `sweep_once` right after the worker boots and every SWEEP_INTERVAL_SECONDS."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(broker,), name="notifier-sweep", daemon=True)
        self._thread.start()

    def before_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self, broker: dramatiq.Broker) -> None:
        interval = max(self.settings.sweep_interval_seconds, 1)
        while not self._stop.is_set():
            try:
                sweep_once(broker, self.settings)
            except Exception as exc:
                # The next round tries again; a broker or database outage is what it waits out.
                log.warning("notification sweep failed: %s: %s", type(exc).__name__, exc)
            self._stop.wait(interval)
