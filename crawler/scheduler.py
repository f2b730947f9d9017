"""`python -m crawler.scheduler`: start crawls while pages are due.

Every few seconds it asks the API how many pages are due and not leased. A running crawl leases
a batch of JOBS_PER_CRAWL whenever it runs idle (a crawl just started has not leased yet), so it
starts a crawl only for the due pages beyond what the running crawls will lease, within
MAX_CONCURRENT_CRAWLS: through scrapyd's schedule.json when
SCRAPYD_URL is set (counting scrapyd's pending and running jobs from listjobs.json), otherwise
as `scrapy crawl offers` subprocesses on this machine. Each crawl leases its own jobs, so crawls
started here and anywhere else never fetch the same page. The API never starts crawls itself.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from api.config import ROOT, Settings, get_settings
from crawler.api_client import ApiError, InternalApi

logger = logging.getLogger("crawler.scheduler")

SPIDER = "offers"
JOBS_PER_CRAWL = 8  # the spider's OFFERWATCH_LEASE_BATCH: one crawl takes this many at a time


class CrawlLauncher(Protocol):
    async def running(self) -> int:
        """Crawls started and not finished yet."""

    async def launch(self) -> str:
        """Start one crawl; an id to log."""


class ScrapydLauncher:
    """Crawls as scrapyd jobs of SCRAPYD_PROJECT."""

    def __init__(self, scrapyd_url: str, project: str, timeout: float = 30.0) -> None:
        self.project = project
        self.client = httpx.AsyncClient(base_url=scrapyd_url.rstrip("/"), timeout=timeout)

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = await self.client.request(method, path, **kwargs)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        if data.get("status") != "ok":
            raise RuntimeError(f"scrapyd {path} answered {data}")
        return data

    async def running(self) -> int:
        data = await self._call("GET", "/listjobs.json", params={"project": self.project})
        return sum(len(data.get(state) or []) for state in ("pending", "running"))

    async def launch(self) -> str:
        data = await self._call("POST", "/schedule.json", data={"project": self.project, "spider": SPIDER})
        return str(data["jobid"])

    async def aclose(self) -> None:
        await self.client.aclose()


class SubprocessLauncher:
    """Crawls as `scrapy crawl offers` child processes (the embedded default, no scrapyd)."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.env = None if env is None else dict(env)
        self.processes: list[asyncio.subprocess.Process] = []

    async def running(self) -> int:
        self.processes = [p for p in self.processes if p.returncode is None]
        return len(self.processes)

    async def launch(self) -> str:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "scrapy", "crawl", SPIDER, cwd=ROOT, env=self.env
        )
        self.processes.append(process)
        return f"pid {process.pid}"

    async def wait(self) -> None:
        for process in self.processes:
            await process.wait()

    async def aclose(self) -> None:
        """Children keep running on their own; their leases protect the jobs either way."""


def crawls_to_start(due: int, running: int, max_concurrent: int) -> int:
    """How many crawls `due` unleased pages need beyond the `running` ones, each of which leases
    (or will lease, once started or idle) up to JOBS_PER_CRAWL of them."""
    wanted = math.ceil(due / JOBS_PER_CRAWL) - running
    return max(0, min(wanted, max_concurrent - running))


@dataclass
class Decision:
    due: int
    running: int
    started: list[str]


class CrawlScheduler:
    def __init__(self, api: InternalApi, launcher: CrawlLauncher, max_concurrent: int) -> None:
        self.api = api
        self.launcher = launcher
        self.max_concurrent = max_concurrent

    async def tick(self) -> Decision:
        """Start as many crawls as the due pages need beyond the running ones and the
        concurrency limit allows."""
        due = await self.api.due_count()
        if due == 0:
            return Decision(due, 0, [])
        running = await self.launcher.running()
        wanted = crawls_to_start(due, running, self.max_concurrent)
        started = [await self.launcher.launch() for _ in range(wanted)]
        for crawl in started:
            logger.info("%d pages due, %d crawls running: started crawl %s", due, running, crawl)
        return Decision(due, running, started)

    async def run(self, interval: float) -> None:
        while True:
            try:
                await self.tick()
            except (ApiError, httpx.HTTPError, RuntimeError) as exc:
                logger.warning("scheduling round failed, trying again in %.0fs: %s", interval, exc)
            await asyncio.sleep(interval)


def build_launcher(settings: Settings) -> ScrapydLauncher | SubprocessLauncher:
    if settings.scrapyd_url:
        return ScrapydLauncher(settings.scrapyd_url, settings.scrapyd_project)
    return SubprocessLauncher()


async def main_async(once: bool, interval: float, settings: Settings) -> int:
    api = InternalApi(settings.api_base_url, settings.internal_api_token, retries=2)
    launcher = build_launcher(settings)
    scheduler = CrawlScheduler(api, launcher, settings.max_concurrent_crawls)
    try:
        if not once:
            await scheduler.run(interval)
            return 0
        decision = await scheduler.tick()
        print(f"due={decision.due} running={decision.running} started={' '.join(decision.started) or '-'}")
        if isinstance(launcher, SubprocessLauncher):
            await launcher.wait()
        return 0
    finally:
        await api.aclose()
        await launcher.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description="Start offerwatch crawls while pages are due.")
    parser.add_argument("--once", action="store_true", help="one round, then exit (waits for local crawls)")
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between rounds")
    args = parser.parse_args()
    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per round is noise
    try:
        sys.exit(asyncio.run(main_async(args.once, args.interval, settings)))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
