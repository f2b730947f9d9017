"""What the spider yields: one crawled listing page with every offer found on it.

An offer and a job are the wire contract's own structs (core/wire.py): what extraction yields is
what is posted, and what the lease answers is what the spider works on, with no mapping between.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.wire import Job, OfferItem, PageHashes

# The crawler's name for an offer item: one listing, cleaned (absolute canonical url, clean
# title, parsed price).
Offer = OfferItem

__all__ = ["CrawledPage", "Job", "Offer", "PageHashes"]


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
