"""Request and response bodies of /api/public/targets."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from api.targets.fetch_options import CookiesIn, FetchOptionsOut, HeaderMap, MaxPages, ProxyUrl
from api.text import ONE_LINE
from core.limits import MAX_PRICE, MAX_URL_LENGTH

Selector = Annotated[str, Meta(min_length=1, max_length=500, pattern=ONE_LINE, examples=["div.card"])]
Word = Annotated[str, Meta(min_length=1, max_length=100, pattern=ONE_LINE)]
MAX_WORDS = 50
Words = Annotated[list[Word], Meta(max_length=MAX_WORDS)]
Price = Annotated[Decimal, Meta(description="A decimal ≥ 0 (string or number)", examples=["49.99"])]


def check_price(name: str, value: object) -> None:
    """msgspec cannot constrain Decimal, so price bounds are checked after decoding."""
    if isinstance(value, Decimal) and (not value.is_finite() or not 0 <= value <= MAX_PRICE):
        raise ValueError(f"{name} must be a number between 0 and {MAX_PRICE}")


Name = Annotated[str, Meta(min_length=1, max_length=100, pattern=ONE_LINE, examples=["Road bikes under 500"])]
UrlText = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_URL_LENGTH,
        pattern=ONE_LINE,
        extra_json_schema={"format": "uri"},
        examples=["https://shop.example/search?q=road+bike"],
    ),
]


class Selectors(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """CSS selectors (or XPath starting with '/' or '(') for pages the automatic extraction misses:
    `item` is the repeated container; the others are looked up inside it."""

    item: Selector
    title: Selector | None = None
    price: Selector | None = None
    link: Selector | None = None
    image: Selector | None = None


class UrlIn(msgspec.Struct, forbid_unknown_fields=True):
    url: UrlText
    render_js: bool = False
    selectors: Selectors | None = None
    # Fetch options (api/targets/fetch_options.py): validated there, stored encrypted.
    proxy: ProxyUrl | None = None
    headers: HeaderMap | None = None
    cookies: CookiesIn | None = None
    max_pages: MaxPages = 1


class UrlPatch(msgspec.Struct, forbid_unknown_fields=True):
    """`PATCH /targets/{id}/urls/{url_id}`: what is sent changes, what is left out stays.
    `null` removes the proxy, the headers, the cookies or the selectors."""

    render_js: bool | UnsetType = UNSET
    selectors: Selectors | UnsetType | None = UNSET
    proxy: ProxyUrl | UnsetType | None = UNSET
    headers: HeaderMap | UnsetType | None = UNSET
    cookies: CookiesIn | UnsetType | None = UNSET
    max_pages: MaxPages | UnsetType = UNSET


class Filters(msgspec.Struct, forbid_unknown_fields=True):
    include_words: Words = msgspec.field(default_factory=list)
    exclude_words: Words = msgspec.field(default_factory=list)
    min_price: Price | None = None
    max_price: Price | None = None

    def __post_init__(self) -> None:
        check_price("min_price", self.min_price)
        check_price("max_price", self.max_price)


class TargetCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    urls: Annotated[list[UrlIn], Meta(max_length=50)] = msgspec.field(default_factory=list)
    filters: Filters = msgspec.field(default_factory=Filters)


class FiltersPatch(msgspec.Struct, forbid_unknown_fields=True):
    include_words: Words | UnsetType = UNSET
    exclude_words: Words | UnsetType = UNSET
    min_price: Price | UnsetType | None = UNSET
    max_price: Price | UnsetType | None = UNSET

    def __post_init__(self) -> None:
        check_price("min_price", self.min_price)
        check_price("max_price", self.max_price)


class TargetPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    filters: FiltersPatch | UnsetType = UNSET


class TargetActivate(msgspec.Struct, forbid_unknown_fields=True):
    """Optional body of `POST /targets/{id}/activate`."""

    catch_up: Annotated[
        bool,
        Meta(
            description="Announce offers that appeared on the target's pages while nobody checked "
            "them (true), or take what is there at the next check as the new baseline and tell "
            "only of offers after it (false, the default, as when a page is first watched)"
        ),
    ] = False


class UrlOut(msgspec.Struct):
    id: UUID
    url: str
    render_js: bool
    selectors: Selectors | None
    added_at: datetime
    check_interval_seconds: int
    next_check_at: datetime
    last_checked_at: datetime | None
    last_status: str | None
    last_error: str | None
    health: str
    fetch_options: FetchOptionsOut
    max_pages: int


class TargetOut(msgspec.Struct):
    id: UUID
    name: str
    is_active: bool
    paused_reason: str | None
    filters: Filters
    urls: list[UrlOut]
    created_at: datetime
    updated_at: datetime


class TargetSummary(msgspec.Struct):
    id: UUID
    name: str
    is_active: bool
    paused_reason: str | None
    url_count: int
    failing_url_count: int
    last_checked_at: datetime | None
    last_status: str | None
    created_at: datetime


class OfferOut(msgspec.Struct):
    id: UUID
    url: str
    title: str
    price: Decimal | None
    currency: str | None
    image_url: str | None
    first_seen_at: datetime
