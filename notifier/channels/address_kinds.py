"""The kinds of channel a user adds by address (POST /api/public/channels), by kind name."""

from __future__ import annotations

from notifier.channels.addressing import SetupAddress
from notifier.channels.email.address import setup_email_address

ADDRESS_KINDS: dict[str, SetupAddress] = {
    "email": setup_email_address,
}
