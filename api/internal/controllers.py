"""/api/internal: the crawler's API (bearer token). Jobs out, offers in."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Annotated
from uuid import UUID

import msgspec
from advanced_alchemy.extensions.litestar.providers import create_service_provider
from litestar import Controller, Response, Router, get, post
from litestar.background_tasks import BackgroundTask
from litestar.di import Provide
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.errors import AppError
from api.internal.guards import require_internal_token
from api.internal.jobs import ScrapingJobService
from api.internal.offers import OfferIngestService, OfferRejected, clean_offer
from api.openapi import errors_of
from api.targets.options_cipher import UNREADABLE_MESSAGE, UnreadableOptions, cipher_for
from api.targets.urls import normalize_url
from api.text import ONE_LINE
from core.config import Settings
from core.db.models import Offer, ScrapingUrl
from core.wire import (
    BatchItemResult,
    DueCount,
    ItemError,
    JobCompletion,
    JobState,
    OfferBatchIn,
    OfferBatchOut,
    OfferIn,
    OfferOut,
    ScrapingJob,
)
from notifier.outbox import commit_then_enqueue, commit_then_hand_off

OFFER_EXAMPLE = {
    "url": "https://shop.example/item/42",
    "title": "Carbon road bike, 56 cm",
    "price": "449.00",
    "currency": "EUR",
    "image_url": "https://shop.example/img/42.jpg",
    "extra": {"seller": "bikes4u"},
}


logger = logging.getLogger(__name__)


class ScrapingJobController(Controller):
    path = "/scraping-jobs"
    dependencies = {"jobs": Provide(create_service_provider(ScrapingJobService))}

    @get(
        "/",
        summary="Lease due listing pages",
        description="Leases up to `limit` pages that are due (watched by an active target, next "
        "check passed, no live lease). Concurrent callers never receive the same page; a lease "
        "not completed within LEASE_SECONDS expires and the page is due again. `baseline` is true "
        "until a crawl of the page has finished: its offers are recorded but notify nobody.",
        cache=False,
        responses=errors_of(400, 401),
    )
    async def lease(
        self,
        jobs: ScrapingJobService,
        settings: Settings,
        limit: Annotated[int, Parameter(ge=1, le=100, description="Most pages to lease")] = 10,
        worker: Annotated[
            str | None,
            Parameter(max_length=255, pattern=ONE_LINE, description="Who leases (for logs and debugging)"),
        ] = None,
    ) -> list[ScrapingJob]:
        leased = await jobs.lease_due_urls(limit, worker, settings)
        await jobs.session.commit()  # releases the row locks; the leases are now visible to all
        handed: list[ScrapingJob] = []
        for page in leased:
            try:
                handed.append(_job_out(page, settings))
            except UnreadableOptions:
                # Fetching without the user's proxy or cookies is not what they asked for: the
                # check fails with a reason they can act on, and the other pages go out.
                logger.error("fetch options of scraping_url %s cannot be decrypted", page.id)
                assert page.lease_id is not None
                report = JobCompletion(lease_id=page.lease_id, status="error", error=UNREADABLE_MESSAGE)
                completion = await jobs.complete(page.id, report, settings)
                await commit_then_enqueue(jobs.session, completion.notification_ids)
        return handed

    @get(
        "/due-count",
        summary="How many listing pages are due",
        description="Counts the pages `GET /scraping-jobs` would lease now, without leasing any.",
        cache=False,
        responses=errors_of(401),
    )
    async def due_count(self, jobs: ScrapingJobService) -> DueCount:
        return DueCount(due=await jobs.due_count())

    @post(
        "/{job_id:uuid}/complete",
        status_code=HTTP_200_OK,
        summary="Report how a leased check went",
        description="Ends the lease and schedules the next check (the shortest interval of the "
        "watchers' plans, slightly jittered; errors back off exponentially up to "
        "MAX_BACKOFF_SECONDS). After FAILING_AFTER_ERRORS errors in a row the page turns "
        "`failing` and its watchers are told once; the first success after that tells them it "
        "recovered. A lease that expired and was taken by another crawler answers 409.",
        responses=errors_of(400, 401, 404, 409),
    )
    async def complete(
        self,
        jobs: ScrapingJobService,
        settings: Settings,
        job_id: FromPath[UUID],
        data: Annotated[
            JobCompletion,
            Body(
                examples=[
                    Example(
                        summary="A successful check",
                        value={
                            "lease_id": "0b8d6f0e-3f4a-4b7e-9a43-2f1d3c5e7a90",
                            "status": "ok",
                            "http_status": 200,
                            "offers_seen": 24,
                        },
                    )
                ]
            ),
        ],
    ) -> JobState:
        completion = await jobs.complete(job_id, data, settings)
        await commit_then_enqueue(jobs.session, completion.notification_ids)
        return msgspec.convert(completion.scraping_url, JobState, from_attributes=True)


class OfferController(Controller):
    path = "/offers"
    # Not named "offers": Litestar reports a body field's error under a dependency of the same
    # name as a server error.
    dependencies = {"offer_service": Provide(create_service_provider(OfferIngestService))}

    @get(
        "/",
        summary="Look up an offer by its URL",
        description="The URL is canonicalized as on ingestion. 404 when the offer is not known.",
        cache=False,
        responses=errors_of(400, 401, 404),
    )
    async def find_offer(
        self,
        offer_service: OfferIngestService,
        scraping_url_id: Annotated[UUID, Parameter(description="The listing page the offer is on")],
        url: Annotated[
            str, Parameter(min_length=1, max_length=2048, pattern=ONE_LINE, description="The offer's URL")
        ],
    ) -> OfferOut:
        try:
            canonical = normalize_url(url.strip())
        except ValueError:
            raise AppError("is not a valid URL", field="url") from None
        return _offer_out(await offer_service.find(scraping_url_id, canonical))

    @post(
        "/",
        summary="Submit one offer",
        description="201 with the offer when it is new (its notifications are queued), 200 with "
        "the stored offer when it was already known: a retry never creates a second row or a "
        "second notification. A lower price on a known offer is a price cut and notifies the "
        "watchers once; other changes update the offer silently.",
        responses={
            HTTP_200_OK: ResponseSpec(OfferOut, description="Already known; the stored offer"),
            **errors_of(400, 401, 404),
        },
    )
    async def create_offer(
        self,
        offer_service: OfferIngestService,
        settings: Settings,
        data: Annotated[
            OfferIn,
            Body(
                examples=[
                    Example(
                        value={"scraping_url_id": "5d0f8a52-8c2b-4a67-9d44-3a2b1c0d9e8f", **OFFER_EXAMPLE}
                    )
                ]
            ),
        ],
    ) -> Response[OfferOut]:
        try:
            offer = clean_offer(data)
        except OfferRejected as exc:
            raise AppError(f"Invalid offer ({exc.field}): {exc.message}", field=exc.field) from None
        result = await offer_service.ingest(data.scraping_url_id, [(0, offer)], settings)
        item = result.items[0]
        stored = msgspec.convert(
            {**result.stored[item.url], "scraping_url_id": data.scraping_url_id}, OfferOut
        )
        hand_off = await commit_then_hand_off(offer_service.session, result.notification_ids)
        return Response(
            stored,
            status_code=HTTP_201_CREATED if item.is_new else HTTP_200_OK,
            background=_after_response(hand_off),
        )

    @post(
        "/batch",
        status_code=HTTP_200_OK,
        summary="Submit up to 500 offers of one listing page",
        description="What the crawler uses. Answers per item (by its index in `offers`) whether "
        "it was new or known, or why it was rejected: bad items do not fail the good ones. "
        "While the page is leased, the new offers' messages wait for the job's completion, which "
        "sends them together: a chat that gets more than DIGEST_THRESHOLD new offers from the "
        "crawl gets a single digest message instead. Outside a lease the batch counts on its "
        "own. Idempotent like the single POST.",
        responses=errors_of(400, 401, 404),
    )
    async def create_offers(
        self,
        offer_service: OfferIngestService,
        settings: Settings,
        data: Annotated[
            OfferBatchIn,
            Body(
                examples=[
                    Example(
                        value={
                            "scraping_url_id": "5d0f8a52-8c2b-4a67-9d44-3a2b1c0d9e8f",
                            "offers": [OFFER_EXAMPLE, {"url": "https://shop.example/item/43", "title": ""}],
                        }
                    )
                ]
            ),
        ],
    ) -> Response[OfferBatchOut]:
        result = await offer_service.ingest_batch(data.scraping_url_id, data.offers, settings)
        hand_off = await commit_then_hand_off(offer_service.session, result.notification_ids)
        items = [
            BatchItemResult(
                index=item.index,
                status="new" if item.is_new else "known",
                offer_id=item.offer_id,
                url=item.url,
                price_cut=item.price_cut,
            )
            for item in result.items
        ]
        items += [_invalid(index, exc.field, exc.message) for index, exc in result.rejected]
        items.sort(key=lambda item: item.index)
        answer = OfferBatchOut(
            scraping_url_id=data.scraping_url_id,
            new=sum(item.status == "new" for item in items),
            known=sum(item.status == "known" for item in items),
            invalid=len(result.rejected),
            items=items,
        )
        return Response(answer, background=_after_response(hand_off))


def _invalid(index: int, field: str | None, message: str) -> BatchItemResult:
    return BatchItemResult(index=index, status="invalid", errors=[ItemError(field=field, message=message)])


def _job_out(page: ScrapingUrl, settings: Settings) -> ScrapingJob:
    assert page.lease_id is not None and page.lease_expires_at is not None
    options = cipher_for(settings.secret_key).decrypt(page.fetch_options_encrypted)
    return ScrapingJob(
        id=page.id,
        url=page.url,
        render_js=page.render_js,
        selectors=page.selectors,
        lease_id=page.lease_id,
        lease_expires_at=page.lease_expires_at,
        baseline=not page.baseline_done,
        proxy=options.proxy,
        headers=options.headers,
        cookies=options.cookies,
        max_pages=page.max_pages,
        body_hash=page.body_hash,
        offers_hash=page.offers_hash,
    )


def _offer_out(offer: Offer) -> OfferOut:
    return msgspec.convert(offer, OfferOut, from_attributes=True)


def build_internal_router() -> Router:
    """The /api/internal router: every route needs the bearer token, none accepts a session."""
    return Router(
        path="/api/internal",
        route_handlers=[ScrapingJobController, OfferController],
        guards=[require_internal_token],
        security=[{"internalToken": []}],
        tags=["internal"],
        opt={"exclude_from_auth": True},
    )


def _after_response(hand_off: Callable[[], Awaitable[None]] | None) -> BackgroundTask | None:
    """The outbox's hand-off as the response's background task (runs once the response is sent)."""
    return None if hand_off is None else BackgroundTask(hand_off)
