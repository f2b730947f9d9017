"""Downloader middlewares: the SSRF guard (before every request, each redirect included) and
retries with backoff."""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings

from crawler.address_guard import AddressGuard, ForbiddenAddress, UnresolvableHost, guard_for, use_for_browser


class SSRFGuardMiddleware:
    """Refuses requests whose host is, or resolves to, a non-public address (see address_guard).

    Redirects come back through the scheduler as new requests, so each hop is checked too.
    """

    def __init__(self, guard: AddressGuard, stats: Any) -> None:
        self.guard = guard
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SSRFGuardMiddleware:
        guard = guard_for(crawler.settings.getlist("ALLOWED_PRIVATE_HOSTS"))
        use_for_browser(guard)
        return cls(guard, crawler.stats)

    async def _check(self, url: str) -> None:
        try:
            await self.guard.check_async(self.guard.check_url(url))
        except ForbiddenAddress:
            self.stats.inc_value("ssrf_guard/refused")
            raise
        except UnresolvableHost:
            # Let the download fail as a DNS error, which is retried; the resolver checks again
            # whatever the name resolves to by then.
            pass

    async def process_request(self, request: Request) -> None:
        await self._check(request.url)

    async def process_response(self, request: Request, response: Response) -> Response:
        # A browser follows redirects itself; the egress proxy refused the forbidden hop, and
        # this turns the page it was left on into an error instead of an empty success.
        if response.url != request.url:
            await self._check(response.url)
        return response


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, 429, timeouts, connection errors) with an exponential pause before
    each new attempt, honouring a 429's Retry-After up to the cap."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    def _delay(self, retry: Request, response: Response | None = None) -> float:
        delay = self.backoff_base * 2 ** (retry.meta.get("retry_times", 1) - 1)
        retry_after = response.headers.get(b"Retry-After") if response is not None else None
        if retry_after and retry_after.isdigit():
            delay = max(delay, float(retry_after))
        return min(delay, self.backoff_max)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await asyncio.sleep(self._delay(result, response))
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(self._delay(result))
        return result
