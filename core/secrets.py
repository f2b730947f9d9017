"""Users' secrets at rest: Fernet keyed from SECRET_KEY, one key per purpose.

The database alone does not reveal a user's proxy password, cookies or a webhook's signing
secret: every token here needs SECRET_KEY. Each purpose ("fetch options", "channel secret")
derives a key of its own, so a token of one kind never decrypts as another.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken


class UnreadableSecret(RuntimeError):
    """A stored token the current SECRET_KEY cannot decrypt (the key was changed)."""


def derive_key(secret_key: str, purpose: str) -> bytes:
    """32 bytes for `purpose`, derived from SECRET_KEY (what fetch options have always used)."""
    return hashlib.sha256(f"offerwatch {purpose}\0".encode() + secret_key.encode()).digest()


class SecretBox:
    """Encrypts and decrypts text for one purpose."""

    def __init__(self, secret_key: str, purpose: str) -> None:
        self.purpose = purpose
        self._fernet = Fernet(base64.urlsafe_b64encode(derive_key(secret_key, purpose)))

    def encrypt(self, plaintext: bytes) -> str:
        return self._fernet.encrypt(plaintext).decode("ascii")

    def decrypt(self, token: str) -> bytes:
        try:
            return self._fernet.decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            raise UnreadableSecret(f"{self.purpose} cannot be decrypted: was SECRET_KEY changed?") from None

    def __repr__(self) -> str:
        return f"SecretBox({self.purpose!r})"


@lru_cache(maxsize=8)
def secret_box(secret_key: str, purpose: str) -> SecretBox:
    """One box per key and purpose (key derivation once per process)."""
    return SecretBox(secret_key, purpose)
