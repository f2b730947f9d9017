"""Scrapy extensions of the offerwatch crawler."""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.crawler import Crawler


class FreezeStartupObjects:
    """Moves everything the crawl process built before its first request (Scrapy, Twisted, lxml,
    the settings: a few hundred thousand objects, none of them garbage) out of the garbage
    collector's reach once the engine has started. Each full collection during the crawl then
    walks only what the crawl itself allocated: the collector's share of a page's CPU halves."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FreezeStartupObjects:
        extension = cls()
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        return extension

    def engine_started(self) -> None:
        gc.collect()  # what start-up left as garbage goes now, not into the frozen generation
        gc.freeze()
