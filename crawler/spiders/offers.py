"""`scrapy crawl offers`: lease due jobs from the API, fetch each page, yield its offers.

When the crawl runs idle it leases more; it closes when none are due. `-a url=...` (one URL or
several separated by spaces; with optional `-a render_js=1` and `-a selectors='{"item": ...}'`)
crawls pages without the API, e.g. `scrapy crawl offers -a url=https://shop.example/list -O
offers.jsonl` to try a page.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DontCloseSpider,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import deferred_from_coro
from scrapy_playwright.page import PageMethod
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler.address_guard import ForbiddenAddress
from crawler.api_client import ApiError, InternalApi
from crawler.extract import SelectorError, extract_offers
from crawler.extract.selectors import is_xpath
from crawler.items import CrawledPage, Job
from crawler.page_hashes import body_hash

logger = logging.getLogger(__name__)


class OffersSpider(scrapy.Spider):
    name = "offers"

    def __init__(
        self,
        url: str | None = None,
        render_js: str | bool = False,
        selectors: str | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(selectors, str):
            selectors = json.loads(selectors) if selectors.strip() else None
        render = render_js if isinstance(render_js, bool) else render_js.lower() in {"1", "true", "yes"}
        self.adhoc_jobs = [Job(url=u, render_js=render, selectors=selectors) for u in (url or "").split()]
        self._leasing = False
        self._exhausted = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> OffersSpider:
        spider: OffersSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.api = InternalApi.for_crawler(crawler)
        spider.lease_batch = settings.getint("OFFERWATCH_LEASE_BATCH", 8)
        spider.js_wait_ms = settings.getint("OFFERWATCH_JS_WAIT_MS", 15_000)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    api: InternalApi
    lease_batch: int
    js_wait_ms: int

    async def start(self) -> AsyncIterator[Any]:
        if self.adhoc_jobs:
            self._exhausted = True
            for job in self.adhoc_jobs:
                yield self.request_for(job)
            return
        for job in await self._lease():
            yield self.request_for(job)

    async def _lease(self) -> list[Job]:
        try:
            jobs = await self.api.lease_jobs(self.lease_batch)
        except ApiError as exc:
            logger.error("could not lease jobs: %s", exc)
            jobs = []
        self.crawler.stats.inc_value("jobs/leased", len(jobs))
        if not jobs:
            self._exhausted = True
        return jobs

    def request_for(self, job: Job) -> Request:
        meta: dict[str, Any] = {"job": job}
        if job.render_js:
            item = (job.selectors or {}).get("item")
            wait = (
                PageMethod(
                    "wait_for_selector",
                    f"xpath={item}" if is_xpath(item) else item,
                    state="attached",
                    timeout=self.js_wait_ms,
                )
                if isinstance(item, str) and item
                else PageMethod("wait_for_load_state", "networkidle", timeout=self.js_wait_ms)
            )
            meta.update(
                playwright=True,
                playwright_page_methods=[wait],
                # Service workers fetch past the request hook that guards the browser's requests.
                playwright_context="guarded",
                playwright_context_kwargs={"service_workers": "block"},
            )
        return Request(job.url, callback=self.parse, errback=self.failed, meta=meta, dont_filter=True)

    def parse(self, response: Response) -> Any:
        job: Job = response.meta["job"]
        if not isinstance(response, TextResponse):
            content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
            yield CrawledPage(
                job, http_status=response.status, error=f"not a web page ({content_type or 'no type'})"
            )
            return
        unchanged = self.unchanged_page(job, response)
        if unchanged is not None:
            yield unchanged
            return
        try:
            extraction = extract_offers(response.text, response.url, job.selectors)
        except SelectorError as exc:
            yield CrawledPage(job, http_status=response.status, error=str(exc))
            return
        except Exception as exc:  # a page that breaks extraction must still complete its job
            logger.exception("extraction failed on %s", response.url)
            yield CrawledPage(job, http_status=response.status, error=f"extraction failed: {exc!r}"[:500])
            return
        stats = self.crawler.stats
        stats.inc_value("offers/found", len(extraction.offers))
        stats.inc_value("offers/dropped", extraction.dropped)
        if extraction.method:
            stats.inc_value(f"offers/method/{extraction.method}")
        logger.info(
            "%s: %d offers (%s), %d dropped",
            response.url,
            len(extraction.offers),
            extraction.method,
            extraction.dropped,
        )
        yield CrawledPage(
            job,
            offers=extraction.offers,
            dropped=extraction.dropped,
            method=extraction.method,
            http_status=response.status,
            body_hash=None if job.id is None else body_hash(response.body, job.selectors),
        )

    def unchanged_page(self, job: Job, response: TextResponse) -> CrawledPage | None:
        """The page of a leased job whose body is the one its last crawl saw: nothing to extract."""
        if job.id is None or job.seen.body is None or job.seen.offers is None:
            return None
        if body_hash(response.body, job.selectors) != job.seen.body:
            return None
        self.crawler.stats.inc_value("pages/body_unchanged")
        return CrawledPage(job, http_status=response.status, body_hash=job.seen.body, body_unchanged=True)

    def failed(self, failure: Failure) -> Any:
        job: Job = failure.request.meta["job"]  # type: ignore[attr-defined]
        status = None
        if isinstance(failure.value, HttpError):
            status = failure.value.response.status
            error = f"the page answered HTTP {status}"
        elif failure.check(ForbiddenAddress):
            error = str(failure.value)
        elif failure.check(CannotResolveHostError, DNSLookupError):
            error = f"the host could not be resolved: {failure.getErrorMessage()}"
        elif failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError):
            error = f"the page timed out: {failure.getErrorMessage()}"
        elif failure.check(DownloadConnectionRefusedError):
            error = f"the connection was refused: {failure.getErrorMessage()}"
        elif failure.check(IgnoreRequest):
            error = f"not fetched: {failure.getErrorMessage() or 'forbidden by robots.txt'}"
        else:
            error = (
                f"{failure.type.__name__}: {failure.getErrorMessage()}" if failure.type else "fetch failed"
            )
        logger.warning("job %s (%s) failed: %s", job.id, job.url, error)
        self.crawler.stats.inc_value("jobs/fetch_failed")
        yield CrawledPage(job, http_status=status, error=error)

    def on_idle(self) -> None:
        """Lease more jobs when everything leased so far is done; close when none are due."""
        if self._leasing:
            raise DontCloseSpider
        if self._exhausted:
            return
        self._leasing = True
        deferred_from_coro(self._lease_more())
        raise DontCloseSpider

    async def _lease_more(self) -> None:
        try:
            jobs = await self._lease()
            for job in jobs:
                self.crawler.engine.crawl(self.request_for(job))
        finally:
            self._leasing = False
        if not jobs:
            await self.crawler.engine.close_spider_async(reason="finished")

    async def on_closed(self) -> None:
        await self.api.aclose()  # after the pipelines have closed: the last user of the client
