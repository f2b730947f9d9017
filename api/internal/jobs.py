"""Scraping jobs: leasing due listing pages to crawlers and recording how each check went."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from uuid import UUID

from sqlalchemy import ColumnElement, exists, func, or_, select

from api.errors import AppError, Conflict, NotFound
from api.internal.fanout import notify_url_health, release_held_offers
from api.model_service import ModelService, repository_for
from api.observability import CRAWL_DURATION, LEASE_WAIT
from api.text import without_controls
from core.clock import utcnow
from core.config import Settings
from core.db.models import ScrapingTarget, ScrapingUrl, TargetUrl
from core.limits import MAX_ERROR_LENGTH
from core.scheduling import watcher_intervals
from core.wire import JobCompletion

# Checks happen up to this share of the interval early, so pages that were added together drift
# apart instead of being fetched in bursts; never late, since the tier interval is a promise.
JITTER = 0.1


def next_check_delay(
    interval_seconds: int, consecutive_failures: int, max_backoff_seconds: int, rng: random.Random
) -> float:
    """Seconds until the next check: the interval, doubled per failure after the first (capped),
    minus up to JITTER of it."""
    delay = float(interval_seconds)
    if consecutive_failures > 1:
        doublings = min(consecutive_failures - 1, 32)
        delay = min(delay * 2**doublings, float(max(max_backoff_seconds, interval_seconds)))
    return delay * (1 - rng.uniform(0, JITTER))


@dataclass
class Completion:
    scraping_url: ScrapingUrl
    notification_ids: list[UUID] = field(default_factory=list)


class ScrapingJobService(ModelService[ScrapingUrl]):
    repository_type = repository_for(ScrapingUrl)
    rng = random.Random()  # scheduling jitter, not a secret

    async def lease_due_urls(self, limit: int, owner: str | None, settings: Settings) -> list[ScrapingUrl]:
        """Lease up to `limit` due pages: watched by an active target, next check passed, and no
        live lease (an expired lease makes a page due again).

        Raw row locking is the point here: `FOR UPDATE SKIP LOCKED` lets any number of crawler
        processes lease at the same time, each skipping the rows another transaction is leasing,
        so no page is handed out twice and nobody waits. SQLite has no row locks (SQLAlchemy
        drops the clause) and needs none: it runs one writer at a time in a single process.
        The lock lasts until the caller commits.
        """
        now = utcnow()
        due = await self.session.scalars(
            select(ScrapingUrl)
            .where(*_is_due(now))
            .order_by(ScrapingUrl.next_check_at, ScrapingUrl.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=ScrapingUrl)
        )
        leased = list(due)
        expires_at = now + dt.timedelta(seconds=settings.lease_seconds)
        for page in leased:
            LEASE_WAIT.observe(max(0.0, (now - page.next_check_at).total_seconds()))
            page.lease_id = uuid.uuid4()
            page.lease_owner = owner
            page.lease_expires_at = expires_at
        await self.session.flush()
        return leased

    async def due_count(self) -> int:
        """How many pages are due now (nothing is leased): lets a scheduler decide to start crawls."""
        count = await self.session.scalar(select(func.count(ScrapingUrl.id)).where(*_is_due(utcnow())))
        return int(count or 0)

    async def complete(self, job_id: UUID, report: JobCompletion, settings: Settings) -> Completion:
        """End a lease: record the outcome, schedule the next check, flip health (and tell the
        watchers) when the page turns failing or recovers. A lease that is not the current one
        answers 409: the page was re-leased after this one expired, or already completed."""
        page = await self.session.scalar(
            select(ScrapingUrl).where(ScrapingUrl.id == job_id).with_for_update()
        )
        if page is None:
            raise NotFound("Scraping job not found")
        if page.lease_id is None or page.lease_id != report.lease_id:
            raise Conflict(
                "This lease is no longer valid: the job was completed or leased again", field="lease_id"
            )
        _check_unchanged_claim(page, report)
        now = utcnow()
        if page.lease_expires_at is not None:
            leased_at = page.lease_expires_at - dt.timedelta(seconds=settings.lease_seconds)
            CRAWL_DURATION.observe(max(0.0, (now - leased_at).total_seconds()))
        interval = (await watcher_intervals(self.session, [page.id], settings))[page.id]
        page.interval_seconds = interval
        page.lease_id = page.lease_owner = page.lease_expires_at = None
        page.last_checked_at = now
        page.last_http_status = report.http_status
        if report.unchanged is None:
            page.last_offers_seen = report.offers_seen
        completion = Completion(page)
        # The crawl is over, whatever its outcome: what it stored goes out now, per chat one by one
        # or as one digest.
        completion.notification_ids += await release_held_offers(
            self.session, page.id, settings.digest_threshold, now
        )
        if report.status == "ok":
            page.last_status = "ok"
            page.last_error = None
            page.consecutive_failures = 0
            page.baseline_done = True
            page.body_hash = report.body_hash
            page.offers_hash = report.offers_hash
            if page.health == "failing":
                page.health = "ok"
                completion.notification_ids += await notify_url_health(
                    self.session, page, "url_recovered", "The page can be checked again", now
                )
        else:
            page.last_status = "error"
            page.last_error = _error_text(report)
            page.consecutive_failures += 1
            if page.health == "ok" and page.consecutive_failures >= settings.failing_after_errors:
                page.health = "failing"
                completion.notification_ids += await notify_url_health(
                    self.session, page, "url_failing", page.last_error, now
                )
        delay = next_check_delay(interval, page.consecutive_failures, settings.max_backoff_seconds, self.rng)
        page.next_check_at = now + dt.timedelta(seconds=delay)
        await self.session.flush()
        return completion


def _is_due(now: dt.datetime) -> tuple[ColumnElement[bool], ...]:
    """Next check passed, no live lease (an expired one does not count), an active watcher."""
    watched = exists().where(
        TargetUrl.scraping_url_id == ScrapingUrl.id,
        ScrapingTarget.id == TargetUrl.target_id,
        ScrapingTarget.is_active.is_(True),
    )
    return (
        ScrapingUrl.next_check_at <= now,
        or_(ScrapingUrl.lease_expires_at.is_(None), ScrapingUrl.lease_expires_at <= now),
        watched,
    )


def _check_unchanged_claim(page: ScrapingUrl, report: JobCompletion) -> None:
    """An unchanged page was neither extracted nor posted: only what the lease named can be
    unchanged, else offers would be lost."""
    if report.unchanged is None:
        return
    if report.status != "ok":
        raise AppError("Only a successful check can be unchanged", field="unchanged")
    if report.unchanged == "body" and (report.body_hash is None or report.body_hash != page.body_hash):
        raise AppError("An unchanged body must have the hash the lease named", field="body_hash")
    if report.offers_hash is None or report.offers_hash != page.offers_hash:
        raise AppError("An unchanged page must have the offers hash the lease named", field="offers_hash")


def _error_text(report: JobCompletion) -> str:
    text = without_controls(report.error or "").strip()
    if report.http_status is not None and str(report.http_status) not in text:
        text = f"HTTP {report.http_status}" + (f": {text}" if text else "")
    return (text or "Unknown error")[:MAX_ERROR_LENGTH]
