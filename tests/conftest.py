"""Shared fixtures: a fresh PostgreSQL database per test session, the app, HTTP clients.

Services: tests that need PostgreSQL (or RabbitMQ) skip with a reason when it is not reachable,
unless REQUIRE_SERVICES=1, where a missing service fails the run.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import psycopg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from api.app import create_app
from core.config import Settings, load_settings
from tests.services import libpq_dsn, scratch_database
from tests.support import browser, service_missing, sign_up

# Tests hash passwords by the hundred: at argon2's production cost (about 0.2 s each on two busy
# cores) that alone took minutes. The processes the tests start inherit the cheap cost too.
os.environ.setdefault("ARGON2_TIME_COST", "1")
os.environ.setdefault("ARGON2_MEMORY_KIB", "64")

TEST_SECRET = "test-secret-key-0123456789-abcdefghijklmnop"
TEST_INTERNAL_TOKEN = "test-internal-token"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A brand-new database on the machine's PostgreSQL, migrated to head, dropped afterwards."""
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(scratch_database("offerwatch_test"))
        except psycopg.OperationalError as exc:
            service_missing("PostgreSQL", str(exc).strip().splitlines()[0])
        yield url


def make_settings(database_url: str, **overrides: str) -> Settings:
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET,
        "INTERNAL_API_TOKEN": TEST_INTERNAL_TOKEN,
        "COOKIE_SECURE": "true",
        "ALLOWED_PRIVATE_HOSTS": "",
        **overrides,
    }
    return load_settings(env)


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    """Override in a test module to change settings for its app."""
    return {}


@pytest.fixture
def settings(postgres_url: str, settings_overrides: dict[str, str]) -> Settings:
    return make_settings(postgres_url, **settings_overrides)


@pytest.fixture
async def db_engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(postgres_url)
    yield engine
    await engine.dispose()


@pytest.fixture(autouse=True)
async def _clean_tables(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Every test that used the database leaves it empty for the next one."""
    yield
    if "postgres_url" not in request.fixturenames:
        return
    url = request.getfixturevalue("postgres_url")
    with psycopg.connect(libpq_dsn(url), autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename NOT LIKE 'alembic%'"
            )
        ]
        if tables:
            # A background thread a test left behind (a worker still stopping) must not hold
            # the run hostage: after a short wait its open transaction is ended by force.
            conn.execute("SET lock_timeout = '2s'")
            truncate = "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"
            try:
                conn.execute(truncate)
            except psycopg.errors.LockNotAvailable:
                holders = conn.execute(
                    "SELECT application_name, state, left(query, 200) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchall()
                # Said out loud, so the leak gets fixed rather than silently absorbed.
                warnings.warn(f"{request.node.nodeid} left database sessions behind: {holders}", stacklevel=1)
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                conn.execute(truncate)


@pytest.fixture
async def db(db_engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session for arranging and checking rows directly."""
    async with AsyncSession(db_engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def raw_client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A browser-like client over https that does nothing about CSRF on its own."""
    async with AsyncTestClient(app, base_url="https://testserver.local") as client:
        yield client


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A client that behaves like the frontend: it echoes the CSRF cookie in x-csrftoken."""
    async with browser(app) as c:
        yield c


@pytest.fixture
async def user(client: httpx.AsyncClient) -> dict[str, Any]:
    """A signed-up, logged-in user on `client`."""
    return await sign_up(client)


@pytest.fixture
async def other_client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A second browser, logged in as another user (bob)."""
    async with browser(app) as c:
        await sign_up(c, "bob")
        yield c
