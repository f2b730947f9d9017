"""Inserts that let the database decide what is new: `INSERT … ON CONFLICT DO NOTHING RETURNING`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


async def insert_new_rows(
    session: AsyncSession,
    model: type[Any],
    rows: Sequence[dict[str, Any]],
    conflict_columns: Sequence[str],
    returning: Sequence[InstrumentedAttribute[Any]],
) -> list[Row[Any]]:
    """Insert `rows`, skip those whose unique key already exists, return the inserted ones.

    A read followed by a write would let two concurrent crawls both see "missing" and both
    notify; the unique index decides instead, atomically, on both databases we run on.
    """
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Parameters passed separately (executemany) rather than as .values(rows): the statement is
    # then compiled once and cached, and SQLAlchemy still sends one multi-row INSERT per
    # "insertmanyvalues" page. Compiling hundreds of inline VALUES costs more than the insert.
    statement = (
        insert(model.__table__)
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
        .returning(*returning)
    )
    return list(await session.execute(statement, list(rows)))
