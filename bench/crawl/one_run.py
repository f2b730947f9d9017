"""One timed crawl for bench/crawl:
`python -m bench.crawl.one_run bare|offers|browser-direct|browser-guarded URLS_FILE`.

The browser kinds render every page with the offers spider in Chromium: `browser-guarded` with
the project's handler (Chromium behind the egress proxy), `browser-direct` with
scrapy-playwright's own handler (Chromium connecting by itself), as the baseline.

Prints one JSON line: pages, offers, seconds (first response to close), pages_per_second, and
cpu_ms_per_page (this process's CPU time over the same span, per page).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.items import CrawledPage
from crawler.spiders.offers import OffersSpider

# The same for both spiders: no robots.txt or AutoThrottle pauses, equal concurrency.
SETTINGS = {
    "ROBOTSTXT_OBEY": "False",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "WARNING",
}


UNGUARDED_BROWSER_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}


class BareSpider(scrapy.Spider):
    """Fetches the pages and extracts nothing: the cost of crawling alone."""

    name = "bare"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self) -> Any:
        for url in self.urls:
            yield scrapy.Request(url, dont_filter=True)

    def parse(self, response: scrapy.http.Response) -> None:
        return None


def main() -> None:
    kind, urls_file = sys.argv[1], Path(sys.argv[2])
    urls = urls_file.read_text().split()
    settings = get_project_settings()
    for name, value in SETTINGS.items():
        settings.set(name, value, priority="cmdline")
    if kind == "browser-direct":
        settings.set("DOWNLOAD_HANDLERS", UNGUARDED_BROWSER_HANDLERS, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider if kind == "bare" else OffersSpider)
    timing: dict[str, float] = {"pages": 0, "offers": 0}

    def on_response(**_: Any) -> None:
        timing.setdefault("first", time.perf_counter())
        timing.setdefault("cpu_first", time.process_time())
        timing["pages"] += 1

    def on_item(item: Any, **_: Any) -> None:
        if isinstance(item, CrawledPage):
            timing["offers"] += len(item.offers)

    def on_closed(**_: Any) -> None:
        timing["closed"] = time.perf_counter()
        timing["cpu_closed"] = time.process_time()

    crawler.signals.connect(on_response, signal=signals.response_received)
    crawler.signals.connect(on_item, signal=signals.item_scraped)
    crawler.signals.connect(on_closed, signal=signals.spider_closed)
    if kind == "bare":
        process.crawl(crawler, urls=urls)
    elif kind == "offers":
        process.crawl(crawler, url=" ".join(urls))
    else:
        process.crawl(crawler, url=" ".join(urls), render_js="1")
    process.start()
    seconds = timing["closed"] - timing["first"]
    print(
        json.dumps(
            {
                "pages": timing["pages"],
                "offers": timing["offers"],
                "seconds": seconds,
                "pages_per_second": timing["pages"] / seconds,
                "cpu_ms_per_page": (timing["cpu_closed"] - timing["cpu_first"]) * 1000 / timing["pages"],
            }
        )
    )


if __name__ == "__main__":
    main()
