"""The crawler's download handler: plain pages through Scrapy's HTTP handler, and the browser
(scrapy-playwright behind the egress proxy, browser.py) loaded and started on the first request
that needs JavaScript, so a crawl of plain pages starts no Playwright driver at all."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response

if TYPE_CHECKING:
    from crawler.browser import GuardedBrowserDownloadHandler

# One browser per crawl, shared by the handlers of every scheme (Scrapy builds one per scheme).
BROWSER_ATTRIBUTE = "offerwatch_browser"


class BrowserOnDemandDownloadHandler(HTTP11DownloadHandler):
    lazy = True

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.crawler = crawler

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        browser = await self._browser()
        return await browser.download_request(request)

    def _browser(self) -> asyncio.Future[GuardedBrowserDownloadHandler]:
        starting: asyncio.Future[GuardedBrowserDownloadHandler] | None = getattr(
            self.crawler, BROWSER_ATTRIBUTE, None
        )
        if starting is None:
            starting = asyncio.ensure_future(start_browser_handler(self.crawler))
            setattr(self.crawler, BROWSER_ATTRIBUTE, starting)
        return starting

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            starting = getattr(self.crawler, BROWSER_ATTRIBUTE, None)
            setattr(self.crawler, BROWSER_ATTRIBUTE, None)
            started = starting is not None and starting.done() and not starting.cancelled()
            if started and starting is not None and starting.exception() is None:
                await starting.result().close()


async def start_browser_handler(crawler: Crawler) -> GuardedBrowserDownloadHandler:
    """The guarded browser handler, with its Playwright driver started (the engine_started
    signal it would start on has long gone by). A refusal (NotConfigured) fails every browser
    request of the crawl with its reason."""
    from crawler.browser import GuardedBrowserDownloadHandler  # imports Playwright: only when needed

    handler = GuardedBrowserDownloadHandler(crawler)
    crawler.stats.inc_value("playwright/driver_started")
    try:
        await handler._launch()
    except BaseException:
        await handler.close()
        raise
    return handler
