"""Dependency checks behind GET /ready; create_app puts them in app.state.readiness_checks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from litestar import Litestar
from sqlalchemy import text

from notifier.broker import broker_reachable

log = logging.getLogger(__name__)
Check = Callable[[Litestar], Awaitable[None]]


async def check_database(app: Litestar) -> None:
    async with app.state.alchemy.get_engine().connect() as conn:
        await conn.execute(text("SELECT 1"))


async def check_broker(app: Litestar) -> None:
    await asyncio.to_thread(broker_reachable, app.state.settings.broker_url)


async def readiness_checks(app: Litestar, seconds: float = 3.0) -> dict[str, str]:
    """ "ok" or "unavailable" per dependency; the reason of a failure goes to the log only."""
    results: dict[str, str] = {}
    checks: dict[str, Check] = app.state.readiness_checks
    for name, check in checks.items():
        try:
            await asyncio.wait_for(check(app), seconds)
            results[name] = "ok"
        except Exception as exc:
            log.warning("readiness check %s failed: %s", name, type(exc).__name__)
            results[name] = "unavailable"
    return results
