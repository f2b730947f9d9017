"""Webhook channels: a signed JSON POST to a user's URL, shaped for Discord, Slack or any
receiver (docs/webhooks.md).

rules.py checks a new channel (URL, options, secret); addresses.py and transport.py keep every
connection on public addresses; payloads.py makes the body per preset; signing.py signs it;
channel.py sends it and tells the answer apart as the seam's outcomes.
"""

from notifier.channels.webhook.channel import WEBHOOK, WebhookChannel, WebhookMessage
from notifier.channels.webhook.rules import (
    ChannelSecret,
    make_secret,
    masked_url,
    normalize_address,
    rotate_secret,
    setup_webhook_address,
)

__all__ = [
    "WEBHOOK",
    "ChannelSecret",
    "WebhookChannel",
    "WebhookMessage",
    "make_secret",
    "masked_url",
    "normalize_address",
    "rotate_secret",
    "setup_webhook_address",
]
