"""Operator command: send failed notifications again.

    python -m notifier.requeue [--all] [--since 2026-11-29T08:00] [--dry-run]

By default it takes the notifications that failed because Telegram or the network kept failing
for the whole retry window (NOTIFIER_RETRY_WINDOW_SECONDS); `--all` also takes the final
answers (400 rejected, 403 blocked, the channel paused...). They go back to `pending` and to the
broker; with the broker down, the notifier's sweep sends them.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from uuid import UUID

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings, get_settings
from core.db.engine import build_alchemy_config
from core.db.models import Notification
from notifier.broker import install_broker
from notifier.dispatch import enqueue_notifications


async def requeue_failed(
    session: AsyncSession, *, include_final: bool, since: dt.datetime | None, dry_run: bool = False
) -> list[UUID]:
    """Failed notifications back to `pending` (due at once); returns their ids."""
    conditions = [Notification.status == "failed"]
    if not include_final:
        conditions.append(Notification.failing_since.is_not(None))
    if since is not None:
        conditions.append(Notification.updated_at >= since)
    statement = (
        update(Notification)
        .where(*conditions)
        .values(status="pending", next_attempt_at=None, failing_since=None)
        .returning(Notification.id)
    )
    ids = list((await session.execute(statement)).scalars())
    if dry_run:
        await session.rollback()
    return ids


async def _requeue(
    settings: Settings, include_final: bool, since: dt.datetime | None, dry_run: bool
) -> list[UUID]:
    engine = build_alchemy_config(settings).get_engine()
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            return await requeue_failed(session, include_final=include_final, since=since, dry_run=dry_run)
    finally:
        await engine.dispose()


def _timestamp(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m notifier.requeue", description=__doc__.split("\n")[0])
    parser.add_argument("--all", action="store_true", help="also notifications Telegram refused for good")
    parser.add_argument(
        "--since", type=_timestamp, help="only those that failed from this time on (ISO 8601, UTC)"
    )
    parser.add_argument("--dry-run", action="store_true", help="count them, change nothing")
    args = parser.parse_args(argv)
    settings = get_settings()
    ids = asyncio.run(_requeue(settings, args.all, args.since, args.dry_run))
    if args.dry_run:
        print(f"{len(ids)} failed notifications would be re-queued")
        return 0
    if ids:
        install_broker(settings)
        enqueue_notifications(ids)
    print(f"{len(ids)} failed notifications re-queued")
    return 0


if __name__ == "__main__":
    sys.exit(main())
