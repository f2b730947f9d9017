"""The hand-off to the notifier: one broker message per notification row, after commit.

Contract for callers (the API, the sweep, the requeue command):
- call only after the transaction that wrote the `notification` rows has committed;
- never raises: if the broker is down, the ids wait in this process's hand-off backlog, which a
  small thread publishes as soon as the broker answers again (tried every
  REPUBLISH_INTERVAL_SECONDS), so an outage delays them by seconds, not by the sweep's minute.
  A process that dies with a backlog leaves its rows `pending` for the notifier's sweep.

Messages are published by the actor's name on the broker `use_broker` was given
(notifier/broker.py's install_broker), so publishing needs neither the actors module nor its
broker set-up (notifier/actors.py declares the actor under these names).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from uuid import UUID

import dramatiq

from core.observability import request_id_var
from notifier.request_ids import OPTION as REQUEST_ID_OPTION

log = logging.getLogger(__name__)

QUEUE = "notifications"
ACTOR = "deliver_notification"
# After a failed publish, publish new ids only through the backlog for a while: each attempt
# against an unreachable host would hold the request for the connection timeout.
BROKER_DOWN_PAUSE_SECONDS = 5.0
REPUBLISH_INTERVAL_SECONDS = 1.0
# Beyond this many waiting ids, the rest are left to the sweep (memory stays bounded).
MAX_BACKLOG = 100_000

_lock = threading.Lock()
_broker: dramatiq.Broker | None = None
_skip_until = 0.0
_backlog: dict[str, str | None] = {}  # notification id -> request id, in arrival order
_backlog_thread: threading.Thread | None = None
_generation = 0  # a new broker (use_broker) starts a new backlog and retires the old thread


def delivery_message(notification_id: str, request_id: str | None = None) -> dramatiq.Message[None]:
    """The message that has the notifier deliver one notification; the request that wrote the
    row travels in its options (notifier/request_ids.py)."""
    return dramatiq.Message(
        queue_name=QUEUE,
        actor_name=ACTOR,
        args=(notification_id,),
        kwargs={},
        options={REQUEST_ID_OPTION: request_id} if request_id is not None else {},
    )


def _publish(notification_id: str, request_id: str | None) -> None:
    broker = _broker
    if broker is None:
        raise RuntimeError("no broker to hand notifications to (notifier.broker.install_broker)")
    broker.enqueue(delivery_message(notification_id, request_id))


def enqueue_notifications(notification_ids: Sequence[UUID]) -> None:
    """Publish one delivery message per id; ids the broker does not take now are published by
    the backlog thread once it answers again."""
    global _skip_until
    if not notification_ids:
        return
    request_id = request_id_var.get()
    ids = [str(notification_id) for notification_id in notification_ids]
    if time.monotonic() < _skip_until:
        _keep_for_later(ids, request_id)
        log.warning("broker unavailable: %d notifications wait for it to return", len(ids))
        return
    sent = 0
    try:
        for notification_id in ids:
            _publish(notification_id, request_id)
            sent += 1
    except Exception as exc:
        with _lock:
            _skip_until = time.monotonic() + BROKER_DOWN_PAUSE_SECONDS
        _keep_for_later(ids[sent:], request_id)
        log.warning(
            "broker unavailable (%s): %d notifications wait for it to return",
            type(exc).__name__,
            len(ids) - sent,
        )


def _keep_for_later(ids: list[str], request_id: str | None) -> None:
    global _backlog_thread
    with _lock:
        room = MAX_BACKLOG - len(_backlog)
        for notification_id in ids[: max(room, 0)]:
            _backlog.setdefault(notification_id, request_id)
        if len(ids) > room:
            log.warning("hand-off backlog full: %d notifications left to the sweep", len(ids) - max(room, 0))
        if _backlog_thread is None:
            _backlog_thread = threading.Thread(
                target=_republish_until_empty, args=(_generation,), name="notifier-handoff", daemon=True
            )
            _backlog_thread.start()


def _republish_until_empty(generation: int) -> None:
    global _skip_until, _backlog_thread
    while True:
        time.sleep(REPUBLISH_INTERVAL_SECONDS)
        with _lock:
            if generation != _generation:
                return
            if not _backlog:
                _backlog_thread = None  # under the lock: the next failure starts a new one
                return
            waiting = list(_backlog.items())
        published = 0
        try:
            for notification_id, request_id in waiting:
                _publish(notification_id, request_id)
                with _lock:
                    if generation != _generation:
                        return
                    _backlog.pop(notification_id, None)
                published += 1
        except Exception as exc:
            log.debug("broker still unavailable (%s): %d wait", type(exc).__name__, len(waiting) - published)
        if published:
            log.info("broker answers again: %d waiting notifications handed over", published)
        if published == len(waiting):
            with _lock:
                _skip_until = 0.0


def backlog_size() -> int:
    """Ids waiting in this process for the broker to return."""
    with _lock:
        return len(_backlog)


def use_broker(broker: dramatiq.Broker) -> None:
    """Publish on `broker` from now on, forgetting an earlier broker's failure and its backlog
    (rows left pending are the sweep's)."""
    global _broker, _skip_until, _generation, _backlog_thread
    with _lock:
        _broker = broker
        _skip_until = 0.0
        _backlog.clear()
        _generation += 1
        _backlog_thread = None
