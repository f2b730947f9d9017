"""The crawler <-> API contract (/api/internal): the job a lease hands out, the offers posted, the
completion, and the API's answers, each defined once. The API decodes and validates requests
with these structs (its OpenAPI document comes from them); the crawler encodes its requests and
decodes the answers with msgspec against the same ones.

Light on purpose: every crawl process imports this module, so it stands on msgspec and
core.limits alone (no SQLAlchemy, no Litestar).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from core.limits import MAX_BATCH, MAX_ERROR_LENGTH, MAX_URL_LENGTH

UrlText = Annotated[
    str, Meta(min_length=1, max_length=MAX_URL_LENGTH, examples=["https://shop.example/item/42"])
]
Title = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=5000,
        description="1-500 characters once runs of whitespace are collapsed to one space",
        examples=["Carbon road bike, 56 cm"],
    ),
]
PriceIn = Annotated[Decimal, Meta(description="A decimal ≥ 0, as a string or a number", examples=["449.00"])]
Currency = Annotated[
    str, Meta(min_length=3, max_length=3, description="ISO 4217 code, e.g. EUR", examples=["EUR"])
]
PageHash = Annotated[str, Meta(pattern="^[0-9a-f]{64}$", description="sha256, lowercase hex")]
CompletionStatus = Literal["ok", "error"]
# What a successful check found as the lease named it: the body (nothing was extracted) or the
# offer set (nothing was posted).
Unchanged = Literal["body", "offers"]


# --- offers in ---------------------------------------------------------------------------------


class OfferItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One offer as the crawler found it on a listing page (what its extraction yields)."""

    url: UrlText
    title: Title
    price: PriceIn | None = None
    currency: Currency | None = None
    image_url: UrlText | None = None
    extra: dict[str, Any] = msgspec.field(default_factory=dict)


class OfferIn(OfferItem, frozen=True, forbid_unknown_fields=True, kw_only=True):
    scraping_url_id: UUID


class OfferBatchIn(msgspec.Struct, forbid_unknown_fields=True):
    """Up to 500 offers of one scraping_url. Each item has the fields of `OfferItem`; bad items
    are reported one by one and do not fail the others."""

    scraping_url_id: UUID
    # Items are decoded one by one (as OfferItem) so that one bad item cannot fail the batch.
    offers: Annotated[
        list[Any],
        Meta(
            min_length=1,
            max_length=MAX_BATCH,
            description="Offers as in OfferItem: url, title, price, currency, image_url, extra",
        ),
    ]


class OfferOut(msgspec.Struct):
    id: UUID
    scraping_url_id: UUID
    url: str
    title: str
    price: Decimal | None
    currency: str | None
    image_url: str | None
    extra: dict[str, Any]
    first_seen_at: datetime
    last_seen_at: datetime


class ItemError(msgspec.Struct):
    field: str | None
    message: str


class BatchItemResult(msgspec.Struct):
    """`new`: first time seen; `known`: already stored (updated silently, or a price cut);
    `invalid`: rejected, see `errors`."""

    index: int
    status: Literal["new", "known", "invalid"]
    offer_id: UUID | None = None
    url: str | None = None
    price_cut: bool = False
    errors: list[ItemError] = msgspec.field(default_factory=list)


class OfferBatchOut(msgspec.Struct):
    scraping_url_id: UUID
    new: int
    known: int
    invalid: int
    items: list[BatchItemResult]


# --- jobs out ----------------------------------------------------------------------------------


class PageHashes(msgspec.Struct, frozen=True):
    """What the last successful crawl of a page saw (crawler/page_hashes.py); None = nothing yet."""

    body: str | None = None
    offers: str | None = None


class Job(msgspec.Struct, frozen=True, kw_only=True):
    """A page the crawler fetches: one leased from the API (a `ScrapingJob`), or a URL given on
    the command line (`scrapy crawl offers -a url=...`: no id, no lease, nothing is posted)."""

    id: UUID | None = None
    url: str
    render_js: bool = False
    selectors: dict[str, Any] | None = None
    lease_id: UUID | None = None
    lease_expires_at: datetime | None = None
    baseline: bool = False
    # Decrypted fetch options (internal API only): proxy URL with credentials, headers, cookies.
    proxy: str | None = None
    headers: dict[str, str] = msgspec.field(default_factory=dict)
    cookies: dict[str, str] = msgspec.field(default_factory=dict)
    max_pages: int = 1
    # What the last successful crawl saw: the crawler skips what has not changed since.
    body_hash: str | None = None
    offers_hash: str | None = None

    @property
    def seen(self) -> PageHashes:
        return PageHashes(self.body_hash, self.offers_hash)

    # The fetch options may hold credentials: they stay out of every repr, so out of log lines.
    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id}, url={self.url!r}, lease_id={self.lease_id})"

    def __rich_repr__(self) -> list[tuple[str, Any]]:
        return [("id", self.id), ("url", self.url), ("lease_id", self.lease_id)]


class ScrapingJob(Job, frozen=True, kw_only=True):
    """A due page leased to the caller: what `GET /api/internal/scraping-jobs` answers."""

    id: UUID
    render_js: bool
    selectors: dict[str, Any] | None
    lease_id: UUID
    lease_expires_at: datetime
    baseline: bool


class DueCount(msgspec.Struct):
    due: int


class JobCompletion(msgspec.Struct, forbid_unknown_fields=True):
    lease_id: UUID
    status: CompletionStatus
    error: Annotated[str, Meta(max_length=MAX_ERROR_LENGTH)] | None = None
    http_status: Annotated[int, Meta(ge=100, le=599)] | None = None
    offers_seen: Annotated[int, Meta(ge=0)] | None = None
    body_hash: PageHash | None = None
    offers_hash: PageHash | None = None
    # Only with status "ok" and the hash the lease named.
    unchanged: Unchanged | None = None


class JobState(msgspec.Struct):
    """The scraping_url after a completed check."""

    id: UUID
    last_status: str | None
    last_error: str | None
    last_checked_at: datetime | None
    consecutive_failures: int
    health: str
    baseline_done: bool
    next_check_at: datetime
