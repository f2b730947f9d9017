"""Password hashing with argon2id, off the event loop (a hash takes tens of milliseconds)."""

from __future__ import annotations

from anyio import to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 low-memory profile
# Verified when the login names nobody, so an unknown user costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("offerwatch-timing-equalizer")


async def hash_password(password: str) -> str:
    return await to_thread.run_sync(_hasher.hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash, spend the same time and answer False."""
    if password_hash is None:
        await to_thread.run_sync(_verify, _DUMMY_HASH, password)
        return False
    return await to_thread.run_sync(_verify, password_hash, password)
