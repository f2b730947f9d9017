"""The API's hand-off to the notifier: one broker message per notification row, after commit.

Contract for callers:
- call only after the transaction that wrote the `notification` rows has committed;
- never raises: if the broker is down, the rows stay `pending` and the notifier's periodic
  sweep sends them later.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from uuid import UUID

from api.observability import request_id_var

log = logging.getLogger(__name__)

# After a failed publish, skip the broker for a while: each attempt against an unreachable host
# would hold the request for the connection timeout, and the sweep sends those rows anyway.
BROKER_DOWN_PAUSE_SECONDS = 5.0

_lock = threading.Lock()
_skip_until = 0.0


def enqueue_notifications(notification_ids: Sequence[UUID]) -> None:
    """Send one `deliver_notification` message per id; on failure log a warning and return."""
    global _skip_until
    if not notification_ids:
        return
    if time.monotonic() < _skip_until:
        log.warning("broker unavailable: %d notifications stay pending for the sweep", len(notification_ids))
        return
    sent = 0
    try:
        from notifier.actors import deliver_notification

        request_id = request_id_var.get()
        for notification_id in notification_ids:
            deliver_notification.send(str(notification_id), request_id)
            sent += 1
    except Exception as exc:
        with _lock:
            _skip_until = time.monotonic() + BROKER_DOWN_PAUSE_SECONDS
        log.warning(
            "broker unavailable (%s): %d notifications stay pending for the sweep",
            type(exc).__name__,
            len(notification_ids) - sent,
        )


def reset_broker_pause() -> None:
    """Forget an earlier broker failure (a new broker was installed)."""
    global _skip_until
    with _lock:
        _skip_until = 0.0
