"""GET /api/internal/scraping-jobs/due-count: how many pages are due, for the crawl scheduler."""

from __future__ import annotations

import msgspec
from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar import Controller, get
from litestar.di import Provide
from sqlalchemy import exists, func, or_, select

from api.db.models import ScrapingTarget, ScrapingUrl, TargetUrl
from api.internal.jobs import ScrapingJobService
from api.openapi import errors_of
from api.targets.scheduling import utcnow


class DueCount(msgspec.Struct):
    due: int


class DueJobsController(Controller):
    path = "/scraping-jobs/due-count"
    dependencies = {"jobs": Provide(create_service_provider(ScrapingJobService))}

    @get(
        "/",
        summary="Count due listing pages",
        description="How many pages a lease would hand out now (without leasing them); the crawl "
        "scheduler starts a crawl when this is above zero.",
        cache=False,
        responses=errors_of(401),
    )
    async def due_count(self, jobs: ScrapingJobService) -> DueCount:
        now = utcnow()
        # The same conditions as ScrapingJobService.lease_due_urls, counted instead of locked.
        watched = exists().where(
            TargetUrl.scraping_url_id == ScrapingUrl.id,
            ScrapingTarget.id == TargetUrl.target_id,
            ScrapingTarget.is_active.is_(True),
        )
        due = await jobs.session.scalar(
            select(func.count())
            .select_from(ScrapingUrl)
            .where(
                ScrapingUrl.next_check_at <= now,
                or_(ScrapingUrl.lease_expires_at.is_(None), ScrapingUrl.lease_expires_at <= now),
                watched,
            )
        )
        return DueCount(due=int(due or 0))
