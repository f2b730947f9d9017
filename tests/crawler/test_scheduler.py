"""The crawl scheduler: the due-count endpoint, scrapyd (deployed with scrapyd-deploy, jobs
scheduled through schedule.json within MAX_CONCURRENT_CRAWLS) and local subprocess crawls."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import ROOT
from core.db.models import Offer
from crawler.api_client import InternalApi
from crawler.scheduler import (
    JOBS_PER_CRAWL,
    CrawlScheduler,
    ScrapydLauncher,
    SubprocessLauncher,
    crawls_to_start,
)
from demo.shop import ShopServer
from tests.conftest import TEST_INTERNAL_TOKEN
from tests.crawler.conftest import api_crawl_env, crawl_env
from tests.crawler.scrapyd_service import PROJECT, deploy, write_scrapyd_conf
from tests.crawler.test_end_to_end import reload, watch
from tests.live_server import free_port


@pytest.fixture
def scrapyd(tmp_path: Path, api_server: str) -> Iterator[str]:
    """A scrapyd on a free port in a temporary directory; its crawls work for `api_server`."""
    port = free_port()
    write_scrapyd_conf(tmp_path, port)
    process = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"],
        cwd=tmp_path,
        env=crawl_env(**api_crawl_env(api_server)),
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "scrapyd.log").open("w"),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(url + "/daemonstatus.json").json()["status"] == "ok":
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail(f"scrapyd did not start: {(tmp_path / 'scrapyd.log').read_text()[-2000:]}")
        time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=15)


def scrapyd_jobs(scrapyd_url: str) -> dict[str, Any]:
    data: dict[str, Any] = httpx.get(scrapyd_url + "/listjobs.json", params={"project": PROJECT}).json()
    return data


def wait_finished(scrapyd_url: str, job_id: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while job_id not in {job["id"] for job in scrapyd_jobs(scrapyd_url)["finished"]}:
        assert time.monotonic() < deadline, (
            f"scrapyd job {job_id} did not finish: {scrapyd_jobs(scrapyd_url)}"
        )
        time.sleep(0.2)


async def test_due_count_counts_due_pages_without_leasing(
    client: httpx.AsyncClient,
    raw_client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
) -> None:
    bearer = {"Authorization": f"Bearer {TEST_INTERNAL_TOKEN}"}
    assert (await raw_client.get("/api/internal/scraping-jobs/due-count")).status_code == 401
    assert (await raw_client.get("/api/internal/scraping-jobs/due-count", headers=bearer)).json() == {
        "due": 0
    }
    await watch(client, db, shop.base_url + "/cards")
    await watch(client, db, shop.base_url + "/table")
    for _ in range(2):  # counting leases nothing
        assert (await raw_client.get("/api/internal/scraping-jobs/due-count", headers=bearer)).json() == {
            "due": 2
        }
    leased = await raw_client.get("/api/internal/scraping-jobs", params={"limit": 1}, headers=bearer)
    assert len(leased.json()) == 1
    assert (await raw_client.get("/api/internal/scraping-jobs/due-count", headers=bearer)).json() == {
        "due": 1
    }


async def test_scheduler_starts_crawls_on_scrapyd_within_the_limit(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    api_server: str,
    scrapyd: str,
) -> None:
    page = await watch(client, db, shop.base_url + "/new-arrivals")
    deploy(scrapyd)

    # A crawl is already pending or running: with MAX_CONCURRENT_CRAWLS=1 nothing more starts.
    # scrapyd answers schedule.json after running `scrapy list` on the project: give it time.
    other = httpx.post(
        scrapyd + "/schedule.json",
        data={"project": PROJECT, "spider": "offers", "url": shop.base_url + "/cards"},
        timeout=60,
    ).json()
    api = InternalApi(api_server, TEST_INTERNAL_TOKEN)
    launcher = ScrapydLauncher(scrapyd, PROJECT)
    try:
        decision = await CrawlScheduler(api, launcher, max_concurrent=1).tick()
    finally:
        await api.aclose()
        await launcher.aclose()
    assert (decision.due, decision.running, decision.started) == (1, 1, [])
    wait_finished(scrapyd, other["jobid"])

    env = crawl_env(
        **api_crawl_env(api_server), SCRAPYD_URL=scrapyd, SCRAPYD_PROJECT=PROJECT, MAX_CONCURRENT_CRAWLS="1"
    )
    done = subprocess.run(
        [sys.executable, "-m", "crawler.scheduler", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("due=1 running=0 started="), done.stdout + done.stderr
    job_id = done.stdout.strip().rsplit("=", 1)[1]
    wait_finished(scrapyd, job_id)

    page = await reload(db, page)
    assert (page.last_status, page.baseline_done, page.last_offers_seen) == ("ok", True, 3), page.last_error
    assert await db.scalar(select(func.count()).select_from(Offer)) == 3

    again = subprocess.run(
        [sys.executable, "-m", "crawler.scheduler", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.stdout.strip() == "due=0 running=0 started=-", again.stdout + again.stderr


async def test_scheduler_without_scrapyd_runs_the_crawl_itself(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    api_server: str,
) -> None:
    page = await watch(client, db, shop.base_url + "/table")
    done = subprocess.run(
        [sys.executable, "-m", "crawler.scheduler", "--once"],
        cwd=ROOT,
        env=crawl_env(**api_crawl_env(api_server)),
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("due=1 running=0 started=pid "), done.stdout
    page = await reload(db, page)
    assert (page.last_status, page.last_offers_seen) == ("ok", 3), page.last_error


@pytest.mark.parametrize(
    ("due", "running", "max_concurrent", "started"),
    [
        (0, 0, 2, 0),
        (1, 0, 2, 1),
        (1, 1, 2, 0),  # the running crawl leases it (it may not have leased anything yet)
        (JOBS_PER_CRAWL, 1, 2, 0),
        (JOBS_PER_CRAWL + 1, 1, 2, 1),
        (5 * JOBS_PER_CRAWL, 1, 3, 2),  # the limit
        (5 * JOBS_PER_CRAWL, 3, 2, 0),  # over the limit (another scheduler's crawls on scrapyd)
    ],
)
def test_crawls_start_only_for_due_pages_beyond_what_running_crawls_lease(
    due: int, running: int, max_concurrent: int, started: int
) -> None:
    assert crawls_to_start(due, running, max_concurrent) == started


async def test_a_crawl_that_has_not_leased_yet_gets_no_twin(
    client: httpx.AsyncClient,
    user: dict[str, Any],
    db: AsyncSession,
    shop: ShopServer,
    api_server: str,
) -> None:
    page = await watch(client, db, shop.base_url + "/table")
    api = InternalApi(api_server, TEST_INTERNAL_TOKEN)
    launcher = SubprocessLauncher(env=crawl_env(**api_crawl_env(api_server)))
    scheduler = CrawlScheduler(api, launcher, max_concurrent=2)
    try:
        first = await scheduler.tick()
        # The next round comes before the new crawl process has leased the page: still due.
        second = await scheduler.tick()
        await launcher.wait()
    finally:
        await api.aclose()
    assert (first.due, first.running, len(first.started)) == (1, 0, 1)
    assert second.started == [], second
    assert len(launcher.processes) == 1
    page = await reload(db, page)
    assert page.last_status == "ok", page.last_error
