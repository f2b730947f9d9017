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
from typing import Any

import httpx

from core.limits import MAX_BATCH, MAX_ERROR_LENGTH
from crawler.items import Job, Offer, PageHashes

logger = logging.getLogger(__name__)

WORKER = f"{socket.gethostname()}:{os.getpid()}"[:255]
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


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

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        give_up_after = time.monotonic() + self.retry_seconds
        attempt = 0
        while True:
            problem: str
            try:
                response = await self._client.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code < 400:
                    return response.json() if response.content else None
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
        data = await self._call("GET", "/scraping-jobs", params={"limit": limit, "worker": WORKER})
        return [
            Job(
                id=str(entry["id"]),
                url=entry["url"],
                lease_id=str(entry["lease_id"]),
                render_js=bool(entry.get("render_js")),
                selectors=entry.get("selectors") or None,
                baseline=bool(entry.get("baseline")),
                proxy=entry.get("proxy") or None,
                headers=dict(entry.get("headers") or {}),
                cookies=dict(entry.get("cookies") or {}),
                max_pages=int(entry.get("max_pages") or 1),
                seen=PageHashes(entry.get("body_hash"), entry.get("offers_hash")),
            )
            for entry in data
        ]

    async def due_count(self) -> int:
        """How many jobs are due now (without leasing them)."""
        data = await self._call("GET", "/scraping-jobs/due-count")
        return int(data["due"])

    async def post_offers(self, job: Job, offers: list[Offer]) -> dict[str, Any]:
        """Post up to 500 offers of one job; the API answers which were new."""
        if len(offers) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} offers per batch")
        body = {"scraping_url_id": job.id, "offers": [offer.as_payload() for offer in offers]}
        return await self._call("POST", "/offers/batch", json=body, headers=job_request_id(job))

    async def complete_job(
        self,
        job: Job,
        *,
        ok: bool,
        error: str | None = None,
        http_status: int | None = None,
        offers_seen: int | None = None,
    ) -> dict[str, Any]:
        body = {
            "lease_id": job.lease_id,
            "status": "ok" if ok else "error",
            "error": None if error is None else error[:MAX_ERROR_LENGTH],
            "http_status": http_status if http_status and 100 <= http_status <= 599 else None,
            "offers_seen": offers_seen,
        }
        return await self._call(
            "POST", f"/scraping-jobs/{job.id}/complete", json=body, headers=job_request_id(job)
        )

    async def complete_check(
        self,
        job: Job,
        *,
        seen: PageHashes,
        unchanged: str | None,
        http_status: int | None = None,
        offers_seen: int | None = None,
    ) -> dict[str, Any]:
        """Complete a successful check with what it saw; `unchanged` ("body" or "offers") says
        that nothing was posted because it matched what the lease named."""
        body = {
            "lease_id": job.lease_id,
            "status": "ok",
            "http_status": http_status if http_status and 100 <= http_status <= 599 else None,
            "offers_seen": offers_seen,
            "body_hash": seen.body,
            "offers_hash": seen.offers,
            "unchanged": unchanged,
        }
        return await self._call(
            "POST", f"/scraping-jobs/{job.id}/complete", json=body, headers=job_request_id(job)
        )
