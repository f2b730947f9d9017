"""offerwatch as the tests run it: a scratch PostgreSQL database, the API under uvicorn on a free
port, one watcher's rows per listing page, and `scrapy crawl offers` processes that lease the
due pages from the API and post what they find."""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from api.targets.urls import url_fingerprint
from bench.peer.cpu import BackendCpu, tree_cpu_seconds
from bench.peer.measure import Measurement
from bench.peer.pages import OFFERS_PER_PAGE
from core.config import ROOT
from core.tiers import Tier
from tests.notifier.processes import start_api
from tests.services import PG_SERVER_URL, libpq_dsn

SECRET = "bench-secret-key-0123456789-abcdefghijklmnop"
TOKEN = "bench-peer-internal-token"


def insert_watcher(conn: psycopg.Connection[tuple[object, ...]], number: int, url: str) -> None:
    """A new page (no baseline yet), watched by one pro user's target routed to one Telegram chat."""
    user_id, target_id, url_id, channel_id = (uuid.uuid4() for _ in range(4))
    conn.execute(
        "INSERT INTO user_account (id, username, email, password_hash, tier, created_at, updated_at)"
        " VALUES (%s, %s, %s, 'x', %s, now(), now())",
        (user_id, f"peer{number}", f"peer{number}@example.com", Tier.PRO.value),
    )
    conn.execute(
        "INSERT INTO scraping_target (id, user_id, name, is_active, include_words, exclude_words,"
        " created_at, updated_at) VALUES (%s, %s, %s, true, '[]', '[]', now(), now())",
        (target_id, user_id, f"Listing {number}"),
    )
    conn.execute(
        "INSERT INTO scraping_url (id, url, fingerprint, render_js, interval_seconds, next_check_at,"
        " consecutive_failures, health, baseline_done, created_at, updated_at)"
        " VALUES (%s, %s, %s, false, 120, now(), 0, 'ok', false, now(), now())",
        (url_id, url, url_fingerprint(url, False, None)),
    )
    conn.execute(
        "INSERT INTO target_url (id, target_id, scraping_url_id, created_at, updated_at)"
        " VALUES (%s, %s, %s, now(), now())",
        (uuid.uuid4(), target_id, url_id),
    )
    conn.execute(
        "INSERT INTO notification_config (id, user_id, kind, chat_id, is_active, is_paused,"
        " created_at, updated_at) VALUES (%s, %s, 'telegram', %s, true, false, now(), now())",
        (channel_id, user_id, 800_000 + number),
    )
    conn.execute(
        "INSERT INTO target_channel (id, target_id, channel_id, is_muted, created_at, updated_at)"
        " VALUES (%s, %s, %s, false, now(), now())",
        (uuid.uuid4(), target_id, channel_id),
    )


def crawl_env(api_base_url: str, log_level: str | None) -> dict[str, str]:
    unset = {"DATABASE_URL", "BROKER_URL", "SCRAPYD_URL", "LOG_LEVEL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        PYTHONPATH=str(ROOT),
        API_BASE_URL=api_base_url,
        INTERNAL_API_TOKEN=TOKEN,
        ALLOWED_PRIVATE_HOSTS="127.0.0.1",
    )
    if log_level:  # else the default, INFO
        env["LOG_LEVEL"] = log_level
    return env


