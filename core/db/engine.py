"""The database connection: one advanced-alchemy config per process, built from Settings."""

from __future__ import annotations

from typing import Any

from advanced_alchemy.extensions.litestar import (
    AsyncSessionConfig,
    EngineConfig,
    SQLAlchemyAsyncConfig,
)
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from core.config import Settings


def _enable_sqlite_foreign_keys(engine: AsyncEngine) -> None:
    # SQLite ignores ON DELETE CASCADE unless each connection turns foreign keys on.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def build_alchemy_config(settings: Settings) -> SQLAlchemyAsyncConfig:
    """advanced-alchemy config: a session per request, committed when the response is 2xx."""
    engine_config = EngineConfig(
        pool_pre_ping=True,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,  # type: ignore[arg-type] # SQLAlchemy takes a float
    )
    if settings.is_embedded_database:
        engine_config = EngineConfig(connect_args={"timeout": 30})
    config = SQLAlchemyAsyncConfig(
        connection_string=settings.database_url,
        session_config=AsyncSessionConfig(expire_on_commit=False),
        engine_config=engine_config,
        before_send_handler="autocommit",
        create_all=False,
    )
    if settings.is_embedded_database:
        _enable_sqlite_foreign_keys(config.get_engine())
    return config
