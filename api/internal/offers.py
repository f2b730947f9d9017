"""Offers in: validation, idempotent ingestion, price changes, and the fan-out they trigger."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlsplit
from uuid import UUID

import msgspec
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import SQLAlchemyAsyncRepositoryService
from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound
from api.internal.fanout import OfferFacts, PriceCut, notify_new_offers, notify_price_cuts
from api.internal.rows import StoredOffer, ingest_offers_postgresql
from api.internal.watchers import WatchedPage, read_watched_page, watched_page
from api.observability import OFFERS_INGESTED
from api.targets.urls import normalize_url
from api.text import clean_json, has_controls, without_controls
from core.clock import utcnow
from core.config import Settings
from core.currencies import ISO_4217_CODES
from core.db.inserts import insert_new_rows
from core.db.models import Offer, OfferPriceChange
from core.limits import MAX_PRICE, MAX_TITLE, MAX_URL_LENGTH, to_cents
from core.wire import OfferItem

MAX_EXTRA_BYTES = 16_384
FIELD_IN_MESSAGE = re.compile(r"(?:missing required|unknown) field `([^`]+)`")


class OfferRejected(ValueError):
    """An offer item breaks a rule; `field` names the part at fault."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CleanOffer:
    """An offer item after validation: canonical URL, collapsed title, price in cents."""

    url: str
    title: str
    price: Decimal | None
    currency: str | None
    image_url: str | None
    extra: dict[str, Any]

    @property
    def seller(self) -> str | None:
        seller = self.extra.get("seller")
        return seller if isinstance(seller, str) and seller.strip() else None


@dataclass
class IngestedItem:
    index: int
    offer_id: UUID
    url: str
    is_new: bool
    price_cut: bool = False


@dataclass
class IngestResult:
    items: list[IngestedItem] = field(default_factory=list)
    rejected: list[tuple[int, OfferRejected]] = field(default_factory=list)
    notification_ids: list[UUID] = field(default_factory=list)
    # Each offer's columns as stored now, by URL (what the single POST answers with).
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)


