"""What the spider yields: one crawled listing page with every offer found on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Offer:
    """One listing, cleaned: absolute canonical url, clean title, parsed price."""

    url: str
    title: str
    price: Decimal | None = None
    currency: str | None = None
    image_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_payload(self) -> dict[str, Any]:
        """The shape the internal API takes (price as a decimal string)."""
        return {
            "url": self.url,
            "title": self.title,
            "price": None if self.price is None else str(self.price),
            "currency": self.currency,
            "image_url": self.image_url,
            "extra": self.extra,
        }


@dataclass(frozen=True)
class Job:
    """A leased scraping job, as the internal API hands it out; `id` None = an ad-hoc URL."""

    url: str
    id: str | None = None
    lease_id: str | None = None
    render_js: bool = False
    selectors: dict[str, Any] | None = None
    baseline: bool = False
    # Fetch options: they may hold credentials, so they stay out of every repr (and log line).
    proxy: str | None = field(default=None, repr=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    cookies: dict[str, str] = field(default_factory=dict, repr=False)
    max_pages: int = 1
    seen: PageHashes = field(default_factory=lambda: PageHashes())


@dataclass(frozen=True)
class PageHashes:
    """What the last successful crawl of the page saw (page_hashes.py); None = nothing yet."""

    body: str | None = None
    offers: str | None = None


@dataclass
class CrawledPage:
    """The outcome of one job: the offers on its page, or why there are none."""

    job: Job
    offers: list[Offer] = field(default_factory=list)
    dropped: int = 0
    method: str | None = None
    http_status: int | None = None
    error: str | None = None
    body_hash: str | None = None
    # The body is the one the last crawl saw: nothing was extracted (and nothing is posted).
    body_unchanged: bool = False
