"""Password hashing with argon2id, off the event loop (a hash takes tens of milliseconds)."""

from __future__ import annotations

from functools import lru_cache

from anyio import to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from api.config import get_settings


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """argon2id at the process's ARGON2_TIME_COST and ARGON2_MEMORY_KIB."""
    settings = get_settings()
    return PasswordHasher(time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified when the login names nobody: an unknown user costs the time of a wrong password."""
    return _hasher().hash("offerwatch-timing-equalizer")


async def hash_password(password: str) -> str:
    return await to_thread.run_sync(_hasher().hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash, spend the same time and answer False."""
    if password_hash is None:
        await to_thread.run_sync(_verify, _dummy_hash(), password)
        return False
    return await to_thread.run_sync(_verify, password_hash, password)
