"""The turns shared by the notifier processes, on PostgreSQL (and on SQLite, the embedded
default's database): taken by one statement only when free, in flight until the send ends, then
free after the address's spacing."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from core.db.models import AddressTurn
from notifier.address_turns import end_turn, take_turn
from notifier.runtime import NotifierRuntime

TURNS = AddressTurn.metadata.tables["address_turn"]


async def test_a_turn_is_taken_once_and_free_again_a_spacing_after_its_send(runtime: NotifierRuntime) -> None:
    await _take_in_flight_end_and_take_again(runtime.engine)


async def test_the_same_turns_on_sqlite(tmp_path: Path) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'turns.db'}")
    try:
        async with engine.begin() as connection:
            await connection.run_sync(AddressTurn.metadata.create_all, tables=[TURNS])
        await _take_in_flight_end_and_take_again(engine)
    finally:
        await engine.dispose()


async def _take_in_flight_end_and_take_again(engine: AsyncEngine) -> None:
    assert await take_turn(engine, "telegram", "4242", 1.0) is None
    # In flight (up to IN_FLIGHT_SECONDS): the others ask again a spacing later.
    assert await take_turn(engine, "telegram", "4242", 1.0) == 1.0
    assert await take_turn(engine, "telegram", "777", 1.0) is None  # another chat is not held up

    await end_turn(engine, "telegram", "4242", spacing=0.3)
    spaced = await take_turn(engine, "telegram", "4242", 0.3)
    assert spaced is not None and 0 < spaced <= 0.3
    await asyncio.sleep(spaced)
    assert await take_turn(engine, "telegram", "4242", 0.3) is None


async def test_of_two_processes_taking_the_same_turn_at_once_one_gets_it(runtime: NotifierRuntime) -> None:
    other = NotifierRuntime.build(runtime.settings)  # a second process's engine and pool
    try:
        results = await asyncio.gather(
            *(take_turn(engine, "telegram", "5151", 1.0) for engine in [runtime.engine, other.engine] * 4)
        )
    finally:
        await other.close()

    assert sum(result is None for result in results) == 1
