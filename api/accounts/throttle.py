"""Failed-login counters per account and per client address, in the shared database store."""

from __future__ import annotations

import hashlib

from litestar.stores.base import Store

from api.config import Settings
from api.errors import TooManyRequests

TOO_MANY = "Too many failed logins; try again later"


def _key(kind: str, value: str) -> str:
    # Hashed so the store never holds e-mail addresses or IPs in clear text.
    return f"{kind}:{hashlib.sha256(value.lower().encode()).hexdigest()}"


class LoginThrottle:
    def __init__(self, store: Store, settings: Settings) -> None:
        self._store = store
        self._window = settings.login_failure_window_seconds
        self._limits = {
            "account": settings.login_max_failures_per_account,
            "address": settings.login_max_failures_per_address,
        }

    async def _count(self, key: str) -> int:
        raw = await self._store.get(key)
        return int(raw) if raw else 0

    async def check(self, login: str, address: str) -> None:
        """Raise 429 when the account or the address has failed too often within the window."""
        for kind, value in (("account", login), ("address", address)):
            key = _key(kind, value)
            if await self._count(key) >= self._limits[kind]:
                ttl = await self._store.expires_in(key)
                raise TooManyRequests(TOO_MANY, headers={"Retry-After": str(ttl or self._window)})

    async def record_failure(self, login: str, address: str) -> None:
        for kind, value in (("account", login), ("address", address)):
            key = _key(kind, value)
            count = await self._count(key)
            # The window starts at the first failure and is not extended by later ones.
            ttl = await self._store.expires_in(key) if count else None
            await self._store.set(key, str(count + 1), expires_in=ttl or self._window)

    async def reset_account(self, login: str) -> None:
        await self._store.delete(_key("account", login))
