"""Downloader middlewares: the SSRF guard (before every request, each redirect included) and
retries with backoff."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.httpobj import urlparse_cached

from crawler.address_guard import (
    AddressGuard,
    ForbiddenAddress,
    UnresolvableHost,
    allow_local_egress,
    guard_for,
    use_for_browser,
)
from crawler.egress_proxy import EgressProxy

# Set once a request's proxy is the local egress proxy (a retry or a redirect keeps its meta).
LOCAL_EGRESS = "offerwatch_local_egress"


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

    async def _check(self, url: str, via_proxy: bool = False) -> None:
        try:
            await self.guard.check_async(self.guard.check_url(url))
        except ForbiddenAddress:
            self.stats.inc_value("ssrf_guard/refused")
            raise
        except UnresolvableHost as exc:
            if via_proxy:
                # The proxy would resolve the name itself, past the guard: not without a check.
                self.stats.inc_value("ssrf_guard/refused")
                raise ForbiddenAddress(f"refused to fetch {url!r} through a proxy: {exc}") from None
            # Let the download fail as a DNS error, which is retried; the resolver checks again
            # whatever the name resolves to by then.

    async def process_request(self, request: Request) -> None:
        # The target is checked here even when a proxy fetches it; the resolver checks the proxy.
        await self._check(request.url, via_proxy=bool(request.meta.get("proxy")))

    async def process_response(self, request: Request, response: Response) -> Response:
        # A browser follows redirects itself; the egress proxy refused the forbidden hop, and
        # this turns the page it was left on into an error instead of an empty success.
        if response.url != request.url:
            await self._check(response.url)
        return response


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, 429, timeouts, connection errors) with an exponential pause before
    each new attempt. A 429's or 503's Retry-After (up to the cap) holds every request to that
    host, not only the retried one: the site asked all of us to wait."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.host_resumes_at: dict[str, float] = {}

    def _retry_after(self, response: Response | None) -> float | None:
        retry_after = response.headers.get(b"Retry-After") if response is not None else None
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), self.backoff_max)
        return None

    def _delay(self, retry: Request, response: Response | None = None) -> float:
        delay = self.backoff_base * 2 ** (retry.meta.get("retry_times", 1) - 1)
        return min(max(delay, self._retry_after(response) or 0.0), self.backoff_max)

    def host_wait(self, request: Request) -> float:
        """Seconds the request's host asked us to wait still (0 when it did not)."""
        return max(0.0, self.host_resumes_at.get(urlparse_cached(request).netloc, 0.0) - time.monotonic())

    def note_retry_after(self, request: Request, response: Response) -> None:
        retry_after = self._retry_after(response) if response.status in {429, 503} else None
        if retry_after:
            host = urlparse_cached(request).netloc
            resumes_at = time.monotonic() + retry_after
            self.host_resumes_at[host] = max(self.host_resumes_at.get(host, 0.0), resumes_at)

    async def process_request(self, request: Request) -> None:
        wait = self.host_wait(request)
        if wait > 0:
            await asyncio.sleep(wait)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        self.note_retry_after(request, response)
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await asyncio.sleep(self._delay(result, response))
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(self._delay(result))
        return result


class RobotsTxtViaProxyMiddleware:
    """Scrapy fetches a host's robots.txt with a request of its own, which knows nothing of the
    page's proxy: this sends it through the proxy of the page that asked for it, so a proxied
    page's host never sees the crawler's own address. (Before the robots.txt middleware, which
    asks for robots.txt while the page's request is passing.)"""

    def __init__(self) -> None:
        self.proxy_of_host: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtViaProxyMiddleware:
        return cls()

    def process_request(self, request: Request) -> None:
        netloc = urlparse_cached(request).netloc
        if request.meta.get("dont_obey_robotstxt") and urlparse_cached(request).path == "/robots.txt":
            proxy = self.proxy_of_host.get(netloc)
            if proxy and "proxy" not in request.meta:
                request.meta["proxy"] = proxy
        elif request.meta.get("proxy"):
            self.proxy_of_host.setdefault(netloc, request.meta["proxy"])


class ProxyViaEgressMiddleware:
    """A proxied plain page goes to a local egress proxy (egress_proxy.py) chained to the user's
    proxy, not to that proxy directly: Scrapy speaks no SOCKS5, and an HTTP proxy handed a host
    name would resolve it itself, past the guard. The egress proxy checks the host and hands the
    user's proxy the checked address. One egress proxy per user proxy, for the crawl."""

    def __init__(self, guard: AddressGuard, stats: Any) -> None:
        self.guard = guard
        self.stats = stats
        self.egress_of_upstream: dict[str, EgressProxy] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProxyViaEgressMiddleware:
        middleware = cls(guard_for(crawler.settings.getlist("ALLOWED_PRIVATE_HOSTS")), crawler.stats)
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    async def process_request(self, request: Request) -> None:
        upstream = request.meta.get("proxy")
        if not upstream or request.meta.get("playwright") or request.meta.get(LOCAL_EGRESS):
            return
        egress = self.egress_of_upstream.get(upstream)
        if egress is None:
            egress = self.egress_of_upstream[upstream] = EgressProxy(
                self.guard, self.stats, upstream=upstream
            )
            allow_local_egress()
        await egress.start()
        request.meta["proxy"] = egress.url
        request.meta[LOCAL_EGRESS] = True

    async def close(self) -> None:
        for egress in self.egress_of_upstream.values():
            await egress.close()
