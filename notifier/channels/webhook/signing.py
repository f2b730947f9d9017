"""A webhook's signing secret and its signature, in Stripe's scheme (docs/webhooks.md):

    Offerwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>

The secret (`whsec_…`, the whole string is the HMAC key) is made when the channel is added,
shown once, and stored encrypted (core/secrets.py). A rotated secret keeps signing next to
the new one for ROTATION_OVERLAP, one `v1=` each, so a receiver can switch without losing an
event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.secrets import secret_box

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SIGNATURE_HEADER = "Offerwatch-Signature"
EVENT_ID_HEADER = "Offerwatch-Event-Id"
EVENT_TYPE_HEADER = "Offerwatch-Event-Type"
SIGNATURE_SCHEME = "v1"
ROTATION_OVERLAP_SECONDS = 24 * 3600
SECRET_PURPOSE = "channel secret"  # noqa: S105 - the key derivation's label


def new_secret() -> str:
    """A fresh signing secret: `whsec_` and 256 random bits."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of `<timestamp>.<body>` keyed with the whole secret string."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(signing_secrets: Sequence[str], timestamp: int, body: bytes) -> str:
    """`t=<timestamp>,v1=<signature>` with one `v1=` per secret in use."""
    signatures = ",".join(f"{SIGNATURE_SCHEME}={sign(secret, timestamp, body)}" for secret in signing_secrets)
    return f"t={timestamp},{signatures}"


@dataclass(frozen=True)
class SigningSecrets:
    """A channel's secret, and the one it replaced while that still signs too."""

    current: str = field(repr=False)
    previous: str | None = field(default=None, repr=False)
    previous_until: int | None = None  # unix seconds

    def in_use(self, now: float) -> tuple[str, ...]:
        if self.previous is not None and self.previous_until is not None and now < self.previous_until:
            return (self.current, self.previous)
        return (self.current,)

    def rotated(self, now: float) -> SigningSecrets:
        """A new secret; the current one keeps signing for ROTATION_OVERLAP_SECONDS."""
        return SigningSecrets(new_secret(), self.current, int(now) + ROTATION_OVERLAP_SECONDS)

    def seal(self, secret_key: str) -> str:
        """The Fernet token stored in NotificationConfig.secret_encrypted."""
        plain = {"current": self.current, "previous": self.previous, "previous_until": self.previous_until}
        return secret_box(secret_key, SECRET_PURPOSE).encrypt(json.dumps(plain).encode())

    @classmethod
    def unseal(cls, token: str, secret_key: str) -> SigningSecrets:
        """The secrets of a stored token (core.secrets.UnreadableSecret: SECRET_KEY changed)."""
        plain = json.loads(secret_box(secret_key, SECRET_PURPOSE).decrypt(token))
        return cls(plain["current"], plain.get("previous"), plain.get("previous_until"))
