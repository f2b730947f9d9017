"""The download handler of JavaScript pages: scrapy-playwright's, with Chromium behind the
egress proxy (egress_proxy.py), so every connection the browser makes passes the address guard."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy_playwright.handler import BrowserContextWrapper, ScrapyPlaywrightDownloadHandler

from crawler.address_guard import guard_for
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
        self.egress = EgressProxy(guard_for(settings.getlist("ALLOWED_PRIVATE_HOSTS")), crawler.stats)
        launch = self.config.launch_options
        launch["proxy"] = {"server": self.egress.url, "bypass": PROXY_LOOPBACK_TOO}
        launch["args"] = [*launch.get("args", []), *NO_DIRECT_UDP]

    async def _create_browser_context(
        self, name: str, context_kwargs: dict[str, Any] | None, spider: Spider | None = None
    ) -> BrowserContextWrapper:
        unguarded = UNGUARDED_CONTEXT_OPTIONS & set(context_kwargs or {})
        if unguarded:
            raise ValueError(f"browser context option(s) {sorted(unguarded)} would bypass the egress proxy")
        return await super()._create_browser_context(name, context_kwargs, spider)

    async def _maybe_launch_browser(self) -> None:
        await self.egress.start()
        await super()._maybe_launch_browser()

    async def _close(self) -> None:
        try:
            await super()._close()
        finally:
            await self.egress.close()
