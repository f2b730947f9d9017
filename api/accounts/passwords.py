"""Password hashing with argon2id, off the event loop (a hash takes tens of milliseconds).

Callers hold no database connection while a hash runs, and at most `password_hash_concurrency`
hashes run at once (each takes 64 MiB): a burst of logins queues here instead of exhausting
memory, threads or the connection pool.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from weakref import WeakKeyDictionary

from anyio import CapacityLimiter, to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.config import get_settings

_concurrency = 2
# One limiter per event loop: a limiter's waiters belong to the loop they wait in.
_limiters: WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = WeakKeyDictionary()


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """argon2id at the process's ARGON2_TIME_COST and ARGON2_MEMORY_KIB."""
    settings = get_settings()
    return PasswordHasher(time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified when the login names nobody: an unknown user costs the time of a wrong password."""
    return _hasher().hash("offerwatch-timing-equalizer")


def set_hashing_concurrency(hashes: int) -> None:
    """How many hashes may run at once (Settings.password_hash_concurrency, set by create_app)."""
    global _concurrency
    _concurrency = max(1, hashes)
    for limiter in _limiters.values():
        limiter.total_tokens = _concurrency


def _slots() -> CapacityLimiter:
    loop = asyncio.get_running_loop()
    if loop not in _limiters:
        _limiters[loop] = CapacityLimiter(_concurrency)
    return _limiters[loop]


async def hash_password(password: str) -> str:
    return await to_thread.run_sync(_hasher().hash, password, limiter=_slots())


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash, spend the same time and answer False."""
    if password_hash is None:
        await to_thread.run_sync(_verify, _dummy_hash(), password, limiter=_slots())
        return False
    return await to_thread.run_sync(_verify, password_hash, password, limiter=_slots())
