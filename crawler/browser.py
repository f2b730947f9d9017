"""The download handler of JavaScript pages: scrapy-playwright's, with Chromium behind the
egress proxy (egress_proxy.py), so every connection the browser makes passes the address guard."""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy_playwright.handler import BrowserContextWrapper, ScrapyPlaywrightDownloadHandler

from crawler.address_guard import guard_for
from crawler.browser_keys import PROXIED_CONTEXT_PREFIX, UPSTREAM_PROXY
from crawler.egress_proxy import EgressProxy

# Chromium bypasses a proxy for loopback unless told otherwise.
PROXY_LOOPBACK_TOO = "<-loopback>"
# WebRTC could otherwise send UDP to any address, past any HTTP proxy.
NO_DIRECT_UDP = ["--webrtc-ip-handling-policy=disable_non_proxied_udp", "--force-webrtc-ip-handling-policy"]
# Context options that would give a page another way out: its own proxy, or a persistent
# context, which scrapy-playwright launches without the browser's launch options.
UNGUARDED_CONTEXT_OPTIONS = frozenset({"proxy", "user_data_dir"})


class GuardedBrowserDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """Plain requests go through Scrapy's HTTP handler as before; a browser (and the proxy it
    talks through) starts on the first job that asks for JavaScript."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        if self.config.cdp_url or self.config.connect_url or settings.get("PLAYWRIGHT_BROWSER_PROVIDER"):
            raise NotConfigured("only a local browser launched here can be kept behind the egress proxy")
        self.guard = guard_for(settings.getlist("ALLOWED_PRIVATE_HOSTS"))
        self.egress = EgressProxy(self.guard, crawler.stats)
        self.chained: dict[str, EgressProxy] = {}
        launch = self.config.launch_options
        launch["proxy"] = {"server": self.egress.url, "bypass": PROXY_LOOPBACK_TOO}
        launch["args"] = [*launch.get("args", []), *NO_DIRECT_UDP]

    async def _create_browser_context(
        self, name: str, context_kwargs: dict[str, Any] | None, spider: Spider | None = None
    ) -> BrowserContextWrapper:
        unguarded = UNGUARDED_CONTEXT_OPTIONS & set(context_kwargs or {})
        if unguarded:
            raise ValueError(f"browser context option(s) {sorted(unguarded)} would bypass the egress proxy")
        kwargs = dict(context_kwargs or {})
        upstream = kwargs.pop(UPSTREAM_PROXY, None)
        if upstream:
            kwargs["proxy"] = {"server": (await self._egress_via(upstream)).url, "bypass": PROXY_LOOPBACK_TOO}
        return await super()._create_browser_context(name, kwargs, spider)

    async def _egress_via(self, upstream: str) -> EgressProxy:
        """An egress proxy of its own for each upstream proxy: the address guard still judges
        every host the page asks for, and only then is the connection tunnelled upstream."""
        if upstream not in self.chained:
            self.chained[upstream] = EgressProxy(self.guard, self.stats, upstream=upstream)
        egress = self.chained[upstream]
        await egress.start()
        return egress

    async def _download_request(self, request: Request, spider: Spider | None = None) -> Response:
        try:
            return await super()._download_request(request, spider)
        finally:
            # A job's own context (its proxy, its cookies) is closed after its page: contexts count
            # against PLAYWRIGHT_MAX_CONTEXTS until closed, and cookies must not outlive the job.
            name = str(request.meta.get("playwright_context", ""))
            wrapper = self.context_wrappers.get(name) if name.startswith(PROXIED_CONTEXT_PREFIX) else None
            if wrapper is not None and not wrapper.context.pages:
                await wrapper.context.close()

    async def _maybe_launch_browser(self) -> None:
        await self.egress.start()
        await super()._maybe_launch_browser()

    async def _close(self) -> None:
        try:
            await super()._close()
        finally:
            for egress in [self.egress, *self.chained.values()]:
                await egress.close()
