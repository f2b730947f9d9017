"""Fetch options at rest: encrypted with SECRET_KEY (core/secrets.py; they hold proxy passwords,
cookies and Authorization headers), decrypted for the crawler's lease, and a keyed digest for the
page fingerprint."""

from __future__ import annotations

import hashlib
import hmac
import json
from functools import lru_cache

from api.targets.fetch_options import FetchOptions
from core.secrets import SecretBox, UnreadableSecret, derive_key


class UnreadableOptions(UnreadableSecret):
    """Stored options that the current SECRET_KEY cannot decrypt (the key was changed)."""


UNREADABLE_MESSAGE = (
    "this URL's proxy, headers and cookies can no longer be read (the server's key changed): "
    "remove the URL and add it again with its options"
)


class FetchOptionsCipher:
    """Options encrypted with SECRET_KEY: the database alone does not reveal a user's proxy
    password, cookies or Authorization header."""

    def __init__(self, secret_key: str) -> None:
        self._box = SecretBox(secret_key, "fetch options")
        self._digest_key = derive_key(secret_key, "fetch options digest")

    def encrypt(self, options: FetchOptions) -> str | None:
        if options.is_empty():
            return None
        return self._box.encrypt(_canonical(options))

    def decrypt(self, token: str | None) -> FetchOptions:
        if not token:
            return FetchOptions()
        try:
            return FetchOptions.from_dict(json.loads(self._box.decrypt(token)))
        except UnreadableSecret:
            raise UnreadableOptions("fetch options cannot be decrypted: was SECRET_KEY changed?") from None

    def digest(self, options: FetchOptions) -> str | None:
        """A keyed digest for the page fingerprint: equal options share a row, and the fingerprint
        column gives nothing to guess a cookie against."""
        if options.is_empty():
            return None
        return hmac.new(self._digest_key, _canonical(options), hashlib.sha256).hexdigest()


def _canonical(options: FetchOptions) -> bytes:
    return json.dumps(options.as_dict(), sort_keys=True, separators=(",", ":")).encode()


@lru_cache(maxsize=4)
def cipher_for(secret_key: str) -> FetchOptionsCipher:
    """One cipher per key (key derivation once per process)."""
    return FetchOptionsCipher(secret_key)
