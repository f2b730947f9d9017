"""The download handler of JavaScript pages: scrapy-playwright's, with Chromium behind the
egress proxy (egress_proxy.py), so every connection the browser makes passes the address guard."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawler.address_guard import guard_for
from crawler.egress_proxy import EgressProxy

# WebRTC could otherwise send UDP to any address, past any HTTP proxy.
NO_DIRECT_UDP = ["--webrtc-ip-handling-policy=disable_non_proxied_udp", "--force-webrtc-ip-handling-policy"]


class GuardedBrowserDownloadHandler(ScrapyPlaywrightDownloadHandler):
    """Plain requests go through Scrapy's HTTP handler as before; a browser (and the proxy it
    talks through) starts on the first job that asks for JavaScript."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        if self.config.cdp_url or self.config.connect_url:
            raise NotConfigured("a remote browser would bypass the egress proxy: launch Chromium locally")
        self.egress = EgressProxy(guard_for(crawler.settings.getlist("ALLOWED_PRIVATE_HOSTS")), crawler.stats)
        launch = self.config.launch_options
        # Playwright sends loopback through the proxy too (it adds Chromium's "<-loopback>").
        launch["proxy"] = {"server": self.egress.url}
        launch["args"] = [*launch.get("args", []), *NO_DIRECT_UDP]

    async def _maybe_launch_browser(self) -> None:
        await self.egress.start()
        await super()._maybe_launch_browser()

    async def _close(self) -> None:
        await super()._close()
        await self.egress.close()
