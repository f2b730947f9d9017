"""`python -m crawler.scheduler`: start crawls while pages are due.

Every few seconds it asks the API how many pages are due and not leased. A running crawl leases
a batch of JOBS_PER_CRAWL whenever it runs idle (a crawl just started has not leased yet), so it
starts a crawl only for the due pages beyond what the running crawls will lease, within
MAX_CONCURRENT_CRAWLS: through scrapyd's schedule.json when
SCRAPYD_URLS (or SCRAPYD_URL) is set (counting scrapyd's pending and running jobs from
listjobs.json; each crawl goes to the node with the most free slots by daemonstatus.json, and a
node that does not answer is left out until it does), otherwise as `scrapy crawl offers`
subprocesses on this machine. Each crawl leases its own jobs, so crawls
started here and anywhere else never fetch the same page. The API never starts crawls itself.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from core.config import ROOT, Settings, get_settings
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

    async def free_slots(self) -> int:
        """max_proc minus the node's running and pending crawls (of every project)."""
        response = await self.client.get("/daemonstatus.json")
        response.raise_for_status()
        data = response.json()
        if data.get("status") != "ok":
            raise RuntimeError(f"scrapyd /daemonstatus.json answered {data}")
        max_proc = int(data.get("max_proc") or 0)
        return max_proc - int(data.get("running", 0)) - int(data.get("pending", 0))

    async def aclose(self) -> None:
        await self.client.aclose()


NODE_DOWN = (httpx.HTTPError, RuntimeError, ValueError)


class ScrapydNodes:
    """Crawls spread over several scrapyd nodes: each goes to the node with the most free slots;
    a node that does not answer is skipped (its crawls hold leases that expire on their own)."""

    def __init__(self, scrapyd_urls: Sequence[str], project: str, timeout: float = 10.0) -> None:
        self.nodes = [ScrapydLauncher(url, project, timeout) for url in scrapyd_urls]

    async def running(self) -> int:
        counts = await asyncio.gather(*(node.running() for node in self.nodes), return_exceptions=True)
        return sum(count for count in counts if isinstance(count, int))

    async def launch(self) -> str:
        slots = await asyncio.gather(*(node.free_slots() for node in self.nodes), return_exceptions=True)
        up = [(free, index) for index, free in enumerate(slots) if isinstance(free, int)]
        if not up:
            raise RuntimeError("no scrapyd node answers")
        # Most free slots first; on a tie, the node listed first.
        for _, index in sorted(up, key=lambda pair: (-pair[0], pair[1])):
            node = self.nodes[index]
            try:
                job_id = await node.launch()
                logger.info("crawl %s started on scrapyd %s", job_id, node.client.base_url)
                return job_id
            except NODE_DOWN as exc:
                logger.warning("scrapyd %s refused a crawl: %s", node.client.base_url, exc)
        raise RuntimeError("no scrapyd node took the crawl")

    async def aclose(self) -> None:
        for node in self.nodes:
            await node.aclose()


def scrapyd_urls(settings: Settings) -> list[str]:
    """SCRAPYD_URLS (comma-separated) and SCRAPYD_URL, each node once."""
    urls = [url.strip() for url in settings.scrapyd_urls.split(",") if url.strip()]
    if settings.scrapyd_url:
        urls.append(settings.scrapyd_url)
    return list(dict.fromkeys(url.rstrip("/") for url in urls))


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


def build_launcher(settings: Settings) -> ScrapydNodes | SubprocessLauncher:
    urls = scrapyd_urls(settings)
    if urls:
        return ScrapydNodes(urls, settings.scrapyd_project)
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
