"""The machine's real PostgreSQL and RabbitMQ, for the tests and the benchmarks: a scratch
database (migrated to head) and a private RabbitMQ virtual host, each removed afterwards."""

from __future__ import annotations

import contextlib
import os
import subprocess
import uuid
from collections.abc import Iterator

import psycopg
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

from core.config import ROOT

# The server tests create their databases on: DATABASE_URL when it names PostgreSQL (as CI's
# does), else the machine's local PostgreSQL.
PG_SERVER_URL = (
    os.environ["DATABASE_URL"]
    if os.environ.get("DATABASE_URL", "").startswith("postgresql")
    else os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
)
RABBITMQ_HOST = "127.0.0.1:5672"


def libpq_dsn(url: str, database: str | None = None) -> str:
    """`url` (a SQLAlchemy URL) as psycopg's own connection string, optionally another database."""
    parsed = make_url(url)
    if database:
        parsed = parsed.set(database=database)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def run_migrations(database_url: str, revision: str = "heads", downgrade: bool = False) -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    if downgrade:
        command.downgrade(config, revision)
    else:
        command.upgrade(config, revision)


@contextlib.contextmanager
def scratch_database(prefix: str, migrate: bool = True) -> Iterator[str]:
    """A new database on PG_SERVER_URL's server (migrated to head unless `migrate` is False),
    dropped afterwards; yields its URL. psycopg.OperationalError when the server is not there."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(libpq_dsn(PG_SERVER_URL), autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
        if migrate:
            run_migrations(url)
        yield url
    finally:
        with psycopg.connect(libpq_dsn(PG_SERVER_URL), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


@contextlib.contextmanager
def private_vhost(prefix: str) -> Iterator[str]:
    """An AMQP URL on a RabbitMQ virtual host of its own (guest's), deleted afterwards, so
    nothing is left behind in the machine's broker. subprocess/OS errors when rabbitmqctl fails."""
    vhost = f"{prefix}_{uuid.uuid4().hex[:10]}"
    rabbitmqctl("add_vhost", vhost)
    try:
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"amqp://guest:guest@{RABBITMQ_HOST}/{vhost}"
    finally:
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], capture_output=True, timeout=60)