def _http_url(raw: str, name: str) -> str:
    url = raw.strip()
    if has_controls(url):
        raise OfferRejected(name, "contains control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise OfferRejected(name, "is not a valid URL") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise OfferRejected(name, "must be an absolute http(s) URL")
    return url


def clean_offer(item: OfferItem) -> CleanOffer:
    """Check one decoded offer item against the rules msgspec cannot express; raise OfferRejected."""
    try:
        url = normalize_url(_http_url(item.url, "url"))
    except ValueError as exc:
        if isinstance(exc, OfferRejected):
            raise
        raise OfferRejected("url", "is not a valid URL") from None
    if len(url) > MAX_URL_LENGTH:
        raise OfferRejected("url", f"is longer than {MAX_URL_LENGTH} characters")
    title = " ".join(without_controls(item.title).split())
    if not title:
        raise OfferRejected("title", "must not be blank")
    if len(title) > MAX_TITLE:
        raise OfferRejected("title", f"is longer than {MAX_TITLE} characters")
    price = item.price
    if price is not None:
        if not price.is_finite() or not 0 <= price <= MAX_PRICE:
            raise OfferRejected("price", f"must be a number between 0 and {MAX_PRICE}")
        # Stored in cents: compare in cents too, or 9.999 vs a stored 10.00 looks like a cut.
        price = to_cents(price)
    currency = item.currency.upper() if item.currency is not None else None
    if currency is not None and currency not in ISO_4217_CODES:
        raise OfferRejected("currency", f"{item.currency!r} is not an ISO 4217 currency code")
    image_url = _http_url(item.image_url, "image_url") if item.image_url is not None else None
    extra = clean_json(item.extra)
    if len(msgspec.json.encode(extra)) > MAX_EXTRA_BYTES:
        raise OfferRejected("extra", f"is larger than {MAX_EXTRA_BYTES} bytes as JSON")
    return CleanOffer(url=url, title=title, price=price, currency=currency, image_url=image_url, extra=extra)


def decode_offer_item(raw: Any) -> CleanOffer:
    """Decode and check one item of a batch; OfferRejected names the field at fault."""
    try:
        item = msgspec.convert(raw, OfferItem)
    except msgspec.ValidationError as exc:
        raise OfferRejected(*_field_and_message(str(exc))) from None
    return clean_offer(item)


def _field_and_message(message: str) -> tuple[str | None, str]:
    """msgspec names the field as "… - at `$.title`", or inside "Object missing required field
    `title`" / "Object contains unknown field `colour`"."""
    text, marker, path = message.rpartition(" - at `$.")
    if marker:
        return path.rstrip("`").split(".", 1)[0].split("[", 1)[0], text
    named = FIELD_IN_MESSAGE.search(message)
    return (named.group(1) if named else None), message


class OfferRepository(SQLAlchemyAsyncRepository[Offer]):
    model_type = Offer


class OfferIngestService(SQLAlchemyAsyncRepositoryService[Offer, OfferRepository]):
    """Stores what the crawler posts; the unique (scraping_url_id, url) index decides what is new."""

    repository_type = OfferRepository

    @property
    def session(self) -> AsyncSession:
        return self.repository.session  # type: ignore[return-value]

    async def find(self, scraping_url_id: UUID, url: str) -> Offer:
        offer = await self.session.scalar(
            select(Offer).where(Offer.scraping_url_id == scraping_url_id, Offer.url == url)
        )
        if offer is None:
            raise NotFound("Offer not found")
        return offer

    async def ingest_batch(
        self, scraping_url_id: UUID, raw_items: Sequence[Any], settings: Settings
    ) -> IngestResult:
        """Store the valid items of a batch; the rejected ones are reported, not fatal."""
        valid: list[tuple[int, CleanOffer]] = []
        rejected: list[tuple[int, OfferRejected]] = []
        for index, raw in enumerate(raw_items):
            try:
                valid.append((index, decode_offer_item(raw)))
            except OfferRejected as exc:
                rejected.append((index, exc))
        result = await self.ingest(scraping_url_id, valid, settings)
        result.rejected = rejected
        return result

    async def ingest(
        self,
        scraping_url_id: UUID,
        items: Sequence[tuple[int, CleanOffer]],
        settings: Settings,
    ) -> IngestResult:
        """Store the offers of one scraping_url and write their notification rows, in the
        caller's transaction. Items are (index in the request, offer)."""
        now = utcnow()
        # The first occurrence of a URL in one request wins; later ones report the same offer.
        by_url: dict[str, CleanOffer] = {}
        for _, offer in items:
            by_url.setdefault(offer.url, offer)
        # Sorted, so two concurrent batches meet shared URLs in the same order (no deadlock).
        urls = sorted(by_url)
        rows = [_offer_row(scraping_url_id, by_url[url], now) for url in urls]
        page, ids, stored = await self._store(scraping_url_id, rows, now)
        if page is None:
            raise NotFound("Scraping URL not found", field="scraping_url_id")
        new_urls = set(ids)
        known_urls = [url for url in urls if url not in new_urls]
        OFFERS_INGESTED.labels("new").inc(len(new_urls))
        OFFERS_INGESTED.labels("known").inc(len(known_urls))
        result = IngestResult(stored={row["url"]: row for row in rows if row["url"] in new_urls})
        cuts = await self._update_known(stored, by_url, ids, now, result.stored)
        cut_urls = {url for url, _ in cuts}

        reported: set[str] = set()
        for index, offer in items:
            first = offer.url not in reported
            reported.add(offer.url)
            result.items.append(
                IngestedItem(
                    index=index,
                    offer_id=ids[offer.url],
                    url=offer.url,
                    is_new=first and offer.url in new_urls,
                    price_cut=first and offer.url in cut_urls,
                )
            )
        if not page.baseline_done:
            return result  # the baseline crawl records what is there and notifies nobody
        new_offers = [
            OfferFacts(ids[url], by_url[url].title, by_url[url].price, by_url[url].seller, now)
            for url in urls
            if url in new_urls
        ]
        if not new_offers and not cuts:
            return result
        result.notification_ids += await notify_new_offers(
            self.session,
            page.watchers,
            scraping_url_id,
            new_offers,
            settings.digest_threshold,
            now,
            crawl_in_progress=page.crawl_in_progress,
        )
        result.notification_ids += await notify_price_cuts(
            self.session, page.watchers, [cut for _, cut in cuts], now
        )
        return result

    async def _store(
        self, scraping_url_id: UUID, rows: list[dict[str, Any]], now: dt.datetime
    ) -> tuple[WatchedPage | None, dict[str, UUID], list[StoredOffer]]:
        """Read (and share-lock) the page and its watchers, insert the new offers, and read and
        lock the known ones: the page (None: no such page, nothing stored), the new offers' ids
        by URL, the known offers as stored. One statement on PostgreSQL; SQLite (embedded) runs
        three portable ones."""
        if self.session.get_bind().dialect.name == "postgresql":
            answer = await ingest_offers_postgresql(self.session, scraping_url_id, rows, now)
            if answer.page is None:
                return None, {}, []
            state = answer.page
            page = watched_page(
                state.baseline_done, state.lease_id, state.lease_expires_at, answer.watchers, now
            )
            ids = {offer.url: offer.id for offer in answer.new}
            stored = answer.known
            seen = set(ids) | {offer.url for offer in stored}
            missing = [row["url"] for row in rows if row["url"] not in seen]
            # Inserted by a concurrent request after the statement's snapshot: read them now.
            stored += await self._lock_known(scraping_url_id, missing)
            return page, ids, stored
        found = await read_watched_page(self.session, scraping_url_id, now)
        if found is None:
            return None, {}, []
        inserted = await insert_new_rows(
            self.session, Offer, rows, ["scraping_url_id", "url"], [Offer.id, Offer.url]
        )
        ids = {row.url: row.id for row in inserted}
        known = [row["url"] for row in rows if row["url"] not in ids]
        return found, ids, await self._lock_known(scraping_url_id, known)

    async def _lock_known(self, scraping_url_id: UUID, urls: list[str]) -> list[StoredOffer]:
        if not urls:
            return []
        offer_table = cast(Table, Offer.__table__)
        # Row locks: a concurrent crawl posting the same drop waits and then sees the new price,
        # so one drop is recorded (and notified) once.
        rows = await self.session.execute(
            select(*(offer_table.c[name] for name in StoredOffer.__struct_fields__))
            .where(offer_table.c.scraping_url_id == scraping_url_id, offer_table.c.url.in_(urls))
            .order_by(offer_table.c.id)
            .with_for_update()
        )
        return [StoredOffer(*row) for row in rows]

    async def _update_known(
        self,
        stored: list[StoredOffer],
        posted: dict[str, CleanOffer],
        ids: dict[str, UUID],
        now: dt.datetime,
        refreshed: dict[str, dict[str, Any]],
    ) -> list[tuple[str, PriceCut]]:
        """Refresh known offers (locked rows `stored`, their new columns go into `refreshed`);
        record price changes and return the drops. Each kind of write is one statement."""
        if not stored:
            return []
        offer_table = cast(Table, Offer.__table__)
        cuts: list[tuple[str, PriceCut]] = []
        unchanged: list[UUID] = []
        changed: list[dict[str, Any]] = []
        price_changes: list[dict[str, Any]] = []
        for row in stored:
            ids[row.url] = row.id
            offer = posted[row.url]
            changes: dict[str, Any] = {}
            for name in ("title", "image_url", "extra"):
                if getattr(offer, name) != getattr(row, name):
                    changes[name] = getattr(offer, name)
            if offer.currency is not None and offer.currency != row.currency:
                changes["currency"] = offer.currency
            # A page that momentarily shows no price keeps the price we know.
            if offer.price is not None and offer.price != row.price:
                changes["price"] = offer.price
                same_currency = offer.currency is None or row.currency in (None, offer.currency)
                if row.price is not None and same_currency:
                    change_id = uuid.uuid4()
                    price_changes.append(
                        {
                            "id": change_id,
                            "offer_id": row.id,
                            "old_price": row.price,
                            "new_price": offer.price,
                            "currency": offer.currency or row.currency,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                    if offer.price < row.price:
                        facts = OfferFacts(row.id, offer.title, offer.price, offer.seller, row.first_seen_at)
                        cut = PriceCut(
                            facts, change_id, row.price, offer.price, offer.currency or row.currency
                        )
                        cuts.append((row.url, cut))
            refreshed[row.url] = {
                **msgspec.structs.asdict(row),
                **changes,
                "last_seen_at": now,
            }
            if changes:
                changed.append(
                    {
                        "offer_id": row.id,
                        **{f"new_{name}": changes.get(name, getattr(row, name)) for name in _REFRESHED},
                    }
                )
            else:
                unchanged.append(row.id)
        if price_changes:
            await self.session.execute(insert(OfferPriceChange), price_changes)
        if changed:
            await self.session.execute(
                update(offer_table)
                .where(offer_table.c.id == bindparam("offer_id"))
                .values(
                    {name: bindparam(f"new_{name}") for name in _REFRESHED}
                    | {"last_seen_at": now, "updated_at": now}
                ),
                changed,
            )
        if unchanged:
            await self.session.execute(
                update(offer_table).where(offer_table.c.id.in_(unchanged)).values(last_seen_at=now)
            )
        return cuts


# What a re-post may change on a known offer.
_REFRESHED = ("title", "price", "currency", "image_url", "extra")


def _offer_row(scraping_url_id: UUID, offer: CleanOffer, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "scraping_url_id": scraping_url_id,
        "url": offer.url,
        "title": offer.title,
        "price": offer.price,
        "currency": offer.currency,
        "image_url": offer.image_url,
        "extra": offer.extra,
        "first_seen_at": now,
        "last_seen_at": now,
        "created_at": now,
        "updated_at": now,
    }
