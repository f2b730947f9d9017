"""Request and response bodies of /api/internal (the crawler's API)."""

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


class OfferItem(msgspec.Struct, forbid_unknown_fields=True):
    """One offer as the crawler found it on a listing page."""

    url: UrlText
    title: Title
    price: PriceIn | None = None
    currency: Currency | None = None
    image_url: UrlText | None = None
    extra: dict[str, Any] = msgspec.field(default_factory=dict)


class OfferIn(OfferItem, forbid_unknown_fields=True, kw_only=True):
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


class ScrapingJob(msgspec.Struct):
    id: UUID
    url: str
    render_js: bool
    selectors: dict[str, Any] | None
    lease_id: UUID
    lease_expires_at: datetime
    baseline: bool
    # Decrypted fetch options (internal API only): proxy URL with credentials, headers, cookies.
    proxy: str | None = None
    headers: dict[str, str] = msgspec.field(default_factory=dict)
    cookies: dict[str, str] = msgspec.field(default_factory=dict)
    max_pages: int = 1
    # What the last successful crawl saw: the crawler skips what has not changed since.
    body_hash: str | None = None
    offers_hash: str | None = None


class DueCount(msgspec.Struct):
    due: int


PageHash = Annotated[str, Meta(pattern="^[0-9a-f]{64}$", description="sha256, lowercase hex")]


class JobCompletion(msgspec.Struct, forbid_unknown_fields=True):
    lease_id: UUID
    status: Literal["ok", "error"]
    error: Annotated[str, Meta(max_length=MAX_ERROR_LENGTH)] | None = None
    http_status: Annotated[int, Meta(ge=100, le=599)] | None = None
    offers_seen: Annotated[int, Meta(ge=0)] | None = None
    body_hash: PageHash | None = None
    offers_hash: PageHash | None = None
    # "body": the body was the one the lease named, nothing was extracted; "offers": the offer set
    # was the one the lease named, nothing was posted. Only with status "ok" and the lease's hash.
    unchanged: Literal["body", "offers"] | None = None


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
