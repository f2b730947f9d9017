"""The API's hand-off to the notifier: one broker message per notification row, after commit.

Implemented by the notifier work (issue 3). Contract for callers:
- call only after the transaction that wrote the `notification` rows has committed;
- never raises: if the broker is down, the rows stay `pending` and the notifier's periodic
  sweep sends them later.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID


def enqueue_notifications(notification_ids: Sequence[UUID]) -> None:
    raise NotImplementedError("delivered by the notifier issue")
