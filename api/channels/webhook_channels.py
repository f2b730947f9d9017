"""What only a webhook channel does from the public API: rotate its signing secret and ask for
a test event (docs/webhooks.md). Adding one is `POST /api/public/channels` like every kind
that has an address (address_channels.py, with the kind's check in notifier/channels/webhook)."""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncSession

from api.channels.hourly_cap import within_hourly_cap
from api.errors import Conflict
from core.config import Settings
from core.db.models import Notification, NotificationConfig
from notifier import outbox
from notifier.channels.webhook import WEBHOOK, ChannelSecret, rotate_secret

# Test events to one channel within an hour: enough to debug a receiver, too few to make
# offerwatch a way of flooding someone else's URL.
TEST_EVENTS_PER_HOUR = 10
TEST_EVENT_TEXT = "A test event from offerwatch: this webhook receives your alerts."
TEST_PREFIX = "test"


def _require_webhook(channel: NotificationConfig, what: str) -> None:
    if channel.kind != WEBHOOK:
        raise Conflict(
            f"Only webhook channels {what} (this channel is of kind '{channel.kind}')", field="channel_id"
        )


async def rotate_channel_secret(
    session: AsyncSession, channel: NotificationConfig, settings: Settings
) -> ChannelSecret:
    """A new signing secret for the webhook; the one it replaces signs next to it for a day.
    The row is locked first, so two rotations at once chain instead of losing one's secret."""
    _require_webhook(channel, "have a signing secret")
    await session.refresh(channel, with_for_update=True)
    secret = rotate_secret(channel.secret_encrypted or "", settings, time.time())
    channel.secret_encrypted = secret.sealed
    await session.flush()
    return secret


async def queue_test_event(session: AsyncSession, channel: NotificationConfig) -> Notification:
    """A `text` notification marked as a test (the outbox contract): the webhook POSTs it as a
    `test` event, signed like any other, once committed. It goes out while the channel is
    paused (it is for the channel itself), not once the receiver has switched it off."""
    _require_webhook(channel, "take test events")
    if not channel.is_active:
        raise Conflict(
            "This webhook is switched off (its URL answered that it is gone); "
            "remove it and add the URL again",
            field="channel_id",
        )
    await within_hourly_cap(
        session,
        channel.id,
        Notification.dedupe_key.startswith(f"{TEST_PREFIX}:"),
        TEST_EVENTS_PER_HOUR,
        f"{TEST_EVENTS_PER_HOUR} test events were sent to this webhook within the hour; try again later",
    )
    notification = outbox.add_to_channel_itself(
        session, channel.id, "text", {"text": TEST_EVENT_TEXT, "test": True}, key_prefix=TEST_PREFIX
    )
    await session.flush()
    return notification
