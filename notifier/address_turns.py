"""Turns of paced addresses (Telegram chats) shared by every notifier process, in the database.

Each process's turn queue (notifier/turns.py) paces its own sends; with several processes the
messages of one chat may be in two of them. Before a send, the process takes the address's
turn here, in one statement: the row's `free_at` moves to "in flight" only if it has passed.
After the send, `free_at` becomes the answer's time plus the address's spacing. A process that
finds the turn taken learns when it is free (or, while the other's send is in flight, asks again
a spacing later) and holds its copy of the address until then.

Times are epoch seconds from the workers' clocks (kept in step by NTP on real machines); a
worker that dies mid-send leaves the address busy for IN_FLIGHT_SECONDS at most.
"""

from __future__ import annotations

import time

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from core.db.models import AddressTurn

# An address whose send is in flight is taken for this long, or until the send's answer.
IN_FLIGHT_SECONDS = 30.0


async def take_turn(engine: AsyncEngine, kind: str, address: str, spacing: float) -> float | None:
    """Take the address's turn now; None when taken, else the seconds to wait before asking
    again: until it is free, or one `spacing` while another process's send is in flight (its
    answer usually comes long before IN_FLIGHT_SECONDS)."""
    now = time.time()
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    row = insert(AddressTurn).values(kind=kind, address=address, free_at=now + IN_FLIGHT_SECONDS)
    statement = row.on_conflict_do_update(
        index_elements=[AddressTurn.kind, AddressTurn.address],
        set_={"free_at": row.excluded.free_at},
        where=AddressTurn.free_at <= now,
    ).returning(AddressTurn.free_at)
    async with engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        if (await connection.execute(statement)).first() is not None:
            return None
        free_at = await connection.scalar(
            select(AddressTurn.free_at).where(AddressTurn.kind == kind, AddressTurn.address == address)
        )
    return min(max(0.0, (free_at or now) - now), spacing)


async def end_turn(engine: AsyncEngine, kind: str, address: str, spacing: float) -> None:
    """The send is over (answered, or it never went): the address is free `spacing` from now."""
    async with engine.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(
            update(AddressTurn)
            .where(AddressTurn.kind == kind, AddressTurn.address == address)
            .values(free_at=time.time() + spacing)
        )
