"""Signed like Stripe: what arrives verifies with the recipe docs/webhooks.md gives receivers,
and only with it (the right secret, the raw body, a fresh timestamp)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest

from core.config import ROOT, Settings
from core.secrets import UnreadableSecret
from notifier.channels.webhook import WebhookChannel, make_secret, rotate_secret
from notifier.channels.webhook.signing import ROTATION_OVERLAP_SECONDS, SigningSecrets
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.notifier.webhook.conftest import new_offer_content, webhook_config, webhook_settings

Verify = Callable[..., bool]


def documented_verify() -> Verify:
    """The `verify` function of docs/webhooks.md, run as written."""
    text = (ROOT / "docs" / "webhooks.md").read_text()
    [code] = [block for block in re.findall(r"```python\n(.*?)```", text, re.S) if "def verify" in block]
    namespace: dict[str, Any] = {}
    exec(compile(code, "docs/webhooks.md", "exec"), namespace)  # noqa: S102 - our own documentation
    return namespace["verify"]


@pytest.fixture(scope="module")
def verify() -> Verify:
    return documented_verify()


async def test_what_arrives_verifies_with_the_documented_recipe(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, verify: Verify
) -> None:
    config, secret = webhook_config(webhook_receiver.url(), channel.settings)
    await channel.send(channel.format(new_offer_content(config)))
    [request] = await webhook_receiver.await_requests(1)
    header = request.headers["offerwatch-signature"]
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", header)
    assert abs(int(header[2:12]) - time.time()) < 60
    assert verify(request.body, header, secret)

    assert not verify(request.body, header, make_secret(channel.settings).shown)  # another secret
    assert not verify(request.body.replace(b"Road bike", b"Road bikf"), header, secret)  # tampered
    assert not verify(request.body, header, secret, now=time.time() + 301)  # replayed later
    assert not verify(request.body, header.replace("v1=", "v0="), secret)  # no v1 signature
    assert not verify(request.body, "", secret)


async def test_after_a_rotation_both_secrets_verify_for_a_day(
    channel: WebhookChannel, webhook_receiver: WebhookReceiver, verify: Verify
) -> None:
    config, old = webhook_config(webhook_receiver.url(), channel.settings)
    rotated = rotate_secret(config.secret_encrypted or "", channel.settings, time.time())
    config.secret_encrypted = rotated.sealed
    await channel.send(channel.format(new_offer_content(config)))
    [request] = await webhook_receiver.await_requests(1)
    header = request.headers["offerwatch-signature"]
    assert header.count("v1=") == 2
    assert rotated.shown != old
    assert verify(request.body, header, rotated.shown)
    assert verify(request.body, header, old)


def test_the_previous_secret_stops_signing_after_the_overlap(settings: Settings) -> None:
    now = time.time()
    first = make_secret(settings)
    second = rotate_secret(first.sealed, settings, now)
    secrets = SigningSecrets.unseal(second.sealed, settings.secret_key)
    assert secrets.in_use(now + ROTATION_OVERLAP_SECONDS - 1) == (second.shown, first.shown)
    assert secrets.in_use(now + ROTATION_OVERLAP_SECONDS) == (second.shown,)
    # Rotating again drops the oldest: never more than two secrets sign.
    third = rotate_secret(second.sealed, settings, now)
    assert SigningSecrets.unseal(third.sealed, settings.secret_key).in_use(now) == (third.shown, second.shown)


def test_the_secret_is_stored_encrypted_with_the_servers_key(settings: Settings) -> None:
    secret = make_secret(settings)
    assert re.fullmatch(r"whsec_[A-Za-z0-9_-]{43}", secret.shown)
    assert secret.shown not in secret.sealed and secret.shown[6:] not in secret.sealed
    assert "whsec" not in repr(secret)
    assert SigningSecrets.unseal(secret.sealed, settings.secret_key).current == secret.shown
    with pytest.raises(UnreadableSecret):
        SigningSecrets.unseal(secret.sealed, "another-secret-key-0123456789abcdefghij")
    assert make_secret(settings).shown != secret.shown


def test_a_secret_the_key_cannot_read_fails_the_message_and_a_rotation_repairs_it(
    webhook_receiver: WebhookReceiver,
) -> None:
    before = webhook_settings(SECRET_KEY="an-earlier-secret-key-0123456789abcdef")
    after = webhook_settings()
    config, _ = webhook_config(webhook_receiver.url(), before)
    channel = WebhookChannel(after, timeout=1.0)
    with pytest.raises(ValueError, match="signing secret cannot be read"):
        channel.format(new_offer_content(config))
    repaired = rotate_secret(config.secret_encrypted or "", after, time.time())
    assert SigningSecrets.unseal(repaired.sealed, after.secret_key).in_use(time.time()) == (repaired.shown,)
