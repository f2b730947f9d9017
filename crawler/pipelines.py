"""Delivers each crawled page to the API: its offers in batches, then the job's completion."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler

from core.wire import Unchanged
from crawler.api_client import MAX_BATCH, ApiError, InternalApi
from crawler.health_hints import with_hint
from crawler.items import CrawledPage, PageHashes
from crawler.page_hashes import offers_hash

logger = logging.getLogger(__name__)


class OfferDeliveryPipeline:
    """Posts a page's offers (retried with backoff by the client) and completes its job: `ok`
    when every batch was accepted, `error` with the reason otherwise, so the API schedules the
    page again. Pages crawled without a job (`-a url=...`) pass through untouched."""

    def __init__(self, api: InternalApi, stats: Any) -> None:
        self.api = api
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OfferDeliveryPipeline:
        return cls(InternalApi.for_crawler(crawler), crawler.stats)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, CrawledPage) or item.job.id is None:
            return item
        if item.error is None and (item.body_unchanged or item.offers):
            await self._complete_unchanged_or_deliver(item)
            return item
        error = item.error
        if error is None and not item.offers:
            # A listing page with nothing on it is far more often a block or a changed layout
            # than an empty list; the API turns repeated ones into a "failing" notice.
            error = "no offers found on the page"
        if error is not None:
            error = with_hint(error, item.http_status)
        if error is None:
            error = await self._deliver(item)
        try:
            await self.api.complete_job(
                item.job,
                ok=error is None,
                error=error,
                http_status=item.http_status,
                offers_seen=len(item.offers),
            )
            self.stats.inc_value("jobs/completed_ok" if error is None else "jobs/completed_error")
        except ApiError as exc:
            # The lease expires on its own and the job becomes due again.
            logger.error("could not complete job %s: %s", item.job.id, exc)
            self.stats.inc_value("jobs/completion_failed")
        return item

    async def _complete_unchanged_or_deliver(self, page: CrawledPage) -> None:
        """A page with offers: posted only when they differ from the last crawl's (an offer
        set hash covers every field, prices included); the completion carries both hashes."""
        seen = PageHashes(
            page.body_hash, page.job.seen.offers if page.body_unchanged else offers_hash(page.offers)
        )
        unchanged: Unchanged | None = (
            "body" if page.body_unchanged else "offers" if seen.offers == page.job.seen.offers else None
        )
        if unchanged is None:
            error = await self._deliver(page)
            if error is not None:
                await self._complete(page, error)
                return
        else:
            self.stats.inc_value(f"jobs/unchanged_{unchanged}")
        try:
            await self.api.complete_check(
                page.job,
                seen=seen,
                unchanged=unchanged,
                http_status=page.http_status,
                offers_seen=None if unchanged == "body" else len(page.offers),
            )
            self.stats.inc_value("jobs/completed_ok")
        except ApiError as exc:
            logger.error("could not complete job %s: %s", page.job.id, exc)
            self.stats.inc_value("jobs/completion_failed")

    async def _complete(self, page: CrawledPage, error: str) -> None:
        try:
            await self.api.complete_job(
                page.job, ok=False, error=error, http_status=page.http_status, offers_seen=len(page.offers)
            )
            self.stats.inc_value("jobs/completed_error")
        except ApiError as exc:
            logger.error("could not complete job %s: %s", page.job.id, exc)
            self.stats.inc_value("jobs/completion_failed")

    async def _deliver(self, page: CrawledPage) -> str | None:
        """Post every offer of the page; the reason it failed, or None."""
        for start in range(0, len(page.offers), MAX_BATCH):
            batch = page.offers[start : start + MAX_BATCH]
            try:
                result = await self.api.post_offers(page.job, batch)
            except ApiError as exc:
                logger.error("offers of job %s not delivered: %s", page.job.id, exc)
                self.stats.inc_value("offers/undelivered", len(page.offers) - start)
                return f"offers could not be delivered to the API: {exc}"
            self.stats.inc_value("offers/posted", len(batch))
            self.stats.inc_value("offers/new", result.new)
            invalid = [entry for entry in result.items if entry.status == "invalid"]
            if invalid:
                self.stats.inc_value("offers/invalid", len(invalid))
                logger.warning(
                    "job %s: the API rejected %d offers: %s", page.job.id, len(invalid), invalid[:5]
                )
        return None
