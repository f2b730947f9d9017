"""How alembic compares column types: SQLite reflects GUID and DateTimeUTC as their storage
types, which are not real differences."""

from __future__ import annotations

from typing import Any

from advanced_alchemy.types import GUID, DateTimeUTC


def compare_type(
    context: Any, _inspected: Any, _metadata: Any, _reflected: Any, metadata_type: Any
) -> bool | None:
    if context.dialect.name == "sqlite" and isinstance(metadata_type, GUID | DateTimeUTC):
        return False
    return None
