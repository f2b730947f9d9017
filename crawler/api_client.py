"""The internal API as the crawler sees it: lease jobs, post offers, complete jobs.

Transient failures (connection errors, timeouts, 5xx, 429) are retried with exponential
backoff (with jitter) until at least `retries` retries were made and `retry_seconds` have
passed, so a call outlives an API restart (OFFERWATCH_API_RETRY_SECONDS, 90 s by default);
posting offers is idempotent on the API side, so a retry never duplicates an offer.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import time
from typing import Any, TypeVar

import httpx
import msgspec

from core.limits import MAX_BATCH, MAX_ERROR_LENGTH
from core.wire import (
    CompletionStatus,
    DueCount,
    Job,
    JobCompletion,
    JobState,
    OfferBatchIn,
    OfferBatchOut,
    OfferItem,
    PageHashes,
    ScrapingJob,
    Unchanged,
)

logger = logging.getLogger(__name__)

WORKER = f"{socket.gethostname()}:{os.getpid()}"[:255]
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
T = TypeVar("T")


def job_request_id(job: Job) -> dict[str, str]:
    """Every API call about one job carries the same request id, so the API's and the
    notifier's log lines about its offers can be found from the crawler's."""
    return {"X-Request-ID": f"crawl-{job.lease_id}"}


class ApiError(Exception):
    """The API refused a request (a 4xx other than 429) or stayed unreachable."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class InternalApi:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        retries: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 10.0,
        retry_seconds: float = 0.0,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.retries = retries
        self.retry_seconds = retry_seconds
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/api/internal",
            headers={"Authorization": f"Bearer {token}", "User-Agent": "offerwatch-crawler"},
            timeout=timeout,
            transport=transport,
        )

    @classmethod
    def for_crawler(cls, crawler: Any) -> InternalApi:
        """The one client of a crawl, shared by the spider (which closes it when the crawl
        ends) and the delivery pipeline."""
        api: InternalApi | None = getattr(crawler, "offerwatch_api", None)
        if api is None:
            settings = crawler.settings
            api = cls(
                settings["API_BASE_URL"],
                settings["INTERNAL_API_TOKEN"],
                retries=settings.getint("OFFERWATCH_API_RETRIES"),
                backoff=settings.getfloat("OFFERWATCH_API_BACKOFF"),
                retry_seconds=settings.getfloat("OFFERWATCH_API_RETRY_SECONDS"),
            )
            crawler.offerwatch_api = api
        return api

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _call(
        self,
        method: str,
        path: str,
        answer: type[T],
        *,
        body: msgspec.Struct | None = None,
        job: Job | None = None,
        params: dict[str, Any] | None = None,
    ) -> T:
        """One request of the contract: the body encoded and the answer decoded against the
        structs of core/wire.py; an answer the contract does not describe is an ApiError."""
        headers = {} if job is None else job_request_id(job)
        content = None
        if body is not None:
            content = msgspec.json.encode(body)
            headers["Content-Type"] = "application/json"
        give_up_after = time.monotonic() + self.retry_seconds
        attempt = 0
        while True:
            problem: str
            try:
                response = await self._client.request(
                    method, path, params=params, content=content, headers=headers
                )
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code < 400:
                    try:
                        return msgspec.json.decode(response.content, type=answer)
                    except msgspec.DecodeError as exc:
                        raise ApiError(
                            f"{method} {path} answered {response.status_code} with a body the "
                            f"contract does not describe: {exc}",
                            response.status_code,
                        ) from None
                if response.status_code not in RETRIED_STATUSES:
                    raise ApiError(
                        f"{method} {path} answered {response.status_code}: {response.text[:500]}",
                        response.status_code,
                    )
                problem = f"HTTP {response.status_code}"
            if attempt >= self.retries and time.monotonic() >= give_up_after:
                raise ApiError(f"{method} {path} failed after {attempt + 1} attempts: {problem}")
            # Jitter in the upper half: crawls that lost the API together do not return in step.
            delay = min(self.max_backoff, self.backoff * 2**attempt) * random.uniform(0.5, 1.0)
            logger.warning("%s %s failed (%s); retrying in %.1fs", method, path, problem, delay)
            await asyncio.sleep(delay)
            attempt += 1

    async def lease_jobs(self, limit: int) -> list[Job]:
        """Lease up to `limit` due jobs; the API keeps other crawlers off them until completion."""
        params = {"limit": limit, "worker": WORKER}
        leased = await self._call("GET", "/scraping-jobs", list[ScrapingJob], params=params)
        return list(leased)

    async def due_count(self) -> int:
        """How many jobs are due now (without leasing them)."""
        return (await self._call("GET", "/scraping-jobs/due-count", DueCount)).due

    async def post_offers(self, job: Job, offers: list[OfferItem]) -> OfferBatchOut:
        """Post up to 500 offers of one job; the API answers which were new."""
        if len(offers) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} offers per batch")
        if job.id is None:
            raise ValueError("a job without an id (an ad-hoc URL) has no page to post offers to")
        batch = OfferBatchIn(scraping_url_id=job.id, offers=offers)
        return await self._call("POST", "/offers/batch", OfferBatchOut, body=batch, job=job)

    async def complete_job(
        self,
        job: Job,
        *,
        ok: bool,
        error: str | None = None,
        http_status: int | None = None,
        offers_seen: int | None = None,
    ) -> JobState:
        return await self._complete(
            job,
            status="ok" if ok else "error",
            error=None if error is None else error[:MAX_ERROR_LENGTH],
            http_status=http_status,
            offers_seen=offers_seen,
        )

    async def complete_check(
        self,
        job: Job,
        *,
        seen: PageHashes,
        unchanged: Unchanged | None,
        http_status: int | None = None,
        offers_seen: int | None = None,
    ) -> JobState:
        """Complete a successful check with what it saw; `unchanged` ("body" or "offers") says
        that nothing was posted because it matched what the lease named."""
        return await self._complete(
            job,
            status="ok",
            http_status=http_status,
            offers_seen=offers_seen,
            body_hash=seen.body,
            offers_hash=seen.offers,
            unchanged=unchanged,
        )

    async def _complete(
        self,
        job: Job,
        *,
        status: CompletionStatus,
        http_status: int | None,
        offers_seen: int | None,
        error: str | None = None,
        body_hash: str | None = None,
        offers_hash: str | None = None,
        unchanged: Unchanged | None = None,
    ) -> JobState:
        if job.id is None or job.lease_id is None:
            raise ValueError("a job without a lease (an ad-hoc URL) has nothing to complete")
        report = JobCompletion(
            lease_id=job.lease_id,
            status=status,
            error=error,
            http_status=http_status if http_status and 100 <= http_status <= 599 else None,
            offers_seen=offers_seen,
            body_hash=body_hash,
            offers_hash=offers_hash,
            unchanged=unchanged,
        )
        return await self._call("POST", f"/scraping-jobs/{job.id}/complete", JobState, body=report, job=job)
