"""Fixtures of the crawler tests: the demo shop on a free port, page fetching, `scrapy crawl`."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from scrapy.http import HtmlResponse
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from core.config import ROOT, Settings
from core.db.models import NotificationConfig, ScrapingUrl, TargetChannel, TargetUrl, User
from demo.shop import ShopServer, start_in_thread
from tests.conftest import TEST_INTERNAL_TOKEN
from tests.crawler.fetch_sites import CountingProxy, ShopSite, running
from tests.live_server import serve
from tests.support import service_missing


@pytest.fixture(scope="session")
def shop_server() -> Iterator[ShopServer]:
    server = start_in_thread()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def shop(shop_server: ShopServer) -> Iterator[ShopServer]:
    """The demo shop, with /new-arrivals back at its first three offers after the test."""
    yield shop_server
    shop_server.state.reset()


def fetch_page(url: str) -> HtmlResponse:
    """A page as Scrapy sees it (same encoding detection), fetched over HTTP."""
    response = httpx.get(url)
    assert response.status_code == 200, url
    return HtmlResponse(
        url=url, body=response.content, headers={"Content-Type": response.headers["content-type"]}
    )


@dataclass
class CrawlResult:
    returncode: int
    items: list[dict[str, Any]]
    log: str


def crawl_env(**overrides: str) -> dict[str, str]:
    """Environment of a crawler process: nothing inherited that would point it elsewhere."""
    elsewhere = {"DATABASE_URL", "BROKER_URL", "SCRAPYD_URL", "SCRAPYD_URLS"}
    env = {k: v for k, v in os.environ.items() if k not in elsewhere}
    env.update({"PYTHONPATH": str(ROOT), "CRAWLER_OBEY_ROBOTS": "true", "LOG_LEVEL": "INFO", **overrides})
    return env


CRAWL_TIMEOUT = 120


def run_crawl(tmp_path: Path, *args: str, **env: str) -> CrawlResult:
    """`scrapy crawl offers ARGS -O items.jsonl` in a subprocess, from the repository root."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    output = tmp_path / f"items-{len(list(tmp_path.glob('items-*')))}.jsonl"
    command = [sys.executable, "-m", "scrapy", "crawl", "offers", *args, "-O", str(output)]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=crawl_env(**env),
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT,
        check=False,
    )
    items = [json.loads(line) for line in output.read_text().splitlines()] if output.exists() else []
    return CrawlResult(done.returncode, items, done.stderr)


@pytest.fixture
def chromium() -> str:
    """The system Chromium the crawler renders JavaScript pages with."""
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(path).is_file() or not os.access(path, os.X_OK):
        service_missing("Chromium", f"no executable at {path} (set CHROMIUM_PATH)")
    return path


@pytest.fixture
def settings_overrides() -> dict[str, str]:
    """The demo shop runs on 127.0.0.1: the API must accept its URLs."""
    return {"ALLOWED_PRIVATE_HOSTS": "127.0.0.1,localhost"}


@pytest.fixture
def api_server(settings: Settings) -> Iterator[str]:
    """The real API (its own app instance, on the test PostgreSQL) served by uvicorn on a free
    port from a thread; yields its base URL."""
    with serve(create_app(settings)) as root:
        yield root


def api_crawl_env(api_base_url: str, **overrides: str) -> dict[str, str]:
    """Settings of a crawler process that works for `api_base_url`."""
    return {
        "API_BASE_URL": api_base_url,
        "INTERNAL_API_TOKEN": TEST_INTERNAL_TOKEN,
        "ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        **overrides,
    }


async def watch(client: httpx.AsyncClient, db: AsyncSession, url: str, **url_options: Any) -> ScrapingUrl:
    """ada watches `url` with a Telegram channel linked to the target (arranged in the DB)."""
    response = await client.post(
        "/api/public/targets", json={"name": "Camping", "urls": [{"url": url, **url_options}]}
    )
    assert response.status_code == 201, response.text
    target = response.json()
    user_id = await db.scalar(select(User.id).where(User.username == "ada"))
    channel = await db.scalar(select(NotificationConfig).where(NotificationConfig.user_id == user_id))
    if channel is None:
        channel = NotificationConfig(user_id=user_id, kind="telegram", address="4242", chat_title="ada")
        db.add(channel)
        await db.flush()
    db.add(TargetChannel(target_id=target["id"], channel_id=channel.id))
    await db.commit()
    page = await db.scalar(
        select(ScrapingUrl)
        .join(TargetUrl, TargetUrl.scraping_url_id == ScrapingUrl.id)
        .where(TargetUrl.target_id == target["id"])
    )
    assert page is not None
    return page


async def make_due(db: AsyncSession, page: ScrapingUrl) -> None:
    await db.execute(update(ScrapingUrl).where(ScrapingUrl.id == page.id).values(next_check_at=func.now()))
    await db.commit()


async def reload(db: AsyncSession, page: ScrapingUrl) -> ScrapingUrl:
    fresh = await db.scalar(
        select(ScrapingUrl).where(ScrapingUrl.id == page.id).execution_options(populate_existing=True)
    )
    assert fresh is not None
    return fresh


class FlakyProxyHandler(BaseHTTPRequestHandler):
    """Forwards to the real API, but answers 503 to the first `failures` offer batches."""

    server: FlakyProxy

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/api/internal/offers/batch") and self.server.take_failure():
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "content-length"}}
        upstream = httpx.request(
            self.command, self.server.upstream + self.path, headers=headers, content=body
        )
        self.send_response(upstream.status_code)
        for name in ("Content-Type",):
            if name in upstream.headers:
                self.send_header(name, upstream.headers[name])
        self.send_header("Content-Length", str(len(upstream.content)))
        self.end_headers()
        self.wfile.write(upstream.content)

    do_GET = do_POST = _forward


class FlakyProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str, failures: int) -> None:
        super().__init__(("127.0.0.1", 0), FlakyProxyHandler)
        self.upstream = upstream
        self.failures = failures
        self.failed = 0
        self._lock = threading.Lock()

    def take_failure(self) -> bool:
        with self._lock:
            if self.failed < self.failures:
                self.failed += 1
                return True
            return False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def flaky_api(api_server: str) -> Iterator[Callable[[int], FlakyProxy]]:
    """A proxy in front of the real API that fails a given number of offer batches."""
    proxies: list[FlakyProxy] = []

    def start(failures: int) -> FlakyProxy:
        proxy = FlakyProxy(api_server, failures)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        proxies.append(proxy)
        return proxy

    yield start
    for proxy in proxies:
        proxy.shutdown()
        proxy.server_close()


PROXY_PASSWORD = "pr0xy-pass"


@pytest.fixture
def site() -> Iterator[ShopSite]:
    """A shop site on a local port; test modules serving another kind of site override it."""
    server = ShopSite()
    with running(server):
        yield server


@pytest.fixture
def proxy() -> Iterator[CountingProxy]:
    """An HTTP proxy that wants scout:PROXY_PASSWORD."""
    expected = "Basic " + base64.b64encode(f"scout:{PROXY_PASSWORD}".encode()).decode()
    server = CountingProxy(expected_authorization=expected)
    with running(server):
        yield server
