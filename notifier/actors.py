"""The notifier's Dramatiq actors; `dramatiq notifier.actors` runs them.

The broker is set first (notifier/broker_setup.py): in a worker process it is built from the
environment; a process that installed one before importing this module (the API, tests) keeps
its own. The hand-off (notifier/dispatch.py) publishes to these actors by name and never
imports this module.
"""

from __future__ import annotations

from notifier.broker_setup import broker  # isort: skip  (first: the actors below are declared on it)

import logging
from uuid import UUID

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.errors import Retry

from core.observability import request_id_var
from notifier.delivery import MAX_BROKER_DELAY_SECONDS, DeliveryResult, DeliveryStatus
from notifier.dispatch import ACTOR, QUEUE
from notifier.metrics import record_outcome
from notifier.runtime import current_runtime

log = logging.getLogger(__name__)

# Failures other than the ones `deliver` plans for (the database is down, a bug): a few
# Dramatiq retries, then the row stays pending and the sweep sends it again later.
UNPLANNED_RETRIES = 5


def _retry_when(retries: int, exception: BaseException) -> bool:
    return isinstance(exception, Retry) or retries < UNPLANNED_RETRIES


@dramatiq.actor(
    broker=broker,
    actor_name=ACTOR,
    queue_name=QUEUE,
    retry_when=_retry_when,
    min_backoff=1_000,
    max_backoff=MAX_BROKER_DELAY_SECONDS * 1000,
    time_limit=5 * 60 * 1000,
)
def deliver_notification(
    notification_id: str, request_id: str | None = None, slot: float | None = None, waited: bool = False
) -> None:
    """Deliver one notification through its channel (at most once) and record the outcome; a
    paced kind's (Telegram's) joins its address's turn queue instead (notifier/turns.py), and
    this message is done.

    The id of the API request that wrote it comes in the message's options
    (notifier/request_ids.py); `request_id` as an argument is how messages published before
    that carried it, still accepted, as are `slot` and `waited`, which messages deferred by an
    earlier version carry (ignored). The delivery runs on the worker's event loop.
    """
    if request_id is not None:
        request_id_var.set(request_id)  # the middleware resets it after the message
    request_id = request_id_var.get()
    loop_thread = get_event_loop_thread()
    if loop_thread is None:
        raise RuntimeError("deliver_notification needs dramatiq's AsyncIO middleware")
    result = loop_thread.run_coroutine(_take(UUID(notification_id), request_id))
    if result.status == DeliveryStatus.QUEUED:
        return
    record_outcome(result.status)
    log.info("notification %s: %s", notification_id, result.status)
    if result.status == DeliveryStatus.RETRY and result.retry_in is not None:
        raise Retry(f"notification {notification_id}: try again", delay=int(result.retry_in * 1000))


async def _take(notification_id: UUID, request_id: str | None) -> DeliveryResult:
    request_id_var.set(request_id)  # this runs on the event loop's thread: its own context
    return await current_runtime().take(notification_id, request_id)
