"""The tokens behind the confirm and unsubscribe links: signed, for one purpose and one channel,
and (to confirm) only for a while."""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.clock import utcnow
from core.config import Settings
from notifier.channels.email.links import (
    LinkCheck,
    check_confirm_token,
    check_unsubscribe_token,
    confirm_token,
    token_channel_id,
    unsubscribe_token,
)
from tests.email.conftest import email_channel


def test_a_confirm_token_confirms_its_channel_until_it_expires(mail_settings: Settings) -> None:
    channel, now = email_channel(), utcnow()
    token = confirm_token(mail_settings, channel, now)
    ttl = dt.timedelta(seconds=mail_settings.email_confirmation_ttl_seconds)

    assert token_channel_id(token) == channel.id
    assert check_confirm_token(mail_settings, token, channel, now) == LinkCheck.VALID
    assert (
        check_confirm_token(mail_settings, token, channel, now + ttl - dt.timedelta(seconds=2))
        == LinkCheck.VALID
    )
    assert check_confirm_token(mail_settings, token, channel, now + ttl) == LinkCheck.EXPIRED


def test_a_token_does_nothing_for_another_channel_address_purpose_or_key(mail_settings: Settings) -> None:
    channel, now = email_channel(), utcnow()
    confirm, unsubscribe = (
        confirm_token(mail_settings, channel, now),
        unsubscribe_token(mail_settings, channel),
    )
    other = email_channel()
    moved = email_channel("eve@example.com")
    moved.id = channel.id
    rekeyed = dataclasses.replace(mail_settings, secret_key="another-secret-key-0123456789-abcdefghij")

    assert check_unsubscribe_token(mail_settings, unsubscribe, channel) is True
    assert check_confirm_token(mail_settings, unsubscribe, channel, now) == LinkCheck.INVALID
    assert check_unsubscribe_token(mail_settings, confirm, channel) is False
    assert check_confirm_token(mail_settings, confirm, other, now) == LinkCheck.INVALID
    assert check_unsubscribe_token(mail_settings, unsubscribe, other) is False
    assert check_confirm_token(mail_settings, confirm, moved, now) == LinkCheck.INVALID
    assert check_unsubscribe_token(mail_settings, unsubscribe, moved) is False
    assert check_confirm_token(rekeyed, confirm, channel, now) == LinkCheck.INVALID
    assert check_unsubscribe_token(rekeyed, unsubscribe, channel) is False


def test_a_tampered_or_malformed_token_is_invalid(mail_settings: Settings) -> None:
    channel, now = email_channel(), utcnow()
    token = confirm_token(mail_settings, channel, now)
    channel_hex, expires, mac = token.split(".")
    later = f"{channel_hex}.{int(expires) + 3600}.{mac}"  # a longer life, same signature
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")

    for bad in (later, flipped, "", "x", token + "x", token.upper(), "a" * 500):
        assert check_confirm_token(mail_settings, bad, channel, now) == LinkCheck.INVALID, bad
    assert token_channel_id("not-a-token") is None
    assert token_channel_id("a" * 500) is None