class Offerwatch:
    """The API (its process tree), the PostgreSQL backends of its database and the crawls."""

    name = "offerwatch"

    def __init__(self, database_url: str, crawls: int, log_level: str | None) -> None:
        self.database_url = database_url
        self.crawls = crawls
        self.log_level = log_level
        self.urls: list[str] = []
        env = {
            "DATABASE_URL": database_url,
            "BROKER_URL": "",  # nothing is notified: baselines and unchanged rechecks
            "SECRET_KEY": SECRET,
            "INTERNAL_API_TOKEN": TOKEN,
            "TELEGRAM_BOT_TOKEN": "",
            "ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
            "LOG_LEVEL": log_level or "INFO",
        }
        # Without a level: as deployed (INFO, uvicorn's access log on).
        uvicorn_args = ("--no-access-log", "--log-level", log_level.lower()) if log_level else ()
        self.api, self.api_base_url = start_api(env, uvicorn_args=uvicorn_args)
        self.logs = Path(tempfile.mkdtemp(prefix="offerwatch-peer-crawls-"))

    def _connect(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(libpq_dsn(self.database_url))

    def add_watches(self, urls: list[str]) -> None:
        with self._connect() as conn:
            for number, url in enumerate(urls):
                insert_watcher(conn, number, url)
        self.urls = list(urls)

    def _make_all_due(self) -> dt.datetime:
        with self._connect() as conn:
            conn.execute("UPDATE scraping_url SET next_check_at = now()")
            mark = conn.execute("SELECT now()").fetchone()
        assert mark is not None
        return mark[0]  # type: ignore[return-value]

    def _start_crawl(self, log: Path) -> subprocess.Popen[bytes]:
        with log.open("wb") as out:
            return subprocess.Popen(
                [sys.executable, "-m", "scrapy", "crawl", "offers"],
                cwd=ROOT,
                env=crawl_env(self.api_base_url, self.log_level),
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def _run_crawls(self, phase: str, timeout: float) -> None:
        crawls = [self._start_crawl(self.logs / f"{phase}-{number}.log") for number in range(self.crawls)]
        deadline = time.monotonic() + timeout
        for crawl in crawls:
            try:
                crawl.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                for other in crawls:
                    other.kill()
                    other.wait()
                raise SystemExit(f"the crawls took longer than {timeout:.0f}s:\n{self._log_tail()}") from None
            if crawl.returncode != 0:
                raise SystemExit(f"a crawl exited with {crawl.returncode}:\n{self._log_tail()}")

    def _verify(self, since: dt.datetime) -> None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT count(*) FILTER (WHERE last_status = 'ok' AND last_offers_seen = %s"
                " AND last_checked_at >= %s AND lease_id IS NULL), count(*),"
                " (SELECT count(*) FROM offer) FROM scraping_url",
                (OFFERS_PER_PAGE, since),
            ).fetchone()
        assert row is not None
        ok, pages, offers = row
        if ok != pages or offers != pages * OFFERS_PER_PAGE:  # type: ignore[operator]
            raise SystemExit(
                f"offerwatch: {ok}/{pages} pages checked ok, {offers} offers stored:\n{self._log_tail()}"
            )

    def check_all(self, phase: str, timeout: float) -> Measurement:
        """Make every page due, run the crawls to their end; CPU of the API's process tree, the
        crawl processes (reaped children of this process, so getrusage(RUSAGE_CHILDREN) holds
        their whole CPU) and the database's backends."""
        since = self._make_all_due()
        server_dsn = libpq_dsn(PG_SERVER_URL)
        database = make_url(self.database_url).database
        assert database is not None
        with BackendCpu(server_dsn, database) as backends:
            api_before = tree_cpu_seconds(self.api.process.pid)
            children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.monotonic()
            self._run_crawls(phase, timeout)
            wall = time.monotonic() - started
            children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            api_cpu = tree_cpu_seconds(self.api.process.pid) - api_before
        crawl_cpu = (children_after.ru_utime + children_after.ru_stime) - (
            children_before.ru_utime + children_before.ru_stime
        )
        self._verify(since)
        return Measurement(
            self.name,
            phase,
            len(self.urls),
            wall,
            {"crawl": crawl_cpu, "API": api_cpu, "PostgreSQL": backends.seconds},
        )

    def _log_tail(self) -> str:
        logs = sorted(self.logs.iterdir(), key=lambda path: path.stat().st_mtime)
        return "\n".join(f"{log.name}: {log.read_text(errors='replace')[-2000:]}" for log in logs[-2:])

    def stop(self) -> None:
        self.api.stop()
        shutil.rmtree(self.logs, ignore_errors=True)
