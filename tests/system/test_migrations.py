"""Migrations and models agree, on PostgreSQL and on SQLite, and go down and up again."""

from __future__ import annotations

import contextlib

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from core.db.models import User
from core.db.type_compare import compare_type
from tests.services import run_migrations, scratch_database
from tests.support import service_missing


def _differences(sync_url: str) -> list:
    engine = create_engine(sync_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": compare_type})
            return compare_metadata(context, User.metadata)
    finally:
        engine.dispose()


@pytest.fixture
def scratch_postgres():
    """An empty database (no migrations run), as a SQLAlchemy URL."""
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(scratch_database("offerwatch_mig", migrate=False))
        except psycopg.OperationalError as exc:
            service_missing("PostgreSQL", str(exc).strip().splitlines()[0])
        yield make_url(url)


def _tables(sync_url: str) -> set[str]:
    engine = create_engine(sync_url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_postgres_migrations_match_the_models_and_round_trip(scratch_postgres):
    async_url = scratch_postgres.render_as_string(hide_password=False)
    sync_url = scratch_postgres.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    run_migrations(async_url)
    assert _differences(sync_url) == []
    assert _tables(sync_url) == set(User.metadata.tables)
    run_migrations(async_url, "base", downgrade=True)
    assert _tables(sync_url) == set()
    run_migrations(async_url)
    assert _differences(sync_url) == []


def test_sqlite_migrations_match_the_models_and_round_trip(tmp_path):
    path = tmp_path / "offerwatch.sqlite3"
    run_migrations(f"sqlite+aiosqlite:///{path}")
    assert _differences(f"sqlite:///{path}") == []
    assert _tables(f"sqlite:///{path}") == set(User.metadata.tables)
    run_migrations(f"sqlite+aiosqlite:///{path}", "base", downgrade=True)
    assert _tables(f"sqlite:///{path}") == set()
    run_migrations(f"sqlite+aiosqlite:///{path}")
    assert _differences(f"sqlite:///{path}") == []
