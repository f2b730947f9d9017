"""`scrapy crawl offers`: lease due jobs from the API, fetch each page, yield its offers.

When the crawl runs idle it leases more; it closes when none are due. `-a url=...` (one URL or
several separated by spaces; with optional `-a render_js=1`, `-a selectors='{"item": ...}'` and
`-a fetch_options='{"proxy": ..., "headers": {...}, "cookies": {...}, "max_pages": 3}'`)
crawls pages without the API, e.g. `scrapy crawl offers -a url=https://shop.example/list -O
offers.jsonl` to try a page.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

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
from crawler.browser_keys import PROXIED_CONTEXT_PREFIX, UPSTREAM_PROXY
from crawler.extract import SelectorError, extract_offers
from crawler.extract.selectors import is_xpath
from crawler.items import CrawledPage, Job
from crawler.page_hashes import body_hash
from crawler.pagination import next_page_url

logger = logging.getLogger(__name__)


class OffersSpider(scrapy.Spider):
    name = "offers"

    def __init__(
        self,
        url: str | None = None,
        render_js: str | bool = False,
        selectors: str | dict[str, Any] | None = None,
        fetch_options: str | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(selectors, str):
            selectors = json.loads(selectors) if selectors.strip() else None
        if isinstance(fetch_options, str):
            fetch_options = json.loads(fetch_options) if fetch_options.strip() else None
        render = render_js if isinstance(render_js, bool) else render_js.lower() in {"1", "true", "yes"}
        options = fetch_options or {}
        self.adhoc_jobs = [
            Job(
                url=u,
                render_js=render,
                selectors=selectors,
                proxy=options.get("proxy"),
                headers=dict(options.get("headers") or {}),
                cookies=dict(options.get("cookies") or {}),
                max_pages=int(options.get("max_pages") or 1),
            )
            for u in (url or "").split()
        ]
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

    def request_for(self, job: Job, url: str | None = None, **extra_meta: Any) -> Request:
        meta: dict[str, Any] = {"job": job, **extra_meta}
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
        return Request(
            url or job.url,
            callback=self.parse,
            errback=self.failed,
            meta=meta,
            headers=self.apply_fetch_options(job, meta),
            dont_filter=True,
        )

    @staticmethod
    def apply_fetch_options(job: Job, meta: dict[str, Any]) -> dict[str, str]:
        """The job's proxy and cookies (into `meta`) and its request headers. The crawler keeps no
        cookie jar (COOKIES_ENABLED is off): each user's cookies go only with their own page. A
        JavaScript page with a proxy or cookies gets a browser context of its own, closed after the
        page (crawler/browser.py), whose egress proxy chains to the user's proxy."""
        headers = dict(job.headers)
        if not meta.get("playwright"):
            if job.cookies:
                headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in job.cookies.items())
            if job.proxy:
                meta["proxy"] = job.proxy
            return headers
        if job.proxy or job.cookies:
            context: dict[str, Any] = dict(meta["playwright_context_kwargs"])
            if job.proxy:
                context[UPSTREAM_PROXY] = job.proxy
            if job.cookies:
                host = urlsplit(job.url).hostname or ""
                context["storage_state"] = {
                    "cookies": [
                        {"name": name, "value": value, "domain": host, "path": "/", "expires": -1,
                         "httpOnly": False, "secure": False, "sameSite": "Lax"}
                        for name, value in job.cookies.items()
                    ],
                    "origins": [],
                }  # fmt: skip
            key = json.dumps([job.proxy, job.cookies, job.url], sort_keys=True)
            meta["playwright_context"] = (
                PROXIED_CONTEXT_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:16]
            )
            meta["playwright_context_kwargs"] = context
        return headers

    def follow_or_finish(self, response: Response, page: CrawledPage) -> Iterator[Any]:
        """Up to the job's max_pages, fetch the listing's next page and carry the offers found so
        far; the last page yields them all as one CrawledPage."""
        job = page.job
        earlier: CrawledPage | None = response.meta.get("earlier_pages")
        if earlier is not None:
            page.offers = [*earlier.offers, *page.offers]
            page.dropped += earlier.dropped
            page.http_status = earlier.http_status
        number = response.meta.get("page_number", 1)
        if page.error is None and number < job.max_pages and isinstance(response, TextResponse):
            next_url = next_page_url(response.text, response.url, number)
            if next_url is not None and next_url not in response.meta.get("seen_urls", ()):
                self.crawler.stats.inc_value("pages/followed")
                yield self.request_for(
                    job,
                    next_url,
                    earlier_pages=page,
                    page_number=number + 1,
                    seen_urls={*response.meta.get("seen_urls", ()), response.url},
                )
                return
        yield page

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
        yield from self.follow_or_finish(
            response,
            CrawledPage(
                job,
                offers=extraction.offers,
                dropped=extraction.dropped,
                method=extraction.method,
                http_status=response.status,
                body_hash=self.body_hash_of(job, response),
            ),
        )

    @staticmethod
    def body_hash_of(job: Job, response: TextResponse) -> str | None:
        """The hash a later crawl compares with; none for an ad-hoc URL, and none for a listing of
        several pages, whose first page can stay the same while a later one changes."""
        if job.id is None or job.max_pages > 1:
            return None
        return body_hash(response.body, job.selectors)

    def unchanged_page(self, job: Job, response: TextResponse) -> CrawledPage | None:
        """The page of a leased job whose body is the one its last crawl saw: nothing to extract."""
        if job.seen.body is None or job.seen.offers is None:
            return None
        if self.body_hash_of(job, response) != job.seen.body:
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
        earlier: CrawledPage | None = failure.request.meta.get("earlier_pages")  # type: ignore[attr-defined]
        if earlier is not None:
            # A later page failing leaves the listing as far as it was read.
            logger.warning("job %s: next page %s failed: %s", job.id, failure.request.url, error)  # type: ignore[attr-defined]
            yield earlier
            return
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
