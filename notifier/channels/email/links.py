"""The links in e-mails: confirming an address, and unsubscribing it (RFC 8058 one-click).

A token is the channel's id (and, to confirm, an expiry) signed with an HMAC keyed from
SECRET_KEY over the purpose, the channel and its address. Nothing is stored: a token of one
purpose does nothing for the other, a token of a deleted channel leads nowhere (the same
address added again is a new channel), and an unsubscribe link keeps working as long as the
mail it came in is kept.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from enum import StrEnum
from uuid import UUID

from core.config import Settings
from core.db.models import NotificationConfig
from core.secrets import derive_key

CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
# Where the API serves the links (api/channels/email_links.py).
CONFIRM_PATH = "/api/public/channels/confirm/"
UNSUBSCRIBE_PATH = "/api/public/channels/unsubscribe/"
MAX_TOKEN_LENGTH = 128
_TOKEN = re.compile(r"(?P<channel>[0-9a-f]{32})(?:\.(?P<expires>[0-9]{1,12}))?\.(?P<mac>[A-Za-z0-9_-]{43})")


class LinkCheck(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    INVALID = "invalid"


def _mac(settings: Settings, purpose: str, channel: NotificationConfig, expires: int | None) -> str:
    key = derive_key(settings.secret_key, "e-mail links")  # a key of its own (core/secrets.py)
    signed = f"{purpose}\n{channel.id.hex}\n{channel.address}\n{expires or ''}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def confirm_token(settings: Settings, channel: NotificationConfig, now: dt.datetime) -> str:
    """A token that confirms the channel's address until EMAIL_CONFIRMATION_TTL_SECONDS from now."""
    expires = int(now.timestamp()) + settings.email_confirmation_ttl_seconds
    return f"{channel.id.hex}.{expires}.{_mac(settings, CONFIRM, channel, expires)}"


def unsubscribe_token(settings: Settings, channel: NotificationConfig) -> str:
    """A token that turns the channel off; it does not expire."""
    return f"{channel.id.hex}.{_mac(settings, UNSUBSCRIBE, channel, None)}"


def confirm_url(settings: Settings, token: str) -> str:
    return f"{settings.public_api_url}{CONFIRM_PATH}{token}"


def unsubscribe_url(settings: Settings, token: str) -> str:
    return f"{settings.public_api_url}{UNSUBSCRIBE_PATH}{token}"


def _parse(token: str) -> re.Match[str] | None:
    return _TOKEN.fullmatch(token) if len(token) <= MAX_TOKEN_LENGTH else None


def token_channel_id(token: str) -> UUID | None:
    """The channel a well-formed token names (not yet checked), else None."""
    found = _parse(token)
    return UUID(found["channel"]) if found else None


def check_confirm_token(
    settings: Settings, token: str, channel: NotificationConfig, now: dt.datetime
) -> LinkCheck:
    found = _parse(token)
    if found is None or found["expires"] is None or found["channel"] != channel.id.hex:
        return LinkCheck.INVALID
    expires = int(found["expires"])
    if not hmac.compare_digest(found["mac"], _mac(settings, CONFIRM, channel, expires)):
        return LinkCheck.INVALID
    return LinkCheck.VALID if now.timestamp() < expires else LinkCheck.EXPIRED


def check_unsubscribe_token(settings: Settings, token: str, channel: NotificationConfig) -> bool:
    found = _parse(token)
    if found is None or found["expires"] is not None or found["channel"] != channel.id.hex:
        return False
    return hmac.compare_digest(found["mac"], _mac(settings, UNSUBSCRIBE, channel, None))
